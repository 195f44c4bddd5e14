"""`factions ingest` end to end: real files, a real SQLite store, the real pipeline, the real CLI."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, SEED, run_cli

SAMPLES = REPO / "samples"
# Columns that record when, not what: they differ between two otherwise identical runs.
CLOCK_COLUMNS = {"first_ingested", "last_ingested", "ingested_at", "created_at", "updated_at", "applied_at", "at",
                 "screened_at", "loaded_at", "built_at", "imported_at",
                 # a pointer to a claim's rowid (which claim came first): rowids are storage, not facts
                 "first_claim"}
# Tables that count writes, not facts: a rerun that changes nothing still counts its writes.
COUNTER_TABLES = {"store_version"}


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows without clock columns, sorted: two stores holding the same facts dump equal."""
    conn = sqlite3.connect(db)
    out = {}
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    for table in (t for t in tables if t not in COUNTER_TABLES):
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in CLOCK_COLUMNS]
        out[table] = sorted(conn.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr)
    conn.close()
    return out


def rechrome(text: str) -> str:
    """The seed as another archive would reprint it: other header, other footer, same report."""
    body = text.split("\n\n\n", 1)[1] if "\n\n\n" in text else text
    body = body.split("[Source:")[0]
    return ("Conflict Papers Archive\nHome | Topics | Support us\n\n" + body +
            "[Source: The Long War Journal, 07Oct14]\n\n"
            "Reproduced by the Conflict Papers Archive on 12Oct14 for research purposes only. "
            "All rights remain with the original publisher.\n")


def test_seed_twice_is_one_document(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    assert run_cli("ingest", str(SEED), "--db", str(db), "--quiet").returncode == 0
    first = dump(db)
    assert run_cli("ingest", str(SEED), "--db", str(db), "--quiet").returncode == 0
    assert dump(db) == first
    assert len(first["documents"]) == 1 and len(first["sources"]) == 1


def test_reprint_with_other_chrome_is_a_second_source(tmp_path: Path, seed_text: str) -> None:
    copy = tmp_path / "reprint.txt"
    copy.write_text(rechrome(seed_text), encoding="utf-8")
    db = tmp_path / "f.db"
    proc = run_cli("ingest", str(SEED), str(copy), "--db", str(db), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(run_cli("docs", "--db", str(db), "--format", "json").stdout)
    assert len(data) == 1 and data[0]["sources"] == 2


def bad_inputs(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    files = {
        "binary": folder / "photo.txt",
        "empty": folder / "empty.txt",
        "nul": folder / "nul.txt",
        "huge": folder / "huge.txt",
        "latin1": folder / "latin1.txt",
        "malformed": folder / "broken.html",
        "unreadable": folder / "dangling.txt",
    }
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    files["empty"].write_bytes(b"")
    files["nul"].write_bytes(b"Fighters of the group\x00\x00 attacked the town.\n" * 20)
    with open(files["huge"], "wb") as fh:  # 50 MB without writing 50 MB of Python strings
        fh.truncate(50 * 1024 * 1024)
    files["latin1"].write_bytes(("Rebels of the Jaysh al-Thuwar took the village of Tell Rif\u00e2t on Monday, "
                                 "a spokesman said in a statement rejected by the r\u00e9gime.\n").encode("latin-1"))
    files["malformed"].write_text("<html><head><title>Clashes near Azaz<body><p>Fighters of the Levant Front "
                                  "clashed with Islamic State militants near Azaz on Tuesday, a monitor said.<p>"
                                  "<div><b>More fighting was reported in the north</div></p>", encoding="utf-8")
    os.symlink(folder / "nowhere.txt", files["unreadable"])
    return files


def test_bad_inputs_get_one_line_each_and_the_batch_goes_on(tmp_path: Path) -> None:
    files = bad_inputs(tmp_path / "mixed")
    (tmp_path / "mixed" / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "f.db"
    proc = run_cli("ingest", str(tmp_path / "mixed"), "--db", str(db), "--quiet")
    assert proc.returncode == 1  # some failed
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    for key in ("binary", "empty", "nul", "huge", "unreadable"):
        assert sum(files[key].name in line for line in errors) == 1, (key, proc.stderr)
    assert all(line.count("\n") == 0 for line in errors)
    stored = json.loads(run_cli("docs", "--db", str(db), "--format", "json").stdout)
    titles = " ".join(d["title"] or "" for d in stored)
    assert len(stored) == 3, stored  # the seed, the Latin-1 report, the malformed HTML page
    assert "Hazm" in titles


def test_latin1_report_is_decoded(tmp_path: Path) -> None:
    files = bad_inputs(tmp_path / "mixed")
    proc = run_cli("extract", str(files["latin1"]))
    assert proc.returncode == 0, proc.stderr
    assert "Tell Rif\u00e2t" in json.loads(proc.stdout)["document"]["text"]


def test_failures_do_not_touch_what_is_stored(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    run_cli("ingest", str(SEED), "--db", str(db), "--quiet")
    before = dump(db)
    files = bad_inputs(tmp_path / "bad")
    proc = run_cli("ingest", *(str(files[k]) for k in ("binary", "empty", "nul", "huge")), "--db", str(db))
    assert proc.returncode == 1
    assert dump(db) == before


def test_unknown_path_and_missing_store(tmp_path: Path) -> None:
    proc = run_cli("ingest", str(tmp_path / "no-such-dir"), "--db", str(tmp_path / "f.db"), "--quiet")
    assert proc.returncode == 1 and "no-such-dir" in proc.stderr
    proc = run_cli("show", "Hazm", "--db", str(tmp_path / "absent.db"))
    assert proc.returncode == 2 and "no store" in proc.stderr


def corpus(folder: Path, copies: int) -> Path:
    """Many distinct reports: the samples, each repeated with a numbered dateline so bodies differ."""
    folder.mkdir()
    reports = sorted(p for p in SAMPLES.iterdir() if p.suffix == ".txt")
    for i in range(copies):
        src = reports[i % len(reports)]
        text = src.read_text(encoding="utf-8")
        (folder / f"{i:03d}_{src.name}").write_text(text + f"\n\nArchive note {i}: filed under batch {i}.\n",
                                                    encoding="utf-8")
    return folder


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_mid_batch_then_rerun_equals_uninterrupted_run(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "reports", 24)
    clean, killed = tmp_path / "clean.db", tmp_path / "killed.db"
    assert run_cli("ingest", str(folder), "--db", str(clean), "--quiet").returncode == 0

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "factions", "ingest", str(folder), "--db", str(killed), "--quiet"],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(killed, timeout=1) as conn:
                stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.Error:
            stored = 0
        if stored >= 3:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the batch finished before it could be killed: make the corpus larger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(killed) as conn:
        partial = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert 3 <= partial < 24
    assert run_cli("ingest", str(folder), "--db", str(killed), "--quiet").returncode == 0
    assert dump(killed) == dump(clean)


def test_reading_commands(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    run_cli("ingest", str(SEED), "--db", str(db), "--quiet")
    actors = json.loads(run_cli("actors", "--db", str(db), "--kind", "armed_group", "--format", "json").stdout)
    assert any("Hazm" in a["name"] for a in actors)
    assert all(a["kind"] == "armed_group" for a in actors)
    found = json.loads(run_cli("actors", "--db", str(db), "--search", "nusrah", "--format", "json").stdout)
    assert [a["name"] for a in found] == ["Al-Nusrah Front"]
    profile = json.loads(run_cli("show", "Hazm Movement", "--db", str(db), "--format", "json").stdout)
    assert any(c["predicate"] == "fights_alongside" and "Nusrah" in c["object"] + c["subject"]
               for c in profile["claims"])
    assert all(c["evidence"] for c in profile["claims"])
    text = run_cli("show", "Hazm Movement", "--db", str(db)).stdout
    assert "fights_alongside" in text and "Long War Journal" in text
    proc = run_cli("show", "No Such Group", "--db", str(db))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
