"""Vetting latency on a large synthetic store: 1 million claims over 100,000 actors.

    python bench/vet.py [--claims 1000000] [--actors 100000] [--queries 300] [--db /tmp/factions-vet-bench.db]

The store is built with the real migrations (a real SQLite file), then filled with
synthetic documents, actors, claims (all predicates, some negated or hedged, dated
2012-2020), the shipped designation lists and screening hits for 1% of the actors.
It then vets random actors at 2 hops and prints p50/p95/p99 latency and peak memory
(the process's max RSS). Issue #5 asks p50 <= 100 ms, p99 <= 1 s, peak <= 2 GB on the
2-core machine; the numbers are printed, not asserted.
"""
from __future__ import annotations

import argparse
import random
import resource
import statistics
import time
from pathlib import Path

PREDICATES = ["fights_alongside", "ally_of", "member_of", "branch_of", "pledged_allegiance_to", "backed_by",
              "supplies_weapons_to", "fights_against", "fights_against", "negotiates_with", "denounces",
              "merged_into"]


def build(db: Path, n_claims: int, n_actors: int, seed: int = 7) -> None:
    from factions.analyze.screening import build_screener  # noqa: F401  (same code path as production)
    from factions.resolve.lists import load_shipped
    from factions.store import Store

    rng = random.Random(seed)
    if db.exists():
        db.unlink()
    n_docs = max(n_claims // 50, 1)
    with Store(db) as store:
        conn = store.conn
        designations = load_shipped()
        by_source: dict[tuple[str, str], list] = {}
        for d in designations:
            by_source.setdefault((d.list, d.source_file or ""), []).append(d)
        for (name, source), entries in by_source.items():
            store.save_list(name, source, "shipped", None, entries)
        at = "2026-01-01T00:00:00+00:00"
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO documents (id, title, author, outlet, section, published, language, text, "
                         "first_ingested, last_ingested) VALUES (?,?,?,?,?,?,?,?,?,?)",
                         ((f"d{i}", f"report {i}", None, f"outlet {i % 40}", None,
                           f"{2012 + i % 9}-{1 + i % 12:02d}-{1 + i % 28:02d}", "en", "", at, at)
                          for i in range(n_docs)))
        conn.executemany("INSERT INTO entities (id, name, kind, catalog_id, created_at, updated_at) "
                         "VALUES (?,?,?,NULL,?,?)",
                         ((f"a{i}", f"Synthetic Brigade {i}", "armed_group", at, at) for i in range(n_actors)))

        def claims():
            for i in range(n_claims):
                s = rng.randrange(n_actors)
                o = (s + 1 + int(rng.paretovariate(1.2))) % n_actors if rng.random() < 0.7 else rng.randrange(n_actors)
                doc = rng.randrange(n_docs)
                yield (f"c{i}", f"d{doc}", f"a{s}", rng.choice(PREDICATES), f"a{o}", int(rng.random() < 0.05),
                       int(rng.random() < 0.2), None, None, None, None, "synthetic evidence sentence", 0, 10,
                       "bench", "0", 0.8, "machine")
        conn.executemany("INSERT INTO claims (id, document_id, subject_id, predicate, object_id, negated, hedged, "
                         "attributed_to, date, place, list_name, evidence, span_start, span_end, extractor, "
                         "extractor_version, confidence, status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         claims())
        ids = [r[0] for r in conn.execute("SELECT id FROM designations")]
        conn.executemany("INSERT INTO screen_hits (entity_id, designation_id, score, matched_alias, query, "
                         "explanation, caveat, screened_at) VALUES (?,?,?,?,?,?,?,?)",
                         ((f"a{i}", rng.choice(ids), 1.0, "x", "x", "synthetic", 0, at)
                          for i in rng.sample(range(n_actors), n_actors // 100)))
        conn.execute("COMMIT")
        conn.execute("ANALYZE")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--actors", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--hops", type=int, default=2)
    ap.add_argument("--db", default="/tmp/factions-vet-bench.db")
    ap.add_argument("--reuse", action="store_true", help="reuse an existing bench store")
    args = ap.parse_args()

    from factions.analyze.vetting import vet
    from factions.store import Store

    db = Path(args.db)
    if not (args.reuse and db.exists()):
        t = time.perf_counter()
        build(db, args.claims, args.actors)
        print(f"built {db} ({args.claims:,} claims, {args.actors:,} actors) in {time.perf_counter() - t:.1f}s, "
              f"{db.stat().st_size / 1e6:.0f} MB")
    rng = random.Random(11)
    times, levels = [], {}
    with Store(db) as store:
        for _ in range(args.queries):
            actor = f"a{rng.randrange(args.actors)}"
            day = f"{rng.randint(2013, 2021)}-06-30"
            t = time.perf_counter()
            report = vet(store, actor, as_of=day, hops=args.hops)
            times.append((time.perf_counter() - t) * 1000)
            levels[report["level"]] = levels.get(report["level"], 0) + 1
    times.sort()
    q = statistics.quantiles(times, n=100)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"vet at {args.hops} hops over {args.queries} random actors: p50 {q[49]:.1f} ms, p95 {q[94]:.1f} ms, "
          f"p99 {q[98]:.1f} ms, max {times[-1]:.1f} ms (issue #5: p50 <= 100 ms, p99 <= 1000 ms)")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB (issue #5: <= 2048 MB)")
    print(f"verdicts: {levels}")


if __name__ == "__main__":
    main()
