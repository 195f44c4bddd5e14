"""Unit tests of extraction pieces on hand-built Docs (no statistical model loaded)."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from factions.extract.actors import ActorFinder
from factions.extract.aliases import AliasLinker
from factions.extract.dates import resolve_date
from factions.extract.sentences import SentenceHints
from factions.extract.state import Mention
from factions.names import acronym_of, name_key


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


@pytest.mark.parametrize("a, b", [
    ("Jaysh al-Islam", "Jaish al Islam"),
    ("Jabhat al-Nusrah", "Jabhat an-Nusra"),
    ("al-Qa'ida", "al Qaeda"),
    ("Hizballah", "Hezbollah"),
    ("Hay'at Tahrir al-Sham", "Hayat Tahrir al-Sham"),
    ("Jaish al-Muhajirin wal-Ansar", "Jaish al Muhajireen wal Ansar"),
    ("the Caucasus Emirate's", "Caucasus Emirate"),
    ("Jaish a-Thuwar", "Jaysh al-Thuwar"),  # an article assimilated as "a-"
    ("Liwa a-Tawhid", "Liwa al-Tawhid"),
    ("Jaysh al-Fath", "Jaish al-Fatah"),  # Fath / Fatah / Fateh
    ("Jabhat Fateh al-Sham", "Jabhat Fath al-Sham"),
])
def test_name_key_folds_spellings(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a, b", [("Jaysh al-Islam", "Jaish al-Mujahideen"), ("Hizb ut-Tahrir", "Hay'at Tahrir al-Sham"),
                                  ("Taliban", "Tehrik-e Taliban Pakistan"), ("Jaysh al-Fath", "Jabhat Fath al-Sham")])
def test_name_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_acronyms() -> None:
    assert acronym_of("Jaish al Muhajireen wal Ansar") == "JMA"
    assert acronym_of("Syria Revolutionaries Front") == "SRF"


@pytest.mark.parametrize("text, ref, iso, precision", [
    ("Sept. 23", "2014-10-07", "2014-09-23", 1),
    ("December 28", "2020-01-06", "2019-12-28", 1),
    ("early September", "2014-10-07", "2014-09-01", 3),
    ("last week", "2014-10-07", "2014-09-30", 2),
    ("Tuesday", "2014-06-12", "2014-06-10", 1),
    ("March 3, 2017", None, "2017-03-03", 1),
    ("2012", None, "2012-01-01", 3),
    ("the following month", None, None, None),
])
def test_relative_dates(text: str, ref: str | None, iso: str | None, precision: int | None) -> None:
    assert resolve_date(text, ref) == (iso, precision)


def test_sentence_hints_keep_brackets_and_abbreviations(blank) -> None:
    words = ["They", "drove", "out", "the", "Assadites", "[", "army", "troops", "]", "from", "Handarat", "in", "N.",
             "Aleppo", "."]
    doc = Doc(blank.vocab, words=words)
    doc = SentenceHints()(doc)
    assert doc[5].is_sent_start is False and doc[9].is_sent_start is False and doc[13].is_sent_start is False


def test_sentence_hints_break_at_paragraphs(blank) -> None:
    doc = blank.make_doc('He said "we are on a separate road."\n\nAl-Mourabitoun claimed the bombing.')
    doc = SentenceHints()(doc)
    first_after_break = next(t for t in doc if t.text == "Al")
    assert first_after_break.is_sent_start is True


def test_catalog_names_match_and_prose_does_not(blank) -> None:
    finder = ActorFinder(blank)
    doc = blank.make_doc("Fighters of Jabhat al-Nusra and Ahrar al-Sham overran the base at Abu al-Duhur.")
    mentions = finder._catalog_mentions(doc)
    ids = {m.catalog_id for m in mentions}
    assert "al-nusrah-front" in ids and "ahrar-al-sham" in ids
    assert not any(m.text.lower() == "the base" for m in mentions)  # al-Qaeda's translation, but lowercase prose


def test_alias_glue_links_neighbouring_names(blank) -> None:
    doc = blank.make_doc("The Harakat Hazm, or Hazm Movement, took the hill.")
    doc._.mentions = [Mention(1, 3, "armed_group", "shape", "Harakat Hazm"),
                      Mention(5, 7, "armed_group", "shape", "Hazm Movement")]
    doc = AliasLinker(blank)(doc)
    assert len(doc._.clusters) == 1
    assert set(doc._.clusters[0].names) == {"Harakat Hazm", "Hazm Movement"}


def test_acronym_used_later_joins_its_name(blank) -> None:
    doc = blank.make_doc("Jaish al Muhajireen wal Ansar fighters advanced. Later JMA fighters retreated.")
    doc._.mentions = [Mention(0, 5, "armed_group", "shape", "Jaish al Muhajireen wal Ansar")]
    doc = AliasLinker(blank)(doc)
    assert len(doc._.clusters) == 1 and "JMA" in doc._.clusters[0].names


def _clusters_of_two_names(blank, a: str, b: str) -> int:
    text = f"{a} fighters advanced on Monday. On Tuesday {b} fighters withdrew."
    doc = blank.make_doc(text)
    spans = [doc.char_span(text.index(n), text.index(n) + len(n), alignment_mode="expand") for n in (a, b)]
    doc._.mentions = [Mention(sp.start, sp.end, "armed_group", "shape", sp.text) for sp in spans]
    return len(AliasLinker(blank)(doc)._.clusters)


@pytest.mark.parametrize("a, b", [
    ("Jaysh Suyuf al-Jabal", "Jabhat Suyuf al-Jabal"),  # two heads, no translation: two actors
    ("Liwa Suqour al-Ghab", "Harakat Suqour al-Ghab"),
    ("Jaysh al-Fath", "Jabhat Fath al-Sham"),
])
def test_equal_cores_with_different_heads_stay_apart(blank, a: str, b: str) -> None:
    assert _clusters_of_two_names(blank, a, b) == 2


@pytest.mark.parametrize("a, b", [
    ("Jaish Suqour al-Ghab", "Suqour al-Ghab"),  # a short form without a head
    ("Jaish Suqour al-Ghab", "Suqour al-Ghab Army"),  # the head translated
    ("Harakat Nour al-Jabal", "Nour al-Jabal Movement"),
])
def test_equal_cores_with_agreeing_heads_join(blank, a: str, b: str) -> None:
    assert _clusters_of_two_names(blank, a, b) == 1


@pytest.mark.parametrize("text, name", [
    ("Clashes with al-Nusra[3] continued.", "Nusra"),
    ("The Hay’at Tahrir al-Sham[12] statement followed.", "Sham"),
    ("Analysts cite JN.[4] as the main force.", "JN."),
])
def test_footnote_markers_are_split_from_names(text: str, name: str) -> None:
    from factions.extract.tokenizer import adapt_tokenizer

    nlp = adapt_tokenizer(spacy.blank("en"))
    tokens = [t.text for t in nlp(text)]
    assert name in tokens and "[" in tokens and "]" in tokens
    assert [t.text for t in nlp("a list [3] and x[a]")][-2:] == ["x[a", "]"]  # only digit markers
