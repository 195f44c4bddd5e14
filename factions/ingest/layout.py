"""Lines in, paragraph units out, and back to the body text.

Chrome removal judges paragraphs, not physical lines: in a hard-wrapped report a
body paragraph is spread over short lines that, one by one, look like chrome. So
lines are first grouped into units (one paragraph, or one standalone line such as a
menu or a byline), and the body text is later rendered from the kept units in one
way for every copy of a report: paragraphs separated by one blank line, quote blocks
indented by four spaces, runs of spaces collapsed. A reprint with other wrapping or
indentation then gives the same text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from factions.ingest.dates import looks_like_date

# Spaces that archives paste into text (NBSP, thin and figure spaces) and invisible marks.
_SPACES = {ord(c): " " for c in "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"}
_SPACES.update({ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"})
_SENTENCE_END = re.compile(r"[.!?:;…][\"'”’»)\]]*$")
# Lines that start an element of their own, never the continuation of a wrapped paragraph.
_STARTS_ELEMENT = re.compile(r"^(?:[-*•–]\s|\d{1,3}[.)]\s|\[|by\s+[A-Z]|sources?\s*:|(?:reporting|editing)\s+by\b)",
                             re.I)
_QUOTE_INDENT = "    "
# Lines longer than this are paragraphs of their own, not hard-wrapped lines of one.
_WRAP_MAX = 120


@dataclass(frozen=True)
class Unit:
    """One paragraph (or standalone line) of a document."""

    text: str  # its words on one line, runs of spaces collapsed
    quote: bool = False  # indented relative to the rest of the document: a quote block
    lines: int = 1  # how many physical lines it spans

    def render(self) -> str:
        return (_QUOTE_INDENT if self.quote else "") + self.text


def split_lines(text: str) -> list[str]:
    """Normalised lines: unified newlines, odd spaces made plain, trailing spaces dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    # A tab of indentation marks a quote block like four spaces do.
    return [line.expandtabs(4).translate(_SPACES).rstrip() for line in text.split("\n")]


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _join(parts: list[str]) -> str:
    out = parts[0]
    for part in parts[1:]:
        # A word hyphenated across a line break ('anti-' + 'tank') keeps its hyphen, loses the space.
        out += part if re.search(r"[A-Za-z]-$", out) and part[:1].islower() else " " + part
    return out


def segment(lines: list[str]) -> list[Unit]:
    """Group lines into paragraph units; blank lines always separate units."""
    present = [line for line in lines if line.strip()]
    if not present:
        return []
    # Indentation shared by every line is layout, not a quote (some archives indent all text).
    base = min(_indent(line) for line in present)
    # The wrap width of the document: its longest line that is short enough to be a wrapped one.
    width = max((len(line.strip()) for line in present if len(line.strip()) <= _WRAP_MAX), default=0)
    units: list[Unit] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line)
            continue
        if not block:
            continue
        # A block whose typical line is too long to be a wrapped one holds one paragraph per line.
        lengths = sorted(len(b.strip()) for b in block)
        wrapped = width >= 40 and lengths[len(lengths) // 2] <= _WRAP_MAX
        parts: list[str] = []
        quote = False
        for raw in block:
            text = " ".join(raw.split())
            is_quote = _indent(raw) - base >= 2
            continues = (parts and wrapped and is_quote == quote and not ends_sentence(parts[-1])
                         and len(parts[-1]) >= 0.6 * width and not _STARTS_ELEMENT.match(text)
                         and not looks_like_date(text) and " | " not in text)
            if continues:
                parts.append(text)
                continue
            if parts:
                units.append(Unit(_join(parts), quote, len(parts)))
            parts, quote = [text], is_quote
        units.append(Unit(_join(parts), quote, len(parts)))
        block = []
    return units


def render(units: Iterable[Unit]) -> str:
    """The body text of the kept units."""
    return "\n\n".join(u.render() for u in units if u.text)
