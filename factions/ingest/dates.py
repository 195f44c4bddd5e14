"""Dates as reports print them -> ISO 8601 ("2014-10-07"), or None.

Archive stamps (07Oct14, 7-Oct-2014), prose dates (Oct. 7, 2014; 7 October 2014),
ISO stamps of HTML meta tags and numeric dates are all read by a few regexes, not
by a general date parser: attribution dates must never be guessed from relative
words ("yesterday") or from the clock, so a rerun gives the same answer.
A date that cannot be read, or that does not exist (31Feb14), is None, never an error.
"""
from __future__ import annotations

import re
from datetime import date

MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
          "sep": 9, "oct": 10, "nov": 11, "dec": 12}

_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
          r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])")
_ORD = r"(?:st|nd|rd|th)?"

# Each shape names its groups; the earliest match in the string wins.
_SHAPES = (
    # 2014-10-07, 2014/10/07, 2014-10-07T12:00:00Z
    re.compile(r"(?<!\d)(?P<year>\d{4})[-/.](?P<mnum>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"),
    # 07Oct14, 7-Oct-2014, 7 October 2014, 7th Oct. 2014
    re.compile(r"(?<![\d])(?P<day>\d{1,2})" + _ORD + r"[\s\-/.]*" + _MONTH + r"\.?,?[\s\-/.]*"
               r"(?P<year>\d{4}|\d{2})(?!\d)", re.I),
    # Oct 7, 2014; Feb. 28 2015; September 23rd, 2014
    re.compile(r"(?<![a-z])" + _MONTH + r"\.?\s+(?P<day>\d{1,2})" + _ORD + r",?\s+(?P<year>\d{4})(?!\d)",
               re.I),
    # 07/10/2014, 7.10.14: the order is read only when one number cannot be a month
    re.compile(r"(?<![\d/.])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>\d{4}|\d{2})(?![\d/])"),
)

# A field that is only a date (used to find the date field of a source line).
_DATE_ONLY_LOOSE = re.compile(
    r"^\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:\d{1,2}" + _ORD + r"[\s\-/.]*[a-z]{3,9}\.?,?[\s\-/.]*\d{2,4}|[a-z]{3,9}\.?\s+\d{1,2}" + _ORD
    + r",?\s+\d{4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[t\s][\d:.+\-z]*)?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})\s*\.?\s*$",
    re.I)


def _year(text: str) -> int:
    """Two-digit years: a fixed pivot (not today's date) keeps the result reproducible."""
    y = int(text)
    if len(text) == 2:
        y += 2000 if y < 70 else 1900
    return y


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _from_match(m: re.Match[str], dayfirst: bool | None) -> str | None:
    groups = m.groupdict()
    year = _year(groups["year"])
    if groups.get("month"):
        return _iso(year, MONTHS[groups["month"][:3].lower()], int(groups["day"]))
    if groups.get("mnum"):
        return _iso(year, int(groups["mnum"]), int(groups["day"]))
    a, b = int(groups["a"]), int(groups["b"])
    if a > 12 >= b:
        return _iso(year, b, a)
    if b > 12 >= a:
        return _iso(year, a, b)
    if a == b:
        return _iso(year, a, b)
    if dayfirst is None:
        return None  # 07/10/2014: October or July? Better no date than a wrong one.
    return _iso(year, b, a) if dayfirst else _iso(year, a, b)


def parse_date(text: str | None, *, dayfirst: bool | None = None) -> str | None:
    """The first date written in `text`, as ISO 8601; None when there is none or it is invalid."""
    if not text:
        return None
    best: re.Match[str] | None = None
    for shape in _SHAPES:
        m = shape.search(text)
        if m and (best is None or m.start() < best.start()):
            best = m
    return _from_match(best, dayfirst) if best else None


def looks_like_date(text: str) -> bool:
    """True when the whole string is shaped like a date, valid or not ('32Oct14' is one)."""
    return bool(_DATE_ONLY_LOOSE.match(text))
