"""Component `factions_dates`: resolve DATE entities against the publication date.

"Sept. 23" in a report published 2014-10-07 is 2014-09-23; "last week" is a
week before publication; "early September" is a month-precision date. Common
shapes are parsed here directly (fast, predictable); the rest go to dateparser
with the publication date as its relative base. Precision follows ACLED:
1 = day, 2 = week, 3 = month or vaguer.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from factions.extract.state import DateMention

MONTHS = {m: i for i, names in enumerate(
    [(), ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")]) for m in names}
SEASONS = {"spring": (3, 21), "summer": (6, 21), "autumn": (9, 22), "fall": (9, 22), "winter": (12, 21)}
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_MONTH_RE = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"


def _past(year: int, month: int, day: int, ref: dt.date) -> dt.date | None:
    """The date with that month/day in the reference year, or the year before if it would be in the future."""
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None
    if d > ref + dt.timedelta(days=2):
        try:
            d = dt.date(year - 1, month, day)
        except ValueError:
            return None
    return d


@lru_cache(maxsize=4096)
def resolve_date(text: str, ref_iso: str | None) -> tuple[str | None, int | None]:
    """ISO date and ACLED precision of a date expression, relative to ref_iso."""
    s = text.lower().strip().rstrip(".,")
    s = re.sub(r"^(on|in|since|by|from|until|the)\s+", "", s)
    ref = dt.date.fromisoformat(ref_iso) if ref_iso else None
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        return s, 1
    m = re.fullmatch(_MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?", s) or \
        re.fullmatch(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_RE + r"(?:,?\s+(?P<year>\d{4}))?", s)
    if m:
        month, day = MONTHS[m["mon"].rstrip(".")[:4].rstrip("t") if m["mon"][:4] == "sept" else m["mon"][:3]], int(m["day"])
        if m["year"]:
            try:
                return dt.date(int(m["year"]), month, day).isoformat(), 1
            except ValueError:
                return None, None
        if ref:
            d = _past(ref.year, month, day, ref)
            return (d.isoformat(), 1) if d else (None, None)
        return None, None
    m = re.fullmatch(r"(?:(?P<part>early|mid|late|the end of|the beginning of|end of)[\s-]+)?" + _MONTH_RE +
                     r"(?:,?\s+(?P<year>\d{4}))?", s)
    if m:
        month = MONTHS[m["mon"].rstrip(".")[:3]]
        day = {"mid": 15, "late": 21, "the end of": 25, "end of": 25}.get(m["part"] or "", 1)
        if m["year"]:
            return f"{int(m['year']):04d}-{month:02d}-{day:02d}", 3
        if ref:
            year = ref.year if month <= ref.month else ref.year - 1
            return f"{year:04d}-{month:02d}-{day:02d}", 3
        return None, None
    m = re.fullmatch(r"(?:(?P<rel>last|this|next)\s+|(?:early|late|mid)[\s-]+)?(?P<season>spring|summer|autumn|fall|winter)"
                     r"(?:\s+(?:of\s+)?(?P<year>\d{4}))?", s)
    if m:
        month, day = SEASONS[m["season"]]
        if m["year"]:
            return f"{m['year']}-{month:02d}-{day:02d}", 3
        if ref:
            year = ref.year if (month, day) <= (ref.month, ref.day) else ref.year - 1
            if m["rel"] == "last" and (month, day) <= (ref.month, ref.day) and ref.month - month < 3:
                year -= 1  # "last summer" said in August means the year before
            return f"{year:04d}-{month:02d}-{day:02d}", 3
        return None, None
    m = re.fullmatch(r"(?:(?:early|mid|late)[\s-]+)?(\d{3})0s", s)
    if m:  # "the 1990s": a decade, not the day dateparser would make of it
        return f"{m.group(1)}0-01-01", 3
    m = re.fullmatch(r"(?:(?:early|mid|late)[\s-]+|in\s+)?(\d{4})", s)
    if m and 1900 < int(m.group(1)) < 2100:
        return f"{m.group(1)}-01-01", 3
    if ref is None:
        return None, None
    if s in {"today", "this morning", "this afternoon", "tonight", "this evening"}:
        return ref.isoformat(), 1
    if s in {"yesterday", "last night"}:
        return (ref - dt.timedelta(days=1)).isoformat(), 1
    m = re.fullmatch(r"(?:last\s+|this\s+past\s+|on\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)", s)
    if m:
        delta = (ref.weekday() - WEEKDAYS[m.group(1)]) % 7 or 7
        return (ref - dt.timedelta(days=delta)).isoformat(), 1
    if s in {"last week", "this week", "earlier this week", "the past week", "past week"}:
        return (ref - dt.timedelta(days=7 if "last" in s else 0)).isoformat(), 2
    if s in {"last month", "earlier this month", "this month", "the past month"}:
        back = ref.replace(day=1) - dt.timedelta(days=1) if s.startswith("last") else ref
        return back.replace(day=1).isoformat(), 3
    m = re.fullmatch(r"(\d+|two|three|four|five|six)\s+(day|week|month)s?\s+ago", s)
    if m:
        n = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}.get(m.group(1)) or int(m.group(1))
        days = {"day": 1, "week": 7, "month": 30}[m.group(2)] * n
        return (ref - dt.timedelta(days=days)).isoformat(), {"day": 1, "week": 2, "month": 3}[m.group(2)]
    return _dateparser(s, ref_iso)


def _dateparser(s: str, ref_iso: str | None) -> tuple[str | None, int | None]:
    """The general fallback; imported lazily because loading it costs a second."""
    if not re.search(r"\d|\b(?:ago|last|next|weeks?|months?|years?)\b", s):
        return None, None  # a name ("Doreen", "Alastair Weekes") is no date, whatever dateparser would make of it
    import dateparser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if ref_iso:
        settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(ref_iso)
    try:
        parsed = dateparser.parse(s, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None, None
    if parsed is None:
        return None, None
    return parsed.date().isoformat(), 1 if re.search(r"\d{1,2}", s) else 3


class DateResolver:
    def __call__(self, doc: Doc) -> Doc:
        out = []
        for ent in doc.ents:
            if ent.label_ != "DATE":
                continue
            iso, precision = resolve_date(ent.text, doc._.ref_date)
            out.append(DateMention(ent.start, ent.end, iso, precision))
        doc._.dates = out
        return doc


@Language.factory("factions_dates", requires=["doc.ents"], assigns=["doc._.dates"])
def make_date_resolver(nlp: Language, name: str) -> DateResolver:
    return DateResolver()
