"""Read queries behind the CLI and the web view. Plain SQL, plain dicts."""
from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from factions.errors import NotFoundError
from factions.model import ACTOR_KINDS
from factions.names import name_key

# Tables counted by `counts()`, in the order people read them.
TABLES = ("documents", "sources", "entities", "aliases", "mentions", "claims", "events",
          "event_actors", "designations", "curation_log")

# Which documents an entity appears in, by any route.
_DOC_LINKS = """
    SELECT entity_id, document_id FROM mentions
    UNION SELECT subject_id, document_id FROM claims WHERE status != 'rejected'
    UNION SELECT object_id, document_id FROM claims WHERE status != 'rejected'
    UNION SELECT ea.entity_id, ev.document_id FROM event_actors ea JOIN events ev ON ev.id = ea.event_id
"""

# The same for one entity (:id), each route through its own index: a WHERE outside the UNION
# above reads every row of every table first (a hub's profile at 10 M claims took minutes).
_ENTITY_DOCS = """
    SELECT document_id FROM mentions WHERE entity_id = :id
    UNION SELECT document_id FROM claims WHERE subject_id = :id AND status != 'rejected'
    UNION SELECT document_id FROM claims WHERE object_id = :id AND status != 'rejected'
    UNION SELECT ev.document_id FROM event_actors ea JOIN events ev ON ev.id = ea.event_id WHERE ea.entity_id = :id
"""

# A claim a curator rejected is not evidence; it stays in the table (and the
# curation log) but is left out of counts and profiles.
_LIVE_CLAIM = "status != 'rejected'"

_IN_CHUNK = 500  # stay well under SQLite's bound-parameter limit


def _aliases(conn: sqlite3.Connection, entity_ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for i in range(0, len(entity_ids), _IN_CHUNK):
        chunk = entity_ids[i:i + _IN_CHUNK]
        marks = ", ".join("?" * len(chunk))
        for row in conn.execute(f"""SELECT a.entity_id, a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id
                                    WHERE a.entity_id IN ({marks}) AND a.alias != e.name
                                    ORDER BY a.alias COLLATE NOCASE""", chunk):
            out[row["entity_id"]].append(row["alias"])
    return out


def entity_ids_for_keys(conn: sqlite3.Connection, keys: Iterable[str]) -> dict[str, str]:
    """alias key -> entity id. Where a key is shared, the entity whose own name has
    that key wins, then the oldest entity: stable across runs."""
    wanted = sorted({k for k in keys if k})
    candidates: dict[str, list[tuple[bool, str, str]]] = defaultdict(list)
    for i in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[i:i + _IN_CHUNK]
        marks = ", ".join("?" * len(chunk))
        for row in conn.execute(f"""SELECT DISTINCT a.key, e.id, e.name, e.created_at FROM aliases a
                                    JOIN entities e ON e.id = a.entity_id WHERE a.key IN ({marks})""", chunk):
            candidates[row["key"]].append((name_key(row["name"]) != row["key"], row["created_at"], row["id"]))
    return {key: min(found)[2] for key, found in candidates.items()}


def entity(conn: sqlite3.Connection, name_or_id: str) -> dict[str, Any]:
    """By id, then exact name, then name ignoring case, then alias key."""
    text = (name_or_id or "").strip()
    row = (conn.execute("SELECT * FROM entities WHERE id = ?", (text,)).fetchone()
           or conn.execute("SELECT * FROM entities WHERE name = ? ORDER BY created_at, id", (text,)).fetchone()
           or conn.execute("SELECT * FROM entities WHERE name = ? COLLATE NOCASE ORDER BY created_at, id",
                           (text,)).fetchone())
    if row is None and (key := name_key(text)):
        found = entity_ids_for_keys(conn, [key])
        if key in found:
            row = conn.execute("SELECT * FROM entities WHERE id = ?", (found[key],)).fetchone()
    if row is None:
        raise NotFoundError(f"no actor named {name_or_id!r} in the store")
    out = dict(row)
    out["aliases"] = _aliases(conn, [row["id"]]).get(row["id"], [])
    return out


def actors(conn: sqlite3.Connection, kind: str | None = None, search: str | None = None) -> list[dict[str, Any]]:
    """Entities with alias lists and document/claim counts.

    kind=None lists actors only (ACTOR_KINDS: not places or weapons); name a kind
    to list that kind. search matches the name or any alias, ignoring case, or
    any alias whose name_key contains the search's name_key ("Nusrah" finds
    "Jabhat al-Nusra").
    """
    where, params = [], []
    if kind:
        where.append("e.kind = ?")
        params.append(kind)
    else:
        where.append(f"e.kind IN ({', '.join('?' * len(ACTOR_KINDS))})")
        params.extend(ACTOR_KINDS)
    if search and search.strip():
        needle = search.strip().lower()
        key = name_key(search)
        where.append("""(instr(lower(e.name), ?) > 0 OR e.id IN (
                            SELECT entity_id FROM aliases
                            WHERE instr(lower(alias), ?) > 0 OR (? != '' AND instr(key, ?) > 0)))""")
        params.extend([needle, needle, key, key])
    rows = conn.execute(f"""
        WITH doc_counts AS (SELECT entity_id, COUNT(*) AS n FROM ({_DOC_LINKS}) GROUP BY entity_id),
             claim_links AS (SELECT id, subject_id AS entity_id FROM claims WHERE {_LIVE_CLAIM}
                             UNION SELECT id, object_id FROM claims WHERE {_LIVE_CLAIM}),
             claim_counts AS (SELECT entity_id, COUNT(*) AS n FROM claim_links GROUP BY entity_id)
        SELECT e.id, e.name, e.kind, e.catalog_id,
               COALESCE(d.n, 0) AS documents, COALESCE(c.n, 0) AS claims
        FROM entities e
        LEFT JOIN doc_counts d ON d.entity_id = e.id
        LEFT JOIN claim_counts c ON c.entity_id = e.id
        WHERE {' AND '.join(where)}
        ORDER BY e.name COLLATE NOCASE, e.id""", params).fetchall()
    aliases = _aliases(conn, [r["id"] for r in rows])
    return [{**dict(r), "aliases": aliases.get(r["id"], [])} for r in rows]


def actor_profile(conn: sqlite3.Connection, name: str, limit: int | None = None, offset: int = 0) -> dict[str, Any]:
    """The entity, the documents it appears in, its claims in both directions, its events.

    With a limit, each of the three lists holds only its items offset to offset + limit (a hub
    is in hundreds of thousands of documents), and `totals` counts every item of each."""
    profile = entity(conn, name)
    eid = profile["id"]
    window = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
    profile["documents"] = [dict(r) for r in conn.execute(f"""
        SELECT d.id, d.title, d.published, d.outlet FROM documents d
        WHERE d.id IN ({_ENTITY_DOCS})
        ORDER BY d.published, d.title, d.id{window}""", {"id": eid})]
    claims = []
    for r in conn.execute(f"""
            SELECT c.id, s.name AS subject, c.predicate, o.name AS object, c.negated, c.hedged,
                   c.attributed_to, c.date, c.place, c.list_name, c.evidence, c.confidence, c.status,
                   c.subject_id, c.object_id, c.document_id, d.title AS document_title, d.outlet, d.published
            FROM (SELECT rowid AS r FROM claims WHERE subject_id = :id
                  UNION SELECT rowid FROM claims WHERE object_id = :id) AS mine
            CROSS JOIN claims c ON c.rowid = mine.r  -- the actor's claims first (see graph.timeline)
            JOIN entities s ON s.id = c.subject_id
            JOIN entities o ON o.id = c.object_id
            JOIN documents d ON d.id = c.document_id
            WHERE c.{_LIVE_CLAIM}
            ORDER BY d.published, c.document_id, c.span_start, c.id{window}""", {"id": eid}):
        claim = dict(r)
        claim["negated"], claim["hedged"] = bool(claim["negated"]), bool(claim["hedged"])
        claims.append(claim)
    profile["claims"] = claims
    profile["events"] = _events_of(conn, eid, window)
    if limit is not None:
        profile["totals"] = {
            "documents": conn.execute(f"SELECT COUNT(*) FROM ({_ENTITY_DOCS})", {"id": eid}).fetchone()[0],
            "claims": conn.execute(f"SELECT COUNT(*) FROM claims WHERE (subject_id = :id OR object_id = :id) "
                                   f"AND {_LIVE_CLAIM}", {"id": eid}).fetchone()[0],
            "events": conn.execute("SELECT COUNT(DISTINCT event_id) FROM event_actors WHERE entity_id = ?", (eid,)).fetchone()[0]}
    return profile


def _events_of(conn: sqlite3.Connection, entity_id: str, window: str = "") -> list[dict[str, Any]]:
    events = [dict(r) for r in conn.execute(f"""
        SELECT ev.id, ev.type, ev.sub_event_type, ev.place, ev.date, ev.date_precision, ev.weapon,
               ev.fatalities, ev.attributed_to, ev.evidence, ev.document_id, d.title AS document_title,
               d.outlet, d.published
        FROM events ev JOIN documents d ON d.id = ev.document_id
        WHERE ev.id IN (SELECT event_id FROM event_actors WHERE entity_id = ?)
        ORDER BY COALESCE(ev.date, d.published), ev.document_id, ev.span_start, ev.id{window}""", (entity_id,))]
    for event in events:
        event["actors"], event["targets"] = [], []
        for r in conn.execute("""SELECT e.name, ea.role FROM event_actors ea JOIN entities e ON e.id = ea.entity_id
                                 WHERE ea.event_id = ? ORDER BY e.name""", (event["id"],)):
            event["actors" if r["role"] == "actor" else "targets"].append(r["name"])
    return events


def documents(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(f"""
        WITH entity_counts AS (SELECT document_id, COUNT(DISTINCT entity_id) AS n FROM ({_DOC_LINKS})
                               GROUP BY document_id)
        SELECT d.id, d.title, d.author, d.outlet, d.published, d.language, d.first_ingested, d.last_ingested,
               (SELECT COUNT(*) FROM sources s WHERE s.document_id = d.id) AS sources,
               COALESCE(ec.n, 0) AS entities,
               (SELECT COUNT(*) FROM claims c WHERE c.document_id = d.id AND c.{_LIVE_CLAIM}) AS claims,
               (SELECT COUNT(*) FROM events ev WHERE ev.document_id = d.id) AS events
        FROM documents d LEFT JOIN entity_counts ec ON ec.document_id = d.id
        ORDER BY d.published, d.title, d.id""")]


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in TABLES}
