"""Give each entity of a document a store-wide id.

Order of evidence: the actor catalog (the same catalog entry is the same actor
in every document); an alias key already known to the store for an actor of a
compatible kind (so "Harakat Hazm" in one report and "Hazm Movement" in
another meet once either report links the two); else a new id derived from the
kind and the folded name, deterministic so a rerun finds it again.
"""
from __future__ import annotations

from typing import Protocol

from factions.extract.resources import catalog
from factions.model import ACTOR_KINDS, Entity, Extraction, stable_id
from factions.resolve.lineage import root_of
from factions.names import name_key


class AliasIndex(Protocol):
    """What the resolver asks of the store: known alias keys, and analysts' merges."""

    def entity_ids_for_keys(self, keys: list[str]) -> dict[str, str]: ...

    def canonical_id(self, entity_id: str) -> str: ...


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
    cat = catalog()
    for entity in extraction.entities:
        if entity.catalog_id:
            # a renamed group lives under its lineage's first id: one actor with dated names
            lineage_id = root_of(cat, entity.catalog_id)
            if lineage_id != entity.catalog_id and not entity.resolution:
                entity.resolution = (f"{entity.name} is the {cat.actors[lineage_id].name} lineage "
                                     f"(renamed or merged on); stored under {lineage_id}")
            out[entity.id] = index.canonical_id(lineage_id) if index is not None else lineage_id
            continue
        if index is not None and kind_family(entity.kind) == "actor":
            keys = [k for k in {name_key(f) for f in (entity.name, *entity.aliases)} if k]
            found = index.entity_ids_for_keys(keys)
            # only keys that name one actor; a shared short form must not merge two groups
            candidates = {v for v in found.values() if not v.startswith(("place:", "weapon:", "person:"))}
            if len(candidates) == 1:
                out[entity.id] = candidates.pop()
                continue
        new_id = new_actor_id(entity)
        out[entity.id] = index.canonical_id(new_id) if index is not None else new_id
    return out
