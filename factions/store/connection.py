"""Opening the SQLite file and turning sqlite3 errors into StoreError.

The store is one SQLite file with one writer at a time: WAL lets readers (the
web view, an export) run while a batch writes, busy_timeout makes a second
writer wait instead of failing at once, and foreign keys keep claims pointing
at real documents and entities.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from factions.errors import StoreError
from factions.names import name_key

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
SQLITE_MAX_INT = 2**63 - 1


def now() -> str:
    """UTC timestamp for *_at / *_ingested columns (ISO 8601, second precision)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _check_is_sqlite(path: Path) -> None:
    """Refuse a file that exists, is not empty and is not SQLite, before sqlite3 touches it."""
    if not path.is_file() or path.stat().st_size == 0:
        return  # a new or empty file becomes a new database
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"cannot read database: {exc}", path=str(path)) from exc
    if head != SQLITE_MAGIC:
        raise StoreError(f"not a factions database: {path}", path=str(path))


def connect(path: Path | str, *, create: bool = True,
            check: Callable[[sqlite3.Connection], None] | None = None) -> sqlite3.Connection:
    """Open the database file with factions' connection settings; `create`: make it (and its folder) if missing.

    Without `create`, a missing file is refused and SQLite is asked never to create one. `check`
    judges the database before any setting is written to it (WAL mode persists in the file)."""
    in_memory = str(path) == ":memory:"
    target = str(path)
    if not in_memory:
        path = Path(path)
        if not create and not path.is_file():
            raise StoreError(f"no store at {path}: run `factions ingest PATH --db {path}` first")
        _check_is_sqlite(path)
        if create:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the database folder: {exc}", path=str(path)) from exc
        else:
            target = f"{path.absolute().as_uri()}?mode=rw"
    try:
        # isolation_level=None: the store issues BEGIN/COMMIT itself, so a save
        # is exactly one transaction and nothing is committed behind its back.
        conn = sqlite3.connect(target, isolation_level=None, uri=not create and not in_memory)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open database: {exc}", path=str(path)) from exc
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if check is not None:
            check(conn)
        if not in_memory:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Lets queries compare spellings the same way the resolver does.
        conn.create_function("name_key", 1, name_key, deterministic=True)
    except sqlite3.DatabaseError as exc:
        conn.close()
        # "file is not a database", "database disk image is malformed"
        raise StoreError(f"not a factions database: {path} ({exc})", path=str(path)) from exc
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def guarded(action: str, path: object = None) -> Iterator[None]:
    """Convert sqlite3 errors raised inside the block into StoreError."""
    try:
        yield
    except (sqlite3.Error, OverflowError) as exc:  # OverflowError: an integer SQLite cannot hold
        raise StoreError(f"{action}: {exc}", path=None if path is None else str(path)) from exc


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception.

    IMMEDIATE takes the write lock up front, so two writers queue on
    busy_timeout rather than one failing half-way with SQLITE_BUSY.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
