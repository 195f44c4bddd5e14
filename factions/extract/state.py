"""What the extraction components hand each other on a `Doc`.

spaCy components communicate through the Doc: these dataclasses live in Doc
extension attributes registered here (`doc._.mentions`, `doc._.clusters`,
`doc._.relations`, `doc._.events`, `doc._.dates`, `doc._.ref_date`). Each
component declares which of them it requires and assigns.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span


def name_rank(form: str) -> tuple[int, int, int]:
    """Orders the forms of one actor's name: most words, then most letters; acronyms last."""
    return (0 if form.isupper() and len(form) <= 6 else 1, len(form.split()), len(form))


@dataclass
class Mention:
    """A span of tokens that names an actor, place or weapon (or refers back to one)."""

    start: int  # token index
    end: int  # token index, exclusive
    kind: str
    source: str  # catalog | shape | ner | reference | pronoun | metadata
    text: str
    catalog_id: str | None = None
    cluster: int | None = None  # index into doc._.clusters
    generic: bool = False  # "the group", "the regime": refers, is not a name
    note: str | None = None  # how an ambiguous name was resolved


@dataclass
class Cluster:
    """One entity of the document: all mentions of one actor."""

    kind: str
    names: list[str] = field(default_factory=list)  # surface forms, first-seen order
    mentions: list[Mention] = field(default_factory=list)
    catalog_id: str | None = None
    first_token: int = 0
    active: bool = False  # takes part in a relation or event
    # Other forms the report uses for the actor that are not mentions of their own ("American" in "American
    # strikes", "Iran's foreign ministry", "Mullah Omar", a capital named as a place): aliases in the output,
    # never candidates for the name, relations or training labels.
    also_called: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The fullest proper name used (see name_rank)."""
        return max(self.names, key=name_rank) if self.names else ""


@dataclass
class RelationCandidate:
    subject: int  # cluster index
    predicate: str
    object: int
    sent_start: int  # token index of the sentence
    trigger: int  # token index of the word that states it
    negated: bool = False
    hedged: bool = False
    attributed_to: str | None = None
    date: str | None = None
    place: str | None = None
    list_name: str | None = None
    confidence: float = 0.75
    rule: str = ""


@dataclass
class EventCandidate:
    type: str
    sub_event_type: str
    trigger: int
    sent_start: int
    actors: list[int] = field(default_factory=list)
    targets: list[int] = field(default_factory=list)
    place: str | None = None
    date: str | None = None
    date_precision: int | None = None
    weapon: str | None = None
    fatalities: int | None = None
    attributed_to: str | None = None
    confidence: float = 0.6


@dataclass
class DateMention:
    start: int
    end: int
    iso: str | None
    precision: int | None  # ACLED: 1 day, 2 week, 3 month or vaguer


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Token index -> (sentence start, sentence end), computed once per Doc.

    `Token.sent` walks the document on every call; components ask for it per token.
    """
    cached = doc.user_data.get("factions_sent_bounds")
    if cached is None or len(cached) != len(doc):
        cached = [(0, 0)] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                cached[i] = (sent.start, sent.end)
        doc.user_data["factions_sent_bounds"] = cached
    return cached


def sentence_of(doc: Doc, i: int) -> Span:
    start, end = sentence_bounds(doc)[i]
    return doc[start:end]


def reference_clusters(doc: Doc) -> dict[int, list[int]]:
    """token index -> the clusters of the reference mentions over it, computed once per set of mentions.

    A plural reference ("both groups") is several mentions over one span, one per actor it stands for.
    """
    mentions = doc._.mentions or []
    cached = doc.user_data.get("factions_reference_clusters")
    if cached is None or cached[0] != len(mentions):
        out: dict[int, list[int]] = {}
        for m in mentions:
            if m.generic and m.cluster is not None:
                for i in range(m.start, m.end):
                    if m.cluster not in out.setdefault(i, []):
                        out[i].append(m.cluster)
        cached = (len(mentions), out)
        doc.user_data["factions_reference_clusters"] = cached
    return cached[1]


def register_extensions() -> None:
    """Register the Doc attributes once per process (idempotent)."""
    for name, default in (("ref_date", None), ("mentions", None), ("clusters", None), ("relations", None),
                          ("events", None), ("dates", None), ("speakers", None), ("author", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()
