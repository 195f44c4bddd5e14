"""Vetting latency on a power-law graph: hubs with 10,000+ claims, 1 million claims by default.

    python bench/vet.py [--claims 1000000] [--actors 100000] [--queries 200] [--db /tmp/factions-vet-bench.db]
    python bench/vet.py --claims 10000000 --db /tmp/factions-vet-10m.db --reuse     # a store built once

The store comes from bench/synth.py (real migrations; claim ends drawn from a power law, the
top hubs designated). It vets, at 2 hops, the 20 biggest hubs at four as-of dates and
--queries random actors, listing --claims-per-link claims a side of each link (as the web
vetting page shows them; the verdict still weighs them all), and prints p50/p95/p99 for hubs
and for random actors, with the process's peak memory; then the hubs again with every claim
listed (--claims-per-link 0, the CLI's JSON). The baseline is the claim walk (`vet(..., adjacency=False)`, the code
path before vet_edges) on the first --baseline-queries of the same queries, in the same run,
with the ratio and a check that both give the same reports. It stops by itself: the baseline
gives up after --baseline-seconds.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synth import build, describe  # noqa: E402  (bench/ is not a package)


def quantiles(times: list[float]) -> str:
    if len(times) < 2:
        return f"{times[0]:.0f} ms (one query)" if times else "n/a"
    q = statistics.quantiles(times, n=100)
    return f"p50 {q[49]:.0f} ms, p95 {q[94]:.0f} ms, p99 {q[98]:.0f} ms, max {max(times):.0f} ms"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--actors", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=200, help="random actors vetted (after the hubs)")
    ap.add_argument("--hubs", type=int, default=20)
    ap.add_argument("--hops", type=int, default=2)
    ap.add_argument("--baseline-queries", type=int, default=24)
    ap.add_argument("--baseline-seconds", type=float, default=300.0)
    ap.add_argument("--baseline-random-only", action="store_true",
                    help="the claim walk on random actors only (at 10 M claims one hub's takes many minutes)")
    ap.add_argument("--db", default="/tmp/factions-vet-bench.db")
    ap.add_argument("--reuse", action="store_true", help="reuse an existing bench store")
    ap.add_argument("--claims-per-link", type=int, default=20, help="claims listed a side of a link (0: all)")
    ap.add_argument("--whole-hub-queries", type=int, default=20, help="hub queries vetted again listing every claim")
    args = ap.parse_args()

    from factions.analyze.vetting import vet
    from factions.store import Store

    db = Path(args.db)
    if not (args.reuse and db.exists()):
        print(describe(db, build(db, max(args.claims // 50, 1), args.actors, 50, text=False)), flush=True)
    rng = random.Random(11)
    with Store(db) as store:
        # The builder's power law puts the hubs first (a0, a1, ...): rank the first few by their claims.
        hubs = [r[0] for r in store.conn.execute("""
            SELECT node, SUM(claims) AS n FROM vet_edges WHERE node IN (SELECT id FROM entities ORDER BY rowid LIMIT ?)
            GROUP BY node ORDER BY n DESC LIMIT ?""", (args.hubs * 5, args.hubs))]
        sizes = dict(store.conn.execute(f"""SELECT node, SUM(claims) FROM vet_edges
            WHERE node IN ({','.join('?' * len(hubs))}) GROUP BY node""", hubs).fetchall())
        queries = [("hub", h, day) for day in ("2014-06-30", "2016-06-30", "2018-06-30", "2021-06-30")
                   for h in hubs]
        queries += [("random", f"a{rng.randrange(args.actors)}", f"{rng.randint(2013, 2021)}-06-30")
                    for _ in range(args.queries)]
        rng.shuffle(queries)
        print(f"hubs: {len(hubs)}, risk-bearing claims each {min(sizes.values()):,} to {max(sizes.values()):,}",
              flush=True)
        per_link = args.claims_per_link or None
        times: dict[str, list[float]] = {"hub": [], "random": []}
        levels: dict[str, int] = {}
        slowest: list[tuple[float, str, str, int]] = []
        reports = []
        for n, (kind, actor, day) in enumerate(queries):
            t = time.perf_counter()
            report = vet(store, actor, as_of=day, hops=args.hops, claims_per_link=per_link)
            times[kind].append((time.perf_counter() - t) * 1000)
            slowest = sorted([*slowest, (times[kind][-1], actor, day, len(report["links"]))], reverse=True)[:3]
            levels[report["level"]] = levels.get(report["level"], 0) + 1
            if n < args.baseline_queries:  # kept for the comparison only: memory is the fast path's
                reports.append(report)
        fast_peak = peak_mb()
        print(f"vet at {args.hops} hops (vet_edges): hubs ({len(times['hub'])}): {quantiles(times['hub'])}")
        print(f"  random actors ({len(times['random'])}): {quantiles(times['random'])}")
        print(f"  peak memory (max RSS): {fast_peak:.0f} MB; verdicts: {levels}", flush=True)
        print("  slowest: " + ", ".join(f"{actor} as of {day} {ms:.0f} ms ({links} links)"
                                       for ms, actor, day, links in slowest))
        if per_link:
            whole = []
            for kind, actor, day in [q for q in queries if q[0] == "hub"][:args.whole_hub_queries]:
                t = time.perf_counter()
                vet(store, actor, as_of=day, hops=args.hops)
                whole.append((time.perf_counter() - t) * 1000)
            print(f"  hubs listing every claim ({len(whole)}): {quantiles(whole)}; peak memory {peak_mb():.0f} MB",
                  flush=True)

        # The baseline, on the same queries in the same order, until its time is up.
        done, same, fast_ms, slow_ms = 0, 0, 0.0, 0.0
        order = {"hub": iter(times["hub"]), "random": iter(times["random"])}
        fast_times = [next(order[kind]) for kind, _, _ in queries]
        started = time.perf_counter()
        for (kind, actor, day), report, fast in zip(queries[:args.baseline_queries], reports, fast_times):
            if time.perf_counter() - started > args.baseline_seconds:
                break
            if args.baseline_random_only and kind == "hub":
                continue
            t = time.perf_counter()
            reference = vet(store, actor, as_of=day, hops=args.hops, adjacency=False, claims_per_link=per_link)
            slow_ms += (time.perf_counter() - t) * 1000
            fast_ms += fast
            done += 1
            same += json.dumps(reference) == json.dumps(report)
        print(f"baseline (claim walk) on {done} of the first {args.baseline_queries} queries: {slow_ms / max(done, 1):.0f} ms per query against "
              f"{fast_ms / max(done, 1):.0f} ms: {slow_ms / max(fast_ms, 1e-9):.1f}x; identical reports: {same}/{done}")
        print(f"  peak memory with the baseline run too: {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
