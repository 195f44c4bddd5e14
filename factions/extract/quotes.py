"""Component `factions_quotes`: quoted speech, who speaks it, and who "we" is inside it.

A quote is a span between double quotes, or an indented block paragraph after a
sentence that ends with a colon (statements reproduced in full). Its speaker is
found from the speech verb around it: "X said", "quotes X as saying", "X told",
"According to A, B said:", '"...," X said.', or for a block the subject of the
introducing sentence ("X released a statement ...:"). First-person words inside
the quote ("we", "us", "our") become mentions of the speaker's group.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from factions.extract.resources import words
from factions.extract.state import Cluster, Mention
from factions.extract.state import sentence_of
from factions.extract.tokens import doc_text, tokens

QUOTE_CHARS = {'"', "\u201c", "\u201d", "``", "''"}
FIRST_PERSON = {"we", "us", "our", "ours", "ourselves"}
ACTOR_KINDS = {"armed_group", "state", "state_forces", "state_agency", "coalition", "political_org", "media"}


@dataclass
class Quote:
    start: int  # token index of the first quoted token
    end: int  # exclusive
    speaker: str | None  # the speaker as the report names it ("a Hazm fighter")
    speaker_cluster: int | None  # the speaker's own cluster (a person, a group)
    group_cluster: int | None  # the group the speaker speaks for: who "we" is


class QuoteFinder:
    def __init__(self, nlp: Language) -> None:
        self.speech = words("speech_verbs") | {"quote", "cite", "post", "write"}

    def _token_cluster(self, doc: Doc, tok: Token) -> int | None:
        for m in doc._.mentions:
            if m.start <= tok.i < m.end and m.cluster is not None:
                return m.cluster
        return None

    def _speaker_from_verb(self, doc: Doc, verb: Token) -> Token | None:
        if verb.lemma_ in {"quote", "cite"}:
            objs = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
            return objs[0] if objs else None
        subs = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subs:
            return subs[0]
        if verb.dep_ in {"advcl", "xcomp", "conj", "acl"}:  # "as saying", "saying": the speaker is the governor's
            return self._speaker_from_verb(doc, verb.head) if verb.head.i != verb.i else None
        return None

    def _speaker_near(self, doc: Doc, sent: Span, lo: int, hi: int) -> Token | None:
        """The speaker named by a speech verb in sent[lo:hi] (token indices, outside the quote)."""
        toks = tokens(doc)
        for tok in toks[lo:hi]:
            if tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in self.speech:
                spk = self._speaker_from_verb(doc, tok)
                if spk is not None:
                    return spk
        return None

    def _groups_of(self, doc: Doc, spk: Token, clusters: list[Cluster]) -> tuple[int | None, int | None]:
        """(speaker's cluster, group spoken for) from the speaker's noun phrase."""
        own = self._token_cluster(doc, spk)
        group = own if own is not None and clusters[own].kind in ACTOR_KINDS else None
        if group is None:
            for t in spk.subtree:  # "a Hazm fighter", "a commander of Ahrar al-Sham"
                c = self._token_cluster(doc, t)
                if c is not None and clusters[c].kind in ACTOR_KINDS:
                    group = c
                    break
        return own, group

    def _phrase(self, spk: Token) -> str:
        toks = [t for t in spk.subtree if t.dep_ not in {"relcl", "acl", "punct"} and t.i <= spk.i + 6]
        lo, hi = min(t.i for t in toks), max(t.i for t in toks)
        return spk.doc[lo:hi + 1].text

    def _spans(self, doc: Doc) -> list[tuple[int, int]]:
        toks = tokens(doc)
        spans, open_at = [], None
        for tok in toks:
            if tok.text in QUOTE_CHARS:
                if open_at is None:
                    open_at = tok.i + 1
                else:
                    spans.append((open_at, tok.i))
                    open_at = None
            elif open_at is not None and "\n\n" in tok.whitespace_ + tok.text and tok.i - open_at > 200:
                open_at = None  # an unbalanced quote does not swallow the report
        # Indented blocks: paragraphs whose lines start with 4+ spaces or '>'.
        for match in re.finditer(r"(?m)^(?:[ \t]{4,}|>\s?)\S.*(?:\n(?:[ \t]{4,}|>\s?|[ \t]*$).*)*", doc_text(doc)):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None and not any(s <= span.start < e for s, e in spans):
                spans.append((span.start, span.end))
        return sorted(spans)

    def __call__(self, doc: Doc) -> Doc:
        clusters: list[Cluster] = doc._.clusters or []
        quotes: list[Quote] = []
        taken = {i for m in doc._.mentions for i in range(m.start, m.end)}
        prev_quote: Quote | None = None
        for start, end in self._spans(doc):
            if start >= len(doc):
                continue
            sent = sentence_of(doc, start)
            spk = self._speaker_near(doc, sent, sent.start, max(start - 1, sent.start))
            if spk is None and end < len(doc):
                after = sentence_of(doc, end) if end < len(doc) else sent
                spk = self._speaker_near(doc, after, end, after.end)
            if spk is None and start > 0:
                # A block after "X released a statement ...:": the introducing sentence's subject.
                intro = sentence_of(doc, start - 1)
                if intro.text.rstrip().endswith(":") or doc[start - 1].text == ":":
                    roots = [t for t in intro if t.dep_ == "ROOT"]
                    if roots:
                        spk = self._speaker_from_verb(doc, roots[0])
            if spk is None and prev_quote is not None and start - prev_quote.end < 40:
                q = Quote(start, end, prev_quote.speaker, prev_quote.speaker_cluster, prev_quote.group_cluster)
            elif spk is None:
                q = Quote(start, end, None, None, None)
            else:
                own, group = self._groups_of(doc, spk, clusters)
                q = Quote(start, end, self._phrase(spk), own, group)
            quotes.append(q)
            prev_quote = q
            if q.group_cluster is None:
                continue
            for tok in tokens(doc)[start:end]:
                if tok.lower_ in FIRST_PERSON and tok.i not in taken:
                    m = Mention(tok.i, tok.i + 1, clusters[q.group_cluster].kind, "pronoun", tok.text, generic=True,
                                cluster=q.group_cluster)
                    doc._.mentions.append(m)
                    clusters[q.group_cluster].mentions.append(m)
                    taken.add(tok.i)
        doc._.mentions.sort(key=lambda m: m.start)
        doc._.speakers = quotes
        return doc


@Language.factory("factions_quotes", requires=["doc._.mentions", "doc._.clusters", "token.dep"],
                  assigns=["doc._.speakers", "doc._.mentions"])
def make_quote_finder(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder(nlp)


def quote_at(doc: Doc, token_index: int) -> Quote | None:
    """The innermost quote that contains a token, if any."""
    best = None
    for q in doc._.speakers or []:
        if q.start <= token_index < q.end and (best is None or q.end - q.start < best.end - best.start):
            best = q
    return best
