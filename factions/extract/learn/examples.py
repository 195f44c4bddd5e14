"""Training examples from annotated documents: rule-pipeline Docs plus gold (or curation) labels.

A gold file labels everything it states, so every other candidate of the document
is a negative. Curation from a store labels only the claims an analyst looked at
(`partial`): accepted or corrected claims are positives, rejected ones negatives,
and nothing else of that document is taken as a negative.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from factions.extract.learn.align import GoldActors, evidence_sentences, resolve_same_sentence
from factions.extract.learn.event_features import event_actor_mentions, role_features, sentence_features, trigger_tokens
from factions.extract.learn.pairs import direction_label, sentence_pairs
from factions.model import EVENT_TYPES


@dataclass
class Examples:
    relations: list[list[str]] = field(default_factory=list)
    relation_labels: list[str] = field(default_factory=list)
    events: list[list[str]] = field(default_factory=list)
    event_labels: list[str] = field(default_factory=list)
    roles: list[list[str]] = field(default_factory=list)
    role_labels: list[str] = field(default_factory=list)
    gold_relations: int = 0
    aligned_relations: int = 0  # gold relations some candidate pair carries: the ceiling of relation recall

    def extend(self, other: "Examples") -> None:
        for name in ("relations", "relation_labels", "events", "event_labels", "roles", "role_labels"):
            getattr(self, name).extend(getattr(other, name))
        self.gold_relations += other.gold_relations
        self.aligned_relations += other.aligned_relations


def _targets(ev: dict[str, Any]) -> list[str]:
    return list(ev.get("targets") or ([ev["target"]] if ev.get("target") else []))


def event_label(ev: dict[str, Any]) -> str:
    """'Type|Sub-event type'; a gold event without a sub-type takes its type's first (the seed has none)."""
    subs = EVENT_TYPES.get(ev.get("type", ""), ("",))
    return f"{ev.get('type')}|{ev.get('sub_event_type') or subs[0]}"


def document_examples(doc: Doc, gold: dict[str, Any], *, partial: bool = False) -> Examples:
    out = relation_examples(doc, gold, partial=partial)
    if not partial:
        _event_examples(doc, gold, out)
    return out


def relation_examples(doc: Doc, gold: dict[str, Any], *, partial: bool = False, skip_restated: bool = True) -> Examples:
    """Every candidate pair of the Doc with its gold label (a partial curation: only the pairs it judged).

    A gold file quotes one evidence sentence per relation; another sentence naming the
    same two actors may state it again, so with `skip_restated` such a pair is left
    out rather than taught as none.
    """
    out = Examples()
    clusters = doc._.clusters or []
    mentions = doc._.mentions or []
    actors = GoldActors(gold)
    gold_of = {i: actors.of_cluster(c) for i, c in enumerate(clusters)}
    stated: dict[tuple[int, int | None, int | None], str] = {}
    rejected: set[tuple[int, int | None, int | None]] = set()
    related: set[frozenset] = set()
    for r in resolve_same_sentence(gold.get("relations") or []):
        s, o = actors.find(r.get("subject", "")), actors.find(r.get("object", ""))
        out.gold_relations += 0 if r.get("rejected") else 1
        if not r.get("rejected"):
            related.add(frozenset((s, o)))
        for sent in evidence_sentences(doc, r.get("evidence", "")):
            if r.get("rejected"):
                rejected.add((sent[0], s, o))
            else:
                stated.setdefault((sent[0], s, o), r["predicate"])
    seen_gold: set[tuple[int, int | None, int | None]] = set()
    for sent in doc.sents:
        for cand in sentence_pairs(doc, (sent.start, sent.end), mentions, clusters, doc._.relations or []):
            ga, gb = gold_of[cand.a], gold_of[cand.b]
            label = None
            if ga is not None and gb is not None and ga != gb:
                if (sent.start, ga, gb) in stated:
                    label = direction_label(stated[(sent.start, ga, gb)], True)
                    seen_gold.add((sent.start, ga, gb))
                elif (sent.start, gb, ga) in stated:
                    label = direction_label(stated[(sent.start, gb, ga)], False)
                    seen_gold.add((sent.start, gb, ga))
            if label is None and partial and not ({(sent.start, ga, gb), (sent.start, gb, ga)} & rejected):
                continue  # curation says nothing about this pair
            if label is None and skip_restated and None not in (ga, gb) and frozenset((ga, gb)) in related:
                continue
            out.relations.append(cand.features)
            out.relation_labels.append(label or "none")
    out.aligned_relations = len({(s, o) for _, s, o in seen_gold})
    return out


def _event_examples(doc: Doc, gold: dict[str, Any], out: Examples) -> None:
    clusters = doc._.clusters or []
    mentions = doc._.mentions or []
    actors = GoldActors(gold)
    gold_of = {i: actors.of_cluster(c) for i, c in enumerate(clusters)}
    events_at: dict[int, list[dict[str, Any]]] = {}
    for ev in resolve_same_sentence(gold.get("events") or []):
        for sent in evidence_sentences(doc, ev.get("evidence", "")):
            events_at.setdefault(sent[0], []).append(ev)
    rule_events = doc._.events or []
    for sent in doc.sents:
        bounds = (sent.start, sent.end)
        own = [e for e in rule_events if e.sent_start == sent.start]
        gold_here = events_at.get(sent.start, [])
        label = event_label(gold_here[0]) if gold_here else "none"
        out.events.append(sentence_features(doc, bounds, mentions, clusters, own))
        out.event_labels.append(label)
        if not gold_here:
            continue
        doers = {actors.find(a) for ev in gold_here for a in ev.get("actors") or []} - {None}
        targets = {actors.find(t) for ev in gold_here for t in _targets(ev)} - {None}
        triggers = trigger_tokens(doc, bounds)
        for c, m in event_actor_mentions(doc, bounds, clusters).items():
            g = gold_of[c]
            role = "actor" if g in doers else "target" if g in targets else "none"
            out.roles.append(role_features(doc, m, clusters, label, triggers))
            out.role_labels.append(role)
