"""Relation candidates and their features: every pair of actors named in one sentence.

A candidate is an unordered pair of actor clusters with a mention each in the
sentence (names, resolved references and pronouns, list members alike, and the
ends the sentence implies without naming them: implicit.py), ordered by
position: `a` is mentioned first. Its label is a predicate with a direction
(`member_of>`: a member_of b, `member_of<`: b member_of a; symmetric predicates
carry none) or `none`. The features describe the two mentions and what joins
them: the rule readings of the pair (so a model can only depart from the rules
where the corpus supports it), the dependency path and its lowest common head,
the cue lists of the words between, the word beside each mention, entity kinds and
sources, cue lists (trigger verbs, hedges, negations) from the lexicon, and the same
sentence shapes read as word classes (`pair_classes.py`), which carry across theatres.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from factions.extract.implicit import implicit_ends, shadows
from factions.extract.learn.cues import cue_groups, lemmas, mentions_in
from factions.extract.learn.pair_classes import class_features
from factions.extract.state import Mention, RelationCandidate
from factions.extract.syntax import ACTOR_KINDS
from factions.extract.tokens import heads, tokens
from factions.model import SYMMETRIC_PREDICATES

MAX_BETWEEN = 18  # words between two mentions read one by one; farther apart, only the distance counts


@dataclass
class PairCandidate:
    a: int  # cluster index, mentioned first
    b: int
    ma: Mention
    mb: Mention
    sent: tuple[int, int]
    head: int  # token index of the lowest common head of the two mentions: the word that relates them
    rules: list[RelationCandidate] = field(default_factory=list)
    features: list[str] = field(default_factory=list)


def direction_label(predicate: str, subject_first: bool) -> str:
    if predicate in SYMMETRIC_PREDICATES:
        return predicate
    return f"{predicate}{'>' if subject_first else '<'}"


def split_label(label: str) -> tuple[str, bool]:
    """'member_of<' -> ('member_of', False): the predicate, and whether a is the subject."""
    if label.endswith(">"):
        return label[:-1], True
    if label.endswith("<"):
        return label[:-1], False
    return label, True


def mention_head(doc: Doc, m: Mention) -> Token:
    toks, head = tokens(doc), heads(doc)
    for i in range(m.start, m.end):
        if not (m.start <= head[i] < m.end) or head[i] == i:
            return toks[i]
    return toks[m.end - 1]


def _path(x: Token, y: Token) -> tuple[Token, list[Token], list[Token]]:
    """The lowest common ancestor of two tokens, and the tokens from each up to it (exclusive).

    Walks the head indices (`Token.ancestors` and `Token.head` make a new Token per step)."""
    toks, head = tokens(x.doc), heads(x.doc)
    up_x = [x.i]
    while head[up_x[-1]] != up_x[-1] and len(up_x) <= len(head):  # the guard `ancestors` has
        up_x.append(head[up_x[-1]])
    ids = set(up_x)
    up_y: list[int] = []
    t = y.i
    while t not in ids:
        up_y.append(t)
        if head[t] == t:
            break
        t = head[t]
    lca = t if t in ids else up_x[-1]
    return toks[lca], [toks[u] for u in up_x[:up_x.index(lca)]], [toks[u] for u in up_y]


def sentence_pairs(doc: Doc, sent: tuple[int, int], mentions: list[Mention], clusters: list,
                   rules: list[RelationCandidate]) -> list[PairCandidate]:
    """Every pair of actor clusters with a mention in the sentence, with features."""
    start, end = sent
    first: dict[int, Mention] = {}
    here = mentions_in(doc, sent)
    for m in here:
        if start <= m.start < end and m.cluster is not None and m.cluster < len(clusters) \
                and clusters[m.cluster].kind in ACTOR_KINDS and m.cluster not in first:
            first[m.cluster] = m
    first.update(implicit_ends(doc, sent, first, clusters, here))
    ordered = sorted(first.items(), key=lambda kv: kv[1].start)
    n_actors = len(ordered)
    if n_actors < 2:
        return []
    clause = _clause_cues(doc, sent)
    sent_rules = [r for r in rules if r.sent_start == start]
    out: list[PairCandidate] = []
    for i, (a, ma) in enumerate(ordered):
        for b, mb in ordered[i + 1:]:
            if shadows(ma, mb):
                continue
            ha, hb = mention_head(doc, ma), mention_head(doc, mb)
            lca, left, right = _path(ha, hb)
            pair_rules = [r for r in sent_rules if {r.subject, r.object} == {a, b}]
            cand = PairCandidate(a, b, ma, mb, sent, lca.i, pair_rules)
            cand.features = _features(doc, cand, clusters, (ha, hb), (lca, left, right), sent_rules, n_actors,
                                      mentions) + clause
            out.append(cand)
    return out


def _features(doc: Doc, c: PairCandidate, clusters: list, mention_heads: tuple[Token, Token],
              path: tuple[Token, list[Token], list[Token]], sent_rules: list[RelationCandidate], n_actors: int,
              mentions: list[Mention]) -> list[str]:
    toks = tokens(doc)
    lca, left, right = path
    cues = cue_groups()
    lem = lemmas(doc)
    ka, kb = clusters[c.a].kind, clusters[c.b].kind
    f = ["bias", f"kinds:{ka}|{kb}", f"ka:{ka}", f"kb:{kb}", f"src:{c.ma.source}|{c.mb.source}",
         f"nact:{min(n_actors, 6)}"]
    if c.ma.generic or c.ma.source in {"reference", "pronoun"}:
        f.append("a-ref")
    if c.mb.generic or c.mb.source in {"reference", "pronoun"}:
        f.append("b-ref")
    # how a reference end was read when that reading is less sure than the usual (reference.SPEAKER, plural.PLURAL_RECENT)
    f += [f"how-{side}:{m.note}" for side, m in (("a", c.ma), ("b", c.mb)) if m.generic and m.note]
    for r in c.rules:
        lab = direction_label(r.predicate, r.subject == c.a)
        f += [f"rule:{lab}", f"rulename:{r.rule}", "rule-any"]
        if r.negated:
            f.append(f"rule-neg:{lab}")
        if r.hedged:
            f.append("rule-hedged")
    for r in sent_rules:
        if r not in c.rules and (r.subject in (c.a, c.b) or r.object in (c.a, c.b)):
            side = "a" if c.a in (r.subject, r.object) else "b"
            f.append(f"rule-other:{r.predicate}|{side}")
    # the dependency path
    lw = lem[lca.i]
    f += [f"lca:{lw}", f"lcapos:{lca.pos_}", f"lca-k:{lw}|{ka}|{kb}"]
    if lw in cues:
        f.append(f"lca-cue:{cues[lw]}")
    deps_l = [t.dep_ for t in left]
    deps_r = [t.dep_ for t in right]
    f.append(f"path:{'/'.join(deps_l[:4])}^{'/'.join(deps_r[:4])}")
    f.append(f"pathl:{lw}:{deps_l[-1] if deps_l else '-'}^{deps_r[-1] if deps_r else '-'}")
    if len(left) + len(right) <= 6:
        for t in left[1:] + right[1:]:
            w = lem[t.i]
            f.append(f"pw:{w}")
            if w in cues:
                f.append(f"pcue:{cues[w]}")
    f.append(f"plen:{min(len(left) + len(right), 8)}")
    f += [f"da:{mention_heads[0].dep_}", f"db:{mention_heads[1].dep_}"]
    # words between, and around
    gap = toks[c.ma.end:c.mb.start]
    f.append(f"gap:{min(len(gap), 10) if len(gap) < 10 else (15 if len(gap) < 20 else 30)}")
    if len(gap) <= MAX_BETWEEN:
        inner = {m.cluster for m in mentions if c.ma.end <= m.start < c.mb.start and m.cluster is not None}
        if inner - {c.a, c.b}:
            f.append("gap-has-actor")
        # the words between by their cue list only: the words themselves (names, places) were memorised, and
        # leaving them out scored higher with each theatre held out in turn (see README, trained decisions)
        words = [lem[t.i] for t in gap if not t.is_punct or t.text in {"-", "–", "(", ",", ";"}]
        f += [f"bcue:{cues[w]}" for w in words if w in cues]
        if not words:
            f.append("adjacent")
        if words and words[0] in {"-", "–"}:
            f.append(f"hyphen-after-a:{words[1] if len(words) > 1 else ''}")
    # the word next to each mention (two words away was memorised, as the words between)
    if c.ma.start - 1 >= c.sent[0]:
        f.append(f"pre1:{lem[c.ma.start - 1]}")
    if c.mb.end < c.sent[1]:
        f.append(f"post1:{lem[c.mb.end]}")
    if c.ma.end < c.sent[1]:
        f.append(f"aft-a1:{lem[c.ma.end]}")
    if c.mb.start - 1 >= c.sent[0]:
        f.append(f"bef-b1:{lem[c.mb.start - 1]}")
    # stance glued by a hyphen: "anti-IS", "pro-Turkey", "US-backed", "Nusra-led", "al Qaeda-affiliated"
    for side, m in (("a", c.ma), ("b", c.mb)):
        if m.start >= c.sent[0] + 2 and toks[m.start - 1].text in {"-", "–"}:
            w = lem[m.start - 2]
            f += [f"hyph-pre-{side}:{w}"] + ([f"hyph-pre-{side}-cue:{cues[w]}"] if w in cues else [])
        if m.end + 1 < c.sent[1] and toks[m.end].text in {"-", "–"}:
            w = lem[m.end + 1]
            f += [f"hyph-post-{side}:{w}"] + ([f"hyph-post-{side}-cue:{cues[w]}"] if w in cues else [])
    return f + class_features(doc, (c.ma.start, c.ma.end), (c.mb.start, c.mb.end), c.sent, lca, left, right,
                              (ka, kb))


def _clause_cues(doc: Doc, sent: tuple[int, int]) -> list[str]:
    """Negation, hedge and irrealis cues anywhere in the sentence."""
    cues = cue_groups()
    found = {cues.get(w) for w in lemmas(doc)[sent[0]:sent[1]]}
    return [f"scue:{g}" for g in sorted(found & {"negation_words", "negating_verbs", "hedge_words", "hedge_verbs",
                                                   "irrealis_verbs"})]
