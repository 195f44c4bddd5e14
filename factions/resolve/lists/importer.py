"""open_list / import_file: detect a list file's format and read it, streamed or all at once.

`open_list` returns the file's ListInfo and an iterator of its entries; the
ListInfo fills in as the iterator runs (the publish date, the declared record
count), and the iterator raises DataError at the end when the file's own
integrity marks disagree with what was read. A consumer that stores entries as
they come must therefore keep them in one transaction and roll back on error.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from factions.errors import DataError, InputError
from factions.resolve.designations import Designation
from factions.resolve.lists import factions_csv, ftm, ofac_csv, ofac_xml, un_xml
from factions.resolve.lists.common import FORMATS, ListInfo, read_text
from factions.resolve.lists.detect import detect_format

Opener = Callable[[Path], tuple[ListInfo, Iterator[Designation]]]


def _factions_csv(path: Path) -> tuple[ListInfo, Iterator[Designation]]:
    """A factions CSV states its own dates per row and is no edition of anything (publication None)."""
    rows = factions_csv.parse(read_text(path), path)
    codes = sorted({d.list for d in rows})
    name = codes[0] if len(codes) == 1 else "+".join(codes) or "factions-csv"
    return ListInfo(name, "factions-csv", str(path), None, len(rows), files=[str(path)]), iter(rows)


OPENERS: dict[str, Opener] = {
    "ofac-xml": ofac_xml.start,
    "ofac-csv": ofac_csv.start,
    "un-xml": un_xml.start,
    "ftm-jsonl": ftm.start,
    "factions-csv": _factions_csv,
}
assert set(OPENERS) == set(FORMATS)


def open_list(path: str | Path, format: str | None = None, *, alt: str | Path | None = None,
              add: str | Path | None = None) -> tuple[ListInfo, Iterator[Designation]]:
    """The file's ListInfo and its entries as a stream (see the module docstring).

    `format` skips detection (one of FORMATS); `alt` / `add` name OFAC's alias and
    address files when they are not beside sdn.csv."""
    path = Path(path)
    for given in (path, alt, add):
        if given is not None and not Path(given).is_file():
            raise InputError(f"{given}: no such file")
    fmt = format or detect_format(path)
    if fmt not in OPENERS:
        raise DataError(f"{path}: unknown list format {fmt!r} (expected one of {', '.join(FORMATS)})")
    if (alt or add) and fmt != "ofac-csv":
        raise DataError(f"{path}: alias and address files go with OFAC's sdn.csv only, not {fmt}")
    if fmt == "ofac-csv":
        return ofac_csv.start(path, Path(alt) if alt else None, Path(add) if add else None)
    return OPENERS[fmt](path)


def import_file(path: str | Path, format: str | None = None) -> tuple[ListInfo, list[Designation]]:
    """Every entry of the list file, or an error: nothing is returned from a file that is partly bad."""
    info, entries = open_list(path, format)
    rows = list(entries)
    info.entries = len(rows)
    return info, rows
