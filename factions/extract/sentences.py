"""Component `factions_sentences`: sentence-boundary hints the parser respects.

Runs before the parser. A paragraph break always ends a sentence. Editorial insertions in brackets ("the Assadites [Syrian
Arab Army troops] from Handarat") and abbreviations such as "N. Aleppo" or
"Gen. Smith" are not sentence starts; without this the parser splits the fact
from its place.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from factions.extract.tokens import tokens

ABBREVIATIONS = {"n.", "s.", "e.", "w.", "gen.", "col.", "lt.", "maj.", "capt.", "sgt.", "dr.", "mr.", "mrs.",
                 "ms.", "st.", "mt.", "no.", "sept.", "oct.", "nov.", "dec.", "jan.", "feb.", "aug.", "u.s.",
                 "u.n.", "u.k.", "sen.", "rep.", "gov.", "pres.", "brig."}


class SentenceHints:
    def __call__(self, doc: Doc) -> Doc:
        toks = tokens(doc)
        depth = 0
        for tok in toks:
            # a blank line ends a paragraph, and a sentence never runs across paragraphs
            if tok.i > 0 and "\n\n" in toks[tok.i - 1].whitespace_ + (toks[tok.i - 1].text if toks[tok.i - 1].is_space else ""):
                tok.is_sent_start = True
                depth = 0
                continue
            if tok.is_space and tok.i > 0:
                continue
            if tok.i > 0 and (depth > 0 or tok.text == "[" or toks[tok.i - 1].lower_ in ABBREVIATIONS):
                tok.is_sent_start = False
            if tok.text in {"[", "("}:
                depth += 1
            elif tok.text in {"]", ")"} and depth:
                depth -= 1
                if tok.i + 1 < len(doc):
                    toks[tok.i + 1].is_sent_start = False
        return doc


@Language.factory("factions_sentences", assigns=["token.is_sent_start"])
def make_sentence_hints(nlp: Language, name: str) -> SentenceHints:
    return SentenceHints()
