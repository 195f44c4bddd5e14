"""Component `factions_modality`: negation, hedging and attribution of each relation and event.

Walks from the word that states a fact up to the root of its sentence:
- negated: a negation on the trigger or a governing verb ("doesn't fight us",
  "never pledged"), or a denial verb above it ("denied fighting alongside X");
- hedged: a hedge adverb or modal ("reportedly", "may"), or a hedging verb above
  it ("is considered to be", "is believed to", "is said to");
- attributed_to: the quote that contains it (its speaker), a speech verb above it
  ("X said that ..."), or "According to X" in the sentence;
- irrealis: a fear, plan or threat ("feared X would attack us") is not a fact, and
  the candidate is dropped.
Also sets each candidate's date and place from the sentence.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from factions.extract.quotes import quote_at
from factions.extract.resources import words
from factions.extract.state import sentence_bounds, sentence_of
from factions.extract.tokens import columns, heads, tokens


# Dependencies that attach a noun phrase to its governor: "Nusra's emir, X, has not spoken" does not
# negate that X leads Nusra.
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "appos", "poss", "compound", "npadvmod", "dative", "agent"}


class ModalityReader:
    def __init__(self, nlp: Language) -> None:
        self.neg = words("negation_words")
        self.neg_verbs = words("negating_verbs")
        self.hedge = words("hedge_words")
        self.hedge_verbs = words("hedge_verbs")
        self.speech = words("speech_verbs")
        self.irrealis = words("irrealis_verbs")

    def _chain(self, tok: Token) -> list[Token]:
        """The trigger and the words that govern it, up to the sentence root."""
        toks, head = tokens(tok.doc), heads(tok.doc)
        chain = [tok]
        while head[chain[-1].i] != chain[-1].i and len(chain) < 8:
            chain.append(toks[head[chain[-1].i]])
        return chain

    def analyse(self, doc: Doc, trigger: int, clusters: list) -> dict | None:
        toks = tokens(doc)
        tok = toks[trigger]
        chain = self._chain(tok)
        negated = hedged = False
        attributed: str | None = None
        in_argument = False  # once the path enters a noun phrase argument, the clause's negation is not ours
        for depth, t in enumerate(chain):
            kids = list(t.children)
            if depth > 0 and chain[depth - 1].dep_ in ARGUMENT_DEPS:
                in_argument = True
            verbal = t.pos_ in {"VERB", "AUX"} or depth == 0
            if not in_argument and verbal and any(c.dep_ == "neg" or (c.lower_ in {"never", "no"} and c.dep_ in {"neg", "advmod", "det"})
                              for c in kids):
                # a negated speech verb above the fact negates the saying, not the fact ("did not say")
                if depth == 0 or t.lemma_.lower() not in self.speech:
                    negated = not negated
            if not in_argument and any(c.lower_ in self.hedge and c.dep_ in {"advmod", "aux", "amod"} for c in kids):
                hedged = True
            lemma = t.lemma_.lower()
            if depth > 0 and lemma in self.irrealis and t.pos_ == "VERB":
                return None
            if depth > 0 and not in_argument and lemma in self.neg_verbs:
                negated = not negated
                subj = [c for c in kids if c.dep_ == "nsubj"]
                if subj and attributed is None:
                    attributed = self._phrase(subj[0], clusters)
            if depth > 0 and not in_argument and lemma in self.hedge_verbs and (t.tag_ == "VBN" or any(
                    c.dep_ in {"nsubjpass", "auxpass"} for c in kids) or t.dep_ in {"amod", "relcl"}):
                hedged = True  # "is considered to be", "is believed to", "is said to"
            if depth > 0 and lemma in self.speech and attributed is None and chain[depth - 1].dep_ in {
                    "ccomp", "parataxis", "xcomp", "dobj", "advcl"}:
                subj = [c for c in kids if c.dep_ == "nsubj"]
                if subj and subj[0].lower_ not in {"it", "there"}:
                    attributed = self._phrase(subj[0], clusters)
        if True:
            lower, (start, end) = columns(doc).lower, sentence_bounds(doc)[tok.i]
            for t in [toks[i] for i in range(start, end) if lower[i] == "according" or lower[i] in self.hedge]:
                if t.lower_ == "according" and t.i + 1 < len(doc) and toks[t.i + 1].lower_ == "to":
                    pobj = [c for c in toks[t.i + 1].children if c.dep_ == "pobj"]
                    if pobj and attributed is None:
                        attributed = self._phrase(pobj[0], clusters)
                if t.lower_ in self.hedge and t.dep_ in {"advmod", "aux", "amod"} and t.head.i == tok.i:
                    hedged = True
        quote = quote_at(doc, trigger)
        if quote is not None and quote.speaker:
            attributed = self._speaker_name(quote, clusters) or attributed
        return {"negated": negated, "hedged": hedged, "attributed_to": attributed}

    def _speaker_name(self, quote, clusters: list) -> str | None:  # noqa: ANN001 - Quote lives in quotes.py
        if quote.speaker_cluster is not None and clusters[quote.speaker_cluster].kind != "person" \
                and quote.speaker and quote.speaker.lower() in {"they", "it", "he", "she"}:
            return clusters[quote.speaker_cluster].name
        return quote.speaker

    def _phrase(self, tok: Token, clusters: list) -> str:
        doc = tok.doc
        for m in doc._.mentions or []:
            if m.start <= tok.i < m.end and m.cluster is not None and m.generic:
                return clusters[m.cluster].name
        toks = [t for t in tok.subtree if t.dep_ not in {"relcl", "acl", "punct", "appos"}]
        toks = [t for t in toks if abs(t.i - tok.i) <= 6]
        lo, hi = min(t.i for t in toks), max(t.i for t in toks)
        return doc[lo:hi + 1].text

    def _sentence_date(self, doc: Doc, sent_start: int, sent_end: int,
                       head: int | None = None, near: int | None = None) -> tuple[str | None, int | None]:
        """The date of a fact stated in this sentence. With the fact's word (`head`): the date phrase
        of that word's own clause, nearest the word ("expelled X last autumn and pushed Y into
        dissolving at the start of this month": Y's fact is not last autumn's), or nearest `near` (a
        pair's later end: "A's stocks in 2015 and B's in 2016 were taken"), None when that phrase does
        not resolve (the report's date then stands); else the sentence's first resolved date."""
        phrases = [d for d in doc._.dates or [] if sent_start <= d.start < sent_end]
        if head is not None and len(phrases) > 1:
            clause = {t.i for t in doc[head].subtree}
            for conj in doc[head].conjuncts:  # a coordinated verb after this one is another clause
                if conj.i > head:
                    clause -= {t.i for t in conj.subtree}
            inside = [d for d in phrases if d.start in clause]
            if inside:
                anchor = head if near is None else near
                d = min(inside, key=lambda d: abs(d.start - anchor))
                return (d.iso, d.precision) if d.iso else (None, None)
        for d in phrases:
            if d.iso:
                return d.iso, d.precision
        return None, None

    @staticmethod
    def clause_word(doc: Doc, token: int, stop: int) -> int:
        """The verb whose clause holds this token (its nearest verb above it), or `stop` when the walk
        up reaches it first: the word a pair's later end is stated by."""
        t = doc[token]
        while t.pos_ not in ("VERB", "AUX") and t.i != stop and t.head.i != t.i:
            t = t.head
        return t.i

    def __call__(self, doc: Doc) -> Doc:
        clusters = doc._.clusters or []
        kept = []
        for rel in doc._.relations or []:
            mod = self.analyse(doc, rel.trigger, clusters)
            if mod is None:
                continue
            rel.negated, rel.hedged, rel.attributed_to = mod["negated"], mod["hedged"], mod["attributed_to"]
            sent = sentence_of(doc, rel.trigger)
            rel.date = self._sentence_date(doc, sent.start, sent.end, rel.trigger)[0]
            quote = quote_at(doc, rel.trigger)
            if rel.date is None and quote is not None and quote.start > 0:
                # what a quote says dates from when it was said: the date of the sentence that introduces it
                intro = sentence_of(doc, quote.start - 1)
                rel.date = self._sentence_date(doc, intro.start, intro.end)[0]
            rel.confidence = round(0.85 - (0.15 if rel.hedged else 0) - (0.1 if rel.attributed_to else 0), 2)
            kept.append(rel)
        doc._.relations = kept
        return doc


@Language.factory("factions_modality", requires=["doc._.relations", "doc._.speakers", "doc._.dates"],
                  assigns=["doc._.relations"])
def make_modality_reader(nlp: Language, name: str) -> ModalityReader:
    return ModalityReader(nlp)
