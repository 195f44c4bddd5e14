"""The shared per-document token cache (factions/extract/tokens.py) against spaCy's own views, on the real pipeline."""
from __future__ import annotations

from spacy.tokens import Doc

from factions.extract.tokens import columns, doc_text, heads, sentence_tokens, span_text, tokens

FIRST = ("Harakat Hazm fighters clashed with Jabhat al-Nusra near Atarib on Monday. "
         "The group said it had lost two men.\n\nLater, Turkish troops crossed the border.")
SECOND = "Ahrar al-Sham denied the report. Its spokesman said nothing more."


def _parsed(nlp, text: str) -> Doc:
    return nlp(text)


def test_tokens_are_the_docs_tokens(nlp) -> None:
    doc = _parsed(nlp, FIRST)
    toks = tokens(doc)
    assert [(t.i, t.text, t.lemma_, t.dep_) for t in toks] == [(t.i, t.text, t.lemma_, t.dep_) for t in doc]
    assert all(t.doc is doc for t in toks)
    assert tokens(doc) is toks  # made once, then shared


def test_cache_follows_the_document_asked_about(nlp) -> None:
    first, second = _parsed(nlp, FIRST), _parsed(nlp, SECOND)
    # alternating between two documents never hands one the other's tokens or text
    for doc, text in ((first, FIRST), (second, SECOND), (first, FIRST), (second, SECOND)):
        toks = tokens(doc)
        assert len(toks) == len(doc) and all(t.doc is doc for t in toks)
        assert doc_text(doc) == text == doc.text
        assert heads(doc) == [t.head.i for t in doc]


def test_sentence_tokens_and_heads_agree_with_spacy(nlp) -> None:
    doc = _parsed(nlp, FIRST)
    for sent in doc.sents:
        for t in sent:
            assert [u.i for u in sentence_tokens(doc, t.i)] == [u.i for u in sent]
    assert heads(doc) == [t.head.i for t in doc]
    assert any(h != i for i, h in enumerate(heads(doc)))  # a parsed document has heads other than itself


def test_columns_are_the_token_attributes(nlp) -> None:
    for text in (FIRST, SECOND):
        doc = _parsed(nlp, text)
        cols = columns(doc)
        assert cols.text == [t.text for t in doc] and cols.lower == [t.lower_ for t in doc]
        assert cols.lemma == [t.lemma_ for t in doc] and cols.pos == [t.pos_ for t in doc]
        assert cols.tag == [t.tag_ for t in doc] and cols.dep == [t.dep_ for t in doc]
        assert cols.is_punct == [t.is_punct for t in doc] and cols.is_space == [t.is_space for t in doc]
        assert cols.like_num == [t.like_num for t in doc]
        assert cols.sent_start == [bool(t.is_sent_start) for t in doc]
        assert cols.space_after == [t.whitespace_ != "" for t in doc]
        assert "PROPN" in cols.pos and True in cols.sent_start[1:]  # annotated: not all defaults


def test_span_text_is_the_spans_text(nlp) -> None:
    doc = _parsed(nlp, FIRST)
    spans = list(doc.sents) + list(doc.ents) + [doc[i:j] for i in range(0, len(doc), 3) for j in range(i + 1, len(doc), 5)]
    assert spans and all(span_text(s) == s.text for s in spans)
