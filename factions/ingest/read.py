"""Bytes from disk and text from bytes: the boundary where OS and codec errors become InputError.

Checks run cheapest first: the size comes from stat() before any byte is read, so a
50 MB file is refused without loading it; binary content is refused by signature, NUL
bytes or a high share of control bytes; decoding tries UTF-8 (with or without BOM),
then a BOM-marked UTF-16/32, then (a file whose lines are partly UTF-8, partly not) line
by line, then a charset the file itself declares, then cp1252, whose superset of Latin-1
keeps 'é' an 'é'.
"""
from __future__ import annotations

import codecs
import logging
import re
import stat as stat_mod
from pathlib import Path

from factions.errors import InputError

DEFAULT_MAX_BYTES = 20_000_000
log = logging.getLogger(__name__)

# Leading bytes of formats that are certainly not text reports.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"%PDF-", "PDF document"), (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"), (b"\x7fELF", "ELF executable"), (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"), (b"\xff\xd8\xff", "JPEG image"), (b"\x1f\x8b", "gzip archive"),
    (b"BZh91AY&SY", "bzip2 archive"), (b"\xfd7zXZ\x00", "xz archive"), (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"), (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"), (b"\xca\xfe\xba\xbe", "Java class file"),
    (b"II*\x00", "TIFF image"), (b"MM\x00*", "TIFF image"), (b"\x00asm", "WebAssembly module"),
    (b"ID3", "MP3 audio"), (b"OggS", "Ogg media"), (b"\x1aE\xdf\xa3", "Matroska/WebM video"),
    (b"wOFF", "WOFF font"), (b"wOF2", "WOFF2 font"), (b"MZ", "Windows executable"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # before UTF-16: FF FE 00 00
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{2,40})""", re.I)
# Control bytes other than tab, newline, vertical tab, form feed, carriage return and escape.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_CONTROL_SHARE = 0.05


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def read_bytes(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The raw bytes of a regular file no larger than `max_bytes`."""
    where = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        why = "broken symbolic link" if path.is_symlink() else "no such file"
        raise InputError(f"cannot read: {why}", path=where) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=where) from None
    if stat_mod.S_ISDIR(info.st_mode):
        raise InputError("cannot read: is a directory", path=where)
    if not stat_mod.S_ISREG(info.st_mode):
        # A FIFO or device would block or never end: refuse before opening it.
        raise InputError("cannot read: not a regular file", path=where)
    if info.st_size > max_bytes:
        raise InputError(f"file too large ({_size(info.st_size)} > {max_bytes / 1e6:g} MB limit)", path=where)
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)  # the file may have grown since stat()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=where) from None
    if len(data) > max_bytes:
        raise InputError(f"file too large (> {max_bytes / 1e6:g} MB limit)", path=where)
    return data


def _binary_kind(data: bytes) -> str | None:
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            # 'MZ' and 'ID3' could begin a text; only call them binary when NULs follow.
            if signature in (b"MZ", b"ID3") and b"\x00" not in data[:1024]:
                continue
            return kind
    sample = data[:65536]
    if b"\x00" in sample:
        return "contains NUL bytes"
    control = sum(sample.count(bytes([b])) for b in _CONTROL)
    if sample and control / len(sample) > _CONTROL_SHARE:
        return "control characters"
    return None


def _declared_charset(data: bytes) -> str | None:
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None


def decode_bytes(data: bytes, *, path: str | None = None) -> tuple[str, str]:
    """(text, encoding name) of raw report bytes; InputError for empty or binary input."""
    if not data.strip():
        raise InputError("empty file", path=path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            # A BOM-marked UTF-16/32 file is full of NULs by design: decode before the binary test.
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"cannot decode as {encoding}: {exc.reason}", path=path) from None
            return _non_empty(text.lstrip("\ufeff"), path), encoding
    kind = _binary_kind(data)
    if kind:
        raise InputError(f"binary file, not a text report ({kind})", path=path)
    try:
        return _non_empty(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    mixed = _decode_per_line(data, declared)
    if mixed is not None:
        return _non_empty(mixed[0], path), mixed[1]
    candidates = [declared] if declared and declared != "utf-8" else []
    candidates.append("cp1252")
    for encoding in candidates:
        try:
            return _non_empty(data.decode(encoding), path), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    # cp1252 leaves five bytes undefined; Latin-1 maps every byte, so this cannot fail.
    return _non_empty(data.decode("latin-1"), path), "latin-1"


def _legacy_encoding(segments: bytes, declared: str | None) -> str:
    """The single-byte encoding of a file's non-UTF-8 lines: the declared one, else cp1252 (what Windows
    editors write) when charset-normalizer finds it plausible, else charset-normalizer's best guess.

    A few pasted lines are too little text to tell code pages apart by letter frequencies, so
    the common one wins whenever it fits."""
    if declared and declared not in ("utf-8", "utf-8-sig") and not declared.startswith(("utf-16", "utf-32")):
        return declared
    from charset_normalizer import from_bytes  # only mixed files need it

    matches = from_bytes(segments, cp_isolation=list(_SINGLE_BYTE))
    best = matches.best()
    if best is None or any(m.encoding == "cp1252" for m in matches):
        return "cp1252"
    return best.encoding


# Code pages reports come in besides UTF-8 (charset-normalizer's names).
_SINGLE_BYTE = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1256", "latin_1", "iso8859_15")


def _decode_per_line(data: bytes, declared: str | None) -> tuple[str, str] | None:
    """(text, 'utf-8+ENCODING') of a file whose lines are partly UTF-8 and partly a legacy encoding
    (a report pasted together from two sources); None when the file is not such a mix.

    Decoding the whole file as cp1252 would garble its UTF-8 part ('é' -> 'Ã©'), so each line
    is UTF-8 where it is valid UTF-8, else the legacy encoding."""
    lines = data.splitlines(keepends=True)
    non_ascii = [line for line in lines if not line.isascii()]
    bad = [line for line in non_ascii if not _is_utf8(line)]
    if not bad or len(bad) == len(non_ascii):
        return None  # no line is UTF-8 beyond ASCII: one legacy encoding for the whole file
    legacy = _legacy_encoding(b"".join(bad), declared)
    out = []
    for line in lines:
        if _is_utf8(line):
            out.append(line.decode("utf-8"))
        else:
            try:
                out.append(line.decode(legacy))
            except (UnicodeDecodeError, LookupError):
                out.append(line.decode("latin-1"))  # bytes cp1252 leaves undefined
    log.info("decoded per line: UTF-8 lines and %s lines (%d of %d lines)", legacy, len(bad), len(lines))
    return "".join(out), f"utf-8+{legacy}"


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _non_empty(text: str, path: str | None) -> str:
    if not text.strip():
        raise InputError("empty file", path=path)
    return text
