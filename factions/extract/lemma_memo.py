"""The English model's rule lemmatizer, with each word's lemma remembered per (form, POS, morphology).

spaCy's `Lemmatizer.__call__` asks `rule_lemmatize` token by token: a Token, a
MorphAnalysis for its cache key, and a string set per word, and its cache misses every
word it treats as a base form (most nouns and verbs in a report). The rule lemmatizer's
answer depends on the word's text, POS and morphology only (`rule_lemmatize` and
English `is_base_form` read nothing else), so the first answer for each triple is kept
and the rest of the document reads it from the token table. Same lemmas
(tests/test_lemma_memo.py compares them on the samples and the dev split).
"""
from __future__ import annotations

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.tokens import Doc


class MemoLemmatizer(EnglishLemmatizer):
    """EnglishLemmatizer whose rule lemmas are looked up per (orth, pos, morph) after the first time."""

    MEMO_SIZE = 200_000  # triples kept; emptied when full

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables(Errors.E1004)
        error_handler = self.get_error_handler()
        try:
            return self._lemmatize_doc(doc)
        except Exception as e:  # what spaCy's loop does with a failure
            return error_handler(self.name, self, [doc], e)

    def _lemmatize_doc(self, doc: Doc) -> Doc:
        memo: dict[tuple[int, int, int], int] = self.__dict__.setdefault("_lemma_memo", {})
        if len(memo) > self.MEMO_SIZE:
            memo.clear()
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        toks = None
        strings = self.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if not self.overwrite and lemma != 0:
                continue
            key = (orth, pos, morph)
            h = memo.get(key)
            if toks is None:
                toks = list(doc)
            if h is None:
                h = strings.add(self.lemmatize(toks[i])[0])
                if pos != 0:  # an untagged word warns each time (W108), as spaCy's loop would
                    memo[key] = h
            toks[i].lemma = h
        return doc


def speed_up_lemmatizer(nlp: Language) -> Language:
    """Give nlp's English rule lemmatizer the memo (in place; returns nlp); any other lemmatizer is left as is."""
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        if type(lemmatizer) is EnglishLemmatizer and lemmatizer.mode == "rule":
            lemmatizer.__class__ = MemoLemmatizer  # same state, same tables: only __call__ differs
    return nlp
