"""Dependency-tree helpers shared by the relation and event components.

The central question is "which actors does this noun phrase stand for?": the
mention it heads, its coordinated and appositive neighbours ("A, B and C";
"his replacement, Ali Abu Mukhammad"), the members it lists ("several groups,
including A and B"), and the owner of a collective head ("Hazm fighters",
"regime tank", "coalition airstrikes").
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from factions.extract.state import reference_clusters, sentence_of

ACTOR_KINDS = {"armed_group", "state", "state_forces", "state_agency", "coalition", "political_org", "media", "person"}
# Heads that stand for the actor that modifies them: "Hazm fighters", "regime tank", "coalition airstrikes".
COLLECTIVE_HEADS = {"fighter", "fighters", "militant", "militants", "troops", "troop", "soldier", "soldiers", "unit",
                    "units", "force", "forces", "member", "members", "commander", "commanders", "rebel", "rebels",
                    "militiamen", "gunmen", "jihadist", "jihadists", "tank", "tanks", "jet", "jets", "aircraft",
                    "warplane", "warplanes", "helicopter", "helicopters", "drone", "drones", "convoy", "positions",
                    "position", "base", "bases", "checkpoint", "checkpoints", "airstrike", "airstrikes", "strike",
                    "strikes", "artillery", "army", "official", "officials", "spokesman", "leadership", "cell",
                    "cells", "brigade", "brigades", "battalion", "battalions", "personnel", "operatives", "bmp",
                    "bomber", "bombers", "fighter jets", "offensive", "raid", "raids", "attack", "attacks", "ranks",
                    "stronghold", "headquarters", "loyalists", "elements", "delegation", "negotiators", "emissaries",
                    "site", "sites", "targets", "camp", "camps", "facility", "facilities", "depot", "depots",
                    "hideout", "hideouts", "compound", "outpost", "outposts", "emir", "leader", "leaders", "chief",
                    "contingent", "insurgents", "men", "gunmen", "patrol", "patrols", "vehicles", "aircraft",
                    "police", "policemen", "officers", "guards", "garrison", "militia", "militias", "army",
                    "detachment", "squad", "squads", "column", "columns", "operatives", "supporters", "loyalists"}
# "troops loyal to X", "fighters belonging to X", "forces affiliated with X"
BELONGING = {"loyal", "belonging", "affiliated", "allied", "linked", "close", "aligned", "attached", "subordinate"}
INCLUDE_PREPS = {"including", "like", "such"}


def mention_index(doc: Doc) -> dict[int, int]:
    """token index -> cluster index, over every mention of the document."""
    index: dict[int, int] = {}
    for m in doc._.mentions or []:
        if m.cluster is None:
            continue
        for i in range(m.start, m.end):
            index.setdefault(i, m.cluster)
    return index


def actor_clusters(doc: Doc) -> set[int]:
    return {i for i, c in enumerate(doc._.clusters or []) if c.kind in ACTOR_KINDS}


PLACE_PREPS = {"in", "from", "to", "across", "throughout", "inside", "near", "into", "at", "around", "outside"}


def _located(tok: Token, cluster: int, index: dict[int, int]) -> bool:
    """A country named as a location ("in Mali", "from Syria to Somalia") is not an actor of the clause."""
    clusters = tok.doc._.clusters or []
    return (cluster < len(clusters) and clusters[cluster].kind == "state" and tok.dep_ == "pobj"
            and tok.head.lower_ in PLACE_PREPS)


def referents(tok: Token, index: dict[int, int], actors: set[int], *, depth: int = 0) -> list[int]:
    """Actor clusters a noun phrase headed by `tok` stands for, in order, without duplicates."""
    if depth > 6:
        return []
    out: list[int] = []

    def add(cs: list[int]) -> None:
        for c in cs:
            if c not in out:
                out.append(c)

    own = index.get(tok.i)
    if own is not None and own in actors and not _located(tok, own, index):
        add([own])
        add([c for c in reference_clusters(tok.doc).get(tok.i, []) if c in actors])  # "both groups": each
    elif tok.lower_ in COLLECTIVE_HEADS or tok.lemma_.lower() in COLLECTIVE_HEADS:
        for child in tok.children:
            if child.dep_ in {"compound", "amod", "nmod", "poss"} and index.get(child.i) in actors:
                add([index[child.i]])
        if not out:
            for child in tok.children:  # "fighters of Ahrar al-Sham", "troops from the regime"
                if child.dep_ == "prep" and child.lower_ in {"of", "from"}:
                    for p in child.children:
                        if p.dep_ == "pobj":
                            add(referents(p, index, actors, depth=depth + 1))
                elif child.dep_ in {"amod", "acl"} and child.lower_ in BELONGING:  # "troops loyal to Hadi"
                    for prep in child.children:
                        if prep.dep_ == "prep":
                            for p in prep.children:
                                if p.dep_ == "pobj":
                                    add(referents(p, index, actors, depth=depth + 1))
    for child in tok.children:
        if child.dep_ in {"conj", "appos"}:
            add(referents(child, index, actors, depth=depth + 1))
        elif child.dep_ == "prep" and child.lower_ == "as" and any(g.lower_ == "such" for g in child.children):
            pobjs = [p for p in child.children if p.dep_ == "pobj"]
            if pobjs:
                for p in pobjs:
                    add(referents(p, index, actors, depth=depth + 1))
            elif index.get(child.i + 1) in actors:  # the parser lost the object of "such as"
                add([index[child.i + 1]])
        elif child.dep_ == "prep" and child.lower_ in INCLUDE_PREPS:
            for p in child.children:
                if p.dep_ == "pobj":
                    add(referents(p, index, actors, depth=depth + 1))
                elif p.dep_ == "prep":  # "such as"
                    for q in p.children:
                        if q.dep_ == "pobj":
                            add(referents(q, index, actors, depth=depth + 1))
    return out


def described(noun: Token, index: dict[int, int], actors: set[int]) -> list[int]:
    """Who a descriptive noun phrase is about: the copula subject, the appositive head, or 'X, which acts as'."""
    if noun.dep_ in {"attr", "acomp", "oprd"}:
        return subjects(noun.head, index, actors)
    if noun.dep_ == "appos":
        return referents(noun.head, index, actors)
    if noun.dep_ == "pobj" and noun.head.lower_ == "as":  # "acts as the news site for Y", "serves as"
        return subjects(noun.head.head, index, actors)
    if noun.dep_ == "nsubj" and noun.head.lemma_ == "be":  # "the umbrella to which X belongs is Y"
        return [c for child in noun.head.children if child.dep_ == "attr"
                for c in referents(child, index, actors)]
    if noun.dep_ == "conj":
        # "the Al Nusrah Front, al Qaeda's official affiliate": the parser's conj without "and" is an apposition
        has_cc = any(c.dep_ == "cc" for c in noun.head.children if c.i < noun.i)
        if not has_cc and any(t.text == "," for t in noun.doc[noun.head.i:noun.i]):
            return referents(noun.head, index, actors) if index.get(noun.head.i) is not None \
                else described(noun.head, index, actors)
        return described(noun.head, index, actors)
    return []


def subjects(verb: Token, index: dict[int, int], actors: set[int]) -> list[int]:
    """The actors doing what the verb says, climbing through xcomp/conj/advcl to the clause's subject."""
    seen = 0
    v = verb
    while seen < 5:
        # Climbing from "to be" up to "is considered": the passive subject is the clause's subject.
        subs = [c for c in v.children if c.dep_ in ({"nsubj", "csubj", "nsubjpass"} if seen else {"nsubj", "csubj"})]
        if subs:
            out: list[int] = []
            for s in subs:
                for c in referents(s, index, actors):
                    if c not in out:
                        out.append(c)
            if out:
                return out
            # a relative clause: "X, which fights alongside Y" -> the subject is what the clause modifies
            if subs[0].tag_ in {"WDT", "WP"} and v.dep_ == "relcl":
                return referents(v.head, index, actors) or described(v.head, index, actors)
            return []
        if v.dep_ in {"relcl", "acl"} and v.tag_ != "VBG":
            return referents(v.head, index, actors) or described(v.head, index, actors)
        if v.dep_ == "acl" and v.tag_ == "VBG":  # "a statement condemning X": the statement's author
            owner = v.head.head
            if owner.pos_ in {"VERB", "AUX"}:
                v = owner
                seen += 1
                continue
            return referents(v.head, index, actors)
        if v.dep_ in {"xcomp", "conj", "advcl", "pcomp", "ccomp"} and v.head.i != v.i:
            if v.dep_ == "pcomp":  # "joined X in fighting Y": up to the verb the preposition hangs on
                v = governing_verb(v)
            else:
                v = v.head
            seen += 1
            continue
        return []
    return []


def governing_verb(tok: Token) -> Token:
    """The nearest verb above a token (the parser may hang "in fighting" on a noun)."""
    t = tok.head
    hops = 0
    # "including" and participles used as modifiers are verbs by tag but not clause heads
    while (t.pos_ not in {"VERB", "AUX"} or t.dep_ in {"prep", "amod", "acl", "pcomp"}) and t.head.i != t.i \
            and hops < 8:
        t = t.head
        hops += 1
    return t


def passive_agents(verb: Token, index: dict[int, int], actors: set[int]) -> list[int]:
    out: list[int] = []
    for child in verb.children:
        if child.dep_ == "agent":
            for p in child.children:
                if p.dep_ == "pobj":
                    out.extend(c for c in referents(p, index, actors) if c not in out)
    return out


def passive_subjects(verb: Token, index: dict[int, int], actors: set[int]) -> list[int]:
    subs = [c for c in verb.children if c.dep_ == "nsubjpass"]
    out: list[int] = []
    for s in subs:
        out.extend(c for c in referents(s, index, actors) if c not in out)
    if not subs and verb.dep_ in {"relcl", "acl"}:  # "a faction led by X"
        return referents(verb.head, index, actors) or described(verb.head, index, actors)
    if not subs and verb.dep_ in {"conj", "xcomp"}:
        return passive_subjects(verb.head, index, actors) or subjects(verb.head, index, actors)
    return out


def objects(verb: Token, index: dict[int, int], actors: set[int],
            preps: set[str] | None = None) -> list[tuple[str, int]]:
    """(preposition or 'dobj', cluster) pairs for the verb's objects; preps limits which prepositions count."""
    out: list[tuple[str, int]] = []
    for child in verb.children:
        if child.dep_ in {"dobj", "obj", "attr", "oprd", "dative"}:
            out.extend(("dobj", c) for c in referents(child, index, actors))
        elif child.dep_ == "prep" and (preps is None or child.lower_ in preps):
            for p in child.children:
                if p.dep_ == "pobj":
                    out.extend((child.lower_, c) for c in referents(p, index, actors))
        elif child.dep_ == "prt":
            continue
    return out


def particles(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in {"prt", "prep", "advmod"}}


def sentence_span(tok: Token) -> tuple[int, int]:
    sent = sentence_of(tok.doc, tok.i)
    return sent.start_char, sent.end_char
