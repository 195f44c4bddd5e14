"""Who wrote a report, where and when: source lines, reprint notices, bylines, datelines.

Archive reprints close with a source line whose fields vary from site to site
("[Source: By AUTHOR, SECTION, OUTLET, 07Oct14]", "[Source: OUTLET, PLACE, 12Mar15]"),
so a field's role is decided by its shape and position, not by a fixed layout:
"By X" is the author, the last field is the date, a trailing place-like field is the
place, and the outlet is the field before it. Nothing here raises: a line that
cannot be read gives None, a bad date gives a None date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields

from factions.ingest.dates import looks_like_date, parse_date
from factions.ingest.places import is_known_place, is_us_state


@dataclass
class Attribution:
    """Bibliographic fields read from one place (a source line, meta tags, a byline...)."""

    author: str | None = None
    outlet: str | None = None
    section: str | None = None
    published: str | None = None
    republished_by: str | None = None
    republished: str | None = None
    place: str | None = None  # read from source lines; the Document has no field for it
    url: str | None = None

    def fill_from(self, other: Attribution) -> Attribution:
        """Set each field still empty here from `other` (self has priority)."""
        for f in fields(self):
            if getattr(self, f.name) is None:
                setattr(self, f.name, getattr(other, f.name))
        return self


# Words that make a field look like a publication rather than a person, place or section.
_OUTLET_WORDS = frozenset("""
news times journal post press wire agency monitor tribune herald observer guardian gazette
telegraph daily weekly review reuters afp ap bbc cnn jazeera arabiya tv television radio
network media magazine institute foundation watch blog digest dispatch chronicle courier mail
independent economist bulletin insider online npr channel broadcasting service sana irna
tass ria interfax xinhua anadolu website org com net center centre report reporter
""".split())
_NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "de", "del", "da", "van", "von", "der",
                             "la", "le", "di", "du", "and", "of", "ul"})

_SOURCE = re.compile(r"^\s*\[\s*sources?\s*:\s*(?P<body>[^\]]+?)\s*\]\s*\.?\s*$"
                     r"|^\s*sources?\s*:\s*(?P<bare>.+?)\s*$", re.I)
_BY = re.compile(r"^\s*by\s+(?P<name>.+)$", re.I)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_][\w'’.\-]*", text)


def outlet_like(field: str) -> bool:
    words = [w.casefold().strip(".") for w in re.split(r"[\s\-.]+", field) if w]
    return any(w in _OUTLET_WORDS for w in words) or bool(re.search(r"\.(?:com|org|net)\b", field, re.I))


def place_shaped(field: str) -> bool:
    """1-3 capitalised words without digits or outlet vocabulary: 'Handarat', 'Deir ez-Zor'."""
    words = field.split()
    if not 1 <= len(words) <= 3 or re.search(r"\d", field) or outlet_like(field):
        return False
    return all(w[0].isupper() or w.casefold() in _NAME_PARTICLES or w.casefold().startswith(("al-", "el-", "ez-"))
               for w in words)


def person_shaped(field: str) -> bool:
    """2-4 capitalised words (initials and name particles allowed), not an outlet or a place."""
    words = field.split()
    if not 2 <= len(words) <= 5 or outlet_like(field) or is_known_place(field) or re.search(r"\d", field):
        return False
    if words[0].casefold() == "the":
        return False
    return all((w[0].isupper() and re.fullmatch(r"[\w.'’\-]+", w)) or w.casefold() in _NAME_PARTICLES
               for w in words)


@dataclass
class SourceLine(Attribution):
    raw: str = ""


def is_source_line(line: str) -> bool:
    m = _SOURCE.match(line)
    if not m:
        return False
    # An unbracketed "Source: ..." is attribution only when short; a long one is prose.
    return bool(m.group("body")) or len(_words(m.group("bare"))) <= 20


def _split_date(fields_: list[str]) -> tuple[list[str], str | None, bool]:
    """Take the date off the end of the fields; 'Mar 12, 2015' spans two comma fields."""
    for k in (2, 1):
        if len(fields_) >= k:
            tail = ", ".join(fields_[-k:])
            if looks_like_date(tail):
                return fields_[:-k], parse_date(tail), True
    return fields_, None, False


def parse_source_line(line: str) -> SourceLine | None:
    """Read the fields of a '[Source: ...]' line by their shape; None if it is not one."""
    if not is_source_line(line):
        return None
    m = _SOURCE.match(line)
    assert m is not None
    body = m.group("body") or m.group("bare")
    parts = [p.strip(" .;") for p in body.split(",")]
    parts = [p for p in parts if p]
    parts, published, _ = _split_date(parts)
    out = SourceLine(raw=line.strip(), published=published)
    if not parts:
        return out
    by = _BY.match(parts[0])
    if by:
        out.author = by.group("name").strip()
        parts = parts[1:]
    # Trailing known places ('Beirut', 'Lebanon') come off first, keeping one field for the outlet.
    places: list[str] = []
    while len(parts) > 1 and is_known_place(parts[-1]):
        places.insert(0, parts.pop())
        if is_us_state(places[0]) and len(parts) > 1 and place_shaped(parts[-1]):
            places.insert(0, parts.pop())  # 'Princeton, NJ': the city before a state code is a place too
    if len(parts) == 2 and not places and place_shaped(parts[1]) and not outlet_like(parts[1]) and (
            outlet_like(parts[0]) or (by is None and not person_shaped(parts[0]))):
        # 'OUTLET, PLACE' (or 'By X, OUTLET, PLACE'): the field after the outlet is a place. After a
        # byline, 'By X, Opinion, Al Akhbar' is section + outlet unless the first looks like an outlet.
        places.insert(0, parts.pop())
    if not parts:
        pass
    elif len(parts) == 1:
        out.outlet = parts[0]
    elif by is None and person_shaped(parts[0]):
        # 'AUTHOR, OUTLET' and 'AUTHOR, SECTION, OUTLET' without the word "By".
        out.author = parts[0]
        out.section = ", ".join(parts[1:-1]) or None
        out.outlet = parts[-1]
    else:
        out.section = ", ".join(parts[:-1])
        out.outlet = parts[-1]
    out.place = ", ".join(places) or None
    return out


# --- the archive's masthead -----------------------------------------------------------

# Words of a site's menus and shop lines: never the archive's name.
_MENU_WORDS = frozenset("""
home about contact donate donation donations bookshop shop store search menu subscribe login log in sign
register privacy terms english espanol español francais français deutsch index tienda de
libros on-line online radio rss feed newsletter help
""".split())


def masthead_name(lines: list[str]) -> str | None:
    """The archive a masthead names: 'Equipo Nizkor' from ['Equipo Nizkor', 'Bookshop | Donate',
    'Derechos | Equipo Nizkor']. Candidates are the lines and their ' | ' parts shaped like a name
    (1-5 capitalised words, no digits, no menu words); one that recurs wins, else the first."""
    candidates: list[str] = []
    for line in (ln for unit in lines for ln in unit.splitlines()):
        for part in re.split(r"\s+[|·•/]\s+|\s{3,}", line.strip()):
            words = part.split()
            if not 1 <= len(words) <= 5 or re.search(r"\d", part) or not part[0].isupper():
                continue
            if any(w.casefold().strip(".:") in _MENU_WORDS for w in words) or looks_like_date(part):
                continue
            candidates.append(part.strip())
    if not candidates:
        return None
    return max(candidates, key=lambda c: (candidates.count(c), -candidates.index(c)))


# --- reprint notices -----------------------------------------------------------------

_NAME = r"(?:the\s+)?(?P<pub>[A-Z0-9][^,;\n]*?)"
_REPRINT_STRONG = re.compile(
    r"\b(?:this|the)\s+(?:document|article|report|text|item|material|page|story)\s+(?:has\s+been|was)\s+"
    r"(?:re-?)?(?:published|posted|reproduced|reprinted)\s+(?:here\s+)?(?:on\s+)?(?P<date>[^.;]{4,40}?)\s+by\s+"
    + _NAME + r"(?=\s+and\s+|\s*[,;]|\.(?:\s|$)|\s+in\s+accordance|\s*$)", re.I)
_REPRINT_BY_FIRST = re.compile(
    r"\b(?:re-?published|reproduced|reprinted|republished|re-?posted)\s+(?:here\s+)?by\s+" + _NAME
    + r"(?:\s*,\s*(?:on\s+)?|\s+on\s+)(?P<date>[^;]{4,40})", re.I)
_REPRINT_DATE_FIRST = re.compile(
    r"\b(?:re-?)?(?:published|posted|reproduced|reprinted)\s+on\s+(?P<date>[^.;]{4,40}?)\s+by\s+"
    + _NAME + r"(?=\s+and\s+|\s*[,;]|\.(?:\s|$)|\s*$)", re.I)


@dataclass
class Reprint:
    publisher: str | None
    date: str | None


def _clean_name(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"^(?:the)\s+", "", name.strip(), flags=re.I)
    name = re.split(r"\s+and\s+|\s*[,;]\s*|\.(?:\s|$)", name)[0]
    return name.strip(" .") or None


def find_reprint(line: str, *, plain_published: bool = True) -> Reprint | None:
    """Read a reprint notice anywhere in the line ('This document has been published on 09Oct14 by ...').

    `plain_published`: whether a bare 'Published on DATE by X' counts as a reprint; at the top of a
    report the same words state the original publication instead, so the caller decides by position.
    """
    patterns = [_REPRINT_STRONG, _REPRINT_BY_FIRST] + ([_REPRINT_DATE_FIRST] if plain_published else [])
    for pattern in patterns:
        m = pattern.search(line)
        if m:
            date_text = m.group("date")
            return Reprint(publisher=_clean_name(m.group("pub")), date=parse_date(date_text))
    return None


# --- lines at the top of a report: byline, "Published ...", dateline --------------------

_CAP = r"[A-Z][\w.'’\-]*"  # a capitalised word of a name: 'Jane', 'O’Neil', 'J.', 'Brandt-Moore'
_BYLINE = re.compile(r"^\s*(?i:by)\s+(?P<names>" + _CAP + r"(?:\s+(?:" + _CAP + r"|al|el|bin|de|van|von|and|&))*)"
                     r"\s*(?:(?:[,|/]|\s[-–—]|\s+for\s+)\s*(?P<rest>.*?))?\s*\.?\s*$")
_PUBLISHED = re.compile(r"^\s*(?:first\s+)?(?:published|posted|updated)\s*:?\s*(?:on\s+)?(?P<date>.+?)"
                        r"(?:\s+by\s+(?:the\s+)?(?P<by>.+?))?\s*\.?\s*$", re.I)
_PLACE = r"[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+)*"  # ALEPPO, DEIR EZ-ZOR
_REGION = r"[A-Z][A-Za-z.'’\-]+(?:\s+[A-Z][A-Za-z.'’\-]+)*"  # Syria, South Sudan
_DATELINE = re.compile(
    r"^\s*(?P<place>" + _PLACE + r"(?:\s*,\s*" + _REGION + r")*)"
    r"(?:\s*,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?))?\s*\((?P<outlet>[^()]{2,40})\)\s*[-–—:]")


def parse_byline(line: str) -> tuple[str, str | None] | None:
    """'By Jane Doe and John Roe, Levant Wire' -> ('Jane Doe and John Roe', 'Levant Wire')."""
    if len(line) > 200:  # bylines are short; a long line is prose, whatever its first word
        return None
    m = _BYLINE.match(line)
    if not m or len(m.group("names").split()) > 8:
        return None
    return m.group("names").strip(), (m.group("rest") or "").strip(" .") or None


def parse_published_line(line: str) -> tuple[str | None, str | None] | None:
    """'Published 2015-03-01 by Levant Monitor' -> ('2015-03-01', 'Levant Monitor')."""
    line = line.split(" | ")[0]  # "Posted on ... by NAME | Filed under: ..."
    if len(_words(line)) > 14:
        return None
    m = _PUBLISHED.match(line)
    if not m:
        return None
    when = parse_date(m.group("date"))
    if when is None:
        return None
    return when, _clean_name(m.group("by"))


def parse_dateline(line: str) -> tuple[str, str | None] | None:
    """'ALEPPO, Syria, Feb. 28 (Levant Wire) - ...' -> ('Levant Wire', None: no year, no date)."""
    m = _DATELINE.match(line)
    if not m:
        return None
    outlet = m.group("outlet").strip()
    if re.search(r"\d", outlet) or len(outlet.split()) > 5:
        return None
    return outlet, parse_date(m.group("date"))
