"""Screen the store's actors against the loaded lists, and keep the results in the store.

Run at ingest for the actors of the new document, and for every actor when lists
change, so the store always knows which actors match which list entries. Name
matches are stored for every date; the entries' listed/removed dates decide, when
a report or vetting asks about a day, whether a match counts then.
"""
from __future__ import annotations

from typing import Iterable

from factions.extract.resources import catalog
from factions.resolve.lists import load_shipped
from factions.resolve.screen import DEFAULT_THRESHOLD, Screener, entry_countries
from factions.resolve.screen_index import MemoryIndex
from factions.store import Store

SCREENED_KINDS = ("armed_group", "coalition", "political_org", "media", "person", "state_forces", "state_agency")
KEEP_FROM = 0.6  # weaker matches are noise, not caveats


def ensure_lists(store: Store) -> None:
    """Load the shipped official lists into a store that has none yet."""
    if store.lists():
        return
    by_source: dict[tuple[str, str], list] = {}
    for d in load_shipped():
        by_source.setdefault((d.list, d.source_file or "factions/data"), []).append(d)
    for (name, source), entries in sorted(by_source.items()):
        store.save_list(name, source, "shipped", None, entries)


def build_screener(store: Store) -> Screener:
    """A screener over the store's lists: the persisted index when it is current (a cold start reads
    only what each query needs), else one built now and saved for the next run."""
    stored = store.load_screen_index()
    if stored is not None:
        return Screener(index=stored, catalog=store.stored_catalog())
    designations = store.designations()
    cat = catalog()
    index = MemoryIndex(designations, entry_countries(designations, cat))
    store.save_screen_index(index, cat)
    return Screener(index=index, catalog=cat)


def screen_entities(store: Store, entity_ids: Iterable[str] | None = None,
                    screener: Screener | None = None) -> int:
    """Screen these entities (all actors when None); returns the number of hits stored."""
    screener = screener or build_screener(store)
    rows = store.conn.execute(
        f"SELECT id, name, kind, catalog_id FROM entities WHERE kind IN ({','.join('?' * len(SCREENED_KINDS))})",
        SCREENED_KINDS).fetchall()
    wanted = set(entity_ids) if entity_ids is not None else None
    cat = catalog()
    hits: list[dict] = []
    screened: list[str] = []
    for row in rows:
        if wanted is not None and row["id"] not in wanted:
            continue
        screened.append(row["id"])
        names = [row["name"]] + [r[0] for r in store.conn.execute(
            "SELECT alias FROM aliases WHERE entity_id = ? AND alias != ?", (row["id"], row["name"]))]
        actor = cat.actors.get(row["catalog_id"] or "")
        country = actor.countries[0] if actor is not None and len(actor.countries) == 1 else None
        best: dict[str, dict] = {}
        for name in names:
            if len(name) < 3 or name.islower():
                continue  # "regime", "coalition": descriptions, not names to screen
            for m in screener.screen(name, country=country, any_date=True, limit=5):
                if m.score < KEEP_FROM:
                    continue
                caveat = int(m.score < DEFAULT_THRESHOLD or "homonym" in m.explanation)
                current = best.get(m.designation_id)
                if current is None or m.score > current["score"]:
                    best[m.designation_id] = {"entity_id": row["id"], "designation_id": m.designation_id,
                                              "score": m.score, "matched_alias": m.matched_alias, "query": name,
                                              "explanation": m.explanation, "caveat": caveat}
        hits.extend(best.values())
    store.replace_screen_hits(screened, hits)
    return len(hits)
