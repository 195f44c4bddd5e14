"""Component `factions_relation_model`: a trained classifier decides the relations of each sentence.

The rule reader (`factions_relations`, with `factions_modality`) proposes; this
component disposes. Every pair of actors named in a sentence is a candidate
(`learn/pairs.py`), the rule readings of the pair among its features; the model
gives each candidate a probability per predicate-with-direction and for none. A rule
reading stands unless the model puts none above the `relation_drop` threshold (the
corpus is still small, and the rules are precise), and a predicate the model gives at
least `relation` is added, with its modality read from the word that joins the two
mentions. Without a trained model the rule output passes through unchanged.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from factions.extract.learn.bundle import ModelBundle, load_bundle
from factions.extract.learn.pairs import PairCandidate, mention_head, sentence_pairs, split_label
from factions.extract.modality import ModalityReader
from factions.extract.resources import words
from factions.extract.state import Mention, RelationCandidate
from factions.model import SYMMETRIC_PREDICATES

# Who can stand on each side: persons lead, pledge, denounce and belong; they ally and fight through groups.
PERSON_PREDICATES = {"leader_of", "pledged_allegiance_to", "denounces", "member_of"}


def allowed(predicate: str, subject_kind: str, object_kind: str) -> bool:
    if predicate == "leader_of":
        return subject_kind == "person" and object_kind != "person"
    if subject_kind == "person" or object_kind == "person":
        return predicate in PERSON_PREDICATES and object_kind != "person"
    return True


def chosen_labels(probs: dict[str, float], thresholds: dict[str, float]) -> list[tuple[str, float]]:
    """The labels the model asserts, likeliest first: each at or above its predicate's threshold
    (`relation:<predicate>`, else `relation`); with `relation_any` set, also the likeliest label alone
    whenever none passes its own but all the labels but none together reach `relation_any` (the model
    holds the pair related, its belief spread over two readings: "fights alongside" or "allied")."""
    ranked = sorted(((lab, p) for lab, p in probs.items() if lab != "none"), key=lambda kv: -kv[1])
    base = thresholds["relation"]
    out = [(lab, p) for lab, p in ranked if p >= thresholds.get(f"relation:{split_label(lab)[0]}", base)]
    any_related = thresholds.get("relation_any")
    if ranked and not out and any_related is not None and 1.0 - probs.get("none", 0.0) >= any_related:
        out.append(ranked[0])
    return out


def a_country_as_place(doc: Doc, m: Mention, kind: str) -> bool:
    """A state named as where something is done ("withdrew troops from Somalia", "deployed to Mali"):
    the object of a locative preposition on a verb. The model may not make such a country a party of a
    relation (its confidence there came from the verb, not from the country); a rule reading still may."""
    if kind != "state":
        return False
    head = mention_head(doc, m)
    prep = head.head
    return head.dep_ == "pobj" and prep.lower_ in words("locative_prepositions") - {"on", "at"} \
        and prep.head.pos_ in {"VERB", "AUX"}


class RelationDecider:
    def __init__(self, nlp: Language, model: str) -> None:
        self.bundle: ModelBundle | None = load_bundle(model or None)
        self.modality = ModalityReader(nlp)

    def decide(self, doc: Doc, cand: PairCandidate, probs: dict[str, float], clusters: list,
               modality: dict[int, dict | None], dates: dict[int, str | None]) -> list[RelationCandidate]:
        """The rule readings of the pair the model does not overrule, and what the model adds with confidence.

        `modality` caches the reading of each head word and `dates` the date of each later end:
        several pairs of a sentence share them."""
        assert self.bundle is not None
        th = self.bundle.thresholds
        kept = [] if probs.get("none", 0.0) >= th["relation_drop"] else list(cand.rules)
        if a_country_as_place(doc, cand.ma, clusters[cand.a].kind) or \
                a_country_as_place(doc, cand.mb, clusters[cand.b].kind):
            return kept
        for label, p in chosen_labels(probs, th):
            predicate, a_first = split_label(label)
            s, o = (cand.a, cand.b) if a_first else (cand.b, cand.a)
            symmetric = predicate in SYMMETRIC_PREDICATES
            if not allowed(predicate, clusters[s].kind, clusters[o].kind) or any(
                    r.predicate == predicate and ((r.subject, r.object) == (s, o)
                                                  or symmetric and (r.subject, r.object) == (o, s)) for r in kept):
                continue
            if cand.head not in modality:
                modality[cand.head] = self.modality.analyse(doc, cand.head, clusters)
            mod = modality[cand.head]
            if mod is None:  # feared, planned, threatened: not a fact
                continue
            kept.append(RelationCandidate(s, predicate, o, cand.sent[0], cand.head, negated=mod["negated"],
                                          hedged=mod["hedged"], attributed_to=mod["attributed_to"],
                                          date=self._date(doc, cand, dates),
                                          confidence=round(p, 3), rule="model"))
        return kept

    def _date(self, doc: Doc, cand: PairCandidate, cache: dict[int, str | None]) -> str | None:
        """The date phrase of the clause that states the pair's later end, nearest that end."""
        if cand.mb.start not in cache:
            word = self.modality.clause_word(doc, cand.mb.end - 1, cand.head)
            cache[cand.mb.start] = self.modality._sentence_date(doc, *cand.sent, word, near=cand.mb.start)[0]
        return cache[cand.mb.start]

    def __call__(self, doc: Doc) -> Doc:
        if self.bundle is None:
            return doc
        clusters = doc._.clusters or []
        rules = doc._.relations or []
        mentions = doc._.mentions or []
        decided: list[RelationCandidate] = []
        cands = [cand for sent in doc.sents
                 for cand in sentence_pairs(doc, (sent.start, sent.end), mentions, clusters, rules)]
        # rule readings the model has seen as part of a candidate pair
        judged: set[int] = {id(r) for cand in cands for r in cand.rules}
        modality: dict[int, dict | None] = {}
        dates: dict[int, str | None] = {}
        for cand, probs in zip(cands, self.bundle.relations.probability_rows([c.features for c in cands])):
            decided.extend(self.decide(doc, cand, probs, clusters, modality, dates))
        # a rule reading whose actor is named outside the sentence (a pronoun's antecedent) stands as read
        decided.extend(r for r in rules if id(r) not in judged)
        doc._.relations = decided
        return doc


@Language.factory("factions_relation_model", default_config={"model": ""},
                  requires=["doc._.mentions", "doc._.clusters", "doc._.relations", "token.dep"],
                  assigns=["doc._.relations"])
def make_relation_decider(nlp: Language, name: str, model: str) -> RelationDecider:
    return RelationDecider(nlp, model)
