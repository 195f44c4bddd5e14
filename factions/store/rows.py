"""From an Extraction to the rows one save writes: pure Python, no database.

Everything that can be wrong with an extraction (an entity the resolver gave no
store id, a relation naming an unknown entity, a span outside the text) is found
here, before the save's transaction writes anything.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from factions.errors import StoreError
from factions.model import Document, Extraction, stable_id
from factions.names import name_key


# --- ids -------------------------------------------------------------------
# Deterministic, so re-saving an extraction lands on the same rows and a
# curator's decision about a claim survives a re-run that still finds it.

def source_id(document: Document) -> str:
    """stable_id(document id, raw file hash); see `source_sha` when the hash is unknown."""
    return stable_id(document.id, source_sha(document))


def source_sha(document: Document) -> str:
    """The raw file hash, or, for a document built in memory, a hash of its text and chrome."""
    if document.raw_sha:
        return document.raw_sha
    chrome = json.dumps(document.to_json(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(chrome.encode("utf-8")).hexdigest()


def mention_id(document_id: str, entity_id: str, start: int, end: int) -> str:
    return stable_id(document_id, entity_id, start, end)


def claim_id(document_id: str, subject_id: str, predicate: str, object_id: str,
             negated: bool, span_start: int | None, span_end: int | None) -> str:
    """negated enters as 0/1 so that SQLite's stored value recomputes the same id."""
    return stable_id(document_id, subject_id, predicate, object_id, int(bool(negated)), span_start, span_end)


def event_id(document_id: str, type_: str, sub_event_type: str | None, span_start: int | None,
             span_end: int | None, actor_ids: list[str], target_ids: list[str]) -> str:
    """Actors named twice (two names of one store actor) count once: the event_actors rows are a set."""
    return stable_id(document_id, type_, sub_event_type, span_start, span_end,
                     ",".join(sorted(set(actor_ids))), ",".join(sorted(set(target_ids))))


# --- rows ------------------------------------------------------------------

@dataclass
class Rows:
    document: dict[str, Any]
    source: dict[str, Any]
    is_reprint: bool
    entities: dict[str, dict[str, Any]] = field(default_factory=dict)  # store id -> row
    aliases: dict[tuple[str, str], str] = field(default_factory=dict)  # (entity id, alias) -> key
    mentions: dict[str, dict[str, Any]] = field(default_factory=dict)  # ids dedupe repeats
    claims: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: dict[str, dict[str, Any]] = field(default_factory=dict)
    event_actors: set[tuple[str, str, str]] = field(default_factory=set)


def _span(span: Any, text_len: int, what: str) -> tuple[int, int]:
    try:
        start, end = (int(v) for v in span)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"{what}: span {span!r} is not [start, end]") from exc
    if not 0 <= start <= end <= text_len:
        raise StoreError(f"{what}: span [{start}, {end}] is outside the text (length {text_len})")
    return start, end


class _Names:
    """Finds the store id of an entity named in a relation or event of this extraction."""

    def __init__(self, extraction: Extraction, store_ids: Mapping[str, str]) -> None:
        self.exact: dict[str, str] = {}
        self.keyed: dict[str, str] = {}
        # Names first, then aliases: a name is never shadowed by another entity's alias.
        for entity in extraction.entities:
            self._add(entity.name, store_ids[entity.id])
        for entity in extraction.entities:
            for alias in entity.aliases:
                self._add(alias, store_ids[entity.id])

    def _add(self, name: str, store_id: str) -> None:
        if name:
            self.exact.setdefault(name, store_id)
            if key := name_key(name):
                self.keyed.setdefault(key, store_id)

    def __call__(self, name: str, what: str) -> str:
        found = self.exact.get(name) or self.keyed.get(name_key(name or ""))
        if found is None:
            raise StoreError(f"{what} names {name!r}, which is not an entity of this extraction")
        return found


def build_rows(extraction: Extraction, actor_ids: Mapping[str, str], at: str) -> Rows:
    doc = extraction.document
    text = doc.text
    document_id = doc.id
    tool = {"extractor": extraction.extractor, "extractor_version": extraction.extractor_version}

    missing = [f"{e.id} ({e.name})" for e in extraction.entities if not actor_ids.get(e.id)]
    if missing:
        raise StoreError(f"document {document_id}: no store entity id for {', '.join(missing)}")

    rows = Rows(
        document={"id": document_id, "title": doc.title, "author": doc.author, "outlet": doc.outlet,
                  "section": doc.section, "published": doc.published, "language": doc.language,
                  "text": text, "first_ingested": at, "last_ingested": at},
        source={"id": source_id(doc), "document_id": document_id, "path": doc.path,
                "raw_sha": doc.raw_sha, "title": doc.title, "author": doc.author, "outlet": doc.outlet,
                "section": doc.section, "published": doc.published, "republished_by": doc.republished_by,
                "republished": doc.republished, "url": doc.url, "extraction_path": doc.extraction_path,
                "ingested_at": at},
        is_reprint=bool(doc.republished_by or doc.republished),
    )

    for entity in extraction.entities:
        store_id = actor_ids[entity.id]
        rows.entities.setdefault(store_id, {"id": store_id, "name": entity.name or "", "kind": entity.kind or "",
                                            "catalog_id": entity.catalog_id, "created_at": at, "updated_at": at})
        for alias in (entity.name, *entity.aliases):
            if alias and alias.strip():
                rows.aliases.setdefault((store_id, alias.strip()), name_key(alias))
        for span in entity.mentions:
            start, end = _span(span, len(text), f"mention of {entity.name!r}")
            mid = mention_id(document_id, store_id, start, end)
            rows.mentions.setdefault(mid, {"id": mid, "document_id": document_id, "entity_id": store_id,
                                           "start": start, "end": end, "text": text[start:end],
                                           "confidence": entity.confidence, **tool})

    find = _Names(extraction, actor_ids)
    for rel in extraction.relations:
        what = f"relation {rel.subject!r} {rel.predicate} {rel.object!r}"
        subject_id, object_id = find(rel.subject, what), find(rel.object, what)
        start, end = _span(rel.span, len(text), what)
        cid = claim_id(document_id, subject_id, rel.predicate, object_id, rel.negated, start, end)
        rows.claims.setdefault(cid, {
            "id": cid, "document_id": document_id, "subject_id": subject_id, "predicate": rel.predicate,
            "object_id": object_id, "negated": int(bool(rel.negated)), "hedged": int(bool(rel.hedged)),
            "attributed_to": rel.attributed_to, "date": rel.date, "place": rel.place,
            "list_name": rel.list_name, "evidence": rel.evidence, "span_start": start, "span_end": end,
            "confidence": rel.confidence, **tool})

    for event in extraction.events:
        what = f"event {event.type}/{event.sub_event_type}"
        actors = [find(name, what) for name in event.actors]
        targets = [find(name, what) for name in event.targets]
        start, end = _span(event.span, len(text), what)
        eid = event_id(document_id, event.type, event.sub_event_type, start, end, actors, targets)
        rows.events.setdefault(eid, {
            "id": eid, "document_id": document_id, "type": event.type, "sub_event_type": event.sub_event_type,
            "place": event.place, "date": event.date, "date_precision": event.date_precision,
            "weapon": event.weapon, "fatalities": event.fatalities, "attributed_to": event.attributed_to,
            "evidence": event.evidence, "span_start": start, "span_end": end,
            "confidence": event.confidence, **tool})
        rows.event_actors.update((eid, a, "actor") for a in actors)
        rows.event_actors.update((eid, t, "target") for t in targets)
    return rows
