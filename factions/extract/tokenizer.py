"""Tokenizer rules the genre needs beyond spaCy's English defaults.

Think-tank analysis glues footnote markers to names ("al-Nusra[3]", "Hay’at Tahrir
al-Sham[12]", "JN.[4]"); spaCy's English tokenizer keeps "Nusra[3" as one token, so no
catalog phrase or name shape can match the name. An infix rule splits a "[" that opens
a 1-3 digit marker from the word before it (and a ")" glued before it: "(TTP)[5]"); the
closing "]" is already a suffix.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.util import compile_infix_regex, compile_suffix_regex

FOOTNOTE_OPEN = r"(?<=[^\s\[])\[(?=\d{1,3}(?:\]|$))"  # the tokenizer has taken the "]" off by then
# "(TTP)[5]", '"Decisive Storm"[1]': a closing bracket or quote before a marker stays glued ("TTP)")
# unless split too.
PAREN_BEFORE_FOOTNOTE = r"(?<=\w)[)\"\u201d\u2019](?=\[\d)"


# "al-Shuhada2", "al-Baghdadi2": a superscript footnote number flattened onto the end of a name (a lowercase
# word of three letters or more; "M23", "G5" and "Su-24" keep their digits).
GLUED_FOOTNOTE = r"(?<=[a-z]{3})\d{1,2}$"


def adapt_tokenizer(nlp: Language) -> Language:
    """Add the genre's infix and suffix rules to nlp's tokenizer (in place; returns nlp)."""
    infixes = list(nlp.Defaults.infixes or []) + [FOOTNOTE_OPEN, PAREN_BEFORE_FOOTNOTE]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    suffixes = list(nlp.Defaults.suffixes or []) + [GLUED_FOOTNOTE]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    return nlp


def reset_word_cache(nlp: Language) -> Language:
    """Empty the tokenizer's cache of words (in place; returns nlp); the tokens it makes stay the same.

    spaCy caches how each word splits, up to `max_cache_size` (10,000) words, and caches no more once
    full. Building factions' matchers tokenizes thousands of catalog and gazetteer phrases, which filled
    the cache and left reports tokenized uncached, five times slower than by a fresh model. Setting the
    special-case rules again (to themselves) is spaCy's public way to start a new cache.
    """
    nlp.tokenizer.rules = nlp.tokenizer.rules
    return nlp
