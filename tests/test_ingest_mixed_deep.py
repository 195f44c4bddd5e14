"""Files pasted together from two encodings, and HTML nested deeper than the parser's limit.

Real files in tmp_path through the real readers (and, once, the real CLI into a real store).
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from factions.ingest import load_document
from factions.ingest.read import decode_bytes
from factions.serve.cli import cli

UTF8_PART = "Le Front al-Nusra a attaqué les positions du Mouvement Hazm près d’Alep, selon l’Observatoire.\n\n"
CP1252_PART = "Harakat Hazm a répliqué à l’attaque — « une trahison », disent ses commandants à Atareb.\n"


def _mixed(tmp_path: Path, legacy_part: str = CP1252_PART, legacy: str = "cp1252") -> Path:
    path = tmp_path / "mixed_report.txt"
    path.write_bytes(UTF8_PART.encode("utf-8") + legacy_part.encode(legacy))
    return path


def test_a_file_of_utf8_and_cp1252_lines_keeps_both_parts(tmp_path: Path) -> None:
    document = load_document(_mixed(tmp_path))
    assert "attaqué les positions du Mouvement Hazm près d’Alep" in document.text
    assert "a répliqué à l’attaque — « une trahison »" in document.text
    assert "Ã" not in document.text and "â€" not in document.text
    assert document.encoding == "utf-8+cp1252"  # and it says so


def test_the_legacy_part_may_be_another_code_page(tmp_path: Path) -> None:
    cyrillic = "Командиры движения Хазм заявили, что фронт ан-Нусра напал на их позиции под Алеппо.\n"
    document = load_document(_mixed(tmp_path, cyrillic, "cp1251"))
    assert cyrillic.strip() in document.text and "attaqué" in document.text
    assert document.encoding == "utf-8+cp1251"


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_a_file_in_one_encoding_is_decoded_whole_as_before(encoding: str) -> None:
    text, used = decode_bytes((UTF8_PART + CP1252_PART).encode(encoding))
    assert text == UTF8_PART + CP1252_PART and used == encoding


def test_ingest_stores_the_mixed_file_ungarbled(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    result = CliRunner().invoke(cli, ["ingest", str(_mixed(tmp_path)), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(db) as conn:
        (text,) = conn.execute("SELECT text FROM documents").fetchone()
    assert "près d’Alep" in text and "répliqué à l’attaque" in text


PARAGRAPH = ("Fighters of Harakat Hazm fought alongside the Free Syrian Army near Aleppo on 5 October 2014, "
             "local activists said.")


def _deep(tmp_path: Path, depth: int, shallow: str = "") -> Path:
    path = tmp_path / f"deep_{depth}.html"
    path.write_text("<!doctype html><html><head><title>Deep page</title></head><body>" + shallow
                    + "<div>" * depth + f"<p>{PARAGRAPH}</p><script>var tracker = 1;</script>" + "</div>" * depth
                    + "</body></html>", encoding="utf-8")
    return path


@pytest.mark.parametrize("depth", [1_000, 10_000])
def test_deeply_nested_html_keeps_its_only_paragraph(tmp_path: Path, depth: int) -> None:
    document = load_document(_deep(tmp_path, depth))
    assert PARAGRAPH in document.text
    assert "tracker" not in document.text


def test_deep_html_keeps_shallow_and_deep_text(tmp_path: Path) -> None:
    shallow = "<p>Reporting from Gaziantep, the desk received the following account on Monday morning.</p>"
    document = load_document(_deep(tmp_path, 10_000, shallow))
    assert "the desk received the following account" in document.text and PARAGRAPH in document.text
    assert document.extraction_path == "html-stream"
