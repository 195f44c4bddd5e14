"""A document for reading: its text cut into segments that know which actor, relation or event covers them.

The template prints each segment's text through Jinja's autoescape, so highlighting never
needs to build HTML out of report text.
"""
from __future__ import annotations

import sqlite3
from typing import Any
from urllib.parse import urlsplit

from factions.errors import NotFoundError


def safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links; javascript:, data: and the like stay plain text."""
    if url and urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return None


def document(conn: sqlite3.Connection, document_id: str) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no document with id {document_id!r}")
    doc = dict(row)
    doc["sources"] = [{**dict(r), "link": safe_url(r["url"])} for r in conn.execute(
        "SELECT * FROM sources WHERE document_id = ? ORDER BY COALESCE(republished, published), ingested_at",
        (document_id,))]
    doc["grade"] = min((s["reliability"] for s in doc["sources"]), default="F")
    mentions = conn.execute("""SELECT m.start, m.end, m.entity_id, e.name, e.kind FROM mentions m
                               JOIN entities e ON e.id = m.entity_id WHERE m.document_id = ?
                               ORDER BY m.start, m.end DESC""", (document_id,)).fetchall()
    claims = [dict(r) for r in conn.execute("""
        SELECT c.id, c.subject_id, s.name AS subject, c.predicate, c.object_id, o.name AS object, c.negated,
               c.hedged, c.attributed_to, c.date, c.evidence, c.span_start, c.span_end, c.status, c.confidence
        FROM claims c JOIN entities s ON s.id = c.subject_id JOIN entities o ON o.id = c.object_id
        WHERE c.document_id = ? ORDER BY c.span_start, c.id""", (document_id,))]
    events = [dict(r) for r in conn.execute("""
        SELECT ev.id, ev.type, ev.sub_event_type, ev.place, ev.date, ev.weapon, ev.fatalities, ev.evidence,
               ev.span_start, ev.span_end,
               (SELECT group_concat(e.name || ' (' || ea.role || ')', ', ') FROM event_actors ea
                JOIN entities e ON e.id = ea.entity_id WHERE ea.event_id = ev.id) AS who
        FROM events ev WHERE ev.document_id = ? ORDER BY ev.span_start, ev.id""", (document_id,))]
    doc["claims"], doc["events"] = claims, events
    doc["actors"] = sorted({(m["entity_id"], m["name"], m["kind"]) for m in mentions}, key=lambda a: a[1].casefold())
    doc["segments"] = segments(doc["text"], [dict(m) for m in mentions], claims, events)
    return doc


def segments(text: str, mentions: list[dict[str, Any]], claims: list[dict[str, Any]],
             events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cut text at every span boundary; each piece carries its actor (first mention covering it),
    and the relations and events whose sentence covers it (as a tooltip)."""
    n = len(text)

    def clip(a: Any, b: Any) -> tuple[int, int] | None:
        if a is None or b is None:
            return None
        a, b = max(0, int(a)), min(n, int(b))
        return (a, b) if a < b else None

    spans: list[tuple[int, int, str, Any]] = []
    for m in mentions:
        if (c := clip(m["start"], m["end"])):
            spans.append((*c, "actor", m))
    for cl in claims:
        if (c := clip(cl["span_start"], cl["span_end"])) and cl["status"] != "rejected":
            spans.append((*c, "rel", f"{cl['subject']} {'not ' if cl['negated'] else ''}{cl['predicate']} "
                                     f"{cl['object']}"))
    for ev in events:
        if (c := clip(ev["span_start"], ev["span_end"])):
            spans.append((*c, "evt", f"{ev['type']}: {ev['sub_event_type'] or ''} {ev['place'] or ''}".strip()))
    cuts = sorted({0, n, *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [sp for sp in spans if sp[0] <= a and b <= sp[1]]
        actor = next((sp[3] for sp in covering if sp[2] == "actor"), None)
        notes = [sp[3] for sp in covering if sp[2] != "actor"]
        classes = sorted({sp[2] for sp in covering if sp[2] != "actor"})
        out.append({"text": text[a:b], "actor_id": actor["entity_id"] if actor else None,
                    "actor": actor["name"] if actor else None, "classes": " ".join(classes),
                    "title": "; ".join(dict.fromkeys(notes))})
    return out
