"""Long reports are read in windows: offsets map back, and a report over spaCy's limit is extracted.

A text over 1,000,000 characters is built cheaply from 50,000-letter "words" (one token
each), so the real pipeline runs on it in seconds.
"""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from factions.extract.pipeline import extract
from factions.extract.windows import windows
from factions.ingest import load_document
from factions.model import Document, Extraction

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "06_nusra_hazm_clash_west_aleppo.txt"
SPACY_MAX_LENGTH = 1_000_000


def _filler(paragraphs: int) -> str:
    return "\n\n".join("Z" + "z" * 49_999 + "." for _ in range(paragraphs))


@pytest.fixture(scope="module")
def report() -> Document:
    return load_document(SAMPLE)


def test_windows_cover_the_text_and_cut_at_paragraphs() -> None:
    text = "\n\n".join(f"Paragraph {i} has a sentence. And a second one." for i in range(40))
    pieces = windows(text, 200)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))
    assert all(end - start <= 200 for start, end in pieces)
    # Every cut but the end of the text falls just after a blank line: whole paragraphs.
    assert all(text[end - 2:end] == "\n\n" for _, end in pieces[:-1])


def test_a_paragraph_longer_than_a_window_is_cut_at_sentence_ends_then_spaces() -> None:
    text = " ".join(f"Sentence number {i} ends here." for i in range(100))
    pieces = windows(text, 150)
    assert all(text[end - 2:end].startswith(".") for _, end in pieces[:-1])
    wordy = " ".join(["word"] * 200)
    assert all(wordy[end - 1] == " " for _, end in windows(wordy, 50)[:-1])
    assert windows("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]


def test_a_report_under_the_window_is_read_in_one_piece(report: Document) -> None:
    assert extract(report).to_json() == extract(report, window=len(report.text)).to_json()


def _repeated(report: Document, copies: int) -> tuple[Document, list[int]]:
    sep = "\n\n"
    text = sep.join([report.text] * copies)
    starts = [i * (len(report.text) + len(sep)) for i in range(copies)]
    return replace(report, text=text), starts


def test_window_offsets_map_back_to_the_document(report: Document) -> None:
    # Three copies, one window each: every copy must give the one-piece answer, shifted by where it starts.
    one = extract(report)
    long_doc, starts = _repeated(report, 3)
    three = extract(long_doc, window=len(report.text) + 2)
    assert [e.name for e in three.entities] == [e.name for e in one.entities]
    for merged, single in zip(three.entities, one.entities):
        assert merged.id == single.id and merged.kind == single.kind
        assert merged.mentions == sorted((s + at, e + at) for at in starts for s, e in single.mentions)
    expected = sorted((r.subject, r.predicate, r.object, r.span[0] + at, r.span[1] + at)
                      for at in starts for r in one.relations)
    assert sorted((r.subject, r.predicate, r.object, *r.span) for r in three.relations) == expected
    facts = [(r.span, r.evidence) for r in three.relations] + [(e.span, e.evidence) for e in three.events]
    for (start, end), evidence in facts:
        assert long_doc.text[start:end].strip() == evidence
    assert len(three.events) == 3 * len(one.events)


def _names(extraction: Extraction) -> set[tuple[str, str, str]]:
    return {(r.subject, r.predicate, r.object) for r in extraction.relations}


def test_a_text_over_spacys_limit_is_extracted(report: Document) -> None:
    text = report.text + "\n\n" + _filler(21) + "\n\n" + report.text
    assert len(text) > SPACY_MAX_LENGTH
    extraction = extract(replace(report, text=text))
    one = extract(report)
    second_copy = len(text) - len(report.text)
    assert _names(extraction) == _names(one)
    assert sorted(r.span for r in extraction.relations) == sorted(
        [r.span for r in one.relations] + [(r.span[0] + second_copy, r.span[1] + second_copy) for r in one.relations])


def test_ingest_goes_on_past_a_report_over_spacys_limit(tmp_path: Path) -> None:
    head, tail = SAMPLE.read_text(encoding="utf-8").split("[Source:")
    big = tmp_path / "long_report.txt"
    big.write_text(head + _filler(21) + "\n\n[Source:" + tail, encoding="utf-8")
    assert big.stat().st_size > SPACY_MAX_LENGTH
    small = tmp_path / "short_report.txt"
    small.write_text("Harakat Hazm fought alongside the Free Syrian Army near Aleppo on Monday.\n", encoding="utf-8")
    db = tmp_path / "f.db"
    run = subprocess.run([sys.executable, "-m", "factions", "ingest", str(big), str(small), "--db", str(db),
                          "--format", "json"], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    summary = json.loads(run.stdout)
    assert summary["saved"] == 2 and summary["failed"] == 0
    assert "Traceback" not in run.stderr
