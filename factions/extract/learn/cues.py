"""Cue vocabularies the learned deciders use as features, read from the lexicon (data, not code).

A lemma that belongs to a lexicon list becomes a feature named after the list
("cue:fights_against"), so a trigger word the corpus never showed still shares
weight with the words of its list.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Token

from factions.extract.resources import lexicon, words
from factions.extract.tokens import tokens


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
                "learn_cues_membership", "learn_cues_negotiation", "learn_cues_condemnation", "learn_cues_support",
                "learn_cues_split", "learn_cues_merger"):
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


def lemmas(doc: Doc) -> list[str]:
    """Lowercase lemma of every token, computed once per Doc (features read each token many times)."""
    cached = doc.user_data.get("factions_lemmas")
    if cached is None or len(cached) != len(doc):
        cached = [t.lemma_.lower() if t.lemma_ else t.lower_ for t in tokens(doc)]
        doc.user_data["factions_lemmas"] = cached
    return cached


def mentions_in(doc: Doc, sent: tuple[int, int]) -> list:
    """The mentions that start in a sentence, grouped once per Doc (a long report has many of both)."""
    from factions.extract.state import sentence_bounds

    cached = doc.user_data.get("factions_sentence_mentions")
    if cached is None or cached[0] != len(doc._.mentions or []):
        bounds = sentence_bounds(doc)
        groups: dict[int, list] = {}
        for m in doc._.mentions or []:
            groups.setdefault(bounds[m.start][0], []).append(m)
        cached = (len(doc._.mentions or []), groups)
        doc.user_data["factions_sentence_mentions"] = cached
    return cached[1].get(sent[0], [])


def lemma(t: Token) -> str:
    return lemmas(t.doc)[t.i]
