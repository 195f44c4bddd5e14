"""One alias cell as the names it holds: UN cells pack several names, scripts and notes into one string.

The UN consolidated list writes, in a single ALIAS_NAME,
    "Hay’at Tahrir al-Sham (HTS) (هيئة تحرير الشام\n   (original script); Hay’et Tahrir al-Sham; ...)"
with line breaks and indentation inside the text. A screener that indexes that
string whole matches none of the names in it. `split_alias` returns each name:
the head, acronyms in brackets, every ';'-separated name in a bracket, the
original-script forms; bracketed prose ("false identity related to ...",
"sub-unit name") is dropped, never indexed as a name.
"""
from __future__ import annotations

import re

_NOTE = re.compile(r"\s*[-–,]?\s*\b(?:sub-unit name|original script|formerly known as|previously listed as)\b\s*:?",
                   re.I)
# A bracket or part that reads as a sentence about the name, not as a name.
_PROSE = re.compile(r"\d|\b(?:born|identity|related|linked|number|passport|confiscated|documents?|"
                    r"listed|alias of|see|refers?)\b", re.I)
MAX_NAME_WORDS = 9


def _groups(text: str) -> tuple[str, list[str]]:
    """(text outside brackets, top-level bracket contents); an unclosed bracket runs to the end."""
    outside, groups, depth, current = [], [], 0, []
    for ch in text:
        if ch == "(":
            if depth:
                current.append(ch)
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth:
                current.append(ch)
            else:
                groups.append("".join(current))
                current = []
        elif depth:
            current.append(ch)
        else:
            outside.append(ch)
    if current:
        groups.append("".join(current))
    return "".join(outside), groups


def _clean(part: str) -> str:
    part = _NOTE.sub(" ", part)
    return " ".join(part.split()).strip(" ,;:-–")


def _is_name(part: str) -> bool:
    return bool(part) and not _PROSE.search(part) and len(part.split()) <= MAX_NAME_WORDS


def split_alias(cell: str | None) -> list[str]:
    """The names in one alias cell, in order, without repeats; '' and prose give []."""
    text = " ".join((cell or "").split())
    if not text:
        return []
    out: list[str] = []
    head, groups = _groups(text)
    head = re.split(r",\s*born\b", head, flags=re.I)[0]
    for part in [_clean(head)] + [p for g in groups for p in _split_group(g)]:
        if _is_name(part) and part not in out:
            out.append(part)
    return out


def _split_group(group: str) -> list[str]:
    """A bracket's names: 'HTS', or 'the Victory Front; Jabhat al-Nusrah', each possibly bracketed again."""
    names: list[str] = []
    for part in group.split(";"):
        head, inner = _groups(part)
        names.append(_clean(head))
        for g in inner:
            names.extend(_split_group(g))
    return names
