"""What every list reader shares: the ListInfo record, error wording, dates and name lists.

Every reader reports a bad input the same way, `DataError("PATH: line N: what")`,
so the CLI can print one line per failed file whatever the format was.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NoReturn

from factions.errors import DataError, InputError

FORMATS = ("ofac-xml", "ofac-csv", "un-xml", "ftm-jsonl", "factions-csv")

# Lists give dates to the day, the month or only the year; all three sort correctly as strings.
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ZONE = re.compile(r"(?<=^\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass
class ListInfo:
    """What one imported file was: which list, in which format, as of when, how many entries."""

    name: str  # list code (OFAC-SDN, UN-SC, a dataset name ...)
    format: str  # one of FORMATS
    source_file: str
    as_of: str | None = None  # ISO date the list was published or generated; None when the file does not say
    entries: int = 0  # designations returned
    # The publication whose editions replace each other (OFAC-SDN, UN-SC ...): an entry missing from
    # a newer edition of it was delisted. None: the file is no edition of anything (a factions CSV).
    publication: str | None = None
    declared: int | None = None  # the record count the file itself states, checked against `entries`
    files: list[str] = field(default_factory=list)  # every file read (sdn.csv with its alt.csv and add.csv)


def fail(path: str | Path, line: int | None, what: str) -> NoReturn:
    """Raise the one DataError shape every reader uses."""
    where = f"{path}: line {line}: " if line else f"{path}: "
    raise DataError(where + what)


def iso_date(value: str | None, path: str | Path, line: int | None, field: str) -> str | None:
    """`value` checked as YYYY, YYYY-MM or YYYY-MM-DD (a time part is cut off); empty -> None.

    A date that is not a real calendar date is an error, not a None: a typo in a
    designation date would silently change what vetting says.
    """
    text = (value or "").strip()
    if not text:
        return None
    if "T" in text and len(text) > 10:
        text = text.split("T", 1)[0]
    text = _ZONE.sub("", text)  # xs:date's zone suffix (the UN writes "2015-03-27-04:00")
    match = _PARTIAL_DATE.match(text)
    if match:
        year, month, day = match.groups()
        try:
            date(int(year), int(month or 1), int(day or 1))
            return text
        except ValueError:
            pass
    fail(path, line, f"{field}: not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")


def us_date(value: str | None, path: str | Path, line: int | None, field: str) -> str | None:
    """OFAC's MM/DD/YYYY as ISO; empty -> None."""
    text = (value or "").strip()
    if not text:
        return None
    match = _US_DATE.match(text)
    if match:
        month, day, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            pass
    fail(path, line, f"{field}: not a MM/DD/YYYY date: {value!r}")


def unique(values: list[str], *, exclude: str | None = None) -> list[str]:
    """Stripped, non-empty values in first-seen order, without repeats (and without `exclude`)."""
    out: list[str] = []
    for value in values:
        text = " ".join((value or "").split())
        if text and text != exclude and text not in out:
            out.append(text)
    return out


def split_pipe(value: str | None) -> list[str]:
    """A ' | '-separated cell as a list (the shipped CSVs' alias and amendment separator)."""
    return unique((value or "").split(" | "))


def read_text(path: Path, *, fallback: str | None = None) -> str:
    """The file as text; unreadable or undecodable -> InputError.

    `fallback` names a legacy encoding to try when UTF-8 fails (OFAC's flat files
    predate UTF-8 and have been published in Windows code pages).
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if fallback:
            return raw.decode(fallback, errors="replace")
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
