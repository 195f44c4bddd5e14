"""Importing the real list files: time and peak memory per file, then the cold start of `factions screen`.

    python bench/lists_import.py            # every file of ../shared/data/lists, in date order
    python bench/lists_import.py --reverse  # the two OFAC SDN editions newest first

Each import runs `factions lists import` in its own process (so its peak RSS is its own), into
one store; the baseline is the same process importing nothing (interpreter, factions and its
dependencies loaded). Reported per file: wall time, peak RSS, peak RSS above the baseline, and
the part of it the edition itself took (parse + store, before the screening index is rebuilt).
Cold start: `factions screen NAME --db STORE` as a fresh process, five times each for three
names, after every list is loaded (the screening index is persisted in the store).
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LISTS = ROOT.parent / "shared" / "data" / "lists"
PY = sys.executable
FILES = [("ofac/snapshot-2021-04-25/sdn.csv", "2021-04-25"), ("ofac/sdn.csv", "2024-05-03"),
         ("ofac/consolidated.xml", None), ("un/consolidated.xml", None)]

# Runs in the child: import one file (or nothing), print wall time and peak RSS in KiB.
CHILD = """
import json, resource, sys, time
from factions.jobs.ingest import import_list
from factions.resolve.lists import open_list
from factions.store import Store
path, day, db, mode = sys.argv[1:5]
t0 = time.perf_counter()
out = {}
if mode == "edition":  # parse + store only
    info, entries = open_list(path)
    with Store(db) as store:
        out = store.import_edition(info, entries, day or None)
elif mode == "full":  # what `factions lists import` does: edition, then index rebuild and re-screen
    out = import_list(path, db, as_of=day or None)
out["seconds"] = time.perf_counter() - t0
out["peak_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(out))
"""


def child(path: str, day: str | None, db: Path, mode: str) -> dict:
    proc = subprocess.run([PY, "-c", CHILD, path, day or "", str(db), mode], capture_output=True, text=True,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    if proc.returncode:
        raise SystemExit(proc.stderr[-2000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    if not (LISTS / "ofac" / "sdn.csv").is_file():
        print(f"the real list files are not in {LISTS}")
        return 1
    files = list(FILES)
    if "--reverse" in sys.argv:
        files[0], files[1] = files[1], files[0]
    with tempfile.TemporaryDirectory() as tmp:
        base = child("", None, Path(tmp) / "none.db", "none")["peak_kib"]
        print(f"baseline process (factions imported, nothing read): peak RSS {base / 1024:.0f} MiB\n")
        print(f"{'file':<36}{'entries':>8}{'edition s':>11}{'+MiB':>7}{'full s':>9}{'peak MiB':>10}{'+MiB':>7}")
        for rel, day in files:
            path = str(LISTS / rel)
            edition = child(path, day, Path(tmp) / f"e{len(rel)}.db", "edition")  # a store of its own
            full = child(path, day, Path(tmp) / "all.db", "full")
            print(f"{rel:<36}{edition['entries']:>8}{edition['seconds']:>11.2f}"
                  f"{(edition['peak_kib'] - base) / 1024:>7.0f}{full['seconds']:>9.2f}"
                  f"{full['peak_kib'] / 1024:>10.0f}{(full['peak_kib'] - base) / 1024:>7.0f}")
        db = Path(tmp) / "all.db"
        print(f"\nstore: {db.stat().st_size / 2**20:.0f} MiB")
        subprocess.run([PY, "-m", "factions", "screen", "warm the page cache", "--db", str(db)], cwd=ROOT,
                       capture_output=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
        for name in ("Hay'at Tahrir al-Sham", "هيئة تحرير الشام", "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU ARGON"):
            times = []
            for _ in range(5):
                t0 = time.perf_counter()
                proc = subprocess.run([PY, "-m", "factions", "screen", name, "--db", str(db), "--format", "json"],
                                      cwd=ROOT, capture_output=True, text=True,
                                      env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
                times.append(time.perf_counter() - t0)
                assert proc.returncode == 0, proc.stderr
            top = json.loads(proc.stdout)["matches"][:1]
            print(f"cold `factions screen {name!r}`: median {statistics.median(times):.2f}s, "
                  f"max {max(times):.2f}s -> {top[0]['list'] + ' ' + top[0]['name'] if top else 'no match'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
