"""Who a vetting walk reaches, read from the adjacency table `vet_edges` (migration 0006).

Walking the claims themselves reads every claim of every node on the way: at two hops from
an actor beside a hub, hundreds of thousands of rows, each joined to its report for its day.
`vet_edges` holds, per (node, neighbour, side, day), how many risk-bearing, unnegated,
unrejected claims link them and the lowest claim rowid among them, so a step of the walk is
one indexed range read per node. The rowid gives the order in which a walk over the claims
(the node as subject first, then as object, each in rowid order) meets the neighbours, so
both walks choose the same parents and find the designated actors in the same order.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable

_CHUNK = 500  # ids per IN list, well under SQLite's bound-parameter limit

Adjacency = dict[str, list[str]]
# Up to this many (node, wanted) pairs, the last step seeks each pair on the primary key instead of
# reading either side's rows: an actor beside a few hubs asks whether its 25 neighbours touch any of
# 40 designated actors, and both sides (hubs, mostly) hold thousands of rows. A seek costs about
# what one row read into Python does.
PAIR_SEEKS = 2048


def _rows(conn: sqlite3.Connection, nodes: list[str], as_of: str) -> Iterable[tuple[str, str, int, int]]:
    """(node, other, side, lowest claim) of these nodes by the as-of day."""
    for i in range(0, len(nodes), _CHUNK):
        chunk = nodes[i:i + _CHUNK]
        yield from conn.execute(f"""
            SELECT node, other, side, MIN(first_claim) AS first FROM vet_edges
            WHERE node IN ({','.join('?' * len(chunk))}) AND day <= ?
            GROUP BY node, other, side""", (*chunk, as_of))


def _pair_rows(conn: sqlite3.Connection, nodes: list[str], wanted: list[str],
               as_of: str) -> Iterable[tuple[str, str, int, int]]:
    """(node, other, side, lowest claim) of the rows between these nodes and these others only."""
    step = max(1, _CHUNK // 2)
    for i in range(0, len(nodes), step):
        mine = nodes[i:i + step]
        for j in range(0, len(wanted), step):
            theirs = wanted[j:j + step]
            yield from conn.execute(f"""
                SELECT node, other, side, MIN(first_claim) AS first FROM vet_edges
                WHERE node IN ({','.join('?' * len(mine))}) AND other IN ({','.join('?' * len(theirs))})
                  AND day <= ?
                GROUP BY node, other, side""", (*mine, *theirs, as_of))


def _count(conn: sqlite3.Connection, nodes: list[str], limit: int) -> int:
    """How many rows these nodes have, counted no further than limit (counting reads the index
    alone, many times faster than reading the rows into Python)."""
    total = 0
    for i in range(0, len(nodes), _CHUNK):
        if total >= limit:
            break
        chunk = nodes[i:i + _CHUNK]
        total += conn.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM vet_edges WHERE node IN "
                              f"({','.join('?' * len(chunk))}) LIMIT ?)", (*chunk, limit - total)).fetchone()[0]
    return total


def _theirs_fewer(conn: sqlite3.Connection, nodes: list[str], wanted: list[str]) -> bool:
    """Whether `wanted` have no more rows than `nodes`. Both sides are counted as far as a bound
    that grows fourfold until one side ends below it: the bigger side (hubs, with hundreds of
    thousands of rows) is never counted much beyond the smaller one."""
    bound = 4096
    while True:
        theirs, ours = _count(conn, wanted, bound), _count(conn, nodes, bound)
        if theirs < bound or ours < bound:
            return theirs <= ours
        bound *= 4


def neighbours(conn: sqlite3.Connection, nodes: list[str], as_of: str,
               only: set[str] | None = None, pair_seeks: int = PAIR_SEEKS) -> Adjacency:
    """node -> its neighbours through claims dated by the as-of day (undated ones included), in
    the order a walk over its claims meets them. `only` keeps just those neighbours, read from
    whichever side has fewer rows: a hub's tens of thousands of neighbours ask about a few
    hundred designated actors, and an actor beside a few hubs asks about two thousand
    designated actors who together have fewer rows than one hub. Few pairs (at most pair_seeks)
    are sought one by one."""
    first: dict[str, dict[str, tuple[int, int]]] = {}

    def meet(node: str, other: str, side: int, claim: int) -> None:
        seen = first.setdefault(node, {})
        key = (side, claim)
        if other not in seen or key < seen[other]:
            seen[other] = key

    wanted = sorted(only) if only is not None else []
    if only is not None and len(nodes) * len(wanted) <= pair_seeks:
        for node, other, side, claim in _pair_rows(conn, nodes, wanted, as_of):
            meet(node, other, side, claim)
    elif only is not None and _theirs_fewer(conn, nodes, wanted):
        mine = set(nodes)
        for node, other, side, claim in _rows(conn, wanted, as_of):
            if other in mine:  # a row of the other end: the side flips
                meet(other, node, 1 - side, claim)
    else:
        for node, other, side, claim in _rows(conn, nodes, as_of):
            if only is None or other in only:
                meet(node, other, side, claim)
    return {node: sorted(seen, key=seen.__getitem__) for node, seen in first.items()}


def walk(conn: sqlite3.Connection, start: str, hops: int, as_of: str,
         designated: set[str]) -> tuple[dict[str, str | None], list[str]]:
    """Breadth first from start: (parent of every node reached, designated actors found in order).

    The last step only looks for designated actors not reached yet (a hub's designated
    neighbours, other hubs with hundreds of thousands of rows, are reached at the first): nodes
    reached there are not walked on.
    """
    parent: dict[str, str | None] = {start: None}
    found: list[str] = []
    frontier = [start]
    for depth in range(hops):
        if not frontier:
            break
        last = depth == hops - 1
        adjacent = neighbours(conn, frontier, as_of, designated - parent.keys() if last else None)
        reached = []
        for node in frontier:
            for other in adjacent.get(node, ()):
                if other in parent:
                    continue
                parent[other] = node
                if other in designated:
                    found.append(other)
                reached.append(other)
        frontier = reached
    return parent, found
