"""Schema migrations: numbered .sql files applied in order, one transaction each.

`migrations/0001_initial.sql` is version 1, named "initial". Applied versions are
recorded in `schema_migrations`, so reopening a database applies only what is new.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from importlib import resources

from factions.errors import StoreError
from factions.store.connection import now, transaction

_FILE = re.compile(r"^(\d+)_([A-Za-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available() -> list[Migration]:
    """The migrations shipped with the package, in version order."""
    found = []
    for item in resources.files("factions.store").joinpath("migrations").iterdir():
        match = _FILE.match(item.name)
        if match:
            found.append(Migration(int(match[1]), match[2], item.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise StoreError(f"duplicate migration versions: {versions}")
    return found


def statements(sql: str) -> list[str]:
    """Split a script into statements.

    executescript() would COMMIT the open transaction first, which breaks
    "one transaction per migration"; so statements run one by one with execute().
    """
    out, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            out.append(buffer.strip())
            buffer = ""
    leftover = [line for line in buffer.splitlines() if line.strip() and not line.strip().startswith("--")]
    if leftover:
        raise StoreError(f"migration ends with an incomplete statement: {buffer.strip()[:80]!r}")
    return out


def applied(conn: sqlite3.Connection) -> set[int]:
    return {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply every pending migration; return the versions applied now."""
    conn.execute("""CREATE TABLE IF NOT EXISTS schema_migrations (
                        version    INTEGER PRIMARY KEY,
                        name       TEXT NOT NULL,
                        applied_at TEXT NOT NULL)""")
    migrations = available()
    known = {m.version for m in migrations}
    newer = sorted(applied(conn) - known)
    if newer:
        raise StoreError(f"database schema version {newer[-1]} is newer than this factions "
                         f"(knows up to {max(known, default=0)})")
    # Checked outside a transaction first so that opening an up-to-date
    # database never waits for the write lock.
    pending = [m for m in migrations if m.version not in applied(conn)]
    done = []
    for migration in pending:
        with transaction(conn):
            # Re-checked under the write lock: another process may have migrated meanwhile.
            if migration.version in applied(conn):
                continue
            for statement in statements(migration.sql):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                         (migration.version, migration.name, now()))
        done.append(migration.version)
    return done
