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

import bisect
import re
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from factions.extract.events import CROWD_TYPES, EventReader
from factions.extract.learn.bundle import ModelBundle, load_bundle
from factions.extract.learn.event_features import event_actor_mentions, role_features, sentence_features, trigger_tokens
from factions.extract.learn.places import candidate_places, document_place, event_places, last_town, town_anaphor
from factions.extract.state import EventCandidate
from factions.extract.tokens import doc_text

MUTUAL = {"Armed clash"}
SURE_SUB_TYPE = 0.5  # the model overrules the rule's sub-type only when this sure of another


class EventDecider:
    def __init__(self, nlp: Language, model: str) -> None:
        self.bundle: ModelBundle | None = load_bundle(model or None)
        self.reader = EventReader(nlp)  # for its place and date readings

    def _roles(self, doc: Doc, sent: tuple[int, int], label: str, clusters: list) -> tuple[list[int], list[int]]:
        assert self.bundle is not None
        triggers = trigger_tokens(doc, sent)
        doers: list[int] = []
        targets: list[int] = []
        for c, m in event_actor_mentions(doc, sent, clusters).items():
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

    def _labels(self, probs: dict[str, float]) -> list[tuple[str, float, dict[str, float]]]:
        """The types the sentence reports, with their probability (summed over sub-types) and sub-type
        probabilities: the likeliest type, and a second one if it is nearly as likely."""
        assert self.bundle is not None
        by_type: dict[str, dict[str, float]] = {}
        for label, p in probs.items():
            if label != "none":
                etype, sub = label.split("|", 1)
                by_type.setdefault(etype, {})[sub] = p
        ranked = sorted(by_type, key=lambda t: -sum(by_type[t].values()))
        th = self.bundle.thresholds
        out = []
        for rank, etype in enumerate(ranked[:2]):
            mass = sum(by_type[etype].values())
            if mass >= (th["event"] if rank == 0 else th["second_event"]) and (rank == 0 or out):
                out.append((etype, mass, by_type[etype]))
        return out

    def _events(self, doc: Doc, bounds: tuple[int, int], etype: str, p: float, subs: dict[str, float],
                own: list[EventCandidate], clusters: list, context: str | None,
                town: str | None = None) -> list[EventCandidate]:
        """The rule's event of this type where there is one (its sub-type unless the model is sure of
        another), else one built from the roles of the sentence's actors; one event per named place. `town`:
        the town "the city" of the sentence refers to, where the sentence names no place of its own."""
        sub = max(subs, key=lambda k: subs[k])
        label = f"{etype}|{sub}"
        same = [e for e in own if e.type == etype]
        triggers = trigger_tokens(doc, bounds)
        if same:
            out: list[EventCandidate] = []
            for e in same:
                if subs[sub] >= SURE_SUB_TYPE:
                    e.sub_event_type = sub
                e.confidence = round(p, 3)
                places = event_places(doc, bounds, doc[e.trigger]) or [town or e.place or context]
                out += _per_place(e, [pl for pl in places if all(o.place != pl for o in out)])  # two triggers, one place
            return out
        doers, targets = self._roles(doc, bounds, label, clusters)
        anchor = doc[triggers[0]] if triggers else doc[bounds[0]:bounds[1]].root
        places = event_places(doc, bounds, anchor)
        if not doers and not targets and not (etype in CROWD_TYPES and places):
            return []
        date, precision = self.reader._date(doc, *bounds)
        built = EventCandidate(etype, sub, anchor.i, bounds[0], actors=doers, targets=targets,
                               date=date, date_precision=precision, confidence=round(p, 3))
        return _per_place(built, places or [town or context])

    def __call__(self, doc: Doc) -> Doc:
        if self.bundle is None:
            return doc
        clusters = doc._.clusters or []
        mentions = doc._.mentions or []
        rule_events = doc._.events or []
        decided: list[EventCandidate] = []
        breaks = [m.start() for m in re.finditer(r"\n\s*\n", doc_text(doc))]
        recent: dict[int, str] = {}  # paragraph -> the last place it named
        fallback = document_place(doc)
        for sent in doc.sents:
            bounds = (sent.start, sent.end)
            para = bisect.bisect_right(breaks, sent.start_char)
            context = recent.get(para) or fallback
            # "shelled the city": the town named last, not the paragraph's last place nor the report's region
            named = candidate_places(doc, bounds)
            town = last_town(doc, sent.start) if not named and town_anaphor(doc, bounds) else None
            own = [e for e in rule_events if e.sent_start == sent.start]
            probs = self.bundle.events.probabilities(sentence_features(doc, bounds, mentions, clusters, own))
            for etype, mass, subs in self._labels(probs):
                decided.extend(self._events(doc, bounds, etype, mass, subs, own, clusters, context, town))
            if named:
                best = next((p for p in named if p[2]), named[0])
                recent[para] = doc[best[0]:best[1]].text
        doc._.events = decided
        return doc


def _per_place(event: EventCandidate, places: list[str | None]) -> list[EventCandidate]:
    """The event once per place it names (the conventions: one event per named place)."""
    return [replace(event, place=place, actors=list(event.actors), targets=list(event.targets))
            for place in places]


@Language.factory("factions_event_model", default_config={"model": ""},
                  requires=["doc._.mentions", "doc._.clusters", "doc._.events", "doc._.dates"],
                  assigns=["doc._.events"])
def make_event_decider(nlp: Language, name: str, model: str) -> EventDecider:
    return EventDecider(nlp, model)
