"""Renames and successor mergers as one lineage with dated names.

al-Nusrah Front -> Jabhat Fath al-Sham (renamed 2016-07-28) -> Hay'at Tahrir al-Sham
(2017-01-28, after a merger) is one actor whose name changed, not three actors: the
store keeps it under the lineage's first id and lists the names with their dates.
The links come from the catalog: `renamed_to`, or a coalition the actor joined on
the day it ceased to exist (the merger it continued in).
"""
from __future__ import annotations

from dataclasses import dataclass

from factions.extract.resources import Catalog, CatalogActor


@dataclass(frozen=True)
class DatedName:
    catalog_id: str
    name: str
    start: str | None
    end: str | None
    how: str  # formed | renamed | merged


def successor(cat: Catalog, actor: CatalogActor) -> tuple[CatalogActor, str] | None:
    if actor.renamed_to and actor.renamed_to in cat.actors:
        return cat.actors[actor.renamed_to], "renamed"
    if actor.dissolved:
        for other_id in getattr(actor, "members_of", ()) or ():
            other = cat.actors.get(other_id)
            if other is not None and other.formed == actor.dissolved:
                return other, "merged"
    return None


def _predecessors(cat: Catalog) -> dict[str, str]:
    out: dict[str, str] = {}
    for actor in cat.actors.values():
        nxt = successor(cat, actor)
        if nxt is not None and nxt[0].id not in out:
            out[nxt[0].id] = actor.id
    return out


_PRED_CACHE: dict[int, dict[str, str]] = {}


def root_of(cat: Catalog, catalog_id: str) -> str:
    """The first id of the lineage an actor belongs to (itself when it has no predecessor)."""
    preds = _PRED_CACHE.setdefault(id(cat), _predecessors(cat))
    seen, cur = {catalog_id}, catalog_id
    while cur in preds and preds[cur] not in seen:
        cur = preds[cur]
        seen.add(cur)
    return cur


def names_over_time(cat: Catalog, catalog_id: str) -> list[DatedName]:
    """Every name of the lineage, oldest first, with the dates it was in use."""
    cur = cat.actors.get(root_of(cat, catalog_id))
    out: list[DatedName] = []
    how = "formed"
    seen: set[str] = set()
    while cur is not None and cur.id not in seen:
        seen.add(cur.id)
        nxt = successor(cat, cur)
        out.append(DatedName(cur.id, cur.name, cur.formed, cur.dissolved, how))
        if nxt is None:
            break
        cur, how = nxt
    return out
