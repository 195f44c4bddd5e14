"""Component `factions_events`: ACLED-typed events with actors, targets, place, date, weapon.

A trigger word (lexicon `event_triggers`: "clash", "seize", "airstrike", "IED",
"kidnap", "ceasefire", a weapon's own name ...) starts an event; its actors are
the subjects of the trigger (or the owner of a trigger noun: "coalition
airstrikes"), its targets the objects. An event must be factual (not negated,
not feared or planned), must name an actor or a target, and a battle needs an
opponent or a place: "X often fights alongside Y" is a relation, not an event.
A definite noun ("the fighting", "the attack") refers back to an earlier event of
the same type instead of starting one. Places come from the sentence, else from
the preceding event of the paragraph; dates from the sentence, resolved against
the publication date.
"""
from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.tokens import Doc, Token

from factions.extract.learn.cues import mentions_in
from factions.extract.learn.places import event_place
from factions.extract.learn.state_forces import state_force_mentions
from factions.extract.modality import ModalityReader
from factions.extract.resources import lexicon, weapons, words
from factions.extract.state import EventCandidate
from factions.extract.syntax import actor_clusters, mention_index, objects, passive_agents, passive_subjects, \
    governing_verb, referents, subjects
from factions.extract.tokens import columns, doc_text, span_text, tokens

LOCATIVE = {"in", "near", "at", "from", "around", "outside", "into", "inside", "across", "throughout"}
# Words of a fight between two sides: both are actors, neither a target (a one-sided attack keeps its target).
MUTUAL_WORDS = {"clash", "fight", "fighting", "battle", "skirmish", "firefight", "gunfight", "exchange"}
# A crowd's event is reported by where it was ("thousands marched in Najaf"): its people are rarely a group.
CROWD_TYPES = {"Protests", "Riots"}
HABITUAL = {"often", "usually", "regularly", "frequently", "sometimes", "routinely", "typically", "generally"}
WEAPON_HINTS = {"shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
                "air": ("Explosions/Remote violence", "Air/drone strike"),
                "ied": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
                "suicide": ("Explosions/Remote violence", "Suicide bomb"),
                "chemical": ("Explosions/Remote violence", "Chemical weapon"),
                "grenade": ("Explosions/Remote violence", "Grenade")}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "dozens": 24, "a dozen": 12}
_FATAL = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+"
                    r"(?:\w+\s+){0,3}?(?:people|civilians|fighters|soldiers|militants|troops|members|persons|men|"
                    r"children|others)?\s*(?:were\s+|was\s+)?(?:killed|dead|died|slain)", re.IGNORECASE)


class EventReader:
    def __init__(self, nlp: Language) -> None:
        self.triggers = {str(k).lower(): (str(v[0]), str(v[1])) for k, v in lexicon()["event_triggers"].items()}
        self.single = {k: v for k, v in self.triggers.items() if " " not in k}
        self.multi = {tuple(k.split()): v for k, v in self.triggers.items() if " " in k}
        self.multi_first = {words_[0] for words_ in self.multi}
        self.multi_longest_first = sorted(self.multi.items(), key=lambda kv: -len(kv[0]))  # sorted once, not per word
        self.first_words = set(self.single) | self.multi_first  # a word no trigger starts with starts none
        self.civilian = words("civilian_words")
        self.modality = ModalityReader(nlp)
        self.weapon_hint = {w.name: w.event_hint for w in weapons()}

    def _trigger_type(self, doc: Doc, tok: Token) -> tuple[tuple[str, str], Token] | None:
        """The event type a trigger starts, and the token that heads the trigger phrase."""
        toks = tokens(doc)
        lemma = tok.lemma_.lower()
        low = tok.lower_
        if low in self.multi_first or lemma in self.multi_first:
            for words_, kind in self.multi_longest_first:
                if words_[0] != low and words_[0] != lemma:
                    continue  # a phrase that starts with another word cannot match here
                n = len(words_)
                if tuple(t.lower_ for t in toks[tok.i:tok.i + n]) == words_ or \
                        tuple(t.lemma_.lower() for t in toks[tok.i:tok.i + n]) == words_:
                    return kind, toks[tok.i + n - 1]  # "air strikes": "strikes" carries the syntax
        single = self._single_type(tok, lemma)
        return (single, tok) if single else None

    def _single_type(self, tok: Token, lemma: str) -> tuple[str, str] | None:
        if lemma in self.single and tok.pos_ in {"VERB", "NOUN"}:
            return self.single[lemma]
        if tok.lower_ in self.single and tok.pos_ in {"VERB", "NOUN", "PROPN"}:
            return self.single[tok.lower_]
        return None

    def _future(self, tok: Token) -> bool:
        """A trigger under 'will', 'shall', 'would' or 'going to' announces, it does not report."""
        for t in (tok, *tok.ancestors):
            if any(c.dep_ == "aux" and c.lower_ in {"will", "'ll", "shall", "would", "wo"} for c in t.children):
                return True
            if t.lower_ == "going" and any(c.lower_ == "to" for c in t.children):
                return True
            if t.pos_ == "VERB" and t.dep_ in {"ROOT", "ccomp"}:
                break
        return False

    def _place(self, doc: Doc, sent_start: int, sent_end: int, trigger: Token) -> str | None:
        """The most specific place: in the trigger's own phrase first, then after a locative preposition."""
        toks = tokens(doc)
        places = [m for m in doc._.mentions if sent_start <= m.start < sent_end and m.kind in {"place", "state"}
                  and (m.kind == "place" or (m.start > 0 and toks[m.start - 1].lower_ in LOCATIVE))]
        if not places:
            return None
        own = {t.i for t in trigger.subtree} | ({t.i for t in trigger.head.subtree} if trigger.dep_ == "dobj" else set())
        for m in places:
            if m.start in own:
                return m.text
        located = [m for m in places if m.start > 0 and toks[m.start - 1].lower_ in LOCATIVE | {"of"}]
        after = [m for m in located if m.start > trigger.i]
        if after:
            return after[0].text
        return (located or places)[-1].text

    def _date(self, doc: Doc, sent_start: int, sent_end: int) -> tuple[str | None, int | None]:
        for d in doc._.dates or []:
            if sent_start <= d.start < sent_end and d.iso:
                return d.iso, d.precision
        return None, None

    def _participants(self, tok: Token, index: dict[int, int], actors: set[int]) -> tuple[list[int], list[int]]:
        if tok.pos_ == "VERB":
            psubj = passive_subjects(tok, index, actors) if any(
                c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children) else []
            if psubj:
                agents = passive_agents(tok, index, actors)
                if not agents:  # "X was added to the State Department's list": the list's owner acts
                    agents = [c for prep in tok.children if prep.dep_ == "prep" for p in prep.children
                              if p.dep_ == "pobj" for child in p.children if child.dep_ == "poss"
                              for c in referents(child, index, actors)]
                return agents, psubj
            doers = subjects(tok, index, actors)
            targets = [c for p, c in objects(tok, index, actors)
                       if p in {"dobj", "against", "on", "with", "from"} and c not in doers]
            if tok.dep_ == "pcomp" and tok.head.dep_ == "prep":  # "joined X in fighting Y": X fights too
                gov = governing_verb(tok)
                doers += [c for p, c in objects(gov, index, actors, preps={"with", "including"}) if c not in doers]
                doers += [c for p, c in objects(gov, index, actors) if p == "dobj" and c not in doers]
            return doers, targets
        # A trigger noun: its owner ("coalition airstrikes", "Hazm's offensive"), or the verb it is the object of.
        doers = [c for child in tok.children if child.dep_ in {"poss", "compound", "amod", "nmod"}
                 for c in referents(child, index, actors)]
        targets = [c for p, c in objects(tok, index, actors, preps={"on", "against"}) if c not in doers]
        for child in tok.children:  # "a car bomb driven by an al-Shabaab fighter", "strikes by Russian jets"
            if child.dep_ == "acl":
                doers += [c for c in passive_agents(child, index, actors) if c not in doers]
            elif child.dep_ == "prep" and child.lower_ == "by":
                doers += [c for p in child.children if p.dep_ == "pobj" for c in referents(p, index, actors)]
        if tok.dep_ in {"dobj", "pobj"}:
            verb = tok.head if tok.dep_ == "dobj" else tok.head.head
            doers += [c for c in subjects(verb, index, actors) if c not in doers]
            if tok.dep_ == "dobj":  # "carried out air strikes on X", "used a missile to destroy a regime tank"
                targets += [c for p, c in objects(verb, index, actors, preps={"on", "against", "at"})
                            if p != "dobj" and c not in targets]
                for child in verb.children:
                    if child.dep_ in {"xcomp", "advcl"}:
                        targets += [c for p, c in objects(child, index, actors) if c not in targets]
        elif tok.dep_ in {"nsubj", "nsubjpass"}:  # "a bomb hit an army checkpoint"
            targets += [c for p, c in objects(tok.head, index, actors) if c not in targets and c not in doers]
        return doers, targets

    def __call__(self, doc: Doc) -> Doc:
        clusters = doc._.clusters or []
        index = dict(mention_index(doc))
        for sent in doc.sents:  # "government troops", "the army": the report's state, where the report makes it clear
            index.update((m.start, m.cluster) for m in state_force_mentions(doc, (sent.start, sent.end), index)
                         if m.cluster is not None)
        actors = actor_clusters(doc)
        events: list[EventCandidate] = []
        last_place_by_para: dict[int, str] = {}
        breaks = [m.start() for m in re.finditer(r"\n\s*\n", doc_text(doc))]

        def paragraph_of(char: int) -> int:
            return bisect.bisect_right(breaks, char)

        lower, lemma = columns(doc).lower, columns(doc).lemma
        for sent in doc.sents:
            para = paragraph_of(sent.start_char)
            sent_events: list[EventCandidate] = []
            weapon = next((m for m in mentions_in(doc, (sent.start, sent.end)) if m.kind == "weapon"), None)
            skip_until = -1
            for tok in tokens(doc)[sent.start:sent.end]:
                if tok.i <= skip_until:
                    continue
                found = self._trigger_type(doc, tok) if lower[tok.i] in self.first_words or \
                    lemma[tok.i].lower() in self.first_words else None
                kind = found[0] if found else None
                if found:
                    skip_until = found[1].i
                    tok = found[1]
                if kind is None and weapon is not None and weapon.start <= tok.i < weapon.end and tok.i == weapon.end - 1:
                    hint = self.weapon_hint.get(weapon.catalog_id or "", "")
                    kind = WEAPON_HINTS.get(hint)
                if kind is None or index.get(tok.i) is not None and tok.pos_ == "PROPN":
                    continue
                if any(a.lemma_.lower() in {"condemn", "denounce", "criticize", "criticise", "blame", "decry"}
                       for a in tok.ancestors) and kind[0] != "Strategic developments":
                    continue  # what a statement condemns is its topic, not a new report of that event
                mod = self.modality.analyse(doc, tok.i, clusters)
                if mod is None or mod["negated"] or self._future(tok):
                    continue  # not a fact, or not yet one ("we will fight them in every province")
                doers, targets = self._participants(tok, index, actors)
                place = event_place(doc, (sent.start, sent.end), tok) or self._place(doc, sent.start, sent.end, tok)
                if not doers and not targets and not (kind[0] in CROWD_TYPES and place):
                    continue
                if kind[0] == "Battles":
                    if any(c.lower_ in HABITUAL for c in tok.children) or any(
                            t.lower_ in HABITUAL | {"known"} for t in tok.ancestors):
                        continue
                    if not targets and not place:
                        continue
                    if targets and all(clusters[t].kind == "person" or any(
                            n.lower_ in self.civilian for n in tok.subtree) for t in targets):
                        kind = ("Violence against civilians", "Attack")
                det = [c.lower_ for c in tok.children if c.dep_ == "det"]
                if tok.pos_ == "NOUN" and det == ["the"]:
                    earlier = next((e for e in reversed(events) if e.type == kind[0]), None)
                    if earlier is not None:
                        earlier.actors += [d for d in doers if d not in earlier.actors]
                        continue
                if weapon is not None and kind[0] == "Battles" and weapon.catalog_id in self.weapon_hint:
                    hint = WEAPON_HINTS.get(self.weapon_hint[weapon.catalog_id])
                    kind = hint or kind
                same = [e for e in sent_events if e.type == kind[0]]
                if same and (place is None or any(e.place == place for e in same)):
                    continue  # one event of a type per sentence and place ("attacked X; Y was shelled" is two)
                date, precision = self._date(doc, sent.start, sent.end)
                targets = list(dict.fromkeys(t for t in targets if t not in doers))
                if kind[1] == "Armed clash" and tok.lemma_.lower() in MUTUAL_WORDS:
                    doers, targets = doers + targets, []
                if place is None and kind[0] != "Strategic developments":
                    place = last_place_by_para.get(para) or last_place_by_para.get(para - 1)
                ev = EventCandidate(kind[0], kind[1], tok.i, sent.start, actors=doers, targets=targets,
                                    place=place, date=date, date_precision=precision,
                                    weapon=(weapon.catalog_id or weapon.text) if weapon else None,
                                    attributed_to=mod["attributed_to"],
                                    confidence=0.5 if mod["hedged"] else 0.65)
                match = _FATAL.search(span_text(sent))
                if match:
                    n = match.group(1).lower()
                    ev.fatalities = NUMBER_WORDS.get(n) or (int(n) if n.isdigit() else None)
                sent_events.append(ev)
                if place:
                    last_place_by_para[para] = place
            events.extend(sent_events)
        doc._.events = events
        return doc


@Language.factory("factions_events", requires=["doc._.mentions", "doc._.clusters", "doc._.dates", "doc._.speakers"],
                  assigns=["doc._.events"])
def make_event_reader(nlp: Language, name: str) -> EventReader:
    return EventReader(nlp)
