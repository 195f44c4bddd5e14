"""CSV records with the line each starts on, and csv errors turned into DataError."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from factions.resolve.lists.common import fail


def records(text: str, path: str | Path) -> Iterator[tuple[int, list[str]]]:
    """(first line number, fields) for each non-blank record.

    The start line, not csv's `line_num` (which is the record's last line), is what
    a user needs to find a quoted multi-line note. `strict` makes a stray or
    unterminated quote an error instead of a silently merged field.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            fail(path, reader.line_num or start, f"malformed CSV: {exc}")
        if any(cell.strip() for cell in row):
            yield start, row
        start = reader.line_num + 1


def header_index(header: list[str], required: tuple[str, ...], path: str | Path,
                 line: int) -> dict[str, int]:
    """Column name -> position; a missing required column is an error on the header line."""
    index = {name.strip().lower(): i for i, name in enumerate(header)}
    missing = [name for name in required if name not in index]
    if missing:
        fail(path, line, f"missing required column(s): {', '.join(missing)}")
    return index
