"""Where an event happened: the named places of its sentence, ranked by how they attach to the trigger.

Candidates are the place mentions of the sentence (gazetteer, NER) and, since
reports name villages, districts and airports no gazetteer holds, runs of
capitalised words after a locative preposition ("around al-Dour", "near the
Mitiga airport") or as the trigger's object ("entered Zaranj") that are not actor
names. A run keeps a trailing common noun that is part of the name ("al-Razzaza
lake", "the al-Nuri mosque"). A place inside the trigger's own phrase wins, then
the nearest located one after the trigger, then any located one. A place that
heads a list ("at Amerli, Tikrit and Fallujah") brings the other places of the
list: the conventions want one event per named place. A comma alone is an
apposition ("Zaranj, capital of Nimroz", "Aleppo, Syria"), not a list.
"""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Token

from factions.extract.actors import CALENDAR
from factions.extract.resources import words
from factions.extract.learn.cues import mentions_in
from factions.extract.tokens import columns, tokens

Span = tuple[int, int]
LIST_WORDS = {"and", "or"}
AT_A_PLACE = {"at", "near", "around", "outside"}
TOWARDS = {"towards", "toward", "to"}  # where a move ends, not where the event is
POSSESSIVE = {"'s", "’s"}
ON_A_PLACE = {"for", "on", "against"}  # what a battle or strike noun is aimed at: "the battle for Karma"


def _locative() -> frozenset[str]:
    return words("locative_prepositions") | words("event_place_prepositions")


def _joiners() -> frozenset[str]:
    """Words inside a place name ("Maarat al-Numan", "Dasht-e Barchi"); never 'and', which joins two places."""
    return (words("name_particles") | {"of"}) - {"and", "for", "in", "the"}


def _run_after(doc: Doc, i: int, end: int, taken: set[int]) -> Span | None:
    """The capitalised run that starts at token i (after 'the'), if it names no actor."""
    toks = tokens(doc)
    j = i
    if j < end and toks[j].lower_ == "the":
        j += 1
    if j + 1 < end and doc[j].lower_ in words("compass_words") and doc[j + 1].is_title:
        j += 1  # "in central Ramadi": the place is Ramadi
    joiners = _joiners()

    def glue(k: int) -> int:
        """How many joining tokens ("al", "-", "e") start at k before the next capitalised word; 0 if none."""
        n = 0
        while k + n < end and n < 3 and (doc[k + n].lower_ in joiners or doc[k + n].text == "-"):
            n += 1
        return n if n and k + n < end and doc[k + n].is_title and k + n not in taken else 0

    k = j
    while k < end and k not in taken:
        if doc[k].is_title and doc[k].lower_ not in CALENDAR or doc[k].like_num and k > j:
            k += 1
        elif glue(k):  # "al-Nuri" opens with its article, "Dasht-e Barchi" joins inside
            k += glue(k)
        else:
            break
    if k > j and k < end and doc[k].lower_ in words("place_head_nouns") and k not in taken:
        k += 1  # "al-Razzaza lake", "Nahr al-Bared camp"
    if k > j and all(doc[n].ent_type_ == "NORP" or doc[n].pos_ == "ADJ" for n in range(j, k)):
        return None  # "on the Jordanian border", "Tuareg militias": a people, not a place
    return (j, k) if k > j else None


def _taken(doc: Doc, sent: Span, keep_persons: bool = False) -> set[int]:
    """Tokens of actor mentions and dates: no place run crosses them."""
    start, end = sent
    kinds = {"place", "state", "person"} if keep_persons else {"place", "state"}
    out = {i for m in mentions_in(doc, sent) if m.kind not in kinds for i in range(m.start, m.end)}
    return out | {i for d in doc._.dates or [] if start <= d.start < end for i in range(d.start, d.end)}


def _of_settlement(doc: Doc, i: int) -> bool:
    """Token i follows "the city of", "the villages of": what it starts names a place."""
    return i > 1 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in words("settlement_nouns")


def candidate_places(doc: Doc, sent: Span) -> list[tuple[int, int, bool]]:
    """(start, end, located) for each place named in the sentence; `located`: after a locative preposition.

    Kept per sentence for the document's mentions and dates as they are: the rule reader and the event model
    both ask, once per trigger and once per sentence."""
    mentions, dates = doc._.mentions or [], doc._.dates or []
    key = (sent, id(mentions), len(mentions), id(dates), len(dates))
    memo = doc.user_data.setdefault("factions_candidate_places", {})
    if key not in memo:
        memo[key] = _candidate_places(doc, sent)
    return list(memo[key])


def _candidate_places(doc: Doc, sent: Span) -> list[tuple[int, int, bool]]:
    loc = _locative()
    start, end = sent
    taken = _taken(doc, sent)
    out: dict[int, tuple[int, int, bool]] = {}
    for m in mentions_in(doc, sent):
        if m.kind in {"place", "state", "person"}:
            located = m.start > 0 and doc[m.start - 1].lower_ in loc | {"of"} or \
                m.start > 1 and doc[m.start - 1].lower_ == "the" and doc[m.start - 2].lower_ in loc
            word = doc[m.start - 2] if m.start > 1 and doc[m.start - 1].lower_ == "the" else doc[m.start - 1]
            if located and m.kind != "place" and word.lower_ in words("event_place_prepositions"):
                located = False  # "forces, including Turkish-trained units": a people, not a place
            if m.kind == "person" and not (located and doc[m.start - 1].lower_ in AT_A_PLACE or _of_settlement(doc, m.start)):
                continue  # a name right after "at", "near", "around" or "the town of" is a village the name
                # reader took for a person
            inner = _run_after(doc, m.end + 1, end, taken) if m.end + 1 < end and doc[m.end].lower_ in POSSESSIVE \
                and m.kind in {"place", "state"} else None
            if inner:  # "Kabul's Hamid Karzai International Airport": the place inside is the more specific
                out[inner[0]] = (inner[0], inner[1], bool(located))
            elif (m.kind == "place" or located) and not any(s <= m.start < e for s, e, _ in out.values()):
                stop = m.end + 1 if m.end < end and doc[m.end].lower_ in words("place_head_nouns") else m.end
                out[m.start] = (m.start, stop, bool(located))
    settlements = words("settlement_nouns")
    lower = columns(doc).lower
    for i in range(start, end):
        of_place = lower[i] == "of" and i > start and lower[i - 1] in settlements  # "the city of Derna"
        if (lower[i] in loc or of_place) and i + 1 < end:
            run = _run_after(doc, i + 1, end, taken)
            if run and lower[i] in words("event_place_prepositions") and _modifies_a_noun(doc, run, end):
                continue  # "including Alawite civilians": the name describes the noun after it
            if run and run[1] + 1 in out and doc[run[1]].lower_ in POSSESSIVE:
                continue  # "at Kabul's airport": the airport stands
            if run and not any(s <= run[0] < e for s, e, _ in out.values()):
                out[run[0]] = (run[0], run[1], True)
    return [out[k] for k in sorted(out)]


def _modifies_a_noun(doc: Doc, run: Span, end: int) -> bool:
    """The run is followed by a common noun that is no part of a place name ("Alawite civilians")."""
    k = run[1]
    return k < end and (doc[k].pos_ == "NOUN" or doc[k].text == "-") and doc[k].lower_ not in words("place_head_nouns")


def _object_places(doc: Doc, sent: Span, trigger: Token) -> list[tuple[int, int, bool]]:
    """Places the trigger acts on: "entered Zaranj", "stormed Kabul University" (not actor names)."""
    taken = _taken(doc, sent)
    out = []
    head = trigger  # a trigger noun in the subject acts through its verb: "artillery and rocket fire struck X"
    while head.dep_ in {"compound", "nmod", "amod", "conj"} and head.head is not head:
        head = head.head
    verb = head.head if head.dep_ == "nsubj" and head.head.pos_ == "VERB" else trigger
    acted_on = [c for c in [*trigger.children, *(verb.children if verb is not trigger else [])] if c.dep_ == "dobj"]
    acted_on += _aimed_at(trigger)
    if trigger.dep_ == "dobj":  # "opened its offensive on the Jurd Arsal", "carried out strikes on Tokhar"
        acted_on += _aimed_at(trigger.head)
    for prep in trigger.children:  # "fought in the battles for Karma"
        if prep.dep_ == "prep" and prep.lower_ == "in":
            acted_on += [a for p in prep.children if p.dep_ == "pobj" for a in _aimed_at(p)]
    heads = words("place_head_nouns")
    for obj in acted_on:
        if obj.i in taken or not (obj.pos_ == "PROPN" or obj.lower_ in heads):  # "seized the Nasib crossing"
            continue
        run = _run_after(doc, obj.left_edge.i, sent[1], taken)
        if run and (run[0] <= obj.i < run[1] or obj.pos_ != "PROPN" and run[1] <= obj.i and doc[run[1] - 1].pos_ == "PROPN"):
            out.append((run[0], run[1], True))
    return out


def _aimed_at(tok: Token) -> list[Token]:
    """The objects of tok's "for", "on", "against": what a battle or strike is aimed at ("an attack on Ibtaa")."""
    return [p for prep in tok.children if prep.dep_ == "prep" and prep.lower_ in ON_A_PLACE
            for p in prep.children if p.dep_ == "pobj"]


def _next_in_list(doc: Doc, sent: Span, k: int, starts: dict[int, Span], taken: set[int]) -> tuple[Span, bool] | None:
    """The place after a list separator at token k (", ", "and", ", and"), and whether 'and'/'or' joined it."""
    j, joined = k, False
    if j < sent[1] and doc[j].text == ",":
        j += 1
    if j < sent[1] and doc[j].lower_ in LIST_WORDS:
        joined, j = True, j + 1
    if j == k or j >= sent[1]:
        return None
    if doc[j].lower_ == "the":
        j += 1
    nxt = starts.get(j) or _run_after(doc, j, sent[1], taken)
    return (nxt, joined) if nxt is not None and nxt[0] == j else None


def _listed(doc: Doc, sent: Span, best: Span, places: list[tuple[int, int, bool]]) -> list[Span]:
    """The places listed with `best` ("Bashir and Taza", "Amerli, Jurf al-Sakhar, Tikrit and Fallujah")."""
    countries = {m.start for m in doc._.mentions or [] if m.kind == "state"}
    if best[0] in countries:
        return [best]  # "troops from Nigeria, Niger and Chad" names who fights, not where
    taken = _taken(doc, sent, keep_persons=True) | countries  # a village the name reader took for a person, in a list
    starts = {s: (s, e) for s, e, _ in places if s not in countries}
    ends = {e: (s, e) for s, e, _ in places if s not in countries}
    first = best
    while True:  # back to the head of the list, over earlier places that end right before a separator
        k = first[0] - (1 if first[0] > sent[0] and doc[first[0] - 1].lower_ == "the" else 0)
        prev = next((ends[e] for e in (k - 1, k - 2) if e in ends and e >= sent[0]), None)
        if prev is None or _next_in_list(doc, sent, prev[1], starts, taken) is None or \
                _next_in_list(doc, sent, prev[1], starts, taken)[0][0] != first[0]:
            break
        first = prev
    found, joined, k = [first], False, first[1]
    while (step := _next_in_list(doc, sent, k, starts, taken)) is not None:
        found.append(step[0])
        joined = joined or step[1]
        k = step[0][1]
    return found if joined else [best]


def _rank(doc: Doc, places: list[tuple[int, int, bool]], trigger: Token) -> tuple[int, int, bool]:
    """Inside the trigger's phrase (after the trigger first), then located after it, then located anywhere;
    within each, a town before a country (ACLED records the most specific location)."""
    own = {t.i for t in trigger.subtree}
    countries = {m.start for m in doc._.mentions or [] if m.kind == "state"}
    located = [p for p in places if p[2] and not (p[0] > 0 and doc[p[0] - 1].lower_ in TOWARDS)]
    inside = [p for p in located if p[0] in own]
    after = [p for p in located if p[0] > trigger.i]
    # Inside and after the trigger is what it acts on ("In Jabal al-Zawiya, the army shelled the villages of
    # al-Bara"): a scene set before the trigger is the wider area.
    tier = [p for p in inside if p[0] > trigger.i] or inside or after or located or places
    return min(tier, key=lambda p: (p[0] in countries, tier.index(p)))


def event_places(doc: Doc, sent: Span, trigger: Token) -> list[str]:
    """The places of an event at `trigger`: the best-attached one, and the others of its list."""
    places = candidate_places(doc, sent)
    objects = _object_places(doc, sent, trigger)
    named_objects = [p for p in places if any(s <= p[0] < e for s, e, _ in objects)]  # "entered Zaranj"
    objects = named_objects + [p for p in objects if not any(s <= p[0] < e for s, e, _ in places)]
    places = sorted(set(places + objects))
    if not places:
        return []
    best = _rank(doc, objects, trigger) if objects else _rank(doc, places, trigger)
    names = [doc[s:e].text for s, e in _listed(doc, sent, (best[0], best[1]), places)]
    return list(dict.fromkeys(names))


def event_place(doc: Doc, sent: Span, trigger: Token) -> str | None:
    places = event_places(doc, sent, trigger)
    return places[0] if places else None


def document_place(doc: Doc) -> str | None:
    """The place a report names most (its dateline or subject): where an event with no place of its own is."""
    counts = Counter(m.text for m in doc._.mentions or [] if m.kind == "place")
    return counts.most_common(1)[0][0] if counts else None


TOWN_SOURCES = {"gazetteer", "shape-place"}  # a name NER alone calls a place is often a region or a word
REGION_WORDS = {"province", "governorate", "region", "district", "countryside", "state", "county"}


def town_anaphor(doc: Doc, sent: Span) -> bool:
    """The sentence speaks of "the city", "the town", "the camp" without naming it ("shelled the city")."""
    for t in doc[sent[0]:sent[1]]:
        if t.lower_ in words("town_anaphors") and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children) \
                and not (t.i + 1 < sent[1] and doc[t.i + 1].lower_ == "of"):
            return True
    return False


def last_town(doc: Doc, before: int) -> str | None:
    """The town "the city" of a sentence at token `before` refers to: the town the report has named most so far
    (the one it is about), the later one on a tie. A province, a region or a country is no town."""
    counts: Counter[str] = Counter()
    last: dict[str, int] = {}
    for m in doc._.mentions or []:
        if m.start >= before or m.kind != "place" or m.source not in TOWN_SOURCES:
            continue
        after = doc[m.end].lower_ if m.end < len(doc) else ""
        if after in REGION_WORDS or any(w.lower() in REGION_WORDS for w in m.text.split()):
            continue
        counts[m.text] += 1
        last[m.text] = m.start
    if not counts:
        return None
    return max(counts, key=lambda name: (counts[name], last[name]))
