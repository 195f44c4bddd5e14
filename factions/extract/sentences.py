"""Component `factions_sentences`: sentence-boundary hints the parser respects.

Runs before the parser. A paragraph break always ends a sentence. Editorial insertions in brackets ("the Assadites [Syrian
Arab Army troops] from Handarat") and abbreviations such as "N. Aleppo" or
"Gen. Smith" are not sentence starts; without this the parser splits the fact
from its place.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from factions.extract.tokens import columns, tokens

ABBREVIATIONS = {"n.", "s.", "e.", "w.", "gen.", "col.", "lt.", "maj.", "capt.", "sgt.", "dr.", "mr.", "mrs.",
                 "ms.", "st.", "mt.", "no.", "sept.", "oct.", "nov.", "dec.", "jan.", "feb.", "aug.", "u.s.",
                 "u.n.", "u.k.", "sen.", "rep.", "gov.", "pres.", "brig."}


class SentenceHints:
    def __call__(self, doc: Doc) -> Doc:
        toks = tokens(doc)
        # lexical columns only: this runs before the parser (a token's `whitespace_` is " " or "", never "\n\n")
        cols = columns(doc)
        text, lower, space = cols.text, cols.lower, cols.is_space
        depth = 0
        for i, tok in enumerate(toks):
            # a blank line ends a paragraph, and a sentence never runs across paragraphs
            if i > 0 and space[i - 1] and "\n\n" in text[i - 1]:
                tok.is_sent_start = True
                depth = 0
                continue
            if space[i] and i > 0:
                continue
            if i > 0 and (depth > 0 or text[i] == "[" or lower[i - 1] in ABBREVIATIONS):
                tok.is_sent_start = False
            if text[i] in {"[", "("}:
                depth += 1
            elif text[i] in {"]", ")"} and depth:
                depth -= 1
                if i + 1 < len(toks):
                    toks[i + 1].is_sent_start = False
        return doc


@Language.factory("factions_sentences", assigns=["token.is_sent_start"])
def make_sentence_hints(nlp: Language, name: str) -> SentenceHints:
    return SentenceHints()
