"""The actor graph that GEXF and GraphML carry: actors as nodes, claims and events as dated edges.

One edge per (subject, object, predicate, negated): weight is the number of claims,
start and end the first and last day they are about, so Gephi's timeline shows when
two groups fought side by side and when they turned on each other. Events add an
edge from each actor to each target. Every edge has an `id` unique in the graph (a
hash of its ends and key): GraphML and GEXF readers key edges by it. Values are plain str/int/float/bool (what both
formats can type); a missing date is left out rather than written as "None".
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from factions.export.snapshot import Row, Snapshot
from factions.model import SYMMETRIC_PREDICATES, stable_id


def _clean(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attrs.items() if v is not None}


def _edge(kind: str, label: str, rows: list[Row], **extra: Any) -> dict[str, Any]:
    days = sorted(r["day"][:10] for r in rows if r["day"])
    return _clean({"kind": kind, "label": label, "weight": len(rows),
                   "documents": len({r["document_id"] for r in rows}),
                   "start": days[0] if days else None, "end": days[-1] if days else None, **extra})


def edge_id(source: str, target: str, key: str) -> str:
    return f"e-{stable_id(source, target, key)}"


def build(snap: Snapshot) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(name="factions actor graph", as_of=snap.as_of or "")
    lists: dict[str, set[str]] = defaultdict(set)
    for s in snap.sanctions:
        lists[s["entity_id"]].add(s["list"])
    for actor in snap.actors.values():
        graph.add_node(actor["id"], **_clean({
            "label": actor["name"], "kind": actor["kind"], "aliases": "; ".join(actor["aliases"]),
            "countries": " ".join(actor["countries"]), "designated": bool(lists[actor["id"]]),
            "lists": " ".join(sorted(lists[actor["id"]])), "start": actor["first"], "end": actor["last"]}))

    claims: dict[tuple[str, str, str, bool], list[Row]] = defaultdict(list)
    for c in snap.claims:
        if c["subject_id"] in snap.actors and c["object_id"] in snap.actors:
            claims[(c["subject_id"], c["object_id"], c["predicate"], bool(c["negated"]))].append(c)
    for (subject, obj, predicate, negated), rows in sorted(claims.items()):
        key = predicate + (":negated" if negated else "")
        graph.add_edge(subject, obj, key=key, id=edge_id(subject, obj, key), **_edge(
            "claim", ("not " if negated else "") + predicate, rows, predicate=predicate, negated=negated,
            hedged=all(r["hedged"] for r in rows), symmetric=predicate in SYMMETRIC_PREDICATES))

    events: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
    for e in snap.events:
        for a in e["actor_ids"]:
            for t in e["target_ids"]:
                if a in snap.actors and t in snap.actors and a != t:
                    events[(a, t, e["sub_event_type"] or e["type"])].append(e)
    for (actor, target, sub_type), rows in sorted(events.items()):
        graph.add_edge(actor, target, key=f"event:{sub_type}", id=edge_id(actor, target, f"event:{sub_type}"),
                       **_edge("event", sub_type, rows, predicate=rows[0]["type"], negated=False))
    return graph
