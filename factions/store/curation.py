"""Analysts' corrections: merges and splits of entities, recorded in the curation log and reversible.

A merge maps an entity id onto another: its aliases, mentions, claims and events
move, and later ingests map through `entity_merges`, so the decision survives a
re-ingest. An undo restores the rows the merge moved (their ids were logged) and
deactivates the mapping. A split moves chosen alias keys to a new entity.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any

from factions.errors import NotFoundError, StoreError
from factions.model import PREDICATES, stable_id
from factions.names import name_key
from factions.store.connection import SQLITE_MAX_INT, now, transaction

_MOVABLE = (("aliases", "entity_id"), ("mentions", "entity_id"), ("claims", "subject_id"), ("claims", "object_id"),
            ("event_actors", "entity_id"), ("screen_hits", "entity_id"))


def _log(conn: sqlite3.Connection, who: str, action: str, target: str, payload: dict, reason: str | None) -> int:
    cur = conn.execute("INSERT INTO curation_log (at, who, action, target, payload, reason) VALUES (?,?,?,?,?,?)",
                       (now(), who, action, target, json.dumps(payload, ensure_ascii=False), reason))
    return int(cur.lastrowid)


def merge_map(conn: sqlite3.Connection) -> dict[str, str]:
    """from_id -> final into_id for every active merge (chains followed)."""
    pairs = dict(conn.execute("SELECT from_id, into_id FROM entity_merges WHERE active = 1").fetchall())
    out = {}
    for start in pairs:
        seen, cur = {start}, pairs[start]
        while cur in pairs and cur not in seen:
            seen.add(cur)
            cur = pairs[cur]
        out[start] = cur
    return out


def _rowids(conn: sqlite3.Connection, table: str, column: str, entity_id: str) -> list[int]:
    return [r[0] for r in conn.execute(f"SELECT rowid FROM {table} WHERE {column} = ?", (entity_id,))]


def merge(conn: sqlite3.Connection, from_id: str, into_id: str, who: str, reason: str | None) -> int:
    if from_id == into_id:
        raise StoreError("cannot merge an actor into itself")
    moved: dict[str, list[int]] = {}
    with transaction(conn):
        for table, column in _MOVABLE:
            ids = _rowids(conn, table, column, from_id)
            moved[f"{table}.{column}"] = ids
            conn.executemany(f"UPDATE OR IGNORE {table} SET {column} = ? WHERE rowid = ?",
                             [(into_id, i) for i in ids])
        log_id = _log(conn, who, "merge", from_id, {"from": from_id, "into": into_id, "moved": moved}, reason)
        conn.execute("INSERT INTO entity_merges (from_id, into_id, log_id, active) VALUES (?,?,?,1) "
                     "ON CONFLICT(from_id) DO UPDATE SET into_id = excluded.into_id, log_id = excluded.log_id, "
                     "active = 1", (from_id, into_id, log_id))
    return log_id


def split(conn: sqlite3.Connection, entity_id: str, aliases: list[str], new_name: str, who: str,
          reason: str | None) -> tuple[int, str]:
    """Move these aliases (and the mentions written with them) to a new entity named new_name."""
    row = conn.execute("SELECT kind FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no actor with id {entity_id}")
    keys = {name_key(a) for a in aliases} | {name_key(new_name)}
    new_id = f"split:{stable_id(entity_id, new_name, length=12)}"
    with transaction(conn):
        at = now()
        conn.execute("INSERT OR IGNORE INTO entities (id, name, kind, catalog_id, created_at, updated_at) "
                     "VALUES (?,?,?,NULL,?,?)", (new_id, new_name, row["kind"], at, at))
        alias_rows = [r[0] for r in conn.execute(
            f"SELECT rowid FROM aliases WHERE entity_id = ? AND key IN ({','.join('?' * len(keys))})",
            (entity_id, *keys))]
        mention_rows = [r["rowid"] for r in conn.execute("SELECT rowid, text FROM mentions WHERE entity_id = ?",
                                                         (entity_id,)) if name_key(r["text"]) in keys]
        conn.executemany("UPDATE OR IGNORE aliases SET entity_id = ? WHERE rowid = ?", [(new_id, i) for i in alias_rows])
        conn.executemany("UPDATE mentions SET entity_id = ? WHERE rowid = ?", [(new_id, i) for i in mention_rows])
        conn.execute("INSERT OR IGNORE INTO aliases (entity_id, alias, key, document_id) VALUES (?,?,?,NULL)",
                     (new_id, new_name, name_key(new_name)))
        log_id = _log(conn, who, "split", entity_id, {"from": entity_id, "into": new_id, "keys": sorted(keys),
                                                      "moved": {"aliases": alias_rows, "mentions": mention_rows}},
                      reason)
        conn.executemany("INSERT INTO alias_overrides (key, from_id, into_id, log_id, active) VALUES (?,?,?,?,1) "
                         "ON CONFLICT(key, from_id) DO UPDATE SET into_id = excluded.into_id, active = 1, "
                         "log_id = excluded.log_id", [(k, entity_id, new_id, log_id) for k in sorted(keys)])
    return log_id, new_id


def alias_overrides(conn: sqlite3.Connection) -> dict[str, str]:
    """alias key -> entity id, for keys an analyst moved by a split."""
    return dict(conn.execute("SELECT key, into_id FROM alias_overrides WHERE active = 1").fetchall())


def undo(conn: sqlite3.Connection, log_id: int, who: str, reason: str | None) -> int:
    # An id SQLite cannot hold (2**63 and beyond) names no step; binding it would raise OverflowError.
    row = conn.execute("SELECT * FROM curation_log WHERE id = ?", (log_id,)).fetchone() \
        if -SQLITE_MAX_INT - 1 <= log_id <= SQLITE_MAX_INT else None
    if row is None:
        raise NotFoundError(f"no curation step {log_id}")
    if row["undone_by"] is not None:
        raise StoreError(f"curation step {log_id} was already undone (by step {row['undone_by']})")
    payload = json.loads(row["payload"])
    with transaction(conn):
        if row["action"] == "merge":
            for spec, ids in payload["moved"].items():
                table, column = spec.split(".")
                conn.executemany(f"UPDATE OR IGNORE {table} SET {column} = ? WHERE rowid = ?",
                                 [(payload["from"], i) for i in ids])
            conn.execute("UPDATE entity_merges SET active = 0 WHERE from_id = ?", (payload["from"],))
        elif row["action"] == "split":
            for table in ("aliases", "mentions"):
                conn.executemany(f"UPDATE OR IGNORE {table} SET entity_id = ? WHERE rowid = ?",
                                 [(payload["from"], i) for i in payload["moved"][table]])
            conn.execute("UPDATE alias_overrides SET active = 0 WHERE log_id = ?", (log_id,))
        elif row["action"] in VALUE_ACTIONS:
            _restore(conn, log_id, payload)
        else:
            raise StoreError(f"curation step {log_id} ({row['action']}) cannot be undone here")
        undo_id = _log(conn, who, "undo", row["target"], {"undoes": log_id}, reason)
        conn.execute("UPDATE curation_log SET undone_by = ? WHERE id = ?", (undo_id, log_id))
    return undo_id


def history(conn: sqlite3.Connection, limit: int = 50) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute("SELECT id, at, who, action, target, reason, undone_by FROM curation_log "
                                          "ORDER BY id DESC LIMIT ?", (limit,))]


# --- decisions on single rows: a claim's status, a source's grade ------------------------------------
# Logged with the columns' old and new values, so an undo restores exactly what was there.

CLAIM_ACTIONS = {"accept": "accepted", "reject": "rejected", "correct": "corrected"}
VALUE_ACTIONS = (*CLAIM_ACTIONS, "grade_source")
GRADES = ("A", "B", "C", "D", "E", "F")
# Which columns a value change may touch, per table: the payload names columns, and
# this whitelist keeps an edited log row from reaching anything else.
_VALUE_COLUMNS = {"claims": ("status", "predicate", "negated", "hedged", "date", "place", "attributed_to"),
                  "sources": ("reliability",)}


def _set_values(conn: sqlite3.Connection, table: str, row_id: str, values: dict[str, Any]) -> None:
    allowed = _VALUE_COLUMNS[table]
    if not values or any(column not in allowed for column in values):
        raise StoreError(f"cannot change {sorted(values)} of {table}")
    assignments = ", ".join(f"{column} = ?" for column in values)
    conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*values.values(), row_id))


def _change(conn: sqlite3.Connection, table: str, row_id: str, action: str, new: dict[str, Any], who: str,
            reason: str | None) -> int:
    with transaction(conn):
        row = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no {table[:-1]} with id {row_id}")
        old = {column: row[column] for column in new}
        _set_values(conn, table, row_id, new)
        return _log(conn, who, action, row_id, {"table": table, "id": row_id, "old": old, "new": new}, reason)


def set_claim_status(conn: sqlite3.Connection, claim_id: str, action: str, who: str, reason: str | None,
                     correction: dict[str, Any] | None = None) -> int:
    """accept, reject or correct a claim; a correction may change predicate, negated, hedged, date, place,
    attributed_to. Later ingests keep curated claims as they are (see write.py)."""
    if action not in CLAIM_ACTIONS:
        raise StoreError(f"unknown claim action {action!r} (one of {', '.join(CLAIM_ACTIONS)})")
    new: dict[str, Any] = {"status": CLAIM_ACTIONS[action]}
    if action == "correct":
        new.update({k: v for k, v in (correction or {}).items() if v is not None})
        if len(new) == 1:
            raise StoreError("a correction must change something (predicate, negated, hedged, date, ...)")
        if "predicate" in new and new["predicate"] not in PREDICATES:
            raise StoreError(f"unknown predicate {new['predicate']!r}")
        for flag in ("negated", "hedged"):
            if flag in new:
                new[flag] = int(bool(new[flag]))
    return _change(conn, "claims", claim_id, action, new, who, reason)


def set_source_grade(conn: sqlite3.Connection, source_id: str, grade: str, who: str, reason: str | None) -> int:
    """Set a source's Admiralty reliability grade (A completely reliable ... F cannot be judged)."""
    grade = (grade or "").strip().upper()
    if grade not in GRADES:
        raise StoreError(f"a source grade is one of A-F, not {grade!r}")
    return _change(conn, "sources", source_id, "grade_source", {"reliability": grade}, who, reason)


def _restore(conn: sqlite3.Connection, log_id: int, payload: dict[str, Any]) -> None:
    """Put back the old values, unless someone changed the row since (undo that later step first)."""
    table, row_id = payload["table"], payload["id"]
    if table not in _VALUE_COLUMNS:
        raise StoreError(f"curation step {log_id} names an unknown table {table!r}")
    row = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"curation step {log_id}: {table[:-1]} {row_id} is no longer in the store")
    if any(row[column] != value for column, value in payload["new"].items()):
        raise StoreError(f"curation step {log_id}: {table[:-1]} {row_id} was changed again since; "
                         f"undo the later step first")
    _set_values(conn, table, row_id, payload["old"])
