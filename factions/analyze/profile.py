"""What a store says about itself and about one actor, for the CLI's summary/show and the web app."""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from factions.extract.resources import catalog
from factions.resolve.lineage import names_over_time
from factions.store import Store


def summary(db: str | Path, top: int = 8) -> dict:
    """What a store holds: counts, the most connected actors, the claims about them."""
    with Store(db, create=False) as store:
        counts = store.counts()
        actors = sorted(store.actors(), key=lambda a: (-a.get("claims", 0), -a.get("documents", 0), a["name"]))
        documents = store.documents()
    return {"counts": counts, "documents": documents, "top_actors": actors[:top]}


def actor_profile(db: str | Path, name: str, limit: int | None = None, offset: int = 0) -> dict:
    """An actor's profile: the store's facts plus its names over time, list matches and resolution notes
    (documents, claims and events a window of `limit` from `offset` each, when a limit is given)."""
    with Store(db, create=False) as store:
        profile = store.actor_profile(name, limit, offset)
        profile["list_matches"] = store.screen_hits(profile["id"])
        profile["resolution_notes"] = sorted({r[0] for r in store.conn.execute(
            "SELECT note FROM resolution_notes WHERE entity_id = ?", (profile["id"],))})
    cat = catalog()
    lineage_id = profile.get("catalog_id") or profile["id"]
    profile["names_over_time"] = [asdict(n) for n in names_over_time(cat, lineage_id)] \
        if lineage_id in cat.actors and len(names_over_time(cat, lineage_id)) > 1 else []
    return profile
