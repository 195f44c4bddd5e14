"""GeoNames places in the store: import a country dump's rows, look a place name up."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from factions.names import name_key
from factions.store.connection import transaction

_COLUMNS = ("geonameid", "name", "asciiname", "latitude", "longitude", "feature_class", "feature_code",
            "country_code", "admin1_code", "population", "source_file")
_CHUNK = 5000
# Which place wins when a name fits several: towns before regions before everything else, then the biggest.
_RANK = "CASE g.feature_class WHEN 'P' THEN 0 WHEN 'A' THEN 1 ELSE 2 END"


def _keys(row: dict[str, Any]) -> set[str]:
    forms = [row["name"], row.get("asciiname"), *row.get("alternatenames", [])]
    return {k for k in (name_key(f) for f in forms if f) if k}


def _chunks(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    it = iter(rows)
    while chunk := list(islice(it, _CHUNK)):
        yield chunk


def save_places(conn: sqlite3.Connection, rows: Iterable[dict[str, Any]], source_file: str) -> int:
    """Replace this file's places in one transaction (streamed in chunks: a dump can hold millions)."""
    n = 0
    insert = (f"INSERT OR REPLACE INTO gazetteer ({', '.join(_COLUMNS)}) "
              f"VALUES ({', '.join(':' + c for c in _COLUMNS)})")
    with transaction(conn):
        conn.execute("DELETE FROM gazetteer WHERE source_file = ?", (source_file,))
        for chunk in _chunks(rows):
            conn.executemany(insert, [{**{c: r.get(c) for c in _COLUMNS}, "source_file": source_file}
                                      for r in chunk])
            # A replaced place drops its old names by cascade only on DELETE, so clear them here.
            conn.executemany("DELETE FROM gazetteer_names WHERE geonameid = ?", [(r["geonameid"],) for r in chunk])
            conn.executemany("INSERT OR IGNORE INTO gazetteer_names (key, geonameid) VALUES (?, ?)",
                             [(k, r["geonameid"]) for r in chunk for k in sorted(_keys(r))])
            n += len(chunk)
    return n


def place(conn: sqlite3.Connection, name: str) -> dict[str, Any] | None:
    """The best GeoNames place for a name, or None."""
    key = name_key(name or "")
    if not key:
        return None
    row = conn.execute(f"""SELECT g.* FROM gazetteer_names n JOIN gazetteer g ON g.geonameid = n.geonameid
                           WHERE n.key = ? ORDER BY {_RANK}, COALESCE(g.population, 0) DESC, g.geonameid
                           LIMIT 1""", (key,)).fetchone()
    return dict(row) if row else None


def count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT COUNT(*) FROM gazetteer").fetchone()[0]
