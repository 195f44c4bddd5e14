"""Cue vocabularies the learned deciders use as features, read from the lexicon (data, not code).

A lemma that belongs to a lexicon list becomes a feature named after the list
("cue:fights_against"), so a trigger word the corpus never showed still shares
weight with the words of its list.
"""
from __future__ import annotations

from functools import lru_cache

from factions.extract.resources import lexicon, words


@lru_cache(maxsize=1)
def cue_groups() -> dict[str, str]:
    """lemma -> the name of its cue list (relation verbs by predicate, support, hedge, negation ...)."""
    groups: dict[str, str] = {}
    for predicate, verbs in (lexicon().get("relation_verbs") or {}).items():
        for verb in verbs or []:
            groups.setdefault(str(verb).split()[0].lower(), f"rel-{predicate}")
    for key in ("support_verbs", "branch_nouns", "member_nouns", "ally_nouns", "leader_nouns", "designation_nouns",
                "negation_words", "negating_verbs", "hedge_words", "hedge_verbs", "speech_verbs", "irrealis_verbs",
                "civilian_words", "learn_cues_mutual", "learn_cues_opposition", "learn_cues_alliance",
                "learn_cues_membership"):
        for w in words(key):
            groups.setdefault(w.split()[0], key)
    return groups


@lru_cache(maxsize=1)
def event_triggers() -> dict[str, str]:
    """trigger word -> 'Type|Sub-event type' (lexicon `event_triggers`; first word of multiword triggers)."""
    out: dict[str, str] = {}
    for k, v in (lexicon().get("event_triggers") or {}).items():
        out.setdefault(str(k).lower().split()[0], f"{v[0]}|{v[1]}")
    return out
