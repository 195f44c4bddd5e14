"""Component `factions_reference`: generic noun phrases and pronouns that point at an actor.

- "the group", "the jihadist group", "the militia", "the coalition" resolve to the
  most salient compatible actor of the previous sentences (the subject of a
  sentence, else its first actor): that is how reports chain descriptions.
- "the regime", "regime forces", "the Assadites", "a regime tank" resolve to the
  government side of the country the report is about (a catalog state_forces
  entry), created if the document never names it.
- "it", "its", "they", "them", "their" resolve the same way; first-person words
  ("we", "us", "our") are left to the quote component, which knows the speaker.
"""
from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span

from factions.extract.resources import catalog, lexicon, words
from factions.extract.state import Cluster, Mention
from factions.extract.tokens import tokens

ACTOR_KINDS = {"armed_group", "state", "state_forces", "state_agency", "coalition", "political_org", "media"}
PRONOUNS = {"it": "sg", "its": "sg", "itself": "sg", "they": "pl", "them": "pl", "their": "pl", "themselves": "pl"}
GOVERNMENT_WORDS = {"regime", "assadites", "loyalist", "loyalists", "pro-government", "pro-regime"}


class ReferenceResolver:
    def __init__(self, nlp: Language) -> None:
        self.cat = catalog()
        self.generic = {str(k).lower(): set(v) for k, v in lexicon().get("generic_references", {}).items()}
        self.gov_words = words("government_side_words") | GOVERNMENT_WORDS

    # -- salience ---------------------------------------------------------------------------------
    def _sentence_actors(self, doc: Doc, sent: Span, clusters: list[Cluster]) -> list[int]:
        """Actor clusters of a sentence, most salient first (subject, then order of mention)."""
        found: list[tuple[int, int, int, int]] = []
        for m in doc._.mentions:
            if sent.start <= m.start < sent.end and m.cluster is not None and clusters[m.cluster].kind in ACTOR_KINDS:
                head = doc[m.start:m.end].root
                is_subject = 0 if head.dep_ in {"nsubj", "nsubjpass"} else 1
                # a name used as a modifier ("Caucasus Emirate leader X") is not what the sentence is about
                is_modifier = 1 if head.dep_ in {"compound", "poss", "amod"} and head.head.i >= m.end else 0
                seen_before = sum(1 for x in clusters[m.cluster].mentions if x.start < m.start)
                found.append((is_subject + is_modifier, -seen_before, m.start, m.cluster))
        found.sort()
        seen, out = set(), []
        for *_, c in found:
            if c not in seen:
                seen.add(c)
                out.append(c)
        return out

    def _antecedent(self, doc: Doc, sents: list[Span], si: int, before: int, kinds: set[str],
                    clusters: list[Cluster], exclude: set[int], same_sentence: bool = True) -> int | None:
        # Same sentence first (mentions before the reference), then up to three sentences back.
        same = [m.cluster for m in doc._.mentions if sents[si].start <= m.start < before and m.cluster is not None
                and same_sentence]
        for c in reversed(same):
            # a country named in the same sentence is usually a location, not the antecedent
            if clusters[c].kind in kinds - {"state"} and c not in exclude and not clusters[c].mentions[0].generic:
                return c
        for back in range(1, 4):
            if si - back < 0:
                break
            for c in self._sentence_actors(doc, sents[si - back], clusters):
                if clusters[c].kind in kinds and c not in exclude:
                    return c
        return None

    def _named_after(self, doc: Doc, clusters: list[Cluster], noun: str, at: int) -> int | None:
        """The actor whose name has this head noun; among several, the one mentioned most up to here."""
        found = [i for i, c in enumerate(clusters) if c.kind in ACTOR_KINDS
                 and any(noun in n.lower().split() for n in c.names)]
        if len(found) <= 1:
            return found[0] if found else None

        def salience(i: int) -> tuple[int, int]:
            before = [m.start for m in clusters[i].mentions if m.start < at]
            return (len(before), max(before, default=-1))
        best = max(found, key=salience)
        return best if salience(best)[0] > 0 else None

    def _clause_subjects(self, tok) -> set[int]:  # noqa: ANN001 - a spaCy Token
        """Clusters of the subject of the pronoun's own clause: "X designated it" - 'it' is not X."""
        if tok.dep_ not in {"dobj", "pobj", "dative", "obj"}:
            return set()
        verb = tok.head if tok.dep_ != "pobj" else tok.head.head
        out = set()
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                for m in child.doc._.mentions or []:
                    if m.start <= child.i < m.end and m.cluster is not None:
                        out.add(m.cluster)
        return out

    def _only_one(self, clusters: list[Cluster], kinds: set[str]) -> int | None:
        """The document's single actor of these kinds, wherever it is named (a forward reference)."""
        found = [i for i, c in enumerate(clusters) if c.kind in kinds and c.names]
        return found[0] if len(found) == 1 else None

    # -- government side ----------------------------------------------------------------------------
    def _government(self, doc: Doc, clusters: list[Cluster]) -> int | None:
        for i, c in enumerate(clusters):
            if c.kind == "state_forces" and c.catalog_id and self.cat.actors[c.catalog_id].state:
                return i
        # Which country is the report about? The most mentioned place that is a state in the catalog.
        counts: Counter[str] = Counter()
        for c in clusters:
            if c.catalog_id and self.cat.actors.get(c.catalog_id) and self.cat.actors[c.catalog_id].kind == "state":
                counts[c.catalog_id] += len(c.mentions)
            elif c.kind == "place":
                for hit in self.cat.lookup(c.name):
                    if hit.kind == "state":
                        counts[hit.id] += len(c.mentions)
        for state_id, _ in counts.most_common():
            govs = [a for a in self.cat.actors.values() if a.kind == "state_forces" and a.state == state_id]
            govs.sort(key=lambda a: (not a.id.endswith("government"), a.id))
            if govs:
                gov = govs[0]
                clusters.append(Cluster(kind="state_forces", names=[gov.name], catalog_id=gov.id,
                                        first_token=len(doc)))
                return len(clusters) - 1
        return None

    def __call__(self, doc: Doc) -> Doc:
        clusters: list[Cluster] = doc._.clusters or []
        taken = set()
        for m in doc._.mentions:
            taken.update(range(m.start, m.end))
        sents = list(doc.sents)
        new: list[Mention] = []
        gov: int | None | bool = False  # False: not looked up yet
        toks = tokens(doc)
        for si, sent in enumerate(sents):
            for tok in toks[sent.start:sent.end]:
                if tok.i in taken:
                    continue
                low = tok.lower_
                cluster = None
                if low in self.gov_words or (low == "regime" and tok.dep_ in {"compound", "amod", "nsubj", "dobj", "pobj"}):
                    if gov is False:
                        gov = self._government(doc, clusters)
                    cluster = gov if isinstance(gov, int) else None
                elif low in PRONOUNS and tok.pos_ == "PRON":
                    kinds = ACTOR_KINDS if PRONOUNS[low] == "pl" else ACTOR_KINDS - {"state_forces"}
                    cluster = self._antecedent(doc, sents, si, tok.i, kinds, clusters, self._clause_subjects(tok))
                elif tok.pos_ in {"NOUN", "PROPN"} and tok.lemma_.lower() in self.generic:
                    det = [c for c in tok.children if c.dep_ == "det"]
                    definite = det and det[0].lower_ in {"the", "this", "that", "these", "those"}
                    modifier = tok.dep_ == "compound" and tok.lower_ == tok.text  # "coalition airstrikes"
                    # a plural of a singular class noun ("the factions") names a set, not one actor
                    plural_set = tok.tag_ in {"NNS", "NNPS"} and tok.lower_ != tok.lemma_.lower() and \
                        tok.lemma_.lower() in self.generic and tok.lower_ not in self.generic
                    if (definite or modifier) and not plural_set and not any(
                            c.dep_ in {"compound", "poss"} and c.i in taken for c in tok.children):
                        kinds = self.generic[tok.lemma_.lower()]
                        # "the Front" means the actor called "... Front" when the report names one
                        cluster = self._named_after(doc, clusters, tok.lower_, tok.i)
                        if cluster is None:
                            # a described noun phrase looks back to the previous sentences, not inside its own
                            cluster = self._antecedent(doc, sents, si, tok.i, kinds, clusters, set(),
                                                       same_sentence=modifier)
                        if cluster is None and modifier:
                            cluster = self._only_one(clusters, kinds)
                if cluster is not None:
                    m = Mention(tok.i, tok.i + 1, clusters[cluster].kind, "reference", tok.text, generic=True,
                                cluster=cluster)
                    clusters[cluster].mentions.append(m)
                    new.append(m)
                    taken.add(tok.i)
        doc._.mentions = sorted(doc._.mentions + new, key=lambda m: m.start)
        doc._.clusters = clusters
        return doc


@Language.factory("factions_reference", requires=["doc._.mentions", "doc._.clusters", "token.dep", "token.pos"],
                  assigns=["doc._.mentions", "doc._.clusters"])
def make_reference_resolver(nlp: Language, name: str) -> ReferenceResolver:
    return ReferenceResolver(nlp)
