"""Where extraction time goes: seconds per pipeline component, then the hottest functions.

    python bench/profile_extract.py [--copies 4] [--repeat 3] [--top 25] [--no-profile]

Texts: the same as bench/throughput.py (the sample reports, --copies times). The
components run as `nlp.pipe` runs them (spaCy's model components over the batch, ours
one Doc at a time, each Doc through all of ours before the next), each timed on its
own, best of --repeat rounds, so the per-component times add up to one `nlp.pipe`
pass; `to_extraction` (the ONTOLOGY JSON) is timed last. Times are this process's CPU
time, which the other processes of a shared machine barely move. Then cProfile
over factions' components and `to_extraction` only (not the spaCy model), sorted by
own time, printing the --top functions.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import texts  # noqa: E402


def _stages(nlp) -> list[list[tuple[str, object]]]:
    """The pipeline cut where spaCy cuts it: a component with its own `pipe` (the model's) reads a whole
    batch; the components without one between them read one Doc after another, each Doc through all of
    them before the next (as in `nlp.pipe`), so their shared per-Doc caches behave as in production."""
    stages: list[list[tuple[str, object]]] = []
    for name, proc in nlp.pipeline:
        if hasattr(proc, "pipe") or not stages or hasattr(stages[-1][0][1], "pipe"):
            stages.append([(name, proc)])
        else:
            stages[-1].append((name, proc))
    return stages


def _run_components(nlp, documents, timings: dict[str, float], profiler: cProfile.Profile | None = None) -> list:
    """One pass of every document through nlp's components in order; adds each component's seconds to timings."""
    from factions.extract.pipeline import extractor_identity, prepare, to_extraction

    identity = extractor_identity(nlp)
    docs = [prepare(nlp, d) for d in documents]
    for stage in _stages(nlp):
        name, proc = stage[0]
        if hasattr(proc, "pipe"):
            start = time.process_time()
            docs = list(proc.pipe(docs, batch_size=16))
            timings[name] = timings.get(name, 0.0) + time.process_time() - start
            continue
        if profiler is not None:
            profiler.enable()
        for doc in docs:
            for name, proc in stage:
                start = time.process_time()
                proc(doc)
                timings[name] = timings.get(name, 0.0) + time.process_time() - start
        if profiler is not None:
            profiler.disable()
    out = []
    start = time.process_time()
    if profiler is not None:
        profiler.enable()
    for d, doc in zip(documents, docs):
        out.append(to_extraction(d, doc, identity=identity))
    if profiler is not None:
        profiler.disable()
    timings["to_extraction"] = timings.get("to_extraction", 0.0) + time.process_time() - start
    return out


def best_of(repeat: int, fn: Callable[[dict[str, float]], object]) -> dict[str, float]:
    best: dict[str, float] = {}
    for _ in range(repeat):
        round_times: dict[str, float] = {}
        fn(round_times)
        for name, seconds in round_times.items():
            best[name] = min(best.get(name, float("inf")), seconds)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--no-profile", action="store_true", help="only the per-component times")
    args = ap.parse_args()

    from factions.extract.pipeline import build_pipeline

    documents = texts(args.copies)
    nlp = build_pipeline()
    _run_components(nlp, documents[:4], {})  # warm: catalogs, one-time compiles
    best = best_of(args.repeat, lambda t: _run_components(nlp, documents, t))
    total = sum(best.values())
    ours = sum(s for n, s in best.items() if n.startswith("factions_") or n == "to_extraction")
    print(f"{len(documents)} documents, best of {args.repeat} per component")
    for name, seconds in best.items():
        print(f"  {name:26s} {seconds:7.3f} s  {100 * seconds / total:5.1f} %")
    print(f"  {'total':26s} {total:7.3f} s   factions' share {100 * ours / total:.1f} %")
    if args.no_profile:
        return
    profiler = cProfile.Profile()
    _run_components(nlp, documents, {}, profiler)
    print(f"\ntop {args.top} functions by own time (factions' components and to_extraction):")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
