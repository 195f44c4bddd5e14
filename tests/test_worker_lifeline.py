"""Extraction workers die with their writer: no orphan after a SIGKILL, whatever the worker was doing.

Real processes, real pipes, the real worker function and the real CLI; Linux only (reads /proc).
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
GONE_WITHIN_S = 30  # how long a worker may take to notice; it is usually well under a second

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc, sends SIGKILL")


def _gone(pid: int) -> bool:
    try:
        return "\nState:\tZ" in Path(f"/proc/{pid}/status").read_text()  # a zombie has exited
    except OSError:
        return True


def _wait_gone(pids: list[int]) -> list[int]:
    deadline = time.monotonic() + GONE_WITHIN_S
    while time.monotonic() < deadline and not all(_gone(p) for p in pids):
        time.sleep(0.1)
    survivors = [p for p in pids if not _gone(p)]
    for pid in survivors:  # do not leave them behind for the next test
        os.kill(pid, signal.SIGKILL)
    return survivors


def _workers_of(pid: int) -> list[int]:
    """The extraction workers the process started (not multiprocessing's resource tracker)."""
    out = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline:
            out.append(int(child))
    return out


# A writer that dies half-way through sending a message: the worker has read the head of it and
# waits for a body that never comes, on a pipe whose write end it holds itself (so it never ends).
HALF_MESSAGE_WRITER = textwrap.dedent("""
    import multiprocessing as mp, os, struct, sys
    from factions.jobs.parallel import _worker

    if __name__ == "__main__":
        ctx = mp.get_context("spawn")
        tasks, results = ctx.Queue(), ctx.Queue()
        worker = ctx.Process(target=_worker, args=(tasks, results), daemon=True)
        worker.start()
        os.write(tasks._writer.fileno(), struct.pack("!i", 1 << 20) + b"\\x80\\x04only the start")
        print(worker.pid, flush=True)
        sys.stdin.readline()  # until the test kills us
""")


def _blocked_reading(pid: int) -> bool:
    try:
        wchan = Path(f"/proc/{pid}/wchan").read_text()
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tS" in state and "pipe" in wchan


def test_a_worker_blocked_in_a_half_sent_message_dies_with_its_writer() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writer = subprocess.Popen([sys.executable, "-c", HALF_MESSAGE_WRITER], cwd=REPO, env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None
        worker = int(writer.stdout.readline())
        # Wait until the worker has loaded the pipeline and sits in the read (or give up after a while).
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not _blocked_reading(worker) and not _gone(worker):
            time.sleep(0.2)
        time.sleep(1.0)  # past the worker's own between-messages check of its parent
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        assert _wait_gone([worker]) == [], "the worker outlived its writer"
    finally:
        if writer.poll() is None:
            writer.kill()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lifeline")
    for r in range(3):
        for src in sorted(SAMPLES.glob("*.txt")):
            (out / f"r{r}_{src.name}").write_text(src.read_text(encoding="utf-8") + f"\n\nCopy {r} of the desk.\n",
                                                   encoding="utf-8")
    return out


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("moment", ["workers started", "first document saved", "several saved"])
def test_killing_the_writer_leaves_no_worker(moment: str, folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    proc = subprocess.Popen([sys.executable, "-m", "factions", "ingest", str(folder), "--db", str(db), "--quiet",
                             "--workers", "2"], cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    want = {"workers started": 0, "first document saved": 1, "several saved": 5}[moment]
    workers: list[int] = []
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            workers = _workers_of(proc.pid) or workers
            if len(workers) == 2 and _stored(db) >= want:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the batch ended before the kill: make the folder larger"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert len(workers) == 2
    assert _wait_gone(workers) == [], f"workers outlived a writer killed when {moment}"
