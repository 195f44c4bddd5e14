"""The factions list CSV: the shape of the shipped other_designations.csv, open to users' own rows.

Columns: list, name, aliases (" | "-separated), listed, reference, notes. `list`
and `name` are required; `removed`, `amendments` (" | "-separated "DATE: change")
and `program` may be added. Other columns are ignored so a spreadsheet export
with a comment column still loads.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from factions.resolve.designations import Designation
from factions.resolve.lists.common import fail, iso_date, split_pipe
from factions.resolve.lists.csvrows import header_index, records

REQUIRED = ("list", "name")


def program_of(code: str) -> str | None:
    """US list codes carry their programme (US-SDGT -> SDGT); others do not say one."""
    return code[3:] if code.startswith("US-") and len(code) > 3 else None


def parse_amendments(cell: str | None, path: str | Path, line: int) -> list[str]:
    """Each amendment must start with a date, so that it can be placed on a timeline."""
    out = []
    for item in split_pipe(cell):
        day, sep, change = item.partition(":")
        if not sep or not change.strip():
            fail(path, line, f"amendments: expected 'YYYY-MM-DD: change', got {item!r}")
        iso_date(day, path, line, "amendments")
        out.append(item)
    return out


def check_order(d: Designation, path: str | Path, line: int) -> None:
    """A removal before the listing is a typo in one of the two dates: refuse the row."""
    if d.listed and d.removed and d.removed < d.listed:
        fail(path, line, f"removed {d.removed} is before listed {d.listed}")


def _cells(row: list[str], index: dict[str, int]) -> Callable[..., str]:
    """Accessor for one row's cells by column name; an absent optional column reads as ''."""
    def cell(name: str, strip: bool = True) -> str:
        if name not in index:
            return ""
        return row[index[name]].strip() if strip else row[index[name]]
    return cell


def parse(text: str, path: str | Path, source_file: str | None = None) -> list[Designation]:
    """Every row as a Designation; any bad row raises DataError naming its line."""
    out: list[Designation] = []
    index: dict[str, int] | None = None
    width = 0
    for line, row in records(text, path):
        if index is None:
            index = header_index(row, REQUIRED, path, line)
            width = len(row)
            continue
        if len(row) != width:
            fail(path, line, f"expected {width} fields, found {len(row)} (unquoted comma?)")
        cell = _cells(row, index)
        code, name = cell("list"), cell("name")
        if not code:
            fail(path, line, "row without a list code")
        if not name:
            fail(path, line, "row without a name")
        d = Designation(
            list=code, name=name, aliases=split_pipe(cell("aliases")),
            listed=iso_date(cell("listed"), path, line, "listed"),
            amended=parse_amendments(cell("amendments"), path, line),
            removed=iso_date(cell("removed"), path, line, "removed"),
            reference=cell("reference") or None,
            notes=cell("notes", strip=False) or None,  # verbatim: notes carry source caveats
            source_file=source_file or str(path),
            program=cell("program") or program_of(code),
            entity_type="entity",
        )
        check_order(d, path, line)
        out.append(d)
    if index is None:
        fail(path, 1, "empty file: no header row")
    return out
