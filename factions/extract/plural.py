"""Plural references: "both groups", "the two factions", "the three organisations", "the two", "both", "they".

A plural reference stands for several actors at once, so it becomes one mention
per actor over the same span (`factions_reference` adds them); the relation rules
see all of them through `syntax.referents`, and the relation decider pairs each.

Who they are: the most recent coordination of exactly that many compatible
actors ("ISWAP and JAS ... the two factions") in the reference's sentence or
the three before it; failing that, as many of the most salient compatible
actors as the number says, provided there are exactly that many in the window
(a third candidate makes the choice a guess, and a guess creates false relations);
failing that, a numbered head ("the two factions") is the actors named last before it,
unless one of them was listed with others, and its mentions say so (`PLURAL_RECENT`).
"they" / "them" / "their" stand for a coordinated subject ("A and B said they
would resist") of their own or the previous sentence.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from factions.extract.salience import clause_verb, coordinated, ranked, role_weight
from factions.extract.state import Cluster, Mention

# Prepositions after which a country is a place: "in Mali and Burkina Faso" ("close to Turkey and Qatar" is not).
LOCATIVE_PREPS = {"in", "across", "throughout", "inside", "near", "at", "around", "within"}
NUMBERS = {"two": 2, "three": 3, "four": 4, "both": 2}
# Heads a number turns into a set of actors; "sides" and "parties" only in "the two sides".
PLURAL_HEADS = {"group", "faction", "organisation", "organization", "movement", "militia", "side", "party",
                "rival", "coalition", "alliance", "force", "outfit", "network", "insurgency", "ally", "army"}
# How a plural was read when only recency decided it (Mention.note): the decider's features say so.
PLURAL_RECENT = "plural-recent"
PLURAL_PRONOUNS = {"they", "them", "their", "themselves"}
ANY_ACTOR = {"armed_group", "state", "state_forces", "state_agency", "coalition", "political_org"}
NON_STATE = {"armed_group", "coalition", "political_org"}
# What a plural head may stand for: "the two factions" can be a group and a coalition; "both sides" anyone.
PLURAL_KINDS = {"side": ANY_ACTOR, "party": ANY_ACTOR, "rival": ANY_ACTOR, "ally": ANY_ACTOR,
                "army": {"armed_group", "state_forces", "coalition"}, "force": {"armed_group", "state_forces", "coalition"}}


def plural_kinds(tok: Token) -> set[str]:
    """The actor kinds a plural reference headed by `tok` may stand for."""
    if tok.lower_ in NUMBERS:  # "the two", "both": whatever was listed
        return ANY_ACTOR
    return PLURAL_KINDS.get(tok.lemma_.lower(), NON_STATE)


def plural_count(tok: Token) -> int | None:
    """How many actors a phrase headed by `tok` stands for: "both groups" 2, "the three factions" 3, else None."""
    low = tok.lower_
    if tok.tag_ in {"NNS", "NNPS"} and tok.lemma_.lower() in PLURAL_HEADS:
        kids = list(tok.children)
        if any(c.lower_ == "both" for c in kids):
            return 2
        definite = any(c.dep_ == "det" and c.lower_ in {"the", "these", "those"} for c in kids)
        for c in kids:
            if c.dep_ == "nummod" and c.lower_ in NUMBERS and definite:
                return NUMBERS[c.lower_]
        return None
    # "the two would merge", "both denied it": the number itself is the noun phrase
    if low in NUMBERS and tok.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "appos"}:
        if low == "both" or any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return NUMBERS[low]
    return None


def _located(doc: Doc, m: Mention, clusters: list[Cluster]) -> bool:
    """A country named as a place ("in Mali and Burkina Faso") is not one of the actors a plural counts."""
    head = doc[m.start:m.end].root
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    return (m.cluster is not None and clusters[m.cluster].kind == "state" and head.dep_ == "pobj"
            and head.head.lower_ in LOCATIVE_PREPS)


def _coordinations(doc: Doc, mentions: list[Mention], clusters: list[Cluster], kinds: set[str]) -> list[list[int]]:
    """The coordinated actor sets of a sentence's mentions, in order of their first member."""
    out: list[list[int]] = []
    seen: set[int] = set()
    for m in mentions:
        if id(m) in seen:
            continue
        group = coordinated(doc, m, mentions)
        seen.update(id(x) for x in group)
        if _located(doc, group[0], clusters):
            continue
        ids = _actors(group, clusters, kinds)
        if len(ids) > 1:
            out.append(ids)
    return out


def _actors(mentions: list[Mention], clusters: list[Cluster], kinds: set[str],
            exclude: frozenset[int] = frozenset()) -> list[int]:
    """The distinct clusters of these mentions that are of the kinds asked for, in order."""
    ids: list[int] = []
    for x in mentions:
        if x.cluster is not None and clusters[x.cluster].kind in kinds and x.cluster not in ids \
                and x.cluster not in exclude:
            ids.append(x.cluster)
    return ids


def set_antecedents(doc: Doc, sents: list[Span], si: int, at: int, n: int, clusters: list[Cluster],
                    kinds: set[str], by_sent: list[list[Mention]]) -> tuple[list[int], str | None]:
    """The n actors a numbered plural stands for ([] when the text does not make them plain), and how they
    were read: None, or PLURAL_RECENT for the last resort of recency alone.

    In this order: a list of n actors earlier in the sentence ("A and B, both Iranian-backed"); exactly n
    actors named earlier in it ("X denied any alliance with Y, although both fought"); the latest list of
    n actors of the three sentences before; exactly n actors named in this and the previous sentence.
    Failing all, the n actors named last (last_named). A bare "both" / "the two" takes only a list.
    The actors of the plural's own clause are never among them ("the force fought both factions").
    """
    tok = doc[at]
    own_clause = frozenset(m.cluster for m in by_sent[si] if m.cluster is not None and role_weight(doc, m) >= 1.0
                           and clause_verb(doc[m.start:m.end].root) == clause_verb(tok))
    before = [m for m in by_sent[si] if m.start < at and not m.generic and not _located(doc, m, clusters)]
    for ids in reversed(_coordinations(doc, before, clusters, kinds)):
        if len(ids) == n:
            return ids, None
    # a bare "both" / "the two" without a list can be anything ("both can be true"): lists only
    bare = tok.lower_ in NUMBERS
    here = _actors(before, clusters, kinds, own_clause)
    if len(here) == n and not bare:
        return here, None
    for back in range(1, 4):
        if si - back < 0:
            break
        for ids in reversed(_coordinations(doc, by_sent[si - back], clusters, kinds)):
            if len(ids) == n:
                return ids, None
    if bare:
        return [], None
    named = [[m for m in ms if not m.generic and not _located(doc, m, clusters)] if abs(k - si) <= 1 else []
             for k, ms in enumerate(by_sent)]  # a resolved reference may itself be wrong
    scores = ranked(doc, sents, si, at, clusters, kinds, set(own_clause), same_sentence=True, mentions=named,
                    states_in_sentence=True)
    if len(scores) == n:
        return [c for _, c in scores], None
    recent = last_named(doc, named, si, at, n, clusters, kinds, own_clause)
    return recent, PLURAL_RECENT if recent else None


def last_named(doc: Doc, named: list[list[Mention]], si: int, at: int, n: int, clusters: list[Cluster],
               kinds: set[str], exclude: frozenset[int]) -> list[int]:
    """The n compatible actors named last before the plural, in this and the previous sentence, or [].

    "... his loyalists split from ISWAP and called themselves JAS. Since then the two factions fought": a
    plural head ("the two factions") takes up the actors named just before it even when a third one (the
    Islamic State) is in the window. Only named actors count (a resolved reference may itself be wrong), and
    one listed with others ("A, B and C held talks. The two groups ...") makes the choice a guess: [].
    """
    recent: list[int] = []
    for back in (0, 1):
        if si - back < 0:
            break
        for m in sorted(named[si - back], key=lambda x: -x.start):
            if back == 0 and m.start >= at:
                continue
            c = m.cluster
            if c is None or c in exclude or clusters[c].kind not in kinds or c in recent:
                continue
            if len(_actors(coordinated(doc, m, named[si - back]), clusters, kinds)) > 1:
                return []
            recent.append(c)
            if len(recent) == n:
                return recent[::-1]  # in reading order
    return []


def pronoun_set(doc: Doc, si: int, at: int, best: int, clusters: list[Cluster], kinds: set[str],
                by_sent: list[list[Mention]], exclude: set[int]) -> list[int]:
    """'they' after "A and B" (or "the two factions") as a subject: every actor of it, when `best` is one of them.

    An actor `exclude` rules out (the subject of the pronoun's own clause) is left out of the set.
    """
    for back in (0, 1):
        if si - back < 0:
            break
        here = [m for m in by_sent[si - back] if m.start < at or back > 0]
        for m in reversed(here):
            if m.cluster != best:
                continue
            if m.generic:  # a plural reference: the actors over its span
                ids = [x.cluster for x in here if x.generic and x.start == m.start and x.cluster is not None
                       and x.cluster not in exclude]
                return list(dict.fromkeys(ids)) if len(set(ids)) > 1 else []
            group = coordinated(doc, m, here)
            if max(role_weight(doc, x) for x in group) < 2.0:
                return []  # "A attacked B and C ... they": a list of objects is not who 'they' are
            ids = _actors(group, clusters, kinds, frozenset(exclude))
            return ids if len(ids) > 1 else []
    return []
