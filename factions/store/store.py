"""`Store`: the one object other stages use to reach the SQLite database."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from factions.errors import StoreError
from factions.model import Extraction
from factions.resolve.designations import Designation
from factions.resolve.lists.common import ListInfo
from factions.resolve.screen_index import MemoryIndex
from factions.store import curation, editions, gazetteer, official, read, screen_index, write
from factions.store.connection import connect, guarded, now, transaction
from factions.store.identity import check_store
from factions.store.migrate import migrate
from factions.store.write import SaveResult


class Store:
    """A factions database file, migrated to the current schema on open.

    One Store holds one connection; use it from one thread. Every sqlite3 error
    leaves as StoreError; a name that is not there leaves as NotFoundError.
    """

    def __init__(self, path: str | Path = "factions.db", *, create: bool = True) -> None:
        """Open the store at path; `create=False` (read commands) refuses a path that holds no store yet.

        Either way another application's SQLite file, a newer schema and a damaged store are refused
        (identity.py) before anything is written to the file."""
        self.path = path if str(path) == ":memory:" else Path(path)
        where = str(self.path)
        self._conn: sqlite3.Connection | None = connect(
            self.path, create=create, check=lambda conn: check_store(conn, where, create=create))
        try:
            with guarded("cannot migrate the database", self.path):
                migrate(self._conn)
        except BaseException:
            self.close()
            raise

    # --- lifecycle ---------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        """The raw connection, for later stages' own queries (read it, write through Store)."""
        if self._conn is None:
            raise StoreError("the store is closed", path=str(self.path))
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            with guarded("cannot close the database", self.path):
                conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # --- writing -----------------------------------------------------------

    def save(self, extraction: Extraction, actor_ids: Mapping[str, str], at: str | None = None) -> SaveResult:
        """Write one extraction in one transaction (see factions/store/write.py)."""
        document = extraction.document
        try:
            with guarded(f"cannot save document {document.id}", self.path):
                return write.save(self.conn, extraction, actor_ids, at)
        except StoreError as exc:
            if exc.path is None and document.path:
                # Name the report, so a batch's error line says which file failed.
                raise StoreError(exc.message, path=document.path) from exc
            raise

    def save_actor(self, entity_id: str, name: str, kind: str, catalog_id: str | None = None,
                   aliases: list[str] | None = None) -> bool:
        """Add an actor that no stored document names (e.g. from an FtM import); True when new."""
        with guarded(f"cannot save actor {entity_id}", self.path):
            return write.save_actor(self.conn, entity_id, name, kind, catalog_id, list(aliases or []))

    def log_curation(self, who: str, action: str, target: str, payload: dict[str, Any],
                     reason: str | None) -> int:
        """Append a curation decision; returns its id."""
        try:
            payload_json = json.dumps(payload or {}, ensure_ascii=False, sort_keys=True)
        except (TypeError, ValueError) as exc:
            raise StoreError(f"curation payload is not JSON: {exc}", path=str(self.path)) from exc
        with guarded("cannot log curation", self.path), transaction(self.conn) as conn:
            cursor = conn.execute(
                "INSERT INTO curation_log (at, who, action, target, payload, reason) VALUES (?, ?, ?, ?, ?, ?)",
                (now(), who, action, target, payload_json, reason))
            return int(cursor.lastrowid)

    # --- reading -----------------------------------------------------------

    def entity_ids_for_keys(self, keys: Iterable[str]) -> dict[str, str]:
        """alias key -> entity id, through analysts' splits and merges."""
        keys = list(keys)
        with guarded("cannot look up aliases", self.path):
            found = read.entity_ids_for_keys(self.conn, keys)
            overrides = curation.alias_overrides(self.conn)
            merges = curation.merge_map(self.conn)
        found.update({k: overrides[k] for k in keys if k in overrides})
        return {k: merges.get(v, v) for k, v in found.items()}

    def canonical_id(self, entity_id: str) -> str:
        """The id an entity lives under after analysts' merges."""
        with guarded("cannot read merges", self.path):
            return curation.merge_map(self.conn).get(entity_id, entity_id)

    def has_source(self, raw_sha: str, *, document_id: str | None = None, path: str | None = None) -> bool:
        """Is a copy with this file hash stored (for this document, read from this path, when given)?

        Lets a resumed batch skip what it already saved before extracting it again.
        """
        sql, params = "SELECT 1 FROM sources WHERE raw_sha = ?", [raw_sha]
        if document_id is not None:
            sql, params = sql + " AND document_id = ?", params + [document_id]
        if path is not None:
            sql, params = sql + " AND path = ?", params + [path]
        with guarded("cannot look up sources", self.path):
            return self.conn.execute(sql + " LIMIT 1", params).fetchone() is not None

    # --- gazetteer (GeoNames places) ---------------------------------------------

    def save_places(self, rows: Iterable[dict[str, Any]], source_file: str) -> int:
        """Load a GeoNames file's places (replacing that file's earlier import); returns the count."""
        with guarded("cannot save the gazetteer", self.path):
            return gazetteer.save_places(self.conn, rows, source_file)

    def place(self, name: str) -> dict[str, Any] | None:
        """The imported GeoNames place a name most likely means (towns first, then the most populous)."""
        with guarded("cannot read the gazetteer", self.path):
            return gazetteer.place(self.conn, name)

    def places_count(self) -> int:
        with guarded("cannot read the gazetteer", self.path):
            return gazetteer.count(self.conn)

    # --- official lists and screening ----------------------------------------

    def save_list(self, name: str, source_file: str, fmt: str, as_of: str | None,
                  entries: list[Designation]) -> int:
        with guarded("cannot save the list", self.path):
            return official.save_list(self.conn, name, source_file, fmt, as_of, entries)

    def import_edition(self, info: ListInfo, entries: Iterator[Designation],
                       as_of: str | None = None) -> dict[str, Any]:
        """One edition of a publication, all or nothing (factions.store.editions)."""
        with guarded("cannot save the list edition", self.path):
            return editions.import_edition(self.conn, info, entries, as_of)

    def editions(self, publication: str | None = None) -> list[dict[str, Any]]:
        with guarded("cannot read list editions", self.path):
            return editions.editions(self.conn, publication)

    def listing_history(self, query: str) -> list[dict[str, Any]]:
        with guarded("cannot read listing history", self.path):
            return editions.history(self.conn, query)

    def load_screen_index(self) -> screen_index.StoreIndex | None:
        """The persisted screening index, if it was built for the designations now loaded."""
        with guarded("cannot read the screening index", self.path):
            return screen_index.load_index(self.conn)

    def save_screen_index(self, index: MemoryIndex, catalog: Any | None) -> int:
        with guarded("cannot save the screening index", self.path):
            return screen_index.save_index(self.conn, index, catalog, screen_index.fingerprint(self.conn))

    def stored_catalog(self) -> screen_index.StoredCatalog:
        return screen_index.StoredCatalog(self.conn)

    def lists(self) -> list[dict[str, Any]]:
        with guarded("cannot read lists", self.path):
            return official.lists(self.conn)

    def designations(self) -> list[Designation]:
        with guarded("cannot read designations", self.path):
            return official.designations(self.conn)

    def replace_screen_hits(self, entity_ids: Iterable[str], hits: list[dict[str, Any]]) -> int:
        with guarded("cannot save screening results", self.path):
            return official.replace_screen_hits(self.conn, entity_ids, hits)

    def screen_hits(self, entity_id: str) -> list[dict[str, Any]]:
        with guarded("cannot read screening results", self.path):
            return official.screen_hits(self.conn, entity_id)

    # --- curation --------------------------------------------------------------

    def merge(self, from_name: str, into_name: str, who: str, reason: str | None = None) -> int:
        """Merge actor `from_name` into `into_name` (names, aliases or ids); returns the log id."""
        a, b = self.entity(from_name)["id"], self.entity(into_name)["id"]
        with guarded("cannot merge", self.path):
            return curation.merge(self.conn, a, b, who, reason)

    def split(self, name: str, aliases: list[str], new_name: str, who: str,
              reason: str | None = None) -> tuple[int, str]:
        entity_id = self.entity(name)["id"]
        with guarded("cannot split", self.path):
            return curation.split(self.conn, entity_id, aliases, new_name, who, reason)

    def undo(self, log_id: int, who: str, reason: str | None = None) -> int:
        with guarded("cannot undo", self.path):
            return curation.undo(self.conn, log_id, who, reason)

    def curation_history(self, limit: int = 50) -> list[dict[str, Any]]:
        with guarded("cannot read the curation log", self.path):
            return curation.history(self.conn, limit)

    def entity(self, name_or_id: str) -> dict[str, Any]:
        with guarded("cannot read entity", self.path):
            return read.entity(self.conn, name_or_id)

    def actors(self, kind: str | None = None, search: str | None = None) -> list[dict[str, Any]]:
        with guarded("cannot list actors", self.path):
            return read.actors(self.conn, kind, search)

    def actor_profile(self, name: str, limit: int | None = None, offset: int = 0) -> dict[str, Any]:
        with guarded("cannot read actor profile", self.path):
            return read.actor_profile(self.conn, name, limit, offset)

    def documents(self) -> list[dict[str, Any]]:
        with guarded("cannot list documents", self.path):
            return read.documents(self.conn)

    def counts(self) -> dict[str, int]:
        with guarded("cannot count rows", self.path):
            return read.counts(self.conn)
