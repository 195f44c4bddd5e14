"""The data model shared by every stage: documents, sources, and extracted facts.

The JSON shapes are those of `shared/ONTOLOGY.md`; every stage speaks these
dataclasses and converts to JSON only at the edges (CLI, store, exports).
Ids are deterministic (content hashes), so a rerun produces the same ids and
the store upserts instead of duplicating.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any

ACTOR_KINDS = ("armed_group", "state", "state_forces", "state_agency", "coalition",
               "political_org", "media", "person")
ENTITY_KINDS = (*ACTOR_KINDS, "place", "weapon")

SYMMETRIC_PREDICATES = frozenset({"ally_of", "fights_alongside", "fights_against", "negotiates_with"})
PREDICATES = ("ally_of", "fights_alongside", "fights_against", "member_of", "branch_of",
              "pledged_allegiance_to", "leader_of", "backed_by", "supplies_weapons_to",
              "designated_by", "merged_into", "split_from", "renamed_to", "negotiates_with",
              "denounces")

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                   "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}


def stable_id(*parts: object, length: int = 16) -> str:
    """A deterministic hex id from the parts (None and numbers included)."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def body_fingerprint(text: str) -> str:
    """Identity of a report's body: the same report reprinted with other chrome gets the same value.

    Case, punctuation and whitespace are ignored so that typographic quotes or
    re-wrapped lines in a reprint do not split one report into two documents.
    """
    words = re.findall(r"[^\W_]+", text.casefold())
    return stable_id(" ".join(words), length=24)


@dataclass
class Document:
    """A report's clean body and its bibliographic block (ONTOLOGY 'Document')."""

    text: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    section: str | None = None
    published: str | None = None  # ISO date of the original publication
    republished_by: str | None = None
    republished: str | None = None  # ISO date of the reprint, if this copy is one
    language: str = "en"
    url: str | None = None
    # Provenance of this copy (not part of the ONTOLOGY block).
    path: str | None = None
    raw_sha: str | None = None  # hash of the file as delivered: identifies this source
    extraction_path: str | None = None  # which ingest path won: text, markdown, trafilatura, html-fallback
    encoding: str | None = None  # how the bytes were decoded; 'utf-8+cp1252' for a file decoded line by line
    removed: list[str] = field(default_factory=list)  # boilerplate lines removed, for audit

    @property
    def id(self) -> str:
        return body_fingerprint(self.text)

    @property
    def reference_date(self) -> str | None:
        """The date relative expressions ('Sept. 23', 'last week') resolve against."""
        return self.published or self.republished

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "author": self.author, "outlet": self.outlet,
                "section": self.section, "published": self.published,
                "republished_by": self.republished_by, "republished": self.republished,
                "language": self.language, "url": self.url, "text": self.text}


@dataclass
class Entity:
    """One actor, place or weapon of one document, with all its surface forms there."""

    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    catalog_id: str | None = None  # id in factions/data/actors.yaml when recognised from the catalog
    confidence: float = 0.8
    resolution: str | None = None  # why this catalog actor was chosen when the name fits several

    def to_json(self) -> dict[str, Any]:
        out = {"id": self.id, "name": self.name, "kind": self.kind, "aliases": list(self.aliases),
               "mentions": [list(m) for m in self.mentions], "catalog_id": self.catalog_id}
        if self.resolution:
            out["resolution"] = self.resolution
        return out


@dataclass
class Relation:
    """A claim that links two entities (ONTOLOGY 'Relations'), with its modality and evidence."""

    subject: str
    predicate: str
    object: str
    evidence: str
    span: tuple[int, int]
    negated: bool = False
    hedged: bool = False
    attributed_to: str | None = None
    date: str | None = None
    place: str | None = None
    confidence: float = 0.8
    list_name: str | None = None  # for designated_by: the list the report names

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["span"] = list(self.span)
        out["list"] = out.pop("list_name")
        return out


@dataclass
class Event:
    """An ACLED-typed event (ONTOLOGY 'Events')."""

    type: str
    sub_event_type: str
    evidence: str
    span: tuple[int, int]
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    place: str | None = None
    date: str | None = None
    date_precision: int | None = None
    weapon: str | None = None
    fatalities: int | None = None
    attributed_to: str | None = None
    confidence: float = 0.7

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["span"] = list(self.span)
        return out


@dataclass
class Extraction:
    """Everything read out of one document: the `factions extract --format json` object."""

    document: Document
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    extractor: str = "factions"
    extractor_version: str = "0"

    def to_json(self) -> dict[str, Any]:
        return {"document": self.document.to_json(),
                "entities": [e.to_json() for e in self.entities],
                "relations": [r.to_json() for r in self.relations],
                "events": [e.to_json() for e in self.events],
                "extractor": {"name": self.extractor, "version": self.extractor_version}}
