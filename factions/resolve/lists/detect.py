"""Which list format a file is, from its first bytes (a renamed or suffix-less file still works).

The suffix is never trusted on its own: OFAC serves sdn.xml and sdn.csv under
many names, and an OpenSanctions export may be saved as .json, .jsonl or .ftm.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from factions.errors import InputError
from factions.resolve.lists.common import fail

HEAD_BYTES = 16384
XML_ROOTS = {"sdnList": "ofac-xml", "CONSOLIDATED_LIST": "un-xml"}
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")


def _head(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            raw = fh.read(HEAD_BYTES)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if not text:
        raise InputError(f"{path}: empty file")
    return text


def _csv_format(path: Path, text: str) -> str:
    try:
        first = next(csv.reader(io.StringIO(text, newline="")))
    except (csv.Error, StopIteration):
        fail(path, 1, "not a list file this version can read (not XML, JSON lines or CSV)")
    cells = [c.strip().lower() for c in first]
    if "list" in cells and "name" in cells:
        return "factions-csv"
    if cells and cells[0].isdigit():
        # OFAC's headerless flat files: sdn.csv has 12 fields, alt.csv 5, add.csv 6.
        if len(cells) == 12:
            return "ofac-csv"
        if len(cells) in (5, 6):
            kind = "alt.csv" if len(cells) == 5 else "add.csv"
            fail(path, 1, f"looks like OFAC's {kind}: import the sdn.csv beside it instead")
    fail(path, 1, f"unrecognised CSV header {first[:6]!r}; a factions list CSV needs 'list' and 'name' columns")


def detect_format(path: str | Path) -> str:
    """One of "ofac-xml", "ofac-csv", "un-xml", "ftm-jsonl", "factions-csv"; DataError otherwise."""
    path = Path(path)
    text = _head(path)
    if text.startswith("<"):
        root = _ROOT.search(_COMMENT.sub("", text))
        name = root.group(1).split(":")[-1] if root else "?"
        if name in XML_ROOTS:
            return XML_ROOTS[name]
        fail(path, 1, f"XML with root <{name}> is not a list format this version can read")
    if text.startswith("{"):
        return "ftm-jsonl"
    return _csv_format(path, text)
