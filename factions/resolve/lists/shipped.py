"""The designation lists shipped in factions/data, read and checked before anything trusts them.

us_fto.csv is the State Department FTO list (one row per designation, with its
amendments and revocation); other_designations.csv holds SDGT and UN rows in the
factions CSV shape. Both were compiled by hand (see data/SOURCES.md), so every
row is checked: a name, real dates, dated amendments, no removal before listing.
"""
from __future__ import annotations

from importlib import resources

from factions.resolve.designations import Designation
from factions.resolve.lists import factions_csv
from factions.resolve.lists.common import fail, iso_date, split_pipe
from factions.resolve.lists.csvrows import header_index, records

PACKAGE = "factions.data"
FTO_FILE = "us_fto.csv"
OTHER_FILE = "other_designations.csv"
FTO_COLUMNS = ("name", "aliases", "designated", "amendments", "revoked", "notes")


def _read(filename: str) -> tuple[str, str]:
    """(text, label) of a package data file; the label is what error messages name."""
    label = f"factions/data/{filename}"
    try:
        text = resources.files(PACKAGE).joinpath(filename).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(label, None, f"cannot read package data: {exc}")
    return text, label


def parse_fto(text: str, label: str) -> list[Designation]:
    """us_fto.csv rows as US-FTO designations."""
    out: list[Designation] = []
    index: dict[str, int] | None = None
    width = 0
    for line, row in records(text, label):
        if index is None:
            index = header_index(row, FTO_COLUMNS, label, line)
            width = len(row)
            continue
        if len(row) != width:
            fail(label, line, f"expected {width} fields, found {len(row)}")
        name = row[index["name"]].strip()
        if not name:
            fail(label, line, "row without a name")
        listed = iso_date(row[index["designated"]], label, line, "designated")
        if listed is None:
            # Every FTO has a designation date; a blank one means the row was not finished.
            fail(label, line, "designated: missing")
        d = Designation(
            list="US-FTO", name=name, aliases=split_pipe(row[index["aliases"]]), listed=listed,
            amended=factions_csv.parse_amendments(row[index["amendments"]], label, line),
            removed=iso_date(row[index["revoked"]], label, line, "revoked"),
            reference="INA s.219", notes=row[index["notes"]] or None, source_file=label,
            program="FTO", entity_type="entity",
        )
        factions_csv.check_order(d, label, line)
        out.append(d)
    if index is None:
        fail(label, 1, "empty file: no header row")
    return out


def load_shipped() -> list[Designation]:
    """The shipped FTO rows followed by the other shipped designations, all verified."""
    fto_text, fto_label = _read(FTO_FILE)
    other_text, other_label = _read(OTHER_FILE)
    return parse_fto(fto_text, fto_label) + factions_csv.parse(other_text, other_label, other_label)
