"""Bad inputs: each is refused with an InputError that names the file, in one clear line."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from factions.errors import InputError
from factions.ingest import load_document, load_text
from factions.ingest.read import decode_bytes

REPORT = ("Rebels seize the hill above the town\n\nRebels of the Valley Front seized the hill above the town "
          "on Monday, residents said, after two days of fighting with government troops.\n")


def _refused(path: Path, **kwargs) -> InputError:
    with pytest.raises(InputError) as err:
        load_document(path, **kwargs)
    assert err.value.path == str(path)
    assert "\n" not in err.value.one_line()
    return err.value


def test_png_is_refused_as_binary(tmp_path):
    png = tmp_path / "map.txt"  # the suffix lies; the bytes decide
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)))
    assert _refused(png).message == "binary file, not a text report (PNG image)"


@pytest.mark.parametrize("data, kind", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
    (b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive"),
    (b"\x7fELF\x02\x01\x01\x00", "ELF executable"),
    (b"GIF89a\x01\x00\x01\x00", "GIF image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
])
def test_binary_signatures(data, kind):
    with pytest.raises(InputError, match=kind):
        decode_bytes(data)


def test_nul_bytes_are_refused(tmp_path):
    f = tmp_path / "report.txt"
    f.write_bytes(REPORT.encode() + b"\x00\x00garbage")
    assert "NUL" in _refused(f).message


def test_control_bytes_are_refused():
    with pytest.raises(InputError, match="control characters"):
        decode_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 20 + b"some text")


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  \n", "\ufeff  \n".encode("utf-8")])
def test_empty_and_whitespace_only_files(tmp_path, content):
    f = tmp_path / "blank.txt"
    f.write_bytes(content)
    assert _refused(f).message == "empty file"


def test_latin1_file_is_decoded(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes(("Les rebelles avancent vers Alep\n\nLe Front de la Vallée a pris la colline près de "
                   "l'école lundi, selon des habitants qui ont fui vers le nord après les combats.\n"
                   ).encode("latin-1"))
    doc = load_document(f)
    assert "Vallée" in doc.text and "l'école" in doc.text
    assert decode_bytes(f.read_bytes())[1] == "cp1252"


@pytest.mark.parametrize("encoding, bom", [("utf-8-sig", ""), ("utf-16", ""), ("utf-8", "")])
def test_unicode_encodings(tmp_path, encoding, bom):
    f = tmp_path / "report.txt"
    f.write_bytes((REPORT + "Déclaration: «non».\n").encode(encoding))
    doc = load_document(f)
    assert doc.text.startswith("Rebels of the Valley Front") and "«non»" in doc.text
    assert "\ufeff" not in doc.text


def test_declared_charset_is_honoured():
    html = '<html><head><meta charset="windows-1256"></head><body><p>\xe3\xd1\xcd\xc8\xc7</p></body></html>'
    text, encoding = decode_bytes(html.encode("latin-1"))
    assert encoding == "cp1256" and "مرحبا" in text


def test_fifty_megabytes_is_refused_fast_without_reading(tmp_path, monkeypatch):
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:  # sparse: 50 MiB of size without writing 50 MiB
        fh.seek(50 * 1024 * 1024 - 1)
        fh.write(b"x")
    opened = []
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self))
    start = time.perf_counter()
    error = _refused(big)
    assert time.perf_counter() - start < 0.5
    assert error.message == "file too large (52.4 MB > 20 MB limit)"
    assert opened == []  # refused from stat() alone


def test_size_limit_is_configurable(tmp_path):
    f = tmp_path / "report.txt"
    f.write_text(REPORT, encoding="utf-8")
    assert "MB limit" in _refused(f, max_bytes=10).message
    assert load_document(f, max_bytes=10_000).text


def test_directory_is_unreadable(tmp_path):
    assert _refused(tmp_path).message == "cannot read: is a directory"


def test_broken_symlink_is_unreadable(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    assert _refused(link).message == "cannot read: broken symbolic link"


def test_missing_file(tmp_path):
    assert _refused(tmp_path / "missing.txt").message == "cannot read: no such file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert _refused(fifo).message == "cannot read: not a regular file"


@pytest.mark.parametrize("name", ["gold.json", "table.csv", "README.md", "LICENSE"])
def test_data_and_documentation_files_are_not_reports(tmp_path, name):
    f = tmp_path / name
    f.write_text('{"a": 1}', encoding="utf-8")
    assert _refused(f).message.startswith("not a report")


def test_load_text_from_bytes_and_str():
    from_bytes = load_text(REPORT.encode("utf-8"), name="mem.txt")
    from_str = load_text(REPORT)
    assert from_bytes.text == from_str.text and from_bytes.raw_sha == from_str.raw_sha
    assert from_bytes.path == "mem.txt"
    with pytest.raises(InputError) as err:
        load_text(b"\x89PNG\r\n\x1a\n", name="mem.png")
    assert err.value.path == "mem.png"
    with pytest.raises(InputError, match="empty file"):
        load_text("   ")
    with pytest.raises(InputError, match="unknown format"):
        load_text(REPORT, fmt="pdf")
