"""Long reports: peak memory and time of extracting one generated report of growing size.

    python bench/long_report.py            # 0.1 MB (one window, the baseline), 1 MB and 8.5 MB
    python bench/long_report.py --quick    # 0.1, 0.5 and 1 MB

Each size runs in a fresh process (peak resident memory is per process), extracting with the
library call `extract(load_document(path))`, as `factions ingest` does. The report is made of
paragraphs of ten sentences naming five Syrian groups and five towns, so its facts grow with
its length: the result (every event, relation and mention) is kept in memory and grows with the
text, while the working memory of the pipeline (one window's spaCy Doc) does not. Ratios are
against the one-window baseline measured in the same run.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GROUPS = ("Harakat Hazm", "Jabhat al-Nusra", "the Free Syrian Army", "Ahrar al-Sham", "Jaysh al-Islam")
TOWNS = ("Aleppo", "Idlib", "Hama", "Homs", "Daraa")

CHILD = """
import json, pickle, resource, sys, time, tracemalloc
from factions.extract.pipeline import build_pipeline, extract
from factions.ingest import load_document

build_pipeline()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
x = extract(load_document(sys.argv[1], max_bytes=20_000_000))
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
# The result's own size: what Python allocates to build a second copy of it.
data = pickle.dumps(x)
tracemalloc.start()
copy = pickle.loads(data)
result = tracemalloc.get_traced_memory()[0] // 1024
tracemalloc.stop()
print(json.dumps({"seconds": seconds, "loaded_kb": before, "peak_kb": peak, "result_kb": result,
                  "characters": len(x.document.text), "events": len(x.events), "relations": len(x.relations),
                  "mentions": sum(len(e.mentions) for e in x.entities)}))
"""


def write_report(path: Path, megabytes: float, seed: int = 1) -> None:
    rng = random.Random(seed)
    limit, size, n = int(megabytes * 1_000_000), 0, 0
    with path.open("w", encoding="utf-8") as fh:
        while size < limit:
            sentences = []
            for _ in range(10):
                a, b = rng.sample(GROUPS, 2)
                sentences.append(f"Fighters of {a} clashed with {b} near the town of {rng.choice(TOWNS)} on day {n}.")
                n += 1
            paragraph = " ".join(sentences) + "\n\n"
            size += fh.write(paragraph)


def measure(path: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, cwd=ROOT,
                          check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="0.1, 0.5 and 1 MB instead of 0.1, 1 and 8.5 MB")
    args = parser.parse_args()
    sizes = (0.1, 0.5, 1.0) if args.quick else (0.1, 1.0, 8.5)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mb in sizes:
            path = Path(tmp) / f"report_{mb}.txt"
            write_report(path, mb)
            rows.append((mb, measure(path)))
            path.unlink()
    base = rows[0][1]
    # peak = pipeline loaded + the result + working memory; working memory is what windows keep flat.
    print(f"{'MB':>5} {'chars':>10} {'seconds':>8} {'peak MB':>8} {'x base':>7} {'result MB':>9} "
          f"{'working MB':>10} {'x base':>7} {'events':>7} {'relations':>9} {'mentions':>9}")
    work = [(r["peak_kb"] - r["loaded_kb"] - r["result_kb"]) / 1024 for _, r in rows]
    for (mb, r), w in zip(rows, work):
        print(f"{mb:5.1f} {r['characters']:10d} {r['seconds']:8.1f} {r['peak_kb'] / 1024:8.0f} "
              f"{r['peak_kb'] / base['peak_kb']:7.2f} {r['result_kb'] / 1024:9.0f} {w:10.0f} "
              f"{w / max(work[0], 1):7.2f} {r['events']:7d} {r['relations']:9d} {r['mentions']:9d}")


if __name__ == "__main__":
    main()
