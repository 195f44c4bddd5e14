"""OFAC's SDN flat files: sdn.csv plus the alt.csv (aliases) and add.csv (addresses) beside it.

None of the three has a header row; columns are fixed by OFAC's data
specification and `-0-` (often followed by a space) stands for an empty field.
The files end with a DOS end-of-file byte (0x1A), which is dropped. Like the
XML, the flat files carry no per-entry designation date, so `listed` is None.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from factions.resolve.designations import Designation
from factions.resolve.lists.common import ListInfo, fail, unique
from factions.resolve.lists.countries import country_codes
from factions.resolve.lists.csvrows import open_text, records

LIST = "OFAC-SDN"
SDN_COLUMNS = ("ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign", "Vess_type",
               "Tonnage", "GRT", "Vess_flag", "Vess_owner", "Remarks")
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
ADD_COLUMNS = ("ent_num", "add_num", "address", "city_state", "country", "add_remarks")
EOF_MARK = "\x1a"  # OFAC closes each flat file with a DOS end-of-file line: its absence means a cut file


def clean(value: str) -> str:
    """'-0-' is OFAC's null."""
    value = value.strip()
    return "" if value == "-0-" else value


def programs(value: str) -> list[str]:
    """'SDGT] [FTO' (OFAC's way of writing several programmes in one cell) -> ['SDGT', 'FTO']."""
    return unique([p.strip(" []") for p in re.split(r"\]\s*\[", value)])


def rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row by column name) for each record, streamed; wrong width or ent_num is a DataError,
    and so is a file that stops before OFAC's closing Ctrl-Z line."""
    closed = False
    with open_text(path, legacy=True) as fh:
        for line, row in records(fh, path):
            if closed:
                fail(path, line, "data after the closing Ctrl-Z (0x1A) line")
            if row and row[-1].endswith(EOF_MARK):
                closed = True
                row[-1] = row[-1][:-1]
                if not any(cell.strip() for cell in row):
                    continue
            if len(row) != len(columns):
                fail(path, line, f"expected {len(columns)} fields ({', '.join(columns)}), found {len(row)}")
            cells = dict(zip(columns, (clean(c) for c in row)))
            if not cells["ent_num"].isdigit():
                fail(path, line, f"ent_num: not a number: {row[0]!r}")
            yield line, cells
    if not closed:
        fail(path, None, "no closing Ctrl-Z (0x1A) line: the file was cut short (an incomplete download?)")


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


def read(path: Path, info: ListInfo, alt_path: Path | None, add_path: Path | None) -> Iterator[Designation]:
    # alt.csv and add.csv are read whole first (they are small: names and countries by ent_num), so a
    # bad one fails the import before any entry; sdn.csv itself is streamed.
    aliases: dict[str, list[str]] = {}
    for _, row in rows(alt_path, ALT_COLUMNS) if alt_path else []:
        aliases.setdefault(row["ent_num"], []).append(row["alt_name"])
    countries: dict[str, list[str]] = {}
    for _, row in rows(add_path, ADD_COLUMNS) if add_path else []:
        countries.setdefault(row["ent_num"], []).append(row["country"])
    for line, row in rows(path, SDN_COLUMNS):
        name, key = row["SDN_Name"], row["ent_num"]
        if not name:
            fail(path, line, f"entry {key} without any name")
        yield Designation(
            list=LIST, name=name, aliases=unique(aliases.get(key, []), exclude=name), key=key,
            listed=None,  # no per-entry dates in the flat files
            reference=key, notes=row["Remarks"] or None,
            program="; ".join(programs(row["Program"])) or None,
            # Entities have an empty SDN_Type; vessels and aircraft are kept, typed, so a
            # lookup can tell a ship named after a group from the group itself.
            entity_type=(row["SDN_Type"] or "entity").lower(),
            countries=country_codes(countries.get(key, []) + [row["Vess_flag"]]),
            source_file=str(path),
        )


def start(path: Path, alt: Path | None = None, add: Path | None = None) -> tuple[ListInfo, Iterator[Designation]]:
    """sdn.csv with the alt/add files named, else those found beside it.

    The flat files carry no date of their own: the caller names the edition (--as-of)."""
    alt, add = alt or sibling(path, "alt"), add or sibling(path, "add")
    info = ListInfo(LIST, "ofac-csv", str(path), publication=LIST, files=[str(p) for p in (path, alt, add) if p])
    return info, read(path, info, alt, add)
