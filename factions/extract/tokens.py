"""The tokens and text of the Doc being read, built once and shared by the components.

spaCy makes a new `Token` object on every `doc[i]` and every step of `for t in doc`, and
`Doc.text` joins all the tokens again on each access. Our components walk each document
a dozen times, so most of their time went into making the same objects over and over
(bench/profile_extract.py). `tokens(doc)` is `list(doc)`, made once per document;
`doc_text(doc)` is `doc.text`, joined once. `columns(doc)` holds the attributes the
components filter on as plain lists of strings, so that a walk over the whole document
reads list items and touches a `Token` only where something may be found.

The cache holds one document per thread, the last one asked about: the components read
one Doc from start to end before the next (spaCy streams each Doc through the components
that have no `pipe` of their own), so one slot serves all of them, and no reference from
the Doc to its tokens (a cycle only the garbage collector could break) keeps finished
documents alive. A Doc is never retokenized after the parser; the length check guards
the cache all the same.
"""
from __future__ import annotations

import threading
from functools import cached_property
from operator import attrgetter
from typing import Any, Callable

from spacy.attrs import HEAD
from spacy.tokens import Doc, Span, Token

from factions.extract.state import sentence_bounds

_last = threading.local()


def tokens(doc: Doc) -> list[Token]:
    """The tokens of `doc` as a list (`toks[i]` is `doc[i]`, without making a new object each time)."""
    cached = getattr(_last, "tokens", None)
    if cached is None or cached[0] is not doc or len(cached[1]) != len(doc):
        cached = (doc, list(doc))
        _last.tokens = cached
    return cached[1]


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once per document."""
    cached = getattr(_last, "text", None)
    if cached is None or cached[0] is not doc:
        cached = (doc, doc.text)
        _last.text = cached
    return cached[1]


def span_text(span: Span) -> str:
    """`span.text`, cut from the document's text (`Span.text` joins a new Token per word)."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def sentence_tokens(doc: Doc, i: int) -> list[Token]:
    """The tokens of the sentence that holds token i (iterating the `Span` would make each one anew)."""
    start, end = sentence_bounds(doc)[i]
    return tokens(doc)[start:end]


def heads(doc: Doc) -> list[int]:
    """Index of each token's syntactic head (`heads(doc)[i]` is `doc[i].head.i`), read once per parsed document."""
    cached = getattr(_last, "heads", None)
    if cached is None or cached[0] is not doc or len(cached[1]) != len(doc):
        offsets = doc.to_array(HEAD).astype("int64").tolist()  # relative offsets, stored unsigned
        cached = (doc, [i + off for i, off in enumerate(offsets)])
        _last.heads = cached
    return cached[1]


def _column(attr: str, convert: Callable[[Any], Any] | None = None) -> cached_property:
    """A Columns attribute: `attr` of every token, read on first use (and passed through `convert`)."""
    read = attrgetter(attr)

    def column(self: Columns) -> list:
        values = map(read, self._toks)
        return list(map(convert, values) if convert else values)
    return cached_property(column)


class Columns:
    """Token attributes of one Doc as lists, each read on first use: `columns(doc).lower[i]` is
    `doc[i].lower_`. The words' own (text, lower, is_punct, is_space, like_num, space_after) may be read at
    any time; the others read the parse: ask for them only after the parser, tagger and lemmatizer."""

    def __init__(self, toks: list[Token]) -> None:
        self._toks = toks

    text = _column("text")
    lower = _column("lower_")
    lemma = _column("lemma_")  # as spaCy writes it, not lowercased
    pos = _column("pos_")
    tag = _column("tag_")
    dep = _column("dep_")
    is_punct = _column("is_punct")
    is_space = _column("is_space")
    like_num = _column("like_num")
    sent_start = _column("is_sent_start", bool)  # None (not known) reads False
    space_after = _column("whitespace_", bool)  # " " or ""


def columns(doc: Doc) -> Columns:
    """The Doc's token attributes as lists, kept for the document being read."""
    cached = getattr(_last, "columns", None)
    if cached is None or cached[0] is not doc or len(cached[1]._toks) != len(doc):
        cached = (doc, Columns(tokens(doc)))
        _last.columns = cached
    return cached[1]
