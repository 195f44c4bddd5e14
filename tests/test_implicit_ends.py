"""Relation ends a sentence implies without naming them (factions/extract/implicit.py).

The real rule pipeline (spaCy model + factions components) reads short reports
written for these tests; each checks which candidate pairs `sentence_pairs` builds
for one sentence, and how an implied end was found. The negative cases matter as
much: an implied end read by guess would teach and predict false relations.
"""
from __future__ import annotations

from functools import lru_cache

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from factions.extract.implicit import field_label
from factions.extract.learn.pairs import PairCandidate, sentence_pairs

PROFILE = ("Jaysh al-Islam is a Salafist rebel group of the Eastern Ghouta. Jaysh al-Islam held Douma for five years. "
           "In 2016 Jaysh al-Islam fought Faylaq al-Rahman over the wheat fields of the Ghouta. ")


@lru_cache(maxsize=1)
def _rules() -> Language:
    from factions.extract.pipeline import build_pipeline

    return build_pipeline(rules_only=True)


def parse(text: str) -> Doc:
    return _rules()(text)


def pairs_of(doc: Doc, needle: str) -> list[PairCandidate]:
    """The candidate pairs of the sentence that holds `needle`."""
    sent = next(s for s in doc.sents if needle in s.text)
    return sentence_pairs(doc, (sent.start, sent.end), doc._.mentions, doc._.clusters, doc._.relations or [])


def ends(doc: Doc, pair: PairCandidate) -> dict[str, str]:
    """The pair's two actors, by name, with the source of the mention that stands for each."""
    clusters = doc._.clusters
    return {clusters[pair.a].name: pair.ma.source, clusters[pair.b].name: pair.mb.source}


def implied(doc: Doc, needle: str) -> set[tuple[str, str]]:
    """(actor, how) of every implied end in the sentence's pairs."""
    return {(name, how) for p in pairs_of(doc, needle) for name, how in ends(doc, p).items()
            if how in {"topic", "topic-alt", "topic-pronoun", "title"}}


def test_a_profiles_subjectless_sentence_pairs_its_topic_with_the_named_actor() -> None:
    doc = parse(PROFILE + "Founded in 2013 by Zahran Alloush. Widely reported to have been funded by Saudi Arabia.")
    assert ("Jaysh al-Islam", "topic") in implied(doc, "Zahran Alloush")
    assert ("Jaysh al-Islam", "topic") in implied(doc, "funded by Saudi Arabia")
    pair = next(p for p in pairs_of(doc, "Zahran Alloush") if "Zahran Alloush" in ends(doc, p))
    assert "src:topic|catalog" in pair.features and "a-ref" in pair.features  # the decider sees how it was found


def test_a_field_label_makes_its_sentence_about_the_topic_even_with_a_subject() -> None:
    doc = parse(PROFILE + "Backers: Saudi Arabia sent money and weapons through Jordan.")
    assert ("Jaysh al-Islam", "topic") in implied(doc, "Backers")


def test_no_topic_end_where_the_report_has_no_single_topic() -> None:
    # two groups named equally often: a subject-less sentence is about neither for certain
    doc = parse("Hamas and Fatah met in Cairo in May. Hamas and Fatah signed a deal there. "
                "Hamas and Fatah agreed to hold elections. Welcomed by Egypt as a first step.")
    assert implied(doc, "Welcomed by Egypt") == set()


def test_no_topic_end_where_the_sentence_names_its_subject() -> None:
    doc = parse(PROFILE + "Saudi Arabia denied sending money to the Ghouta.")
    assert implied(doc, "Saudi Arabia denied") == set()


@pytest.mark.parametrize("head, expected", [
    ("President Hassan Sheikh Mohamud", {("Federal Government of Somalia", "title")}),
    # the title's own country (Kenya) has no government named here: the Somali one is not meant
    ("Kenyan President Uhuru Kenyatta", set()),
])
def test_a_head_of_government_stands_for_the_government_of_his_title(head: str, expected: set) -> None:
    doc = parse(f"The Federal Government of Somalia closed the Kismayo road. "
                f"{head} declared total war against al-Shabaab on Sunday.")
    assert implied(doc, "total war") == expected


def test_a_reference_read_again_as_the_topic_is_never_paired_with_its_first_reading() -> None:
    doc = parse(PROFILE + "Faylaq al-Rahman accused Jaysh al-Islam of the killings. "
                "The group also clashed with Jabhat al-Nusra near Arbin.")
    for pair in pairs_of(doc, "near Arbin"):
        assert (pair.ma.start, pair.ma.end) != (pair.mb.start, pair.mb.end) or "topic-alt" not in \
            (pair.ma.source, pair.mb.source)


@pytest.mark.parametrize("text, label", [
    ("Status: designated a terrorist group in 2018.", "Status"),
    ("Alliances and feuds: fought Jaysh al-Islam in 2016.", "feuds"),
    ("- Leader: Issam al-Buwaydani.", "Leader"),
    ("He said: we will keep fighting.", None),
    ("The group fought in Douma.", None),
])
def test_field_labels(text: str, label: str | None) -> None:
    sent = next(iter(parse(text).sents))
    found = field_label(sent)
    assert (found.text if found is not None else None) == label
