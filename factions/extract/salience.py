"""How salient each actor is at a point of a report: what a pronoun or a description most likely points at.

A weighting in the manner of Lappin and Leass: in the reference's own sentence
(before it) and each of the three sentences before, an actor's best mention
adds that sentence's recency weight times its grammatical weight (a subject
counts most, a name used as a modifier least), so an actor named as the subject
of the last sentence, or named in sentence after sentence, outranks one named
once in passing. The
document's topic (the actor named most up to here) adds a small constant: a
profile's "the group" means the group the profile is about even when the last
sentence was about someone else.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from factions.extract.state import Cluster, Mention
from factions.extract.syntax import COLLECTIVE_HEADS

RECENCY = (2.0, 1.0, 0.4, 0.2)  # the reference's own sentence, then one, two and three sentences back
TOPIC_BONUS = 0.3
TOPIC_MIN_MENTIONS = 3  # an actor named this often is the report's topic when it leads the count


def role_weight(doc: Doc, m: Mention) -> float:
    """Subject 2, object 1, anything else 0.75; a name used as a modifier ("Hamas leader X") 0.25.

    The owner of a collective head ("Nusra's men", "Hamas fighters") takes the role of the head.
    """
    head = doc[m.start:m.end].root
    if head.dep_ in {"compound", "poss", "amod", "nmod"} and head.head.i >= m.end:
        if head.head.lower_ not in COLLECTIVE_HEADS:
            return 0.25
        head = head.head  # "Nusra's men", "their fighters": the owner acts through them
    dep = head.dep_
    while dep == "conj" and head.head.i != head.i:  # "A and B said": B is a subject like A
        head = head.head
        dep = head.dep_
    if dep in {"nsubj", "nsubjpass"}:
        return 2.0
    if dep in {"dobj", "obj", "attr"}:
        return 1.0
    return 0.75


LIST_GLUE = {",", "and", "or", "the", "as", "well", "&"}


def coordinated(doc: Doc, m: Mention, mentions: list[Mention]) -> list[Mention]:
    """The mentions listed with m ("A and B", "A, B and the C"), m included, in order; [m] when none.

    Read from the surface, not the parse: the parser often hangs long lists of names wrongly. Only
    commas, "and", "or", "as well as" and articles may stand between two names of a list, and an
    "and" / "or" must join it ("A, B" alone is an apposition).
    """
    ordered = sorted((x for x in mentions if x.cluster is not None), key=lambda x: x.start)
    if m not in ordered:
        return [m]
    k = ordered.index(m)
    lo = hi = k
    joined = False

    def glue(a: Mention, b: Mention) -> bool | None:
        """None: not a list; else whether the gap holds 'and'/'or'."""
        gap = [t.lower_ for t in doc[a.end:b.start]]
        if a.end > b.start or not gap or any(w not in LIST_GLUE for w in gap):
            return None
        if "as" in gap and "well" not in gap:
            return None
        return "and" in gap or "or" in gap

    while lo > 0:
        g = glue(ordered[lo - 1], ordered[lo])
        if g is None:
            break
        joined |= g
        lo -= 1
    while hi + 1 < len(ordered):
        g = glue(ordered[hi], ordered[hi + 1])
        if g is None:
            break
        joined |= g
        hi += 1
    run = ordered[lo:hi + 1]
    return run if joined and len(run) > 1 else [m]


def clause_verb(tok: Token) -> int:
    """The token index of the verb whose clause holds `tok` (the sentence root when none is above it)."""
    t = tok
    while t.pos_ not in {"VERB", "AUX"} and t.head.i != t.i:
        t = t.head
    return t.i


def topic(clusters: list[Cluster], at: int, kinds: set[str], *, references: bool = False) -> int | None:
    """The actor named most often before token `at`, when it is named clearly more than any other.

    With `references`, the references resolved to an actor count as naming it ("it", "the group"): a profile
    names its subject once and then refers to it.
    """
    counts = sorted(((sum(1 for x in c.mentions if x.start < at and (references or not x.generic)), i)
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
        best: dict[int, float] = {}  # an actor's best mention in the sentence: a long chain is not many actors
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
            best[m.cluster] = max(best.get(m.cluster, 0.0), weight * role_weight(doc, m))
        for c, v in best.items():
            scores[c] = scores.get(c, 0.0) + v
    main = topic(clusters, before, kinds)
    if main is not None and main in scores:
        scores[main] += TOPIC_BONUS
    return sorted(((s, c) for c, s in scores.items()), key=lambda sc: (-sc[0], sc[1]))
