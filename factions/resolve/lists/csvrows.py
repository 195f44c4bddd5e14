"""CSV records with the line each starts on, and csv errors turned into DataError."""
from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from factions.errors import InputError
from factions.resolve.lists.common import fail

LEGACY_ENCODING = "cp1252"  # OFAC's flat files predate its UTF-8 publications


def _legacy_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Bytes that are not UTF-8 read as Windows-1252, so a streamed file needs no second pass."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode(LEGACY_ENCODING, errors="replace"), exc.end


codecs.register_error("factions-legacy", _legacy_bytes)


def open_text(path: Path, *, legacy: bool = False) -> IO[str]:
    """The file as a text stream for csv (newline=''); `legacy` accepts Windows-1252 bytes."""
    try:
        return path.open(encoding="utf-8-sig", errors="factions-legacy" if legacy else "strict", newline="")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def records(source: str | Iterable[str], path: str | Path) -> Iterator[tuple[int, list[str]]]:
    """(first line number, fields) for each non-blank record of a text or a stream of lines.

    The start line, not csv's `line_num` (which is the record's last line), is what
    a user needs to find a quoted multi-line note. `strict` makes a stray or
    unterminated quote an error instead of a silently merged field.
    """
    lines = io.StringIO(source, newline="") if isinstance(source, str) else source
    reader = csv.reader(lines, strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            fail(path, reader.line_num or start, f"malformed CSV: {exc}")
        except UnicodeDecodeError as exc:
            fail(path, reader.line_num or start, f"not UTF-8 text (byte {exc.start} of a block)")
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
