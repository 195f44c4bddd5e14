"""Relation ends a sentence states without naming them: the extra candidate ends of `learn/pairs.py`.

A pair candidate needs both actors mentioned in the sentence, yet reports state
relations of actors they only imply:

- `topic`: a profile's subject-less sentence or field ("Founded in 2013 by X.",
  "Status: designated an FTO by the United States.", "Leader: X.") is about the
  actor the report is about: the one that clearly leads the report's name count
  (salience.topic over the whole report), else the first actor it names if none
  is named more often.
- `topic-pronoun`: an "it" / "its" the resolver left unresolved ("It later
  joined X.") is the report's topic, read the same way.
- `topic-alt`: a singular reference ("it", "its", "the group") that the resolver
  gave to another actor may still mean the report's topic; the topic becomes a
  second reading over the same span (never paired with the first).
- `title`: a head of government named by title ("President X", "Iraqi Prime
  Minister X", "a spokesman for Prime Minister X") speaks for the government, when
  the report names exactly one government that fits (the title's country, the
  person's catalog group, else the report's only government).

Each end is a `Mention` that exists only in the candidate (the Doc's mentions,
entities and events are untouched), `generic` and with its `source` saying how it
was found, so the decider's features (`src:`, `a-ref`) tell it how far to trust it.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from factions.extract.resources import catalog, lexicon
from factions.extract.salience import TOPIC_MIN_MENTIONS, topic
from factions.extract.state import Cluster, Mention
from factions.extract.tokens import tokens

TOPIC_KINDS = {"armed_group", "coalition", "political_org", "state_forces"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
MAX_LABEL_WORDS = 3  # "Status:", "Alliances and feuds:", "Current status:"
SINGULAR_REFERENCES = {"it", "its", "itself"}
# Offices whose holder speaks and acts for a government ("Prime Minister X condemned the strikes").
GOVERNMENT_TITLES = {("president",), ("prime", "minister"), ("premier",), ("vice", "president"),
                     ("foreign", "minister"), ("defence", "minister"), ("defense", "minister"),
                     ("interior", "minister")}
TITLE_REACH = 4  # words before a person's name that may hold the title and its country ("Iraqi Prime Minister")


def report_topic(doc: Doc, clusters: list[Cluster]) -> int | None:
    """The actor the whole report is about (salience.topic at its end), once per Doc."""
    key = len(doc._.mentions or [])
    cached = doc.user_data.get("factions_report_topic")
    if cached is None or cached[0] != key:
        main = topic(clusters, len(doc), TOPIC_KINDS)
        cached = (key, main if main is not None else _headline_actor(clusters))
        doc.user_data["factions_report_topic"] = cached
    return cached[1]


def _headline_actor(clusters: list[Cluster]) -> int | None:
    """The first actor a report names, when it is named more often than any other ("Name: ISWAP. ..." in a
    profile that also tells of its parent at length): a profile opens with what it is about."""
    named = [(sum(1 for m in c.mentions if not m.generic), c.first_token, i) for i, c in enumerate(clusters)
             if c.kind in TOPIC_KINDS and c.names]
    if not named:
        return None
    first = min(named, key=lambda x: x[1])
    others = max((n for n, _, i in named if i != first[2]), default=0)
    return first[2] if first[0] >= TOPIC_MIN_MENTIONS and first[0] > others else None


def field_label(sent: Span) -> Token | None:
    """The last word of a leading "Label:" ("Status:", "Alliances and feuds:"), or None.

    A label names a field: no verb or pronoun in it ("He said: ..." introduces a quote).
    """
    words: list[Token] = []
    for t in sent:
        if t.text == ":":
            return words[-1] if words and words[0].text[:1].isupper() else None
        if not t.is_alpha or len(words) >= MAX_LABEL_WORDS or t.pos_ in {"VERB", "AUX", "PRON"}:
            if words or not t.is_punct:
                return None
            continue  # a bullet before the label
        words.append(t)
    return None


def _subjectless(sent: Span) -> Token | None:
    """The first verb of a sentence without a subject ("Founded by X in 2002."), or None."""
    if any(t.dep_ in SUBJECT_DEPS for t in sent):
        return None
    return next((t for t in sent if t.pos_ == "VERB"), None)


def _topic_anchor(sent: Span) -> Token | None:
    """The word the report's topic is the implied subject of: a field's verb or label, a subject-less verb."""
    label = field_label(sent)
    if label is not None:
        return next((t for t in sent if t.i > label.i and t.pos_ == "VERB"), label)
    return _subjectless(sent)


def _title_country(doc: Doc, start: int, m: Mention) -> set[str]:
    """Catalog state ids the words before a title name ("Iraqi Prime Minister", "Turkey's President")."""
    demonyms = {str(k).lower(): str(v) for k, v in (lexicon().get("demonyms") or {}).items()}
    cat = catalog()
    out: set[str] = set()
    for t in tokens(doc)[max(start - 2, 0):m.start]:
        name = demonyms.get(t.lower_, t.text)
        out.update(a.id for a in cat.lookup(name) if a.kind == "state")
    return out


def _title_start(doc: Doc, m: Mention, sent_start: int) -> int | None:
    """Where a government title right before (or at the head of) a person's name starts, or None."""
    toks = tokens(doc)
    low = [t.lower_ for t in toks]
    for end in (m.start, m.start + 1, m.start + 2):  # the name's own first words may be the title
        for title in GOVERNMENT_TITLES:
            start = end - len(title)
            if start >= sent_start and start >= m.start - TITLE_REACH and tuple(low[start:end]) == title \
                    and end <= m.end:
                return start
    return None


def _government_of(doc: Doc, m: Mention, start: int, clusters: list[Cluster]) -> int | None:
    """The government cluster a titled person speaks for, when the report makes it plain."""
    cat = catalog()
    govs = {i: cat.actors[c.catalog_id].state for i, c in enumerate(clusters)
            if c.kind == "state_forces" and c.names and c.catalog_id in cat.actors
            and cat.actors[c.catalog_id].state}
    person = cat.actors.get(clusters[m.cluster].catalog_id or "") if m.cluster is not None else None
    if person is not None and person.parent:
        own = [i for i, c in enumerate(clusters) if c.catalog_id == person.parent and i in govs]
        if own:
            return own[0]
    countries = _title_country(doc, start, m)
    if countries:
        fits = [i for i, state in govs.items() if state in countries]
        return fits[0] if len(fits) == 1 else None
    if person is not None:
        return None  # a known person of no government here: not the report's government
    # untold, the title is of the one government the report names (not a state's army or command)
    cabinets = [i for i in govs if "government" in (clusters[i].catalog_id or "")]
    return cabinets[0] if len(cabinets) == 1 else None


def implicit_ends(doc: Doc, sent: tuple[int, int], named: dict[int, Mention], clusters: list[Cluster],
                  mentions: list[Mention]) -> dict[int, Mention]:
    """Actors the sentence states something of without naming them (see the module's docstring).

    `named`: the first mention of each actor of the sentence; `mentions`: all the mentions of the sentence.
    """
    out: dict[int, Mention] = {}
    span = doc[sent[0]:sent[1]]
    main = report_topic(doc, clusters)
    if main is not None and main not in named and named:
        anchor = _topic_anchor(span)
        covered = {i for m in mentions for i in range(m.start, m.end)}
        bare = next((t for t in span if t.lower_ in SINGULAR_REFERENCES and t.tag_ in {"PRP", "PRP$"}
                     and t.i not in covered), None)
        ref = next((m for m in named.values() if _singular_reference(doc, m, clusters)), None)
        if anchor is not None:
            out[main] = _end(anchor.i, anchor.i + 1, main, clusters, "topic", anchor.text)
        elif bare is not None:  # "It later joined X": a pronoun the resolver left alone
            out[main] = _end(bare.i, bare.i + 1, main, clusters, "topic-pronoun", bare.text)
        elif ref is not None:
            out[main] = _end(ref.start, ref.end, main, clusters, "topic-alt", ref.text)
    for c, m in named.items():
        if clusters[c].kind != "person" or m.generic:
            continue
        start = _title_start(doc, m, sent[0])
        if start is None:
            continue
        gov = _government_of(doc, m, start, clusters)
        if gov is not None and gov not in named and gov not in out:
            out[gov] = _end(m.start, m.end, gov, clusters, "title", m.text)
    return out


def _singular_reference(doc: Doc, m: Mention, clusters: list[Cluster]) -> bool:
    """"it", "its", "the group": a resolved reference to one actor that is not a government."""
    if not m.generic or m.source != "reference" or m.cluster is None or clusters[m.cluster].kind == "state_forces":
        return False
    tok = tokens(doc)[m.start]
    return tok.lower_ in SINGULAR_REFERENCES or tok.tag_ == "NN"


def _end(start: int, end: int, cluster: int, clusters: list[Cluster], source: str, text: str) -> Mention:
    return Mention(start, end, clusters[cluster].kind, source, text, cluster=cluster, generic=True)


def shadows(x: Mention, y: Mention) -> bool:
    """Whether one of two ends is the other read again ("topic-alt" over the same span): never a pair."""
    return (x.start, x.end) == (y.start, y.end) and "topic-alt" in (x.source, y.source)
