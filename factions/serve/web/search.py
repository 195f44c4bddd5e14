"""Search over actors (every name and alias) and documents, with SQLite FTS5 (migration 0003).

Matches are marked by FTS5 with two private-use characters; `marked()` escapes the
text first and only then turns those characters into <mark> tags, so a report's own
markup is never let through.
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

from factions.model import ACTOR_KINDS

OPEN, CLOSE = "\ue000", "\ue001"
_MARKS = re.compile(f"([{OPEN}{CLOSE}])")
_WORD = re.compile(r"\w+")
MAX_TERMS = 12


def fts_query(text: str) -> str | None:
    """User text -> an FTS5 query: every word quoted (no FTS syntax gets through) and prefix-matched."""
    words = _WORD.findall(text or "")[:MAX_TERMS]
    return " ".join(f'"{w}"*' for w in words) or None


def marked(text: str | None) -> Markup:
    """Escape text and turn FTS5's match markers into balanced <mark> elements."""
    out, is_open = [], False
    for part in _MARKS.split(text or ""):
        if part == OPEN:
            if not is_open:
                out.append("<mark>")
                is_open = True
        elif part == CLOSE:
            if is_open:
                out.append("</mark>")
                is_open = False
        else:
            out.append(str(escape(part)))
    if is_open:
        out.append("</mark>")
    return Markup("".join(out))


def _strip(text: str | None) -> str:
    return _MARKS.sub("", text or "")


def search_actors(conn: sqlite3.Connection, text: str, limit: int = 30) -> list[dict[str, Any]]:
    """Actors with a name or alias matching every word (as a word prefix), best match first."""
    query = fts_query(text)
    if query is None:
        return []
    rows = conn.execute(f"""
        SELECT a.entity_id, a.alias, highlight(aliases_fts, 0, '{OPEN}', '{CLOSE}') AS hl,
               bm25(aliases_fts) AS rank, e.name, e.kind
        FROM aliases_fts
        JOIN aliases a ON a.key = name_key(aliases_fts.alias) AND a.alias = aliases_fts.alias
        JOIN entities e ON e.id = a.entity_id
        WHERE aliases_fts MATCH ? AND e.kind IN ({','.join('?' * len(ACTOR_KINDS))})
        ORDER BY rank LIMIT 500""", (query, *ACTOR_KINDS)).fetchall()
    found: dict[str, dict[str, Any]] = {}
    for r in rows:
        hit = found.setdefault(r["entity_id"], {"id": r["entity_id"], "name": r["name"], "kind": r["kind"],
                                                "rank": r["rank"], "name_hl": None, "aliases_hl": []})
        if r["alias"] == r["name"]:
            hit["name_hl"] = r["hl"]
        elif len(hit["aliases_hl"]) < 4:
            hit["aliases_hl"].append(r["hl"])
    hits = sorted(found.values(), key=lambda h: (h["rank"], h["name"].casefold()))[:limit]
    for h in hits:
        h["name_html"] = marked(h.pop("name_hl") or h["name"])
        h["aliases_html"] = [marked(a) for a in h.pop("aliases_hl")]
        h["aliases"] = [_strip(str(a)) for a in h["aliases_html"]]
        del h["rank"]
    return hits


def search_documents(conn: sqlite3.Connection, text: str, limit: int = 20,
                     offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """(number of matching documents, one page of them) ranked by BM25, title matches weighing more."""
    query = fts_query(text)
    if query is None:
        return 0, []
    total = conn.execute("SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH ?", (query,)).fetchone()[0]
    rows = conn.execute(f"""
        SELECT d.id, d.title, d.outlet, d.published,
               highlight(documents_fts, 1, '{OPEN}', '{CLOSE}') AS title_hl,
               snippet(documents_fts, 2, '{OPEN}', '{CLOSE}', '…', 28) AS snippet
        FROM documents_fts JOIN documents d ON d.id = documents_fts.document_id
        WHERE documents_fts MATCH ?
        ORDER BY bm25(documents_fts, 0.0, 5.0, 1.0), d.published DESC LIMIT ? OFFSET ?""",
                        (query, limit, offset)).fetchall()
    return total, [{"id": r["id"], "title": r["title"], "outlet": r["outlet"], "published": r["published"],
                    "title_html": marked(r["title_hl"] or r["title"] or r["id"]),
                    "snippet_html": marked(r["snippet"])} for r in rows]


def as_json(hits: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Markup values as plain (already escaped) HTML strings, for the JSON API."""
    return [{k: (str(v) if isinstance(v, Markup) else [str(x) for x in v] if k == "aliases_html" else v)
             for k, v in h.items()} for h in hits]


def cached(cache: Any, store: Any, text: str, limit: int, offset: int,
           actors: bool = True) -> tuple[list[dict[str, Any]], tuple[int, list[dict[str, Any]]]]:
    """(actors, (total, documents)) through the app's cache: ranking every matching report is the
    cost of a search, and the same searches come back all day. cache is a serve.web.cache.Cache."""
    def compute() -> tuple[list[dict[str, Any]], tuple[int, list[dict[str, Any]]]]:
        return (search_actors(store.conn, text) if actors else [],
                search_documents(store.conn, text, limit, offset))

    return cache.get(store, ("search", text, limit, offset, actors), compute)
