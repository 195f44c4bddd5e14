"""Boilerplate ("chrome") removal by the shape and position of lines, never by known strings.

A report copied from a web archive arrives wrapped in that site's chrome: a masthead
and navigation bar above the headline, shop and donation links, a fair-use notice and
a reprint stamp below the body. Each site words these differently, so lines are judged
by their shape (short, unpunctuated, '|'-separated), their vocabulary family (legal,
social, shop) and their position relative to the body, which is the run of prose
paragraphs. Lines a site repeats in every document are learned by ChromeMemory.
"""
from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from factions.ingest.attribution import (Attribution, Reprint, SourceLine, find_reprint, is_source_line, masthead_name,
                                         outlet_like, parse_byline, person_shaped, parse_dateline, parse_published_line,
                                         parse_source_line)
from factions.ingest.dates import looks_like_date, parse_date
from factions.ingest.layout import Unit, ends_sentence

# Vocabulary families. The strong ones (legal notices, unambiguous calls to share or
# subscribe) mark a unit as chrome whatever its length. The weak one holds words that
# reports also use ("donations", "store", "share"): it marks only short, non-prose units.
_LEGAL = re.compile(
    r"title\s+17\b|\bu\.\s?s\.\s?c\.|\bfair[\s-]+use\b|without\s+profit|educational\s+purposes"
    r"|all\s+rights\s+reserved|\bcopyright\b|©|\(c\)\s*(?:19|20)\d\d|terms\s+of\s+(?:use|service)\b(?!\s+of)"
    r"|privacy\s+policy|cookie\s+policy|we\s+use\s+cookies|may\s+not\s+be\s+(?:reproduced|republished|redistributed)"
    r"|reproduction\s+(?:is\s+)?(?:prohibited|without\s+permission)", re.I)
_SOCIAL = re.compile(
    r"\b(?:share\s+this\s+(?:article|story|page|post)|share\s+on\s+(?:twitter|facebook|whatsapp|telegram)"
    r"|follow\s+us|subscribe\s+(?:to\s+(?:our|the)\s+\w+|now|here|today)|sign\s+up\s+(?:for|to)\s+our"
    r"|our\s+newsletter|rss\s+feed|like\s+us\s+on|tweet\s+this|print\s+this|email\s+this"
    r"|related\s+(?:articles|stories|posts|content|reading)|leave\s+a\s+(?:reply|comment)|comments?\s*\(\d+\)"
    r"|sponsored\s+content|skip\s+to\s+(?:content|main)|back\s+to\s+top|click\s+here)\b", re.I)
_WEAK = re.compile(
    r"\b(?:donat(?:e|es|ion|ions)|bookshop|book\s?store|online\s+(?:shop|store)|tienda|libros|support\s+us"
    r"|membership|become\s+a\s+member|shopping\s+cart|advertisement|subscribe|newsletter|log\s?in|sign\s+in"
    r"|read\s+more|see\s+also|filed\s+under|mailing\s+list)\b|^\s*(?:share|print|e-?mail|tags?|related)\b\s*:?",
    re.I)
# Separators of navigation bars: 'Home | About | Donate', 'News • Analysis', 'Syria » Aleppo'.
_NAV_SEP = re.compile(r"\s*\|\s*|\s+(?:•|·|»|›|::|/)\s+")

# A learned line must be this short (in words) to count as chrome; long lines are body.
SHORT_WORDS = 12
# Fraction of the text after which legal and reprint vocabulary marks a prose-shaped line as chrome.
TAIL_FRACTION = 0.75


def words_of(text: str) -> list[str]:
    return re.findall(r"[^\W_][\w'’.\-]*", text)


def is_nav(text: str) -> bool:
    """Navigation-shaped: two or more short segments joined by bar separators."""
    parts = [p for p in _NAV_SEP.split(text) if p.strip()]
    return len(parts) >= 2 and all(1 <= len(words_of(p)) <= 4 for p in parts)


def is_strong_chrome(text: str) -> bool:
    return bool(_LEGAL.search(text) or _SOCIAL.search(text))


def is_prose(text: str) -> bool:
    """A body paragraph: a sentence of some length, or a long run of words."""
    n = len(words_of(text))
    return ((n >= 8 and ends_sentence(text)) or n >= 20) and not is_strong_chrome(text) and not is_nav(text)


def is_short_unpunctuated(text: str) -> bool:
    return 1 <= len(words_of(text)) <= 4 and not ends_sentence(text)


def is_headline(text: str) -> bool:
    """Headline-shaped: 3-25 words, no final period or comma, not a list item."""
    n = len(words_of(text))
    return (3 <= n <= 25 and not re.search(r"[.,;:][\"'”’]*$", text)
            and not text.lstrip().startswith(("-", "*", "•")))


def _norm(text: str) -> str:
    """Key of a line for comparison: case, digits (dates in headers) and punctuation ignored."""
    return " ".join(re.sub(r"\d", "0", w) for w in words_of(text.casefold()))


class ChromeMemory:
    """Lines a site repeats across its documents (mastheads, menus, footers), by site key.

    Only 8-byte hashes of short lines are kept, with bounded counts per site and a
    bounded number of sites, so a long batch does not grow memory with document size.
    """

    def __init__(self, *, min_documents: int = 2, max_lines_per_site: int = 4096, max_sites: int = 256) -> None:
        self.min_documents = min_documents
        self.max_lines_per_site = max_lines_per_site
        self.max_sites = max_sites
        self._sites: OrderedDict[str, dict[bytes, int]] = OrderedDict()

    @staticmethod
    def _key(line: str) -> bytes | None:
        text = line.strip()
        if not text or len(text) > 200 or (len(words_of(text)) > SHORT_WORDS and not is_nav(text)):
            return None
        norm = _norm(text)
        return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest() if norm else None

    def observe(self, site: str | None, lines: Iterable[str]) -> None:
        """Count each short line of one document once for `site`."""
        if not site:
            return
        keys = {k for k in map(self._key, lines) if k is not None}
        counts = self._sites.pop(site, None) or {}
        self._sites[site] = counts  # most recently used site last
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
        if len(counts) > self.max_lines_per_site:
            # Lines seen once are most likely body lines: forget them first, oldest first.
            ones = [k for k, c in counts.items() if c < 2]
            for key in ones[: len(counts) - self.max_lines_per_site // 2]:
                del counts[key]
            while len(counts) > self.max_lines_per_site:
                del counts[next(iter(counts))]
        while len(self._sites) > self.max_sites:
            self._sites.popitem(last=False)

    def is_repeated(self, site: str | None, line: str) -> bool:
        """True when this short line was seen in at least `min_documents` earlier documents of the site."""
        if not site or site not in self._sites:
            return False
        key = self._key(line)
        return key is not None and self._sites[site].get(key, 0) >= self.min_documents


@dataclass
class Cleaned:
    """The outcome of chrome removal over the units of one document."""

    units: list[Unit]  # the body, in order
    title: str | None
    removed: list[str] = field(default_factory=list)
    attribution: Attribution = field(default_factory=Attribution)
    site: str | None = None  # the ChromeMemory key used: the republisher, else the caller's site
    source_line: str | None = None  # the '[Source: ...]' line, when the report is an archived copy
    masthead: list[str] = field(default_factory=list)  # the lines above the headline (the site's name, menus)


def _dated_reprint(text: str) -> bool:
    """A reprint stamp with a readable date: a sentence-shaped stamp is still not body."""
    found = find_reprint(text)
    return found is not None and found.date is not None


def _zones(texts: list[str]) -> tuple[int | None, int | None, int | None, int]:
    """(first body unit, last body unit, closing source/reprint unit, first unit of the last quarter)."""
    total = sum(len(t) + 1 for t in texts)
    tail_from, pos = len(texts), 0
    for i, t in enumerate(texts):
        if pos >= TAIL_FRACTION * total:
            tail_from = i
            break
        pos += len(t) + 1
    prose = [i for i, t in enumerate(texts) if is_prose(t) and not is_source_line(t) and not _dated_reprint(t)]
    if not prose:
        # No full paragraph (a short note): the first punctuated unit starts the body.
        prose = [i for i, t in enumerate(texts) if ends_sentence(t) and not is_source_line(t)
                 and not is_strong_chrome(t) and not is_nav(t)]
    if not prose:
        return None, None, None, tail_from
    first = prose[0]
    # A byline or "Posted on ... by" line below a punctuated headline ("Sinjar is free. Now what?")
    # still belongs to the head: the body starts after it.
    for i in range(first, min(first + 3, len(texts))):
        if parse_byline(texts[i]) or parse_published_line(texts[i]):
            later = [j for j in prose if j > i]
            if later:
                first = later[0]
                prose = later
            break
    # The source line closes an archived report; so does a reprint stamp near the end.
    closing = next((i for i in range(first + 1, len(texts))
                    if is_source_line(texts[i]) or (i >= tail_from and find_reprint(texts[i]))), None)
    body = [i for i in prose if closing is None or i < closing]
    return first, (body[-1] if body else first), closing, tail_from


def _find_title(texts: list[str], head: range, hint: str | None,
                chrome_unit: Callable[[int], bool]) -> tuple[int | None, str | None]:
    """The headline unit among the head units, and the title (a given hint wins over the detected line)."""
    if hint:
        key = _norm(hint)
        for i in head:
            k = _norm(texts[i])
            if k and (k == key or (len(k.split()) >= 3 and (key.startswith(k) or k.startswith(key)))):
                return i, hint
    # The unit right above a byline or "Posted on ... by" line is the headline, whatever its punctuation.
    for i in head:
        if i > head.start and (parse_byline(texts[i]) or parse_published_line(texts[i])) \
                and not chrome_unit(i - 1) and len(words_of(texts[i - 1])) <= 25:
            return i - 1, hint or texts[i - 1]
    # A navigation bar separates the masthead from the article: look below the last one first.
    bars = [i for i in head if is_nav(texts[i])]
    if bars and bars[-1] + 1 < head.stop:
        head = range(bars[-1] + 1, head.stop)
    candidates = [i for i in head if is_headline(texts[i]) and not chrome_unit(i)
                  and parse_byline(texts[i]) is None and parse_published_line(texts[i]) is None
                  and not looks_like_date(texts[i])]
    # Mastheads are short: the first candidate of five words or more is the headline, else the
    # short candidate nearest the body ("Rebels Seize Idlib").
    long = [i for i in candidates if len(words_of(texts[i])) >= 5]
    pick = long[0] if long else (candidates[-1] if candidates else None)
    return pick, hint or (texts[pick] if pick is not None else None)


def _read_head_unit(text: str, into: Attribution) -> str | None:
    """Fill `into` from a byline, a 'Published ...' line or a bare date; the kind read, or None."""
    byline = parse_byline(text)
    if byline:
        into.author = into.author or byline[0]
        if byline[1] and outlet_like(byline[1]):
            into.outlet = into.outlet or byline[1]
        return "byline"
    published = parse_published_line(text)
    if published:
        into.published = into.published or published[0]
        if published[1] and text.lower().startswith("posted") and person_shaped(published[1]):
            into.author = into.author or published[1]  # a blog's "Posted on DATE by NAME"
        else:
            into.outlet = into.outlet or published[1]
        return "published"
    if looks_like_date(text):
        into.published = into.published or parse_date(text)
        return "date"
    return None


def strip_chrome(units: list[Unit], *, title_hint: str | None = None, site: str | None = None,
                 memory: ChromeMemory | None = None) -> Cleaned:
    """Split a document's units into body, title, attribution and removed chrome."""
    texts = [u.text for u in units]
    n = len(texts)
    first, last, closing, tail_from = _zones(texts)
    if first is None or last is None:
        first, last = 0, n - 1  # nothing to anchor on: no head or tail zone, only unit-level rules

    # Reprint stamps are read only in the head and the tail: in the body the same words report news.
    reprint: Reprint | None = None
    for i in [*range(n - 1, last, -1), *range(0, first)]:
        reprint = find_reprint(texts[i], plain_published=i > last)
        if reprint:
            break
    site_key = (reprint.publisher if reprint and reprint.publisher else None) or site

    def repeated(i: int) -> bool:
        return memory is not None and memory.is_repeated(site_key, texts[i])

    def chrome_unit(i: int) -> bool:
        t = texts[i]
        return (is_nav(t) or is_strong_chrome(t) or is_short_unpunctuated(t) or repeated(i)
                or (bool(_WEAK.search(t)) and not is_prose(t) and len(words_of(t)) <= SHORT_WORDS))

    title_idx, title = _find_title(texts, range(first), title_hint, chrome_unit)
    kept: list[Unit] = []
    removed: list[str] = []
    masthead: list[str] = []
    sources: list[SourceLine] = []
    head = Attribution()
    in_footer = False
    for i, t in enumerate(texts):
        keep = False
        if is_source_line(t):
            parsed = parse_source_line(t)
            if parsed:
                sources.append(parsed)
        elif i < first:  # head: masthead, headline, byline, dates
            if i == title_idx:
                continue  # the title is kept in Document.title, not in the body
            if title_idx is not None and i < title_idx:
                removed.append(t)  # above the headline: masthead
                masthead.append(t)
                continue
            keep = _read_head_unit(t, head) is None and not (chrome_unit(i) or find_reprint(t, plain_published=False))
        elif i <= last:  # body: only units chrome by nature, or legal notices near the end
            keep = not ((is_nav(t) and not is_prose(t)) or (repeated(i) and not ends_sentence(t))
                        or (is_strong_chrome(t) and len(words_of(t)) <= SHORT_WORDS)
                        or (i >= tail_from and bool(_LEGAL.search(t))))
        else:  # tail: a short closing sentence may stay; from the first chrome unit on, all is footer
            keep = (not in_footer and (closing is None or i < closing) and ends_sentence(t)
                    and not chrome_unit(i) and not find_reprint(t))
            in_footer = not keep
        if keep:
            kept.append(units[i])
        else:
            removed.append(t)

    attribution = Attribution()
    for parsed in sources:
        attribution.fill_from(parsed)
    attribution.fill_from(head)
    if reprint:
        attribution.republished_by = reprint.publisher
        attribution.republished = reprint.date
    dateline = parse_dateline(texts[first]) if first < n else None
    if dateline:
        attribution.outlet = attribution.outlet or dateline[0]
        attribution.published = attribution.published or dateline[1]
    if sources and attribution.republished_by is None:
        # An archived copy whose reprint notice does not name the archive: its masthead does.
        attribution.republished_by = masthead_name(masthead)
    return Cleaned(units=kept, title=title, removed=removed, attribution=attribution, site=site_key,
                   source_line=sources[0].raw if sources else None, masthead=masthead)
