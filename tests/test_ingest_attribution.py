"""Source lines, dates, reprint notices, bylines and datelines, read by their shape."""
from __future__ import annotations

import pytest

from factions.ingest import load_text
from factions.ingest.attribution import (find_reprint, parse_byline, parse_dateline, parse_published_line,
                                         parse_source_line)
from factions.ingest.dates import parse_date

FIELDS = ("author", "section", "outlet", "place", "published")


@pytest.mark.parametrize("line, expected", [
    ("[Source: By Caleb Weiss, Threat Matrix, The Long War Journal, 07Oct14]",
     ("Caleb Weiss", "Threat Matrix", "The Long War Journal", None, "2014-10-07")),
    ("[Source: By Jane Doe, Levant Wire, Handarat, 12Mar15]",
     ("Jane Doe", None, "Levant Wire", "Handarat", "2015-03-12")),
    ("[Source: By Jane Doe, Levant Wire, Aleppo, 12Mar15]",
     ("Jane Doe", None, "Levant Wire", "Aleppo", "2015-03-12")),
    ("[Source: By Jane Doe, Opinion, Al Akhbar, 7-Oct-2014]",
     ("Jane Doe", "Opinion", "Al Akhbar", None, "2014-10-07")),
    ("[Source: By Jane Doe, The Long War Journal, 07Oct14]",
     ("Jane Doe", None, "The Long War Journal", None, "2014-10-07")),
    ("[Source: Reuters, Beirut, 12Mar15]", (None, None, "Reuters", "Beirut", "2015-03-12")),
    ("[Source: Reuters, Beirut, Lebanon, 12Mar15]", (None, None, "Reuters", "Beirut, Lebanon", "2015-03-12")),
    ("[Source: Levant Wire, Handarat, 12Mar15]", (None, None, "Levant Wire", "Handarat", "2015-03-12")),
    ("[Source: Al-Monitor, 12Mar15]", (None, None, "Al-Monitor", None, "2015-03-12")),
    ("[Source: Jane Doe, Levant Monitor, Mar 12, 2015]", ("Jane Doe", None, "Levant Monitor", None, "2015-03-12")),
    ("[Source: Omar Khalil, Al Akhbar, Mar 12, 2015]", ("Omar Khalil", None, "Al Akhbar", None, "2015-03-12")),
    ("[Source: By Marta Lindqvist and Sam Lee, Regional Security Programme, 2016-03-09]",
     ("Marta Lindqvist and Sam Lee", None, "Regional Security Programme", None, "2016-03-09")),
    ("[ source : The Guardian, London, 32Oct14 ]", (None, None, "The Guardian", "London", None)),  # bad date: None
    ("[Source: Reuters]", (None, None, "Reuters", None, None)),
    ("Source: Levant Wire, 12Mar15", (None, None, "Levant Wire", None, "2015-03-12")),
])
def test_source_line_fields_by_shape(line, expected):
    parsed = parse_source_line(line)
    assert parsed is not None
    assert tuple(getattr(parsed, f) for f in FIELDS) == expected


@pytest.mark.parametrize("line", [
    "The source: a senior official who spoke on condition of anonymity because he was not authorised "
    "to brief the press about the talks, said the offensive would resume next week.",
    "Sources said the offensive would resume.",
    "[Sourced from the field]",
])
def test_not_source_lines(line):
    assert parse_source_line(line) is None


@pytest.mark.parametrize("text, iso", [
    ("07Oct14", "2014-10-07"), ("7-Oct-2014", "2014-10-07"), ("12Mar15", "2015-03-12"),
    ("Oct 7, 2014", "2014-10-07"), ("Oct. 7, 2014", "2014-10-07"), ("October 7 2014", "2014-10-07"),
    ("7 October 2014", "2014-10-07"), ("7th Oct. 2014", "2014-10-07"), ("Sept. 23, 2014", "2014-09-23"),
    ("2014-10-07", "2014-10-07"), ("2014-10-07T08:30:00+00:00", "2014-10-07"),
    ("Tue, 07 Oct 2014 10:00:00 GMT", "2014-10-07"),
    ("25/10/2014", "2014-10-25"),  # only a day can be 25: day first
    ("10/25/2014", "2014-10-25"),  # only a day can be 25: month first
    ("07/10/2014", None),  # July or October: ambiguous, so no date rather than a wrong one
    ("31Feb14", None), ("32Oct14", None), ("Feb. 28", None), ("May 2014", None), ("", None), (None, None),
    ("no date here", None), ("Octopus 14", None),
])
def test_dates(text, iso):
    assert parse_date(text) == iso


def test_ambiguous_numeric_date_follows_an_explicit_order():
    assert parse_date("07/10/2014", dayfirst=True) == "2014-10-07"
    assert parse_date("07/10/2014", dayfirst=False) == "2014-07-10"


@pytest.mark.parametrize("line, publisher, when", [
    ("This document has been published on 09Oct14 by the Equipo Nizkor and Derechos Human Rights.",
     "Equipo Nizkor", "2014-10-09"),
    ("small logoThis document has been published on 15Oct14 by the Levant Conflict Archive. Under the "
     "fair-use terms of Title 17 U.S.C. Section 107, this material is distributed without profit.",
     "Levant Conflict Archive", "2014-10-15"),
    ("This article was republished on March 3, 2015 by Syria Direct Archive.", "Syria Direct Archive", "2015-03-03"),
    ("Published on 2015-03-04 by Levant Digest.", "Levant Digest", "2015-03-04"),
    ("Reproduced by the Conflict Documents Archive on 14 March 2015.", "Conflict Documents Archive", "2015-03-14"),
    ("Republished by the Coastal Rights Archive, 20 June 2015", "Coastal Rights Archive", "2015-06-20"),
    ("Reprinted by Frontline Notes on 31Feb15.", "Frontline Notes", None),  # bad date: None, no error
])
def test_reprint_notices(line, publisher, when):
    found = find_reprint(line)
    assert found is not None
    assert (found.publisher, found.date) == (publisher, when)


def test_plain_published_is_a_reprint_only_when_the_caller_says_so():
    assert find_reprint("Published on 2015-03-04 by Levant Digest.", plain_published=False) is None
    assert find_reprint("The fighting continued on Monday, residents said.") is None


@pytest.mark.parametrize("line, expected", [
    ("By Caleb Weiss", ("Caleb Weiss", None)),
    ("By Jane Doe and Omar Khalil", ("Jane Doe and Omar Khalil", None)),
    ("by Jane Doe | Staff writer", ("Jane Doe", "Staff writer")),
    ("By JANE DOE, Levant Wire", ("JANE DOE", "Levant Wire")),
    ("By the end of the week the town had fallen.", None),
])
def test_bylines(line, expected):
    assert parse_byline(line) == expected


@pytest.mark.parametrize("line, expected", [
    ("Published 2015-03-01 by Frontline Notes", ("2015-03-01", "Frontline Notes")),
    ("Posted on March 3, 2015", ("2015-03-03", None)),
    ("Published: 7 Oct 2014", ("2014-10-07", None)),
    ("Published soon", None),
])
def test_published_lines(line, expected):
    assert parse_published_line(line) == expected


@pytest.mark.parametrize("line, expected", [
    ("ALEPPO, Syria, Feb. 28 (Levant Wire) - Government artillery pounded", ("Levant Wire", None)),
    ("ALEPPO, Syria, Feb. 28, 2015 (Levant Wire) - Government artillery", ("Levant Wire", "2015-02-28")),
    ("BEIRUT (Reuters) — Rebels said on Monday", ("Reuters", None)),
    ("IDLIB, Syria, March 28, 2015 (Levant Wire) - A coalition", ("Levant Wire", "2015-03-28")),
    ("The Army (SAA) - which had withdrawn - returned.", None),
])
def test_datelines(line, expected):
    assert parse_dateline(line) == expected


def test_wire_story_attribution_from_byline_and_dateline():
    doc = load_text("Rebels shell government positions near the airport\n\nBy Jane Doe and Omar Khalil\n\n"
                    "BEIRUT (Reuters) — Rebels shelled government positions near the airport on Monday, "
                    "a monitoring group said, in the heaviest fighting there for weeks.\n")
    assert (doc.author, doc.outlet, doc.published) == ("Jane Doe and Omar Khalil", "Reuters", None)
    assert doc.text.startswith("BEIRUT (Reuters) — Rebels shelled")  # the dateline is part of the body
    assert doc.title == "Rebels shell government positions near the airport"


@pytest.mark.parametrize("line, expected", [
    # place tokens after the outlet are places, never the outlet: US state codes, DC, capitals
    ("[Source: By Dana Whitfield, Threat Matrix, The Long War Journal, NJ, 07Oct14]",
     ("Dana Whitfield", "Threat Matrix", "The Long War Journal", "NJ", "2014-10-07")),
    ("[Source: By Dana Whitfield, The Long War Journal, DC, 12Mar15]",
     ("Dana Whitfield", None, "The Long War Journal", "DC", "2015-03-12")),
    ("[Source: By Omar Haddad, Middle East, The Wall Street Journal, Princeton, NJ, 10Oct14]",
     ("Omar Haddad", "Middle East", "The Wall Street Journal", "Princeton, NJ", "2014-10-10")),
    ("[Source: Al-Monitor, Washington DC, 02Feb15]", (None, None, "Al-Monitor", "Washington DC", "2015-02-02")),
    ("[Source: By Lena Ortiz, WSJ, NY, 10Oct14]", ("Lena Ortiz", None, "WSJ", "NY", "2014-10-10")),
    ("[Source: Naharnet, Beirut, 03Jan15]", (None, None, "Naharnet", "Beirut", "2015-01-03")),
    ("[Source: By Lena Ortiz, East Africa Desk, Daily Nation, Kigali, 10Oct14]",  # a capital not in the short list
     ("Lena Ortiz", "East Africa Desk", "Daily Nation", "Kigali", "2014-10-10")),
])
def test_place_tokens_in_source_lines(line, expected):
    parsed = parse_source_line(line)
    assert parsed is not None
    assert tuple(getattr(parsed, f) for f in FIELDS) == expected


def test_state_codes_count_only_as_written_in_capitals():
    from factions.ingest.places import is_known_place

    assert is_known_place("NJ") and is_known_place("D.C.") and is_known_place("Washington, DC")
    assert not is_known_place("in") and not is_known_place("Me") and not is_known_place("Threat Matrix")


def test_masthead_names_the_archive_of_an_archived_copy():
    """No reprint notice names the archive; its masthead does, so it is republished_by."""
    text = "\n".join([
        "Northern Levant Archive",
        "Home | About | Donate",
        "Northern Levant Archive | Reports",
        "",
        "Rebel factions regroup north of Hama",
        "",
        "Two rebel factions said on Monday that they had merged their forces north of Hama after weeks of "
        "losses to government troops, according to statements posted by both groups.",
        "",
        "The new formation will be led by a former army officer, the statements said.",
        "",
        "[Source: By Dana Whitfield, Analysis, The Example Journal, Princeton, NJ, 07Oct14]",
    ])
    doc = load_text(text, fmt="text")
    assert (doc.author, doc.section, doc.outlet, doc.published) == (
        "Dana Whitfield", "Analysis", "The Example Journal", "2014-10-07")
    assert doc.republished_by == "Northern Levant Archive"
    assert "Northern Levant Archive" not in doc.text


def test_masthead_is_not_a_republisher_without_a_source_line():
    text = "\n".join(["Levant Wire", "Home | About", "", "Clashes in Hama",
                      "", "Government troops and rebels clashed on Monday north of Hama, residents said.", ""])
    doc = load_text(text, fmt="text")
    assert doc.republished_by is None
