"""Event features: what a sentence reports (ACLED type and sub-type, or nothing), and each actor's role in it.

The sentence classifier reads the lemmas of the sentence, the lexicon's event
triggers it holds (by their type), the rule reader's events there (a feature, so
the model departs from the rules only where the corpus supports it), weapons,
places, dates, and negation, hedge and future cues. The role classifier reads,
for each actor mentioned in an event sentence, its dependency role, its governing
word and where it stands relative to the trigger words.
"""
from __future__ import annotations

from spacy.tokens import Doc

from factions.extract.learn.cues import cue_groups, event_triggers, lemma as _lemma, lemmas, mentions_in
from factions.extract.learn.pairs import mention_head
from factions.extract.learn.state_forces import mention_index_of, state_force_mentions
from factions.extract.state import EventCandidate, Mention
from factions.extract.syntax import ACTOR_KINDS
from factions.extract.tokens import columns, tokens


def actor_mentions(mentions: list[Mention], clusters: list, sent: tuple[int, int]) -> dict[int, Mention]:
    """First mention of each actor cluster in the sentence."""
    out: dict[int, Mention] = {}
    for m in mentions:
        if sent[0] <= m.start < sent[1] and m.cluster is not None and m.cluster < len(clusters) \
                and clusters[m.cluster].kind in ACTOR_KINDS and m.cluster not in out:
            out[m.cluster] = m
    return out


def event_actor_mentions(doc: Doc, sent: tuple[int, int], clusters: list) -> dict[int, Mention]:
    """The actors of a sentence that may take part in its event: the named ones, and the report's state for
    a generic state-force phrase ("government troops", "the army") where no mention of it is there already."""
    out = actor_mentions(mentions_in(doc, sent), clusters, sent)
    for m in state_force_mentions(doc, sent, mention_index_of(doc)):
        if m.cluster is not None and m.cluster not in out:
            out[m.cluster] = m
    return out


def trigger_tokens(doc: Doc, sent: tuple[int, int]) -> list[int]:
    triggers = event_triggers()
    lemma_of, lower = lemmas(doc), columns(doc).lower
    return [i for i in range(sent[0], sent[1]) if lemma_of[i] in triggers or lower[i] in triggers]


def sentence_features(doc: Doc, sent: tuple[int, int], mentions: list[Mention], clusters: list,
                      rule_events: list[EventCandidate]) -> list[str]:
    cues = cue_groups()
    triggers = event_triggers()
    toks, cols = tokens(doc), columns(doc)
    lemma_of = lemmas(doc)
    f = ["bias"]
    for i in range(sent[0], sent[1]):
        if cols.is_punct[i] or cols.is_space[i]:
            continue
        lem = lemma_of[i]
        f.append(f"w:{lem}")
        kind = triggers.get(lem) or triggers.get(cols.lower[i])
        if kind and cols.pos[i] in {"VERB", "NOUN"}:
            t = toks[i]
            f += [f"trig:{kind}", f"trigtype:{kind.split('|')[0]}", f"trigw:{lem}|{t.pos_}"]
            if any(c.dep_ == "neg" for c in t.children):
                f.append("trig-neg")
            if any(c.dep_ == "aux" and c.lower_ in {"will", "would", "shall", "could", "might"} for c in t.children):
                f.append("trig-modal")
        g = cues.get(lem)
        if g in {"negation_words", "hedge_words", "irrealis_verbs", "speech_verbs", "civilian_words"}:
            f.append(f"cue:{g}")
    for e in rule_events:
        f += [f"rule:{e.type}|{e.sub_event_type}", f"ruletype:{e.type}"]
    here = mentions_in(doc, sent)
    kinds = [m.kind for m in here]
    n_act = len(actor_mentions(here, clusters, sent))
    f.append(f"nact:{min(n_act, 4)}")
    for k in sorted(set(kinds) - set(ACTOR_KINDS)):
        f.append(f"has:{k}")
    if any(d.start >= sent[0] and d.start < sent[1] for d in doc._.dates or []):
        f.append("has:date")
    if any(cols.like_num[sent[0]:sent[1]]):
        f.append("has:number")
    return f


def role_features(doc: Doc, m: Mention, clusters: list, label: str, triggers: list[int]) -> list[str]:
    toks = tokens(doc)
    head = mention_head(doc, m)
    kind = clusters[m.cluster].kind if m.cluster is not None else "?"
    etype = label.split("|")[0]
    f = ["bias", f"dep:{head.dep_}", f"kind:{kind}", f"dep-t:{head.dep_}|{etype}", f"gov:{_lemma(head.head)}",
         f"gov-dep:{_lemma(head.head)}|{head.dep_}", f"type:{etype}"]
    if head.dep_ == "pobj":
        f.append(f"prep:{head.head.lower_}|{_lemma(head.head.head)}")
    if m.start > 0:
        f.append(f"pre:{_lemma(toks[m.start - 1])}")
    if m.end < len(doc):
        f.append(f"post:{_lemma(toks[m.end])}")
    if triggers:
        nearest = min(triggers, key=lambda i: abs(i - m.start))
        f += [f"side:{'before' if m.start < nearest else 'after'}", f"side-t:{'b' if m.start < nearest else 'a'}|{etype}"]
        if any(a.i == nearest for a in head.ancestors):
            f.append("under-trigger")
    if m.source in {"reference", "pronoun"} or m.generic:
        f.append("ref")
    return f
