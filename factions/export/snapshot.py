"""What an export writes: the store's actors, documents, claims, events and list entries, as of a day.

Every format reads the same snapshot, so `--as-of` means the same thing in all of
them. The day of a claim or event is its own date, else its document's publication
date (the rule vetting uses): what a report published later says about an earlier
day still counts, what happens after the day does not. Rejected claims are left
out: a curator has said they are not evidence.
"""
from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from factions.extract.resources import catalog
from factions.model import ACTOR_KINDS
from factions.store import Store

Row = dict[str, Any]

# A document's day: its own publication date, else the earliest date one of its copies carries.
_DOC_DAY = """COALESCE(d.published, (SELECT MIN(COALESCE(s.published, s.republished)) FROM sources s
                                     WHERE s.document_id = d.id))"""


def _after(day: str | None, as_of: str | None) -> bool:
    return bool(as_of and day and day[:10] > as_of)


@dataclass
class Snapshot:
    as_of: str | None
    documents: dict[str, Row] = field(default_factory=dict)  # id -> row (no text: see texts())
    actors: dict[str, Row] = field(default_factory=dict)  # id -> row with aliases, countries, first, last
    claims: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)  # with actor_ids and target_ids
    mentions: list[Row] = field(default_factory=list)  # one per (document, actor), with the texts used
    sanctions: list[Row] = field(default_factory=list)  # list entries matched to exported actors
    conn: sqlite3.Connection | None = None

    def texts(self) -> Iterator[tuple[str, str]]:
        """(document id, body text), streamed: texts are the bulk of a store and never all held at once."""
        assert self.conn is not None
        for doc_id in self.documents:
            row = self.conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
            yield doc_id, row[0]

    def text(self, doc_id: str) -> str:
        assert self.conn is not None
        return self.conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]


def _documents(conn: sqlite3.Connection) -> dict[str, Row]:
    docs: dict[str, Row] = {}
    for r in conn.execute(f"""SELECT d.id, d.title, d.author, d.outlet, d.section, d.published, d.language,
                                     d.first_ingested, d.last_ingested, {_DOC_DAY} AS day
                              FROM documents d ORDER BY day, d.id"""):
        docs[r["id"]] = {**dict(r), "urls": [], "republished_by": []}
    for r in conn.execute("SELECT document_id, url, republished_by FROM sources ORDER BY document_id, id"):
        doc = docs[r["document_id"]]
        if r["url"] and r["url"] not in doc["urls"]:
            doc["urls"].append(r["url"])
        if r["republished_by"] and r["republished_by"] not in doc["republished_by"]:
            doc["republished_by"].append(r["republished_by"])
    return docs


def _claims(conn: sqlite3.Connection, as_of: str | None) -> list[Row]:
    rows = conn.execute(f"""SELECT c.*, COALESCE(c.date, {_DOC_DAY}) AS day
                            FROM claims c JOIN documents d ON d.id = c.document_id
                            WHERE c.status != 'rejected' ORDER BY day, c.document_id, c.span_start, c.id""")
    return [dict(r) for r in rows if not _after(r["day"], as_of)]


def _events(conn: sqlite3.Connection, as_of: str | None) -> list[Row]:
    events = [dict(r) for r in conn.execute(f"""
        SELECT ev.*, COALESCE(ev.date, {_DOC_DAY}) AS day FROM events ev JOIN documents d ON d.id = ev.document_id
        ORDER BY day, ev.document_id, ev.span_start, ev.id""") if not _after(r["day"], as_of)]
    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"actor": [], "target": []})
    for r in conn.execute("SELECT event_id, entity_id, role FROM event_actors ORDER BY event_id, role, entity_id"):
        roles[r["event_id"]][r["role"]].append(r["entity_id"])
    for event in events:
        event["actor_ids"], event["target_ids"] = roles[event["id"]]["actor"], roles[event["id"]]["target"]
    return events


def _sanctions(conn: sqlite3.Connection, actor_ids: set[str], as_of: str | None) -> list[Row]:
    """Non-caveat list matches of exported actors (what vetting calls designations), listed by the day."""
    rows = conn.execute("""
        SELECT h.entity_id, h.score, h.matched_alias, d.id AS designation_id, d.list, d.name, d.listed, d.removed,
               d.program, d.reference, d.notes, d.countries,
               (SELECT MAX(l.as_of) FROM lists l WHERE l.name = d.list) AS edition
        FROM screen_hits h JOIN designations d ON d.id = h.designation_id WHERE h.caveat = 0
        UNION SELECT d.entity_id, 1.0, d.name, d.id, d.list, d.name, d.listed, d.removed, d.program, d.reference,
               d.notes, d.countries, (SELECT MAX(l.as_of) FROM lists l WHERE l.name = d.list)
        FROM designations d WHERE d.entity_id IS NOT NULL
        ORDER BY 1, 4""")
    out: dict[tuple[str, str], Row] = {}
    for r in rows:
        if r["entity_id"] not in actor_ids or _after(r["listed"], as_of):
            continue
        row = dict(r)
        if _after(row["removed"], as_of):
            row["removed"] = None  # not yet removed on the day asked about
        out.setdefault((row["entity_id"], row["designation_id"]), row)
    return list(out.values())


def snapshot(store: Store, as_of: str | None = None) -> Snapshot:
    conn = store.conn
    snap = Snapshot(as_of=as_of, conn=conn)
    snap.claims = _claims(conn, as_of)
    snap.events = _events(conn, as_of)
    docs = _documents(conn)
    cited = {c["document_id"] for c in snap.claims} | {e["document_id"] for e in snap.events}
    snap.documents = {i: d for i, d in docs.items() if i in cited or not _after(d["day"], as_of)}

    marks = ",".join("?" * len(ACTOR_KINDS))
    entities = {r["id"]: dict(r) for r in conn.execute(
        f"SELECT id, name, kind, catalog_id FROM entities WHERE kind IN ({marks}) ORDER BY id", ACTOR_KINDS)}
    days: dict[str, list[str]] = defaultdict(list)  # actor id -> the days it is seen
    texts: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in conn.execute("SELECT DISTINCT document_id, entity_id, text FROM mentions"):
        if r["document_id"] in snap.documents and r["entity_id"] in entities:
            texts[(r["document_id"], r["entity_id"])].add(r["text"])
    for (doc_id, eid), found in sorted(texts.items()):
        snap.mentions.append({"document_id": doc_id, "entity_id": eid, "texts": sorted(found)})
        days[eid].append(snap.documents[doc_id]["day"])
    for c in snap.claims:
        days[c["subject_id"]].append(c["day"])
        days[c["object_id"]].append(c["day"])
    for e in snap.events:
        for eid in e["actor_ids"] + e["target_ids"]:
            days[eid].append(e["day"])

    cat = catalog()
    aliases: dict[str, list[str]] = defaultdict(list)
    for r in conn.execute("SELECT entity_id, alias FROM aliases ORDER BY entity_id, alias"):
        aliases[r["entity_id"]].append(r["alias"])
    # Actors seen only after the day are left out; actors no document places in time (a report's
    # author, an imported list entry) are always in.
    seen_anywhere = {r[0] for r in conn.execute(
        "SELECT entity_id FROM mentions UNION SELECT subject_id FROM claims UNION SELECT object_id FROM claims "
        "UNION SELECT entity_id FROM event_actors")}
    for eid in sorted(entities):
        if eid not in days and eid in seen_anywhere:
            continue
        actor = entities[eid]
        known = cat.actors.get(actor["catalog_id"] or "")
        seen = sorted(d[:10] for d in days[eid] if d)
        snap.actors[eid] = {**actor, "aliases": [a for a in aliases[eid] if a != actor["name"]],
                            "countries": list(known.countries) if known else [],
                            "formed": known.formed if known else None,
                            "dissolved": known.dissolved if known else None,
                            "first": seen[0] if seen else None, "last": seen[-1] if seen else None}
    snap.sanctions = _sanctions(conn, set(snap.actors), as_of)
    return snap
