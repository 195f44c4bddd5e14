"""Is this SQLite file a factions store we may use? Checked before anything is written to it.

A mistyped `--db` must not leave a new empty store behind, another application's SQLite
file must never get factions' tables, a store written by a newer factions must not be
read with an older schema in mind, and a store with a table gone must be refused up front
rather than fail half-way through a command. The tables a store must hold are those the
migrations it has applied create, found by applying them to an empty in-memory database.
"""
from __future__ import annotations

import sqlite3
from functools import lru_cache

from factions.errors import StoreError
from factions.store.migrate import Migration, available, statements

MIGRATIONS_COLUMNS = {"version", "name", "applied_at"}


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@lru_cache(maxsize=16)
def expected_tables(versions: frozenset[int]) -> frozenset[str]:
    """The tables the given migrations create (besides schema_migrations)."""
    reference = sqlite3.connect(":memory:")
    try:
        for migration in available():
            if migration.version in versions:
                for statement in statements(migration.sql):
                    reference.execute(statement)
        return frozenset(_tables(reference))
    finally:
        reference.close()


def _applied(conn: sqlite3.Connection, where: str) -> dict[int, str]:
    columns = {r[1] for r in conn.execute("PRAGMA table_info(schema_migrations)")}
    if not MIGRATIONS_COLUMNS <= columns:
        raise StoreError(f"not a factions database: {where} (its schema_migrations table is another tool's)")
    applied = {int(r[0]): str(r[1]) for r in conn.execute("SELECT version, name FROM schema_migrations")}
    return applied


def check_store(conn: sqlite3.Connection, where: str, *, create: bool) -> None:
    """Refuse (StoreError) a database factions must not open; `create` allows an empty one to become a store."""
    tables = _tables(conn)
    if not tables:
        if create:
            return  # new (or empty) database: the migrations make it a store
        raise StoreError(f"no factions store at {where} (an empty database): run `factions ingest PATH --db "
                         f"{where}` first")
    if "schema_migrations" not in tables:
        shown = ", ".join(sorted(tables)[:4]) + (", ..." if len(tables) > 4 else "")
        raise StoreError(f"not a factions database: {where} holds another application's tables ({shown})")
    applied = _applied(conn, where)
    known: dict[int, Migration] = {m.version: m for m in available()}
    newer = sorted(set(applied) - set(known))
    if newer:
        raise StoreError(f"database schema version {newer[-1]} is newer than this factions "
                         f"(knows up to {max(known, default=0)}): upgrade factions to open it")
    if applied and applied.get(1) != known[1].name:
        raise StoreError(f"not a factions database: {where} (its schema_migrations table is another tool's)")
    # A version number this factions knows, applied under another name: a schema from another branch
    # of factions, whose tables the code here cannot trust.
    foreign = sorted(v for v, name in applied.items() if known[v].name != name)
    if foreign:
        v = foreign[0]
        raise StoreError(f"database schema version {v} is {applied[v]!r}, which this factions does not know "
                         f"(its version {v} is {known[v].name!r})")
    missing = sorted(expected_tables(frozenset(applied)) - tables)
    if missing:
        raise StoreError(f"damaged store: table {', '.join(missing)} missing (schema version "
                         f"{max(applied, default=0)}); restore it from a backup")
