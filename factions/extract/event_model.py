"""Component `factions_event_model`: trained classifiers decide each sentence's events and their actors' roles.

The rule reader (`factions_events`) proposes; a sentence classifier gives the ACLED
type and sub-type the sentence reports (or none), with the rule's events among its
features. Where the rules read an event of the chosen type in that sentence, the
rule's event stands (its actors, targets, place, weapon, fatalities); else the
event is built here: a role classifier puts each actor named in the sentence on the
acting side, the target side or neither, and the place and date come from the
sentence. A mutual clash has no targets. Without a trained model the rule output
passes through unchanged.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from factions.extract.events import EventReader
from factions.extract.learn.bundle import ModelBundle, load_bundle
from factions.extract.learn.event_features import actor_mentions, role_features, sentence_features, trigger_tokens
from factions.extract.state import EventCandidate

MUTUAL = {"Armed clash"}


class EventDecider:
    def __init__(self, nlp: Language, model: str) -> None:
        self.bundle: ModelBundle | None = load_bundle(model or None)
        self.reader = EventReader(nlp)  # for its place and date readings

    def _roles(self, doc: Doc, sent: tuple[int, int], label: str, clusters: list) -> tuple[list[int], list[int]]:
        assert self.bundle is not None
        triggers = trigger_tokens(doc, sent)
        doers: list[int] = []
        targets: list[int] = []
        for c, m in actor_mentions(doc._.mentions or [], clusters, sent).items():
            probs = self.bundle.roles.probabilities(role_features(doc, m, clusters, label, triggers))
            role = max(probs, key=lambda k: probs[k])
            if role == "none" and probs["none"] < 1 - self.bundle.thresholds["role"]:
                role = max(("actor", "target"), key=lambda k: probs.get(k, 0.0))
            if role == "actor":
                doers.append(c)
            elif role == "target":
                targets.append(c)
        if label.split("|")[1] in MUTUAL:
            doers, targets = doers + targets, []
        return doers, targets

    def __call__(self, doc: Doc) -> Doc:
        if self.bundle is None:
            return doc
        clusters = doc._.clusters or []
        mentions = doc._.mentions or []
        rule_events = doc._.events or []
        decided: list[EventCandidate] = []
        for sent in doc.sents:
            bounds = (sent.start, sent.end)
            own = [e for e in rule_events if e.sent_start == sent.start]
            probs = self.bundle.events.probabilities(sentence_features(doc, bounds, mentions, clusters, own))
            label = max(probs, key=lambda k: probs[k])
            if label == "none" or probs[label] < self.bundle.thresholds["event"]:
                continue
            etype, sub = label.split("|", 1)
            same = [e for e in own if e.type == etype]
            if same:
                for e in same:
                    e.sub_event_type, e.confidence = sub, round(probs[label], 3)
                decided.extend(same)
                continue
            doers, targets = self._roles(doc, bounds, label, clusters)
            if not doers and not targets:
                continue
            triggers = trigger_tokens(doc, bounds)
            anchor = doc[triggers[0]] if triggers else sent.root
            date, precision = self.reader._date(doc, sent.start, sent.end)
            decided.append(EventCandidate(etype, sub, anchor.i, sent.start, actors=doers, targets=targets,
                                          place=self.reader._place(doc, sent.start, sent.end, clusters, anchor),
                                          date=date, date_precision=precision, confidence=round(probs[label], 3)))
        doc._.events = decided
        return doc


@Language.factory("factions_event_model", default_config={"model": ""},
                  requires=["doc._.mentions", "doc._.clusters", "doc._.events", "doc._.dates"],
                  assigns=["doc._.events"])
def make_event_decider(nlp: Language, name: str, model: str) -> EventDecider:
    return EventDecider(nlp, model)
