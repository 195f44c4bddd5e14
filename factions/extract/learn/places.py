"""Where an event happened: the named places of its sentence, ranked by how they attach to the trigger.

Candidates are the place mentions of the sentence (gazetteer, NER) and, since
reports name villages, districts and airports no gazetteer holds, runs of
capitalised words after a locative preposition ("around al-Dour", "near the
Mitiga airport") that are not actor names. A place inside the trigger's own
phrase wins, then the nearest located one after the trigger, then any located one.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from factions.extract.actors import CALENDAR
from factions.extract.resources import words
from factions.extract.tokens import tokens


def _locative() -> frozenset[str]:
    return words("locative_prepositions")


def _particles() -> frozenset[str]:
    return words("name_particles") | {"of"}


def _run_after(doc: Doc, i: int, end: int, taken: set[int]) -> tuple[int, int] | None:
    """The capitalised run that starts at token i (after 'the'), if it names no actor."""
    toks = tokens(doc)
    j = i
    if j < end and toks[j].lower_ == "the":
        j += 1
    k = j
    particles = _particles()

    def joins(k: int) -> bool:  # "al" or "-" inside a name: "al-Dour", "Maarat al-Numan"
        return k + 1 < end and (toks[k].lower_ in particles or toks[k].text == "-") and (
            toks[k + 1].is_title or toks[k + 1].text == "-")

    while k < end and k not in taken and (toks[k].is_title and toks[k].lower_ not in CALENDAR
                                          or toks[k].like_num and k > j or joins(k)):
        k += 1
    while k > j and (toks[k - 1].lower_ in particles or toks[k - 1].text == "-"):
        k -= 1
    return (j, k) if k > j else None


def candidate_places(doc: Doc, sent: tuple[int, int]) -> list[tuple[int, int, bool]]:
    """(start, end, located) for each place named in the sentence; `located`: after a locative preposition."""
    toks = tokens(doc)
    loc = _locative()
    start, end = sent
    mentions = doc._.mentions or []
    taken = {i for m in mentions if start <= m.start < end and m.kind not in {"place", "state"}
             for i in range(m.start, m.end)}
    taken |= {i for d in doc._.dates or [] if start <= d.start < end for i in range(d.start, d.end)}
    out: dict[int, tuple[int, int, bool]] = {}
    for m in mentions:
        if start <= m.start < end and m.kind in {"place", "state"}:
            located = m.start > 0 and toks[m.start - 1].lower_ in loc | {"of"} or \
                m.start > 1 and toks[m.start - 1].lower_ == "the" and toks[m.start - 2].lower_ in loc
            if m.kind == "place" or located:
                out[m.start] = (m.start, m.end, bool(located))
    for t in toks[start:end]:
        if t.lower_ in loc and t.i + 1 < end:
            run = _run_after(doc, t.i + 1, end, taken)
            if run and not any(s <= run[0] < e for s, e, _ in out.values()):
                out[run[0]] = (run[0], run[1], True)
    return [out[k] for k in sorted(out)]


def event_place(doc: Doc, sent: tuple[int, int], trigger: Token) -> str | None:
    places = candidate_places(doc, sent)
    if not places:
        return None
    own = {t.i for t in trigger.subtree}
    located = [p for p in places if p[2]]
    inside = [p for p in located if p[0] in own]
    after = [p for p in located if p[0] > trigger.i]
    best = (inside or after or located or places)[0]
    return doc[best[0]:best[1]].text
