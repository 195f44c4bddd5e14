"""Editions of official lists, and the listing intervals derived from which editions hold an entry.

An edition (OFAC SDN of 2024-05-03, the UN list of 2024-09-26) is imported whole
in one transaction: its entries stream in batches, and any error, including the
file's own integrity check at its end, rolls everything back. After each import
the publication's designations are re-derived from all its editions, ordered by
edition date, so importing an older edition after a newer one gives the same
store as the other order:
- an entry's run of consecutive editions is one listing interval;
- `listed` is the file's own listing date when it has one, else the first edition
  of the run if an older edition lacks the entry (else unknown: listed before the
  oldest edition);
- `removed` is the first edition after the run, which no longer holds the entry.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import Any

from factions.errors import DataError, InputError
from factions.resolve.designations import Designation
from factions.resolve.lists.common import ListInfo
from factions.store.connection import now, transaction
from factions.store.official import designation_row

BATCH = 2000


def files_sha256(paths: Iterable[str]) -> str:
    """One digest over every file of an edition, in order (sdn.csv, alt.csv, add.csv)."""
    digest = hashlib.sha256()
    for path in paths:
        try:
            with open(path, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    digest.update(chunk)
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        digest.update(b"\x00")
    return digest.hexdigest()


def _edition_date(info: ListInfo, as_of: str | None) -> str:
    """The file's own date, or --as-of; both given and different is an error."""
    own = info.as_of[:10] if info.as_of else None
    if own and as_of and own != as_of:
        raise DataError(f"{info.source_file}: the file is the edition of {own}, not {as_of} (--as-of)")
    day = own or as_of
    if not day or len(day) != 10:
        raise DataError(f"{info.source_file}: {info.format} carries no edition date of its own: "
                        "name it with --as-of YYYY-MM-DD")
    return day


def import_edition(conn: sqlite3.Connection, info: ListInfo, entries: Iterator[Designation],
                   as_of: str | None = None) -> dict[str, Any]:
    """Store one edition and re-derive its publication; the same edition again changes nothing."""
    assert info.publication, "an edition needs a publication"
    sha = files_sha256(info.files or [info.source_file])
    same = conn.execute("SELECT edition FROM list_editions WHERE publication = ? AND sha256 = ?",
                        (info.publication, sha)).fetchone()
    if same:
        return {"publication": info.publication, "edition": same[0], "unchanged": True, "entries": 0}
    with transaction(conn):
        first = next(entries, None)  # the header (publish date, record count) is read with the first entry
        edition = _edition_date(info, as_of)
        clash = conn.execute("SELECT source_file FROM list_editions WHERE publication = ? AND edition = ?",
                             (info.publication, edition)).fetchone()
        if clash:
            raise DataError(f"{info.source_file}: the {info.publication} edition of {edition} is already imported "
                            f"from {clash[0]} with other content")
        conn.execute("INSERT INTO list_editions (publication, edition, format, source_file, files, sha256, entries,"
                     " declared, imported_at) VALUES (?,?,?,?,?,?,0,?,?)",
                     (info.publication, edition, info.format, info.source_file, json.dumps(info.files), sha,
                      info.declared, now()))
        count = _store_entries(conn, info, edition, entries, first)
        info.entries = count
        conn.execute("UPDATE list_editions SET entries = ?, declared = ? WHERE publication = ? AND edition = ?",
                     (count, info.declared, info.publication, edition))
        if count == 0:
            raise DataError(f"{info.source_file}: no entries: an empty edition would delist everything")
        changes = _changes(conn, info.publication, edition)
        derive(conn, info.publication)
    return {"publication": info.publication, "edition": edition, "unchanged": False, "entries": count, **changes}


def _store_entries(conn: sqlite3.Connection, info: ListInfo, edition: str, entries: Iterator[Designation],
                   first: Designation | None) -> int:
    batch: list[tuple[str, str, str, str]] = []
    count = 0
    for d in _chain(first, entries):
        key = d.key or d.reference or d.name
        batch.append((info.publication or "", edition, key, json.dumps(asdict(d), ensure_ascii=False)))
        count += 1
        if len(batch) >= BATCH:
            _insert(conn, info, batch)
            batch = []
    _insert(conn, info, batch)
    return count


def _chain(first: Designation | None, rest: Iterator[Designation]) -> Iterator[Designation]:
    if first is not None:
        yield first
    yield from rest


def _insert(conn: sqlite3.Connection, info: ListInfo, batch: list[tuple[str, str, str, str]]) -> None:
    try:
        conn.executemany("INSERT INTO edition_entries (publication, edition, entry_key, entry) VALUES (?,?,?,?)",
                         batch)
    except sqlite3.IntegrityError as exc:
        raise DataError(f"{info.source_file}: an entry id appears twice in one edition ({exc})") from exc


def _changes(conn: sqlite3.Connection, publication: str, edition: str) -> dict[str, Any]:
    """Entries added and removed against the edition just before this one (none older: all added)."""
    prior = conn.execute("SELECT MAX(edition) FROM list_editions WHERE publication = ? AND edition < ?",
                         (publication, edition)).fetchone()[0]
    if prior is None:
        return {"previous_edition": None, "added": None, "removed": None}
    query = ("SELECT COUNT(*) FROM edition_entries a WHERE a.publication = ? AND a.edition = ? AND NOT EXISTS "
             "(SELECT 1 FROM edition_entries b WHERE b.publication = a.publication AND b.edition = ? "
             "AND b.entry_key = a.entry_key)")
    added = conn.execute(query, (publication, edition, prior)).fetchone()[0]
    removed = conn.execute(query, (publication, prior, edition)).fetchone()[0]
    return {"previous_edition": prior, "added": added, "removed": removed}


def _runs(conn: sqlite3.Connection, publication: str, editions: list[str]) -> dict[str, list[list[int]]]:
    """entry key -> runs [first, last] of consecutive edition positions holding it."""
    position = {e: i for i, e in enumerate(editions)}
    runs: dict[str, list[list[int]]] = {}
    for key, edition in conn.execute("SELECT entry_key, edition FROM edition_entries WHERE publication = ? "
                                     "ORDER BY entry_key, edition", (publication,)):
        i = position[edition]
        spans = runs.setdefault(key, [])
        if spans and spans[-1][1] == i - 1:
            spans[-1][1] = i
        else:
            spans.append([i, i])
    return runs


def derive(conn: sqlite3.Connection, publication: str) -> int:
    """Rebuild the publication's designations, intervals and `lists` rows from its editions."""
    editions = [r[0] for r in conn.execute("SELECT edition FROM list_editions WHERE publication = ? "
                                           "ORDER BY edition", (publication,))]
    conn.execute("DELETE FROM designations WHERE publication = ?", (publication,))
    conn.execute("DELETE FROM listing_intervals WHERE publication = ?", (publication,))
    conn.execute("DELETE FROM lists WHERE publication = ?", (publication,))
    if not editions:
        return 0
    rows: list[dict[str, Any]] = []
    intervals: list[tuple[Any, ...]] = []
    count = 0
    for key, spans in _runs(conn, publication, editions).items():
        for a, b in spans:
            entry = conn.execute("SELECT entry FROM edition_entries WHERE publication = ? AND entry_key = ? "
                                 "AND edition = ?", (publication, key, editions[b])).fetchone()[0]
            d = Designation(**json.loads(entry))
            d.key = key  # the id is derived from the key the edition was stored under
            before = editions[a - 1] if a > 0 else None
            after = editions[b + 1] if b + 1 < len(editions) else None
            if before and (d.listed is None or d.listed <= before):
                d.listed = editions[a]  # absent from `before`, present from editions[a]
            if after and d.removed is None:
                d.removed = after
            rows.append({**designation_row(d, d.source_file or ""), "publication": publication, "entry_key": key})
            intervals.append((publication, key, d.list, d.name, editions[a], before, editions[b], after, d.id))
            if len(rows) >= BATCH:  # written as it goes: memory stays flat however long the list
                count += _write_derived(conn, rows, intervals)
                rows, intervals = [], []
    count += _write_derived(conn, rows, intervals)
    newest = conn.execute("SELECT source_file, format FROM list_editions WHERE publication = ? AND edition = ?",
                          (publication, editions[-1])).fetchone()
    for code, current in conn.execute("SELECT list, SUM(removed IS NULL) FROM designations WHERE publication = ? "
                                      "GROUP BY list", (publication,)).fetchall():
        conn.execute("INSERT OR REPLACE INTO lists (name, source_file, format, as_of, loaded_at, entries, publication)"
                     " VALUES (?,?,?,?,?,?,?)", (code, newest[0], newest[1], editions[-1], now(), current, publication))
    return count


def _write_derived(conn: sqlite3.Connection, rows: list[dict[str, Any]], intervals: list[tuple[Any, ...]]) -> int:
    if not rows:
        return 0
    cols = list(rows[0])
    conn.executemany(f"INSERT OR REPLACE INTO designations ({', '.join(cols)}) VALUES "
                     f"({', '.join(':' + c for c in cols)})", rows)
    conn.executemany("INSERT INTO listing_intervals VALUES (?,?,?,?,?,?,?,?,?)", intervals)
    return len(rows)


def editions(conn: sqlite3.Connection, publication: str | None = None) -> list[dict[str, Any]]:
    sql = ("SELECT publication, edition, format, source_file, entries, declared, sha256, imported_at "
           "FROM list_editions")
    args: tuple[str, ...] = ()
    if publication:
        sql, args = sql + " WHERE publication = ?", (publication,)
    return [dict(r) for r in conn.execute(sql + " ORDER BY publication, edition", args)]


def history(conn: sqlite3.Connection, query: str) -> list[dict[str, Any]]:
    """Listing intervals of the entries whose key is `query`, or whose current name contains it."""
    return [dict(r) for r in conn.execute(
        "SELECT i.*, (SELECT COUNT(*) FROM list_editions e WHERE e.publication = i.publication) AS editions "
        "FROM listing_intervals i WHERE i.entry_key = ? OR i.name LIKE ? "
        "ORDER BY i.publication, i.entry_key, i.first_seen LIMIT 200", (query, f"%{query}%"))]
