"""OFAC's SDN flat files: sdn.csv plus the alt.csv (aliases) and add.csv (addresses) beside it.

None of the three has a header row; columns are fixed by OFAC's data
specification and `-0-` (often followed by a space) stands for an empty field.
The files end with a DOS end-of-file byte (0x1A), which is dropped. Like the
XML, the flat files carry no per-entry designation date, so `listed` is None.
"""
from __future__ import annotations

import re
from pathlib import Path

from factions.resolve.designations import Designation
from factions.resolve.lists.common import ListInfo, fail, read_text, unique
from factions.resolve.lists.countries import country_codes
from factions.resolve.lists.csvrows import records

LIST = "OFAC-SDN"
SDN_COLUMNS = ("ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign", "Vess_type",
               "Tonnage", "GRT", "Vess_flag", "Vess_owner", "Remarks")
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
ADD_COLUMNS = ("ent_num", "add_num", "address", "city_state", "country", "add_remarks")
LEGACY_ENCODING = "cp1252"  # OFAC's flat files predate its UTF-8 publications


def clean(value: str) -> str:
    """'-0-' is OFAC's null."""
    value = value.strip()
    return "" if value == "-0-" else value


def programs(value: str) -> list[str]:
    """'SDGT] [FTO' (OFAC's way of writing several programmes in one cell) -> ['SDGT', 'FTO']."""
    return unique([p.strip(" []") for p in re.split(r"\]\s*\[", value)])


def rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(line, row by column name) for each record; wrong width or ent_num is a DataError."""
    text = read_text(path, fallback=LEGACY_ENCODING).replace("\x1a", "")
    out = []
    for line, row in records(text, path):
        if len(row) != len(columns):
            fail(path, line, f"expected {len(columns)} fields ({', '.join(columns)}), found {len(row)}")
        cells = dict(zip(columns, (clean(c) for c in row)))
        if not cells["ent_num"].isdigit():
            fail(path, line, f"ent_num: not a number: {row[0]!r}")
        out.append((line, cells))
    return out


def sibling(path: Path, kind: str) -> Path | None:
    """alt.csv / add.csv next to sdn.csv, matching the sdn file's own naming and any case."""
    wanted = {path.name.lower().replace("sdn", kind), f"{kind}.csv"}
    try:
        for candidate in sorted(path.parent.iterdir()):
            if candidate.is_file() and candidate.name.lower() in wanted and candidate != path:
                return candidate
    except OSError:
        return None
    return None


def parse(path: Path) -> tuple[ListInfo, list[Designation]]:
    # Read all three files before building anything, so a bad alt.csv fails the whole import.
    main = rows(path, SDN_COLUMNS)
    alt_path, add_path = sibling(path, "alt"), sibling(path, "add")
    aliases: dict[str, list[str]] = {}
    for _, row in rows(alt_path, ALT_COLUMNS) if alt_path else []:
        aliases.setdefault(row["ent_num"], []).append(row["alt_name"])
    countries: dict[str, list[str]] = {}
    for _, row in rows(add_path, ADD_COLUMNS) if add_path else []:
        countries.setdefault(row["ent_num"], []).append(row["country"])

    out: list[Designation] = []
    for line, row in main:
        name, key = row["SDN_Name"], row["ent_num"]
        if not name:
            fail(path, line, f"entry {key} without any name")
        out.append(Designation(
            list=LIST, name=name, aliases=unique(aliases.get(key, []), exclude=name),
            listed=None,  # no per-entry dates in the flat files
            reference=key, notes=row["Remarks"] or None,
            program="; ".join(programs(row["Program"])) or None,
            # Entities have an empty SDN_Type; vessels and aircraft are kept, typed, so a
            # lookup can tell a ship named after a group from the group itself.
            entity_type=(row["SDN_Type"] or "entity").lower(),
            countries=country_codes(countries.get(key, []) + [row["Vess_flag"]]),
            source_file=str(path),
        ))
    return ListInfo(LIST, "ofac-csv", str(path), None, len(out)), out
