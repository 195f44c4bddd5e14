"""Saving one extraction: one document, one transaction.

A save replaces the document's machine-made rows (mentions, machine claims,
events) with the new extraction's, so a re-run never duplicates and a better
extractor's output supersedes the old one. What people decided is kept: a
claim whose status is not 'machine' is left exactly as the curator left it,
whether or not the new extraction still produces it.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field

from factions.model import Extraction
from factions.store.connection import now, transaction
from factions.names import name_key
from factions.store.rows import Rows, build_rows

# Metadata columns a document row takes from the copy that is saved.
_DOCUMENT_META = ("title", "author", "outlet", "section", "published", "language")


@dataclass(frozen=True)
class SaveResult:
    document_id: str
    source_id: str
    new_document: bool
    new_source: bool
    counts: dict[str, int] = field(default_factory=dict)


def _columns(row: Mapping[str, object]) -> tuple[str, str]:
    names = ", ".join(row)
    return names, ", ".join(f":{name}" for name in row)


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict], tail: str = "") -> int:
    """Insert dict rows (all with the same keys); returns how many rows were written."""
    if not rows:
        return 0
    names, params = _columns(rows[0])
    cursor = conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({params}) {tail}", rows)
    return max(cursor.rowcount, 0)


def _upsert_document(conn: sqlite3.Connection, rows: Rows) -> bool:
    """Insert or merge the document row; True when it is new.

    The row describes the ORIGINAL report: an original's metadata overrides, a
    reprint's only fills gaps. The text is always the latest copy's, because the
    spans of the machine rows written in the same save index that text.
    """
    new = rows.document
    old = conn.execute("SELECT * FROM documents WHERE id = ?", (new["id"],)).fetchone()
    if old is None:
        _insert(conn, "documents", [new])
        return True
    merged = {}
    for column in _DOCUMENT_META:
        first, second = (old[column], new[column]) if rows.is_reprint else (new[column], old[column])
        merged[column] = first if first not in (None, "") else second
    merged.update(id=new["id"], text=new["text"], last_ingested=new["last_ingested"])
    assignments = ", ".join(f"{column} = :{column}" for column in merged if column != "id")
    conn.execute(f"UPDATE documents SET {assignments} WHERE id = :id", merged)
    return False


def _upsert_source(conn: sqlite3.Connection, rows: Rows) -> bool:
    """Insert or refresh this copy's row; its reliability grade (set by people) is kept."""
    source = rows.source
    exists = conn.execute("SELECT 1 FROM sources WHERE id = ?", (source["id"],)).fetchone() is not None
    refresh = ", ".join(f"{c} = excluded.{c}" for c in source if c not in ("id", "document_id"))
    _insert(conn, "sources", [source], f"ON CONFLICT(id) DO UPDATE SET {refresh}")
    return not exists


def _upsert_entities(conn: sqlite3.Connection, rows: Rows) -> int:
    # An existing entity keeps its name and kind (the resolver or a curator chose
    # them); only blanks are filled, and updated_at moves only when something did.
    return _insert(conn, "entities", list(rows.entities.values()), """
        ON CONFLICT(id) DO UPDATE SET
            name = CASE WHEN entities.name = '' THEN excluded.name ELSE entities.name END,
            kind = CASE WHEN entities.kind = '' THEN excluded.kind ELSE entities.kind END,
            catalog_id = COALESCE(entities.catalog_id, excluded.catalog_id),
            updated_at = excluded.updated_at
        WHERE (entities.name = '' AND excluded.name != '')
           OR (entities.kind = '' AND excluded.kind != '')
           OR (entities.catalog_id IS NULL AND excluded.catalog_id IS NOT NULL)""")


def save(conn: sqlite3.Connection, extraction: Extraction, actor_ids: Mapping[str, str],
         at: str | None = None) -> SaveResult:
    """at: when the report was retrieved (now, unless an import restores the original time)."""
    at = at or now()
    rows = build_rows(extraction, actor_ids, at)  # validates before anything is written
    document_id = rows.document["id"]
    counts: dict[str, int] = {}
    with transaction(conn):
        new_document = _upsert_document(conn, rows)
        new_source = _upsert_source(conn, rows)
        _upsert_entities(conn, rows)
        counts["entities"] = len(rows.entities)
        # Aliases accumulate: they are store-wide knowledge the resolver relies
        # on, and the first document that used one is kept as its provenance.
        counts["aliases_added"] = _insert(
            conn, "aliases",
            [{"entity_id": e, "alias": a, "key": k, "document_id": document_id}
             for (e, a), k in rows.aliases.items()],
            "ON CONFLICT(entity_id, alias) DO NOTHING")

        conn.execute("DELETE FROM mentions WHERE document_id = ?", (document_id,))
        counts["mentions"] = _insert(conn, "mentions", list(rows.mentions.values()))

        conn.execute("DELETE FROM claims WHERE document_id = ? AND status = 'machine'", (document_id,))
        # A surviving curated claim conflicts on its id and stays untouched.
        counts["claims"] = _insert(conn, "claims", list(rows.claims.values()), "ON CONFLICT(id) DO NOTHING")
        counts["claims_curated_kept"] = conn.execute(
            "SELECT COUNT(*) FROM claims WHERE document_id = ? AND status != 'machine'",
            (document_id,)).fetchone()[0]

        conn.execute("DELETE FROM resolution_notes WHERE document_id = ?", (document_id,))
        _insert(conn, "resolution_notes",
                [{"document_id": document_id, "entity_id": actor_ids[e.id], "note": e.resolution}
                 for e in extraction.entities if e.resolution],
                "ON CONFLICT(document_id, entity_id) DO UPDATE SET note = excluded.note")

        conn.execute("DELETE FROM events WHERE document_id = ?", (document_id,))  # cascades to event_actors
        counts["events"] = _insert(conn, "events", list(rows.events.values()))
        counts["event_actors"] = _insert(
            conn, "event_actors",
            [{"event_id": e, "entity_id": a, "role": r} for e, a, r in sorted(rows.event_actors)])
    return SaveResult(document_id, rows.source["id"], new_document, new_source, counts)


def save_actor(conn: sqlite3.Connection, entity_id: str, name: str, kind: str, catalog_id: str | None,
               aliases: list[str]) -> bool:
    """An actor known without a document (an imported entity list): the entity and its aliases, with
    the same fill-blanks-only rule as a save. True when the entity is new."""
    at = now()
    with transaction(conn):
        new = conn.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone() is None
        rows = Rows(document={}, source={}, is_reprint=False, entities={entity_id: {
            "id": entity_id, "name": name, "kind": kind, "catalog_id": catalog_id, "created_at": at,
            "updated_at": at}})
        _upsert_entities(conn, rows)
        _insert(conn, "aliases", [{"entity_id": entity_id, "alias": a.strip(), "key": name_key(a), "document_id": None}
                                  for a in dict.fromkeys([name, *aliases]) if a and a.strip()],
                "ON CONFLICT(entity_id, alias) DO NOTHING")
    return new
