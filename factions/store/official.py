"""Official lists in the store: loaded lists, their entries, and screening hits of stored actors."""
from __future__ import annotations

import json
import sqlite3
from typing import Any, Iterable

from factions.resolve.designations import Designation
from factions.store.connection import now, transaction


def designation_row(d: Designation, source_file: str) -> dict[str, Any]:
    """A Designation as a row of the designations table."""
    return {"id": d.id, "list": d.list, "name": d.name, "aliases": json.dumps(d.aliases, ensure_ascii=False),
            "listed": d.listed, "amended": json.dumps(d.amended, ensure_ascii=False), "removed": d.removed,
            "reference": d.reference, "notes": d.notes, "source_file": source_file, "program": d.program,
            "entity_type": d.entity_type, "countries": json.dumps(d.countries)}


def save_list(conn: sqlite3.Connection, name: str, source_file: str, fmt: str, as_of: str | None,
              entries: list[Designation]) -> int:
    """Replace one list file's entries in one transaction: a reload never half-loads or duplicates.

    For files that are no edition of a publication (shipped lists, factions CSVs);
    editions go through factions.store.editions."""
    rows = [designation_row(d, source_file) for d in entries]
    with transaction(conn):
        conn.execute("DELETE FROM designations WHERE source_file = ?", (source_file,))
        if rows:
            cols = list(rows[0])
            conn.executemany(f"INSERT OR REPLACE INTO designations ({', '.join(cols)}) VALUES "
                             f"({', '.join(':' + c for c in cols)})", rows)
        conn.execute("DELETE FROM lists WHERE source_file = ?", (source_file,))
        conn.execute("INSERT INTO lists (name, source_file, format, as_of, loaded_at, entries) VALUES (?,?,?,?,?,?)",
                     (name, source_file, fmt, as_of, now(), len(rows)))
    return len(rows)


def lists(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute("SELECT name, source_file, format, as_of, loaded_at, entries FROM lists "
                                          "ORDER BY name, source_file")]


def designation_of(r: sqlite3.Row) -> Designation:
    """A designations row as a Designation."""
    return Designation(list=r["list"], name=r["name"], aliases=json.loads(r["aliases"]), listed=r["listed"],
                       amended=json.loads(r["amended"]), removed=r["removed"], reference=r["reference"],
                       notes=r["notes"], source_file=r["source_file"], program=r["program"],
                       entity_type=r["entity_type"], countries=json.loads(r["countries"] or "[]"),
                       key=r["entry_key"])


def designations(conn: sqlite3.Connection) -> list[Designation]:
    out = []
    for r in conn.execute("SELECT * FROM designations ORDER BY list, name, listed"):
        out.append(designation_of(r))
    return out


def replace_screen_hits(conn: sqlite3.Connection, entity_ids: Iterable[str], hits: list[dict[str, Any]]) -> int:
    """Replace the hits of these entities (all of them when lists changed) in one transaction."""
    ids = list(entity_ids)
    at = now()
    with transaction(conn):
        conn.executemany("DELETE FROM screen_hits WHERE entity_id = ?", [(i,) for i in ids])
        conn.executemany(
            "INSERT OR REPLACE INTO screen_hits (entity_id, designation_id, score, matched_alias, query, explanation,"
            " caveat, screened_at) VALUES (:entity_id, :designation_id, :score, :matched_alias, :query,"
            " :explanation, :caveat, :at)", [{**h, "at": at} for h in hits])
    return len(hits)


def screen_hits(conn: sqlite3.Connection, entity_id: str) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(
        "SELECT h.*, d.list, d.name AS designation_name, d.listed, d.removed, d.reference, d.notes "
        "FROM screen_hits h JOIN designations d ON d.id = h.designation_id WHERE h.entity_id = ? "
        "ORDER BY h.caveat, h.score DESC", (entity_id,))]
