"""Relation features that carry across theatres: words replaced by their class.

A word seen in one theatre ("Wagner", "Ariha", "Shabaab's") teaches nothing about
another; what carries is the shape of the sentence. So here every word on the
dependency path, between the two mentions and beside them is read as its class:
a function word that relates two actors stands for itself ("with", "against",
"alongside", "between", "'s", a hyphen), a word of a lexicon cue list stands for
the list ("allied" -> learn_cues_alliance, "clash" -> rel-fights_against), any
other word for its part of speech. Built from those: the path with classes, the
lowest common head's class with the roles of the two ends under it, the
prepositions and particles on each side of the path, the nominal frames
("clashes between A and B", "the A-B alliance", "A's ally B"), and whether the
head word is negated, hedged or reported (attribution) in its own clause.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from factions.extract.learn.cues import cue_groups, lemmas
from factions.extract.tokens import tokens

# Closed-class words that say how two actors relate; they are features by themselves.
RELATING_WORDS = frozenset({
    "with", "against", "alongside", "between", "among", "and", "or", "of", "to", "from", "under", "within", "by",
    "for", "into", "behind", "beside", "over", "including", "as", "'s", "’s", "-", "–", "/", "(", ",", ";", ":",
    "not", "no", "never", "together", "both", "each", "other", "away", "back", "up", "out", "off", "on", "in"})
# Dependency labels that open a new clause: a path through one joins actors of two statements.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "xcomp", "conj", "parataxis", "acl", "csubj"})
MODALITY_GROUPS = {"negation_words": "neg", "negating_verbs": "neg", "hedge_words": "hedge", "hedge_verbs": "hedge",
                   "speech_verbs": "said", "irrealis_verbs": "irrealis"}


def word_class(lem: str, pos: str) -> str:
    if lem in RELATING_WORDS:
        return lem
    return cue_groups().get(lem) or pos


def classes(doc: Doc) -> list[str]:
    """The class of every token, computed once per Doc (each pair of a sentence reads them again)."""
    cached = doc.user_data.get("factions_word_classes")
    if cached is None or len(cached) != len(doc):
        lem = lemmas(doc)
        cached = [word_class(lem[t.i], t.pos_) for t in tokens(doc)]
        doc.user_data["factions_word_classes"] = cached
    return cached


def class_features(doc: Doc, a: tuple[int, int], b: tuple[int, int], sent: tuple[int, int], lca: Token,
                   left: list[Token], right: list[Token], kinds: tuple[str, str] = ("", "")) -> list[str]:
    """Features of a pair of mentions (token bounds `a` before `b`) from word classes, not words;
    `kinds` are the entity kinds of the two ends (armed_group, state, person ...)."""
    cls = classes(doc)
    toks = tokens(doc)
    head_cls = cls[lca.i]
    role_a = left[-1].dep_ if left else "-"
    role_b = right[-1].dep_ if right else "-"
    f = [f"clca:{head_cls}", f"clca-roles:{head_cls}|{role_a}^{role_b}"]
    steps_a = [f"{t.dep_}.{cls[t.i]}" for t in left[1:4]]
    steps_b = [f"{t.dep_}.{cls[t.i]}" for t in right[1:4]]
    f.append(f"cpath:{'/'.join(steps_a)}^{head_cls}^{'/'.join(steps_b)}")
    for side, path in (("a", left), ("b", right)):
        for t in path:
            if t.dep_ in {"prep", "agent", "prt", "dative"} or t.pos_ == "ADP":
                f += [f"cprep-{side}:{lemmas(doc)[t.i]}", f"cprep-{side}:{lemmas(doc)[t.i]}|{head_cls}"]
    crossed = sum(t.dep_ in CLAUSE_DEPS for t in left + right)
    f.append(f"clauses:{min(crossed, 2)}")
    f += _head_modality(doc, lca)
    f += _trigger_groups(doc, cls, lca, left, right, kinds)
    # the words between as classes: a short gap as one sequence, a longer one as a bag
    gap = cls[a[1]:b[0]]
    if len(gap) <= 5:
        f.append(f"cgap:{'|'.join(gap)}")
    f += [f"cbag:{c}" for c in sorted(set(gap))] if len(gap) <= 18 else []
    # beside the mentions
    before_a = cls[a[0] - 1] if a[0] > sent[0] else "^"
    after_b = cls[b[1]] if b[1] < sent[1] else "$"
    f += [f"cpre:{before_a}", f"cpost:{after_b}", f"cframe:{before_a}|{after_b}"]
    if a[1] < b[0]:
        f.append(f"caft-a:{cls[a[1]]}")
        f.append(f"cbef-b:{cls[b[0] - 1]}")
    f += _nominal_frames(cls, toks, a, b, sent, before_a, after_b)
    return f


def _trigger_groups(doc: Doc, cls: list[str], lca: Token, left: list[Token], right: list[Token],
                    kinds: tuple[str, str]) -> list[str]:
    """The cue lists that name the relation, wherever the parse puts their word, with the kinds of both ends.

    The head word is often light ("held talks with", "is a member of", "signed a truce with"): the relation
    word is its object or complement, so the lists of the head's children count as well as the lists on
    the path (of any length). Crossed with the two kinds, a list says more: talks between a state and a
    group, membership of a person in a group, a group's split from a group."""
    groups = {cls[t.i] for t in [lca, *left[1:], *right[1:]] if _is_cue(cls[t.i])}
    near = {cls[t.i] for t in lca.children if _is_cue(cls[t.i])} - groups
    pair = f"{kinds[0]}|{kinds[1]}"
    out = [f"tcue:{g}" for g in sorted(groups)] + [f"tcue-child:{g}" for g in sorted(near)]
    out += [f"tcue-k:{g}|{pair}" for g in sorted(groups | near)]
    if not groups | near:
        out.append(f"tcue-k:none|{pair}")
    return out


def _is_cue(word_cls: str) -> bool:
    return word_cls.startswith(("rel-", "learn_cues_", "support_", "branch_", "member_", "ally_", "leader_",
                                "designation_"))


def _head_modality(doc: Doc, lca: Token) -> list[str]:
    """Negation or hedge on the head word itself, and a speech verb above it (an attributed statement)."""
    cues = cue_groups()
    lem = lemmas(doc)
    out = set()
    for child in lca.children:
        if child.dep_ == "neg":
            out.add("hmod:neg")
        if child.dep_ not in {"advmod", "aux", "neg"}:
            continue
        group = MODALITY_GROUPS.get(cues.get(lem[child.i], ""))
        if group in {"neg", "hedge"}:
            out.add(f"hmod:{group}")
    up = lca.head
    if up.i != lca.i:
        group = MODALITY_GROUPS.get(cues.get(lem[up.i], ""))
        if group:
            out.add(f"hmod-up:{group}")
    return sorted(out)


def _nominal_frames(cls: list[str], toks: list[Token], a: tuple[int, int], b: tuple[int, int],
                    sent: tuple[int, int], before_a: str, after_b: str) -> list[str]:
    """'clashes between A and B', 'the A-B alliance', "A's ally B", 'talks with': a noun relates the pair."""
    gap = cls[a[1]:b[0]]
    out = []
    if gap == ["and"] and a[0] - 1 >= sent[0]:
        out.append(f"nom:{before_a}-A-and-B")
        if a[0] - 2 >= sent[0]:
            out.append(f"nom:{cls[a[0] - 2]}|{before_a}-A-and-B")
    if gap in (["-"], ["–"], ["/"]):
        out.append(f"nom:A-B-{after_b}")
    if gap and gap[0] in {"'s", "’s"}:
        out.append(f"nom:A's-{'|'.join(gap[1:3])}-B")
    if len(gap) <= 3 and gap and gap[-1] in RELATING_WORDS and b[0] - 2 >= a[1]:
        out.append(f"nom:A-{cls[b[0] - 2]}-{gap[-1]}-B")
    return out
