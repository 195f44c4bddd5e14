"""OpenSanctions / FollowTheMoney entities as JSON lines.

One entity per line: {"id", "schema", "properties": {prop: [values]}, "datasets", ...}.
A designation is a `Sanction` entity whose `entity` property points at the
sanctioned Organization/LegalEntity/Company/Person; the "nested" export embeds
those Sanction objects in the target's `properties.sanctions` instead. An entity
tagged with the topic "sanction" but without any Sanction object still yields one
Designation, undated, so that it is not lost.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from factions.resolve.designations import Designation
from factions.resolve.lists.common import ListInfo, fail, iso_date, read_text, unique
from factions.resolve.lists.countries import country_codes

TARGETS = frozenset({"Organization", "LegalEntity", "Company", "Person"})
# "sanction.linked" (owned by a sanctioned party) and "sanction.counter" (e.g. Russian
# counter-sanctions) are not designations of the entity itself: only the bare topic counts.
SANCTIONED_TOPIC = "sanction"
DEFAULT_LIST = "opensanctions"
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}")


def props(obj: dict[str, Any], key: str) -> list[str]:
    """String values of one property (FtM values are lists; a bare string is tolerated)."""
    value = obj.get("properties", {}).get(key, [])
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str) and v.strip()]


def datasets_of(obj: dict[str, Any]) -> list[str]:
    value = obj.get("datasets")
    return [d for d in value if isinstance(d, str)] if isinstance(value, list) else []


def checked(raw: object, path: Path, line: int) -> dict[str, Any]:
    """An FtM object must be a JSON object with a string id and schema and a properties object."""
    if not isinstance(raw, dict):
        fail(path, line, "not a JSON object")
    for key in ("id", "schema"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            fail(path, line, f"entity without a string '{key}'")
    if not isinstance(raw.setdefault("properties", {}), dict):
        fail(path, line, f"entity {raw['id']}: 'properties' is not an object")
    return raw


def first_date(obj: dict[str, Any], keys: tuple[str, ...], path: Path, line: int) -> str | None:
    """Earliest valid date of the first property in `keys` that has one."""
    for key in keys:
        dates = [d for v in props(obj, key) if (d := iso_date(v, path, line, key))]
        if dates:
            return min(dates)
    return None


class _Reader:
    """Collects entities and sanctions over the whole file, then joins them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entities: dict[str, tuple[int, dict[str, Any]]] = {}
        self.sanctions: list[tuple[int, dict[str, Any], str | None]] = []  # (line, sanction, parent id)
        self.datasets: set[str] = set()
        self.as_of: str | None = None

    def add(self, obj: dict[str, Any], line: int) -> None:
        # The file has no header; its newest change stamp is the best "as of" there is.
        stamp = obj.get("last_change") or obj.get("last_seen")
        if isinstance(stamp, str) and STAMP.match(stamp) and stamp[:10] > (self.as_of or ""):
            self.as_of = stamp[:10]
        schema = obj["schema"]
        if schema == "Sanction":
            self.sanctions.append((line, obj, None))
        elif schema in TARGETS:
            if not props(obj, "name"):
                fail(self.path, line, f"{schema} {obj['id']} without any name")
            self.entities[obj["id"]] = (line, obj)
            nested = obj["properties"].get("sanctions", [])
            for sanction in nested if isinstance(nested, list) else []:
                if isinstance(sanction, dict):  # a bare id string adds nothing the Sanction line won't
                    self.sanctions.append((line, checked(sanction, self.path, line), obj["id"]))
        else:
            return  # addresses, vessels, ownerships ...: not list entries here
        self.datasets.update(datasets_of(obj))

    def designation(self, entity: dict[str, Any], sanction: dict[str, Any] | None,
                    line: int) -> Designation:
        names = props(entity, "name")
        caption = entity.get("caption")
        name = caption if caption in names else names[0]
        aliases = names + props(entity, "alias") + props(entity, "weakAlias") + props(entity, "previousName")
        datasets = datasets_of(sanction or entity)
        s = sanction or {"properties": {}}
        code = (props(s, "authority") or props(s, "program") or datasets or [DEFAULT_LIST])[0]
        return Designation(
            list=code, name=name, aliases=unique(aliases, exclude=name),
            listed=first_date(s, ("startDate", "listingDate"), self.path, line),
            removed=first_date(s, ("endDate",), self.path, line),
            reference=next(iter(props(s, "unscId") + props(s, "authorityId")), None),
            notes="\n".join(props(s, "reason")) or None,
            program="; ".join(unique(props(s, "program"))) or None,
            entity_type="individual" if entity["schema"] == "Person" else "entity",
            # The Sanction's own `country` is the sanctioning state (US for OFAC), not the target's:
            # the target's countries are its country, nationality and citizenship.
            countries=country_codes(props(entity, "country") + props(entity, "nationality")
                                    + props(entity, "citizenship") + props(entity, "jurisdiction")),
            key=(sanction or {}).get("id") or entity["id"],
            source_file=str(self.path),
        )

    def join(self) -> list[Designation]:
        found: list[tuple[int, int, Designation]] = []
        designated: set[str] = set()
        seen: set[str] = set()
        for line, sanction, parent in self.sanctions:
            if sanction["id"] in seen:  # the same Sanction both nested and on its own line
                continue
            seen.add(sanction["id"])
            for target in unique(props(sanction, "entity") + ([parent] if parent else [])):
                if target not in self.entities:
                    continue  # a vessel, or an entity cut from a filtered export: nothing to vet
                entity_line, entity = self.entities[target]
                designated.add(target)
                found.append((entity_line, line, self.designation(entity, sanction, line)))
        for target, (line, entity) in self.entities.items():
            top = entity.get("topics")  # some exports lift topics out of properties
            topics = props(entity, "topics") + (top if isinstance(top, list) else [])
            if target not in designated and SANCTIONED_TOPIC in topics:
                found.append((line, line, self.designation(entity, None, line)))
        return [d for _, _, d in sorted(found, key=lambda item: (item[0], item[1]))]


def start(path: Path) -> tuple[ListInfo, Iterator[Designation]]:
    """FtM sanctions and their targets are joined over the whole file, so it is read whole first."""
    info, rows = parse(path)
    info.publication, info.files = info.name, [str(path)]
    return info, iter(rows)


def parse(path: Path) -> tuple[ListInfo, list[Designation]]:
    reader = _Reader(path)
    for line, raw in enumerate(read_text(path).splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            fail(path, line, f"invalid JSON: {exc.msg} (column {exc.colno})")
        reader.add(checked(obj, path, line), line)
    out = reader.join()
    name = next(iter(reader.datasets)) if len(reader.datasets) == 1 else DEFAULT_LIST
    return ListInfo(name, "ftm-jsonl", str(path), reader.as_of, len(out)), out
