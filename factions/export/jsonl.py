"""JSON lines of the snapshot: one record per line, typed, in factions' own field names.

For scripts and data pipelines that want the store's facts without SQL: records
come in the order document, actor, claim, event, designation, each with "record" naming
which (not "type": an event keeps its own, the ACLED event type).
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from factions.export.snapshot import Snapshot


def records(snap: Snapshot) -> Iterator[dict[str, Any]]:
    for doc_id, text in snap.texts():
        yield {"record": "document", **snap.documents[doc_id], "text": text}
    for actor in snap.actors.values():
        yield {"record": "actor", **actor}
    for claim in snap.claims:
        yield {"record": "claim", **claim, "negated": bool(claim["negated"]), "hedged": bool(claim["hedged"])}
    for event in snap.events:
        yield {"record": "event", **event}
    for row in snap.sanctions:
        yield {"record": "designation", **row}


def write(snap: Snapshot, out: IO[str]) -> int:
    n = 0
    for record in records(snap):
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=True, default=str) + "\n")
        n += 1
    return n
