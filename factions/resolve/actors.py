"""Give each entity of a document a store-wide id.

Order of evidence: the actor catalog (the same catalog entry is the same actor
in every document); an alias key already known to the store for an actor of a
compatible kind (so "Harakat Hazm" in one report and "Hazm Movement" in
another meet once either report links the two); else a new id derived from the
kind and the folded name, deterministic so a rerun finds it again.
"""
from __future__ import annotations

from typing import Protocol

from factions.model import ACTOR_KINDS, Entity, Extraction, stable_id
from factions.names import name_key


class AliasIndex(Protocol):
    def entity_ids_for_keys(self, keys: list[str]) -> dict[str, str]: ...


def kind_family(kind: str) -> str:
    """Actors of any kind can be the same actor (a group described as a party); places and weapons cannot."""
    return "actor" if kind in ACTOR_KINDS and kind != "person" else kind


def new_actor_id(entity: Entity) -> str:
    if entity.catalog_id:
        return entity.catalog_id
    family = kind_family(entity.kind)
    return f"{family}:{stable_id(family, name_key(entity.name), length=12)}"


def assign_actor_ids(extraction: Extraction, index: AliasIndex | None = None) -> dict[str, str]:
    """Map each Entity.id of the extraction to a store entity id."""
    out: dict[str, str] = {}
    for entity in extraction.entities:
        if entity.catalog_id:
            out[entity.id] = entity.catalog_id
            continue
        if index is not None and kind_family(entity.kind) == "actor":
            keys = [k for k in {name_key(f) for f in (entity.name, *entity.aliases)} if k]
            found = index.entity_ids_for_keys(keys)
            # only keys that name one actor; a shared short form must not merge two groups
            candidates = {v for v in found.values() if not v.startswith(("place:", "weapon:", "person:"))}
            if len(candidates) == 1:
                out[entity.id] = candidates.pop()
                continue
        out[entity.id] = new_actor_id(entity)
    return out
