"""The screening index kept in the store, so a cold `factions screen` reads only what its query needs.

`save_index` writes a MemoryIndex (names, postings, weights, typo variants, entry
countries) and the catalog's names, with a fingerprint of the designations and
the catalog they were built from; `load_index` returns a StoreIndex over those
tables when the fingerprint still matches, else None (the caller rebuilds). A
StoreIndex answers the screener's questions with indexed point queries and
remembers the answers, so a query costs a few posting-list reads however many
entries are loaded.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from factions.names import name_key
from factions.resolve.designations import Designation
from factions.resolve.screen_index import IndexedName, MemoryIndex
from factions.store.connection import now, transaction
from factions.store.official import designation_of

INDEX_VERSION = "5"  # bump when keys, postings or forms change: stored indexes are then rebuilt
CATALOG_FILES = ("actors.yaml", "persons.yaml")
BATCH = 5000


def fingerprint(conn: sqlite3.Connection) -> str:
    """What the index depends on: the designations' ids, the catalog files, the index code version."""
    digest = hashlib.sha256(INDEX_VERSION.encode())
    for (entry_id,) in conn.execute("SELECT id FROM designations ORDER BY id"):
        digest.update(entry_id.encode())
    for name in CATALOG_FILES:
        try:
            digest.update(resources.files("factions.data").joinpath(name).read_bytes())
        except FileNotFoundError:
            digest.update(b"-")
    return digest.hexdigest()


def _catalog_rows(catalog: Any) -> list[tuple[str, str]]:
    """form -> the actors it names, each with what screening reads (and its lineage's founding date)."""
    from factions.resolve.lineage import root_of

    def actor_json(actor_id: str) -> dict[str, Any]:
        actor = catalog.actors[actor_id]
        root = catalog.actors.get(root_of(catalog, actor_id)) or actor
        return {"id": actor.id, "name": actor.name, "aliases": list(actor.aliases), "acronyms": list(actor.acronyms),
                "countries": list(actor.countries), "lineage_formed": root.formed}
    rows = [(f"k:{key}", ids) for key, ids in catalog.by_key.items()]
    rows += [(f"a:{acronym}", ids) for acronym, ids in catalog.by_acronym.items()]
    return [(form, json.dumps([actor_json(i) for i in ids], ensure_ascii=False)) for form, ids in rows]


def save_index(conn: sqlite3.Connection, index: MemoryIndex, catalog: Any | None, stamp: str) -> int:
    """Replace the stored index with `index` (one transaction); returns the number of names."""
    names = index.all_names()
    with transaction(conn):
        for table in ("screen_names", "screen_postings", "screen_tokens", "screen_variants", "screen_entries",
                      "screen_catalog", "screen_index_state"):
            conn.execute(f"DELETE FROM {table}")
        _many(conn, "INSERT INTO screen_names VALUES (?,?,?,?,?,?,?)",
              ((n, x.entry, x.alias, x.key, x.skeleton, int(x.acronym), int(x.latin)) for n, x in enumerate(names)))
        _many(conn, "INSERT INTO screen_postings VALUES (?,?)",
              ((token, pack(ids)) for token, ids in index.all_postings().items()))
        _many(conn, "INSERT INTO screen_tokens VALUES (?,?)", index.all_weights().items())
        _many(conn, "INSERT INTO screen_variants VALUES (?,?)",
              ((variant, token) for variant, tokens in index.all_variants().items() for token in tokens))
        _many(conn, "INSERT INTO screen_entries VALUES (?,?)",
              ((entry, json.dumps(sorted(places))) for entry, places in index.all_countries().items()))
        if catalog is not None:
            _many(conn, "INSERT INTO screen_catalog VALUES (?,?)", _catalog_rows(catalog))
        conn.execute("INSERT INTO screen_index_state VALUES (1, ?, ?, ?)", (stamp, len(names), now()))
    return len(names)


def pack(ids: Sequence[int]) -> bytes:
    return array("i", ids).tobytes() if sys.byteorder == "little" else _swapped(array("i", ids)).tobytes()


def unpack(blob: bytes) -> Sequence[int]:
    ids = array("i")
    ids.frombytes(blob)
    return ids if sys.byteorder == "little" else _swapped(ids)


def _swapped(ids: array) -> array:
    ids.byteswap()
    return ids


def _many(conn: sqlite3.Connection, sql: str, rows: Iterable[tuple[Any, ...]]) -> None:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            conn.executemany(sql, batch)
            batch = []
    conn.executemany(sql, batch)


def load_index(conn: sqlite3.Connection, stamp: str | None = None) -> StoreIndex | None:
    """The stored index if it was built for the current designations (and catalog), else None."""
    row = conn.execute("SELECT fingerprint, names FROM screen_index_state WHERE id = 1").fetchone()
    if row is None or row[0] != (stamp or fingerprint(conn)):
        return None
    return StoreIndex(conn, row[1])


def _in(ids: Sequence[Any]) -> str:
    return ",".join("?" * len(ids))


class StoreIndex:
    """A NameIndex read from the store on demand (and cached), for one connection's lifetime."""

    def __init__(self, conn: sqlite3.Connection, size: int) -> None:
        self.conn = conn
        self.size = max(size, 1)
        self._postings: dict[str, list[int]] = {}
        self._names: dict[int, IndexedName] = {}
        self._entries: dict[str, Designation] = {}
        self._countries: dict[str, set[str]] = {}
        self._weights: dict[str, float | None] = {}

    def postings(self, token: str) -> Sequence[int]:
        if token not in self._postings:
            row = self.conn.execute("SELECT name_ids FROM screen_postings WHERE token = ?", (token,)).fetchone()
            self._postings[token] = unpack(row[0]) if row else []
        return self._postings[token]

    def names(self, ids: Iterable[int]) -> dict[int, IndexedName]:
        wanted = [n for n in set(ids) if n not in self._names]
        for start in range(0, len(wanted), 900):  # SQLite's bound-parameter limit
            chunk = wanted[start:start + 900]
            for r in self.conn.execute(f"SELECT * FROM screen_names WHERE name_id IN ({_in(chunk)})", chunk):
                self._names[r["name_id"]] = IndexedName(r["designation_id"], r["alias"], r["key"], r["skeleton"],
                                                        bool(r["acronym"]), bool(r["latin"]))
        return {n: self._names[n] for n in ids if n in self._names}

    def entries(self, ids: Iterable[str]) -> dict[str, Designation]:
        wanted = [i for i in set(ids) if i not in self._entries]
        for start in range(0, len(wanted), 900):
            chunk = wanted[start:start + 900]
            for r in self.conn.execute(f"SELECT * FROM designations WHERE id IN ({_in(chunk)})", chunk):
                self._entries[r["id"]] = designation_of(r)
            for r in self.conn.execute(f"SELECT * FROM screen_entries WHERE designation_id IN ({_in(chunk)})",
                                       chunk):
                self._countries[r[0]] = set(json.loads(r[1]))
        return {i: self._entries[i] for i in ids if i in self._entries}

    def countries(self, entry: str) -> set[str]:
        if entry not in self._countries:
            self.entries([entry])
        return self._countries.get(entry, set())

    def weight(self, token: str) -> float | None:
        if token not in self._weights:
            row = self.conn.execute("SELECT weight FROM screen_tokens WHERE token = ?", (token,)).fetchone()
            self._weights[token] = row[0] if row else None
        return self._weights[token]

    def variants(self, token: str) -> list[str]:
        from factions.resolve.screen_index import deletions

        keys = sorted(deletions(token) | {token})
        return sorted({r[0] for r in self.conn.execute(
            f"SELECT token FROM screen_variants WHERE variant IN ({_in(keys)})", keys)})


@dataclass(frozen=True)
class StoredActor:
    """A catalog actor as the stored index keeps it: what query expansion and homonym dates read."""

    id: str
    name: str
    aliases: tuple[str, ...]
    acronyms: tuple[str, ...]
    countries: tuple[str, ...]
    lineage_formed: str | None


class StoredCatalog:
    """The catalog's `lookup` over the stored copy of its names (no YAML parsed at start-up)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def lookup(self, surface: str) -> list[StoredActor]:
        for form in (f"a:{surface}", f"k:{name_key(surface)}"):
            row = self.conn.execute("SELECT actors FROM screen_catalog WHERE form = ?", (form,)).fetchone()
            if row:
                return [StoredActor(a["id"], a["name"], tuple(a["aliases"]), tuple(a["acronyms"]),
                                    tuple(a["countries"]), a["lineage_formed"]) for a in json.loads(row[0])]
        return []
