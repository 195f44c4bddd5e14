"""import_file: detect a list file's format and read it, all or nothing."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from factions.errors import DataError, InputError
from factions.resolve.designations import Designation
from factions.resolve.lists import factions_csv, ftm, ofac_csv, ofac_xml, un_xml
from factions.resolve.lists.common import FORMATS, ListInfo, read_text
from factions.resolve.lists.detect import detect_format

Reader = Callable[[Path], tuple[ListInfo, list[Designation]]]


def _factions_csv(path: Path) -> tuple[ListInfo, list[Designation]]:
    rows = factions_csv.parse(read_text(path), path)
    codes = sorted({d.list for d in rows})
    name = codes[0] if len(codes) == 1 else "+".join(codes) or "factions-csv"
    return ListInfo(name, "factions-csv", str(path), None, len(rows)), rows


READERS: dict[str, Reader] = {
    "ofac-xml": ofac_xml.parse,
    "ofac-csv": ofac_csv.parse,
    "un-xml": un_xml.parse,
    "ftm-jsonl": ftm.parse,
    "factions-csv": _factions_csv,
}
assert set(READERS) == set(FORMATS)


def import_file(path: str | Path, format: str | None = None) -> tuple[ListInfo, list[Designation]]:
    """Every entry of the list file, or an error: nothing is returned from a file that is partly bad.

    `format` skips detection (one of FORMATS). Readers collect all entries before
    returning, so a DataError on the last line means no entries at all.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    fmt = format or detect_format(path)
    if fmt not in READERS:
        raise DataError(f"{path}: unknown list format {fmt!r} (expected one of {', '.join(FORMATS)})")
    info, designations = READERS[fmt](path)
    info.entries = len(designations)
    return info, designations
