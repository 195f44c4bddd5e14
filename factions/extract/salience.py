"""How salient each actor is at a point of a report: what a pronoun or a description most likely points at.

A weighting in the manner of Lappin and Leass: every mention of an actor in the
reference's own sentence (before it) and the three sentences before adds its
sentence's recency weight times its grammatical weight (a subject counts most,
a name used as a modifier least), so an actor named as the subject of the last
sentence, or named over and over, outranks one named once in passing. The
document's topic (the actor named most up to here) adds a small constant: a
profile's "the group" means the group the profile is about even when the last
sentence was about someone else.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from factions.extract.state import Cluster, Mention

RECENCY = (2.0, 1.0, 0.5, 0.25)  # the reference's own sentence, then one, two and three sentences back
TOPIC_BONUS = 1.0
TOPIC_MIN_MENTIONS = 3  # an actor named this often is the report's topic when it leads the count


def role_weight(doc: Doc, m: Mention) -> float:
    """Subject 2, object 1, anything else 0.75; a name used as a modifier ("Hamas leader X") 0.25."""
    head = doc[m.start:m.end].root
    if head.dep_ in {"compound", "poss", "amod", "nmod"} and head.head.i >= m.end:
        return 0.25
    dep = head.dep_
    while dep == "conj" and head.head.i != head.i:  # "A and B said": B is a subject like A
        head = head.head
        dep = head.dep_
    if dep in {"nsubj", "nsubjpass"}:
        return 2.0
    if dep in {"dobj", "obj", "attr"}:
        return 1.0
    return 0.75


def coordinated(doc: Doc, m: Mention, mentions: list[Mention]) -> list[Mention]:
    """The mentions coordinated with m ("A and B", "A, B and C"), m included, in order; [m] when none."""
    head = doc[m.start:m.end].root
    top = head
    while top.dep_ == "conj" and top.head.i != top.i:
        top = top.head
    heads = {top.i} | {t.i for t in top.subtree if t.dep_ == "conj" and _conj_chain(t, top)}
    found = [x for x in mentions if x.cluster is not None and doc[x.start:x.end].root.i in heads]
    return found if len(found) > 1 else [m]


def _conj_chain(tok: Token, top: Token) -> bool:
    while tok.dep_ == "conj" and tok.i != top.i:
        tok = tok.head
    return tok.i == top.i


def topic(clusters: list[Cluster], at: int, kinds: set[str]) -> int | None:
    """The actor named most often before token `at`, when it is named clearly more than any other."""
    counts = sorted(((sum(1 for x in c.mentions if x.start < at and not x.generic), i)
                     for i, c in enumerate(clusters) if c.kind in kinds), reverse=True)
    if not counts or counts[0][0] < TOPIC_MIN_MENTIONS:
        return None
    if len(counts) > 1 and counts[1][0] * 1.5 >= counts[0][0]:
        return None  # two actors share the report: no single topic
    return counts[0][1]


def ranked(doc: Doc, sents: list[Span], si: int, before: int, clusters: list[Cluster], kinds: set[str],
           exclude: set[int], *, same_sentence: bool, mentions: list[list[Mention]],
           states_in_sentence: bool = False) -> list[tuple[float, int]]:
    """(score, cluster) of every compatible actor in the window, best first.

    `mentions` holds each sentence's mentions (by sentence number), references resolved so far included.
    """
    scores: dict[int, float] = {}
    for back, weight in enumerate(RECENCY):
        if si - back < 0:
            break
        if back == 0 and not same_sentence:
            continue
        end = before if back == 0 else sents[si - back].end
        for m in mentions[si - back]:
            if m.start >= end or m.cluster is None or m.cluster in exclude:
                continue
            c = clusters[m.cluster]
            if c.kind not in kinds:
                continue
            # a country named in the reference's own sentence is usually a place, not what it points at
            if back == 0 and c.kind == "state" and not states_in_sentence:
                continue
            if back == 0 and c.mentions and c.mentions[0].generic:
                continue
            scores[m.cluster] = scores.get(m.cluster, 0.0) + weight * role_weight(doc, m)
    main = topic(clusters, before, kinds)
    if main is not None and main in scores:
        scores[main] += TOPIC_BONUS
    return sorted(((s, c) for c, s in scores.items()), key=lambda sc: (-sc[0], sc[1]))
