"""Generic state-force phrases as event parties: "government troops", "security forces", "the army", "soldiers".

A report calls the national army of the country it is about by common nouns far
more often than by name. The conventions make a national army an alias of its
state when the text makes the state clear, so such a phrase stands for the state
side the document already names: the country named most often (by its state or
its forces), when it leads the next country clearly. Where it does not, or where
the phrase has an owner of its own ("Haftar's forces", "Kenyan soldiers",
"forces of the KRG"), the phrase is left alone: a wrong side is worse than none.
Nothing here creates an actor; only clusters the document has are used.
"""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Token

from factions.extract.resources import catalog, words
from factions.extract.state import Cluster, Mention
from factions.extract.syntax import mention_index
from factions.extract.tokens import tokens

STATE_SIDE = {"state", "state_forces"}
BODIES = {"army", "military", "police", "government"}  # a national body by itself, not a kind of unit
LEAD = 1.5  # the report's country must be named this many times as often as the next one


def _heads() -> frozenset[str]:
    return words("state_force_heads")


def _qualifiers() -> frozenset[str]:
    return words("state_force_qualifiers")


def _country(cluster: Cluster) -> str | None:
    actor = catalog().actors.get(cluster.catalog_id or "")
    if actor is None or actor.kind not in STATE_SIDE or len(actor.countries) != 1:
        return None
    return actor.countries[0]


def report_state(doc: Doc) -> int | None:
    """The cluster standing for the state side of the country the report is about, or None where unclear."""
    clusters: list[Cluster] = doc._.clusters or []
    key = (len(clusters), len(doc._.mentions or []))
    cached = doc.user_data.get("factions_report_state")
    if cached is not None and cached[0] == key:
        return cached[1]
    counts: Counter[str] = Counter()
    of_country: dict[str, list[int]] = {}
    for i, c in enumerate(clusters):
        country = _country(c) if c.kind in STATE_SIDE else None
        if country and c.mentions:
            counts[country] += len(c.mentions)
            of_country.setdefault(country, []).append(i)
    ranked = counts.most_common(2)
    chosen: int | None = None
    if ranked and (len(ranked) == 1 or ranked[0][1] >= LEAD * ranked[1][1]):
        def national(i: int) -> tuple[bool, bool, int]:
            """The government's forces as a whole before a state before one of its units ("Air Force")."""
            actor = catalog().actors[clusters[i].catalog_id or ""]
            whole = actor.kind == "state_forces" and any(
                w in actor.name.lower() for w in ("government", "army", "armed forces", "military", "defence force"))
            return (not whole, actor.kind != "state", -len(clusters[i].mentions))
        chosen = min(of_country[ranked[0][0]], key=national)
    doc.user_data["factions_report_state"] = (key, chosen)
    return chosen


def mention_index_of(doc: Doc) -> dict[int, int]:
    """token -> cluster over the document's mentions, built once per Doc and state of its mentions."""
    cached = doc.user_data.get("factions_mention_index")
    if cached is None or cached[0] != len(doc._.mentions or []):
        cached = (len(doc._.mentions or []), mention_index(doc))
        doc.user_data["factions_mention_index"] = cached
    return cached[1]


def is_state_force_phrase(tok: Token, index: dict[int, int]) -> bool:
    """Whether tok heads a generic phrase for a national force: "government troops", "the army", "soldiers"."""
    lemma = tok.lemma_.lower()
    if lemma not in _heads() or tok.i in index or tok.pos_ not in {"NOUN", "PROPN"}:
        return False
    mods = [c for c in tok.children if c.dep_ in {"compound", "amod", "nmod", "poss"}]
    if any(m.i in index or m.dep_ == "poss" for m in mods):
        return False  # "Kenyan soldiers", "Haftar's forces", "its troops": an owner of their own
    if any(c.dep_ == "prep" and c.lower_ == "of" and any(p.i in index for p in c.children) for c in tok.children):
        return False  # "forces of the Kurdistan Regional Government"
    qualified = [m for m in mods if m.lower_ in _qualifiers()]
    if qualified:
        return True
    if mods:
        return False  # "rebel forces", "opposition troops", "jihadist units"
    if lemma in BODIES:  # "the army", "the police", "the government"; "army positions" (the army's)
        return tok.dep_ == "compound" and lemma != "government" or \
            any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
    return lemma in {"soldier", "troop"}  # bare "soldiers", "troops": regular forces


def state_force_mentions(doc: Doc, sent: tuple[int, int], index: dict[int, int]) -> list[Mention]:
    """Mentions of the report's state for the generic state-force phrases of a sentence (none where unclear)."""
    heads = _heads()
    candidates = [t for t in tokens(doc)[sent[0]:sent[1]] if t.lemma_.lower() in heads]  # the shared Token list:
    # slicing the Doc would make every Token of the sentence anew, for each sentence the event readers ask about
    if not candidates:
        return []
    state = report_state(doc)
    if state is None:
        return []
    kind = (doc._.clusters or [])[state].kind
    return [Mention(t.i, t.i + 1, kind, "reference", t.text, generic=True, cluster=state)
            for t in candidates if is_state_force_phrase(t, index)]
