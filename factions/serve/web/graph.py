"""An actor's ego network, the evidence behind one of its edges, and its timeline, under one set of filters."""
from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from factions.errors import StoreError
from factions.model import PREDICATES, SYMMETRIC_PREDICATES
from factions.store.curation import GRADES

# When a claim holds: its own date, else the report's publication date.
DAY = "COALESCE(c.date, d.published)"
MAX_NEIGHBOURS = 60
MAX_OUTER_EDGES = 150  # edges between two neighbours: the strongest only, or a hub's graph is a hairball
MAX_TIMELINE = 50  # items a page: a hub's page renders its newest 50, older ones a click away


def iso_day(text: str | None, what: str) -> str | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise StoreError(f"{what} must be a date like 2014-06-30, not {text!r}") from None


@dataclass(frozen=True)
class Filters:
    """Date range (claim date, else publication), one predicate, and the weakest source grade let in."""
    date_from: str | None = None
    date_to: str | None = None
    predicate: str | None = None
    grade: str = "F"

    @classmethod
    def parse(cls, date_from: str | None = None, date_to: str | None = None, predicate: str | None = None,
              grade: str | None = None) -> Filters:
        predicate = (predicate or "").strip() or None
        if predicate is not None and predicate not in PREDICATES:
            raise StoreError(f"unknown predicate {predicate!r}")
        grade = (grade or "F").strip().upper()
        if grade not in GRADES:
            raise StoreError(f"a source grade is one of A-F, not {grade!r}")
        return cls(iso_day(date_from, "from"), iso_day(date_to, "to"), predicate, grade)

    def where(self) -> tuple[str, list[Any]]:
        """SQL conditions on claims c joined to documents d."""
        parts, params = ["c.status != 'rejected'"], []
        if self.date_from:
            parts.append(f"{DAY} >= ?")
            params.append(self.date_from)
        if self.date_to:
            # A month- or year-precision date ('2014-10') sorts before any day of it: still in range.
            parts.append(f"substr({DAY}, 1, 10) <= ?")
            params.append(self.date_to)
        if self.predicate:
            parts.append("c.predicate = ?")
            params.append(self.predicate)
        if self.grade != "F":
            parts.append("EXISTS (SELECT 1 FROM sources s WHERE s.document_id = c.document_id "
                         "AND s.reliability <= ?)")
            params.append(self.grade)
        return " AND ".join(parts), params

    @property
    def needs_documents(self) -> bool:
        """Whether where() reads the report (d) for a claim's day: only a date range does."""
        return bool(self.date_from or self.date_to)

    def params(self) -> dict[str, str]:
        """The non-default filters as query parameters (for links and the network's data URL)."""
        out = {"from": self.date_from, "to": self.date_to, "predicate": self.predicate,
               "grade": None if self.grade == "F" else self.grade}
        return {k: v for k, v in out.items() if v}

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _names(conn: sqlite3.Connection, ids: list[str]) -> dict[str, sqlite3.Row]:
    marks = ",".join("?" * len(ids))
    return {r["id"]: r for r in conn.execute(f"SELECT id, name, kind FROM entities WHERE id IN ({marks})", ids)}


def _listed(conn: sqlite3.Connection, ids: list[str], day: str) -> set[str]:
    """Which of these entities carry an official listing (not a caveat) in force on that day."""
    marks = ",".join("?" * len(ids))
    return {r[0] for r in conn.execute(f"""
        SELECT DISTINCT h.entity_id FROM screen_hits h JOIN designations g ON g.id = h.designation_id
        WHERE h.entity_id IN ({marks}) AND h.caveat = 0
          AND (g.listed IS NULL OR g.listed <= ?) AND (g.removed IS NULL OR g.removed > ?)""", (*ids, day, day))}


# Symmetric predicates are one edge whichever way a sentence put them: the pair is ordered in SQL,
# so that counting (claims, distinct documents) happens in SQLite, not in Python.
_SYM = ", ".join(f"'{p}'" for p in sorted(SYMMETRIC_PREDICATES))
_SWAP = f"c.predicate IN ({_SYM}) AND c.object_id < c.subject_id"
_PAIR = f"""CASE WHEN {_SWAP} THEN c.object_id ELSE c.subject_id END AS s,
           CASE WHEN {_SWAP} THEN c.subject_id ELSE c.object_id END AS o,
           c.predicate AS p, c.negated AS neg, c.document_id AS doc"""


def _edge_rows(filters: Filters, index: str, condition: str) -> tuple[str, list[Any]]:
    """Claims as (s, o, p, neg, doc) through one covering index (migration 0008), joined to their
    report only when a date range needs its publication day."""
    where, params = filters.where()
    join = " JOIN documents d ON d.id = c.document_id" if filters.needs_documents else ""
    return (f"SELECT {_PAIR} FROM claims c INDEXED BY {index}{join} WHERE {condition} "
            f"AND c.subject_id != c.object_id AND {where}", params)


_GROUPED = "SELECT s, o, p, neg, COUNT(*) AS n, COUNT(DISTINCT doc) AS docs FROM ({rows}) GROUP BY s, o, p, neg"


def ego_network(conn: sqlite3.Connection, entity_id: str, filters: Filters) -> dict[str, Any]:
    """Cytoscape-ready nodes and edges: the actor, its neighbours through claims, and the claims among them.

    One edge per (pair, predicate, negated), counting claims and distinct documents. At most
    MAX_NEIGHBOURS neighbours (the most claimed) and MAX_OUTER_EDGES edges between neighbours
    keep a hub's graph readable.
    """
    as_subject, params = _edge_rows(filters, "claims_by_subject", "c.subject_id = ?")
    as_object, _ = _edge_rows(filters, "claims_by_object", "c.object_id = ?")
    ego_edges = conn.execute(_GROUPED.format(rows=f"{as_subject} UNION ALL {as_object}"),
                             (entity_id, *params, entity_id, *params)).fetchall()
    weight: Counter[str] = Counter()
    for e in ego_edges:
        weight[e["o"] if e["s"] == entity_id else e["s"]] += e["n"]
    neighbours = [n for n, _ in weight.most_common(MAX_NEIGHBOURS)]
    keep = {entity_id, *neighbours}
    edges = [e for e in ego_edges if e["s"] in keep and e["o"] in keep]
    if neighbours:
        marks = ",".join("?" * len(neighbours))
        # Through both ends of the index: the neighbours are often hubs, and reading all their claims
        # by one end (the planner's pick) costs the hubs' degree, not the pairs' claims.
        among, params = _edge_rows(filters, "claims_by_subject",
                                   f"c.subject_id IN ({marks}) AND c.object_id IN ({marks})")
        edges += conn.execute(f"{_GROUPED.format(rows=among)} ORDER BY n DESC, s, o, p LIMIT {MAX_OUTER_EDGES}",
                              (*neighbours, *neighbours, *params)).fetchall()
    ids = sorted(keep)
    names = _names(conn, ids)
    listed = _listed(conn, ids, filters.date_to or dt.date.today().isoformat())
    nodes = [{"id": i, "label": names[i]["name"] if i in names else i, "kind": names[i]["kind"] if i in names else "",
              "ego": i == entity_id, "listed": i in listed, "claims": weight.get(i, 0)} for i in ids]
    edges.sort(key=lambda e: (e["s"], e["o"], e["p"], e["neg"]))
    return {"actor_id": entity_id, "filters": filters.as_json(), "nodes": nodes,
            "edges": [{"id": f"e{n}", "source": e["s"], "target": e["o"], "predicate": e["p"],
                       "negated": bool(e["neg"]), "directed": e["p"] not in SYMMETRIC_PREDICATES, "claims": e["n"],
                       "documents": e["docs"], "label": ("not " if e["neg"] else "") + e["p"].replace("_", " ")}
                      for n, e in enumerate(edges)]}


_CLAIM_COLUMNS = f"""
    c.id, c.subject_id, s.name AS subject, c.predicate, c.object_id, o.name AS object, c.negated, c.hedged,
    c.attributed_to, c.date, c.place, c.list_name, c.evidence, c.confidence, c.status, c.document_id,
    d.title AS document_title, d.outlet, d.published, {DAY} AS day,
    (SELECT MIN(reliability) FROM sources WHERE document_id = c.document_id) AS grade"""
_CLAIM_JOINS = """FROM claims c JOIN documents d ON d.id = c.document_id
    JOIN entities s ON s.id = c.subject_id JOIN entities o ON o.id = c.object_id"""


def _claim(row: sqlite3.Row) -> dict[str, Any]:
    out = dict(row)
    out["negated"], out["hedged"] = bool(out["negated"]), bool(out["hedged"])
    return out


def edge_evidence(conn: sqlite3.Connection, a: str, b: str, predicate: str, negated: bool,
                  filters: Filters) -> list[dict[str, Any]]:
    """Every claim behind one edge (both directions for symmetric predicates), oldest first."""
    if predicate not in PREDICATES:
        raise StoreError(f"unknown predicate {predicate!r}")
    where, params = filters.where()
    pair = "(c.subject_id = ? AND c.object_id = ?)"
    pairs = f"({pair} OR {pair})" if predicate in SYMMETRIC_PREDICATES else pair
    pair_params = [a, b, b, a] if predicate in SYMMETRIC_PREDICATES else [a, b]
    return [_claim(r) for r in conn.execute(f"""
        SELECT {_CLAIM_COLUMNS} {_CLAIM_JOINS}
        WHERE {pairs} AND c.predicate = ? AND c.negated = ? AND {where}
        ORDER BY day, c.document_id, c.span_start""", (*pair_params, predicate, int(negated), *params))]


def timeline(conn: sqlite3.Connection, entity_id: str, filters: Filters, page: int = 1) -> list[dict[str, Any]]:
    """The actor's claims and events, MAX_TIMELINE a page, newest page first, each page in date order
    (events only when no predicate filter is set). A full page means there is an older one."""
    where, params = filters.where()
    upto = MAX_TIMELINE * page  # the newest `upto` of each kind hold the newest `upto` items
    # The actor's claims first, by their two indexes, then their reports: CROSS JOIN keeps that order.
    # With an OR in the WHERE and statistics from ANALYZE, SQLite's planner chose to scan every report
    # and look up its claims (80 ms a page at 10,000 reports instead of 1).
    mine = ("(SELECT rowid AS r FROM claims WHERE subject_id = ? UNION SELECT rowid FROM claims WHERE object_id = ?)"
            " AS mine CROSS JOIN claims c ON c.rowid = mine.r")
    items = [{**_claim(r), "item": "claim"} for r in conn.execute(f"""
        SELECT {_CLAIM_COLUMNS} {_CLAIM_JOINS.replace("FROM claims c", f"FROM {mine}", 1)}
        WHERE {where}
        ORDER BY day DESC, c.document_id, c.span_start LIMIT {upto}""", (entity_id, entity_id, *params))]
    if not filters.predicate:
        ev_where, ev_params = ["1 = 1"], []
        day = "COALESCE(ev.date, d.published)"
        if filters.date_from:
            ev_where.append(f"{day} >= ?")
            ev_params.append(filters.date_from)
        if filters.date_to:
            ev_where.append(f"substr({day}, 1, 10) <= ?")
            ev_params.append(filters.date_to)
        if filters.grade != "F":
            ev_where.append("EXISTS (SELECT 1 FROM sources s WHERE s.document_id = ev.document_id "
                            "AND s.reliability <= ?)")
            ev_params.append(filters.grade)
        events = [dict(r) for r in conn.execute(f"""
            SELECT ev.id, ev.type, ev.sub_event_type, ev.place, ev.date, ev.weapon, ev.fatalities, ev.attributed_to,
                   ev.evidence, ev.document_id, d.title AS document_title, d.outlet, d.published, {day} AS day,
                   (SELECT group_concat(e.name || ' (' || ea.role || ')', ', ') FROM event_actors ea
                    JOIN entities e ON e.id = ea.entity_id WHERE ea.event_id = ev.id) AS who,
                   (SELECT MIN(reliability) FROM sources WHERE document_id = ev.document_id) AS grade
            FROM events ev JOIN documents d ON d.id = ev.document_id
            WHERE ev.id IN (SELECT event_id FROM event_actors WHERE entity_id = ?) AND {' AND '.join(ev_where)}
            ORDER BY day DESC LIMIT {upto}""", (entity_id, *ev_params))]
        items += [{**e, "item": "event"} for e in events]
    items.sort(key=lambda i: (i["day"] or "", i["item"]), reverse=True)
    return items[upto - MAX_TIMELINE:upto][::-1]


def spellings(conn: sqlite3.Connection, entity_id: str) -> list[dict[str, Any]]:
    """Names over time as the reports use them: each spelling, first and last seen, how often.
    Only mentions that are names (an alias's key), not the pronouns and "the group" that refer to it."""
    return [dict(r) for r in conn.execute("""
        SELECT m.text AS name, MIN(d.published) AS first, MAX(d.published) AS last, COUNT(*) AS mentions,
               COUNT(DISTINCT m.document_id) AS documents
        FROM mentions m JOIN documents d ON d.id = m.document_id
        WHERE m.entity_id = ? AND name_key(m.text) IN (SELECT key FROM aliases WHERE entity_id = ?)
        GROUP BY m.text ORDER BY first, name""", (entity_id, entity_id))]
