"""`factions ingest --workers N`: the same store as one process, resumable after a kill, bad files reported."""
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
from conftest import REPO, run_cli

from factions.jobs.ingest import ingest_paths

SAMPLES = REPO / "samples"
CLOCK_COLUMNS = {"first_ingested", "last_ingested", "ingested_at", "created_at", "updated_at", "applied_at", "at",
                 "screened_at", "loaded_at", "imported_at", "built_at"}


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows without clock columns, sorted: two stores holding the same facts dump equal."""
    conn = sqlite3.connect(db)
    out = {}
    # Not facts: store_version counts writes (a resumed batch writes again), like a clock column; vet_edges
    # is derived from the claims (equal claims give equal edges) and holds their rowids, which may differ.
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'sqlite_%' AND name NOT IN ('store_version', 'vet_edges')")]
    for table in tables:
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in CLOCK_COLUMNS]
        out[table] = sorted(conn.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr)
    conn.close()
    return out


def corpus(folder: Path, rounds: int) -> Path:
    """The samples (text, Markdown, HTML, archive reprints) `rounds` times, each round's bodies made distinct,
    plus exact duplicates in a second folder, a README and two files that are not reports."""
    reports = sorted(p for p in SAMPLES.iterdir() if p.name != "README.md")
    for r in range(rounds):
        for src in reports:
            text = src.read_text(encoding="utf-8")
            note = (f"Desk note {r}: this copy was filed for the review of round {r} of the archive, together "
                    f"with the other reports of that week, and it has not been edited since then.")
            text = text.replace("</article>", f"<p>{note}</p></article>") if src.suffix == ".html" else \
                text + f"\n\n{note}\n"
            target = folder / "main" / f"r{r:02d}_{src.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    mirror = folder / "mirror"
    mirror.mkdir()
    for src in reports[:3]:
        (mirror / src.name).write_bytes(src.read_bytes())  # same bytes as samples/: one source, read twice
    (mirror / "README.md").write_text("# not a report\n")
    (mirror / "empty.txt").write_text("")
    (mirror / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return folder


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus(tmp_path_factory.mktemp("parallel"), rounds=2)


@pytest.fixture(scope="module")
def serial_db(reports: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("serial") / "serial.db"
    report = ingest_paths([str(SAMPLES), str(reports)], db, workers=1)
    assert len(report.failed) == 2  # the empty and the binary file
    return db


def test_two_workers_leave_the_same_store_as_one(reports: Path, serial_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "parallel.db"
    seen: list[str] = []
    report = ingest_paths([str(SAMPLES), str(reports)], db, workers=2, on_file=lambda o: seen.append(o.path))
    summary = report.as_json()
    assert summary["failed"] == 2 and summary["skipped"] == 2  # README.md twice
    assert {e["path"].rsplit("/", 1)[-1] for e in summary["errors"]} == {"empty.txt", "image.txt"}
    assert seen == [str(p) for p in _paths([str(SAMPLES), str(reports)])]  # outcomes in input order
    assert dump(db) == dump(serial_db)


def _paths(args: list[str]) -> list[Path]:
    from factions.jobs.steps import iter_paths

    return [p if isinstance(p, Path) else Path(str(p.path)) for p in iter_paths(args)]


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def _gone(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "\nState:\tZ" in status.read_text()  # a zombie has exited; only its parent's wait is missing
    except OSError:
        return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc, sends SIGKILL")
def test_killed_parallel_batch_resumes_to_the_same_store(reports: Path, serial_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    args = [str(SAMPLES), str(reports)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "factions", "ingest", *args, "--db", str(db), "--quiet",
                             "--workers", "2"], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    stored, workers = 0, []
    while time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid) or workers
        try:
            with sqlite3.connect(db, timeout=1) as conn:
                stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.Error:
            stored = 0
        if stored >= 4:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the batch finished before it could be killed: make the corpus larger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # the workers notice their writer is gone and exit instead of lingering
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not all(_gone(w) for w in workers):
        time.sleep(0.1)
    assert workers and all(_gone(w) for w in workers)

    resumed = run_cli("ingest", *args, "--db", str(db), "--workers", "2", "--format", "json")
    assert resumed.returncode == 1  # the two bad files, again
    summary = json.loads(resumed.stdout)
    assert summary["already_stored"] >= 4
    assert dump(db) == dump(serial_db)
    # and once more: everything is already stored, nothing changes
    again = json.loads(run_cli("ingest", *args, "--db", str(db), "--workers", "2", "--format", "json").stdout)
    # all but the files stored twice under two paths (their source row keeps the later path, so each
    # of the pair is saved again, as a one-process run would)
    assert again["saved"] - 6 <= again["already_stored"] < again["saved"] and again["new_documents"] == 0
    assert dump(db) == dump(serial_db)


def test_workers_option_in_help() -> None:
    text = run_cli("ingest", "--help").stdout
    assert "--workers" in text and "--workers 4" in text
