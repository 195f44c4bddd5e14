"""Events leave-one-theatre-out: fit the event and role deciders on every theatre of train+dev (and the seed)
but one, score that one's events, and sum over theatres. A theatre is a file name's prefix (`syr_`, `irq_`,
...; `afg_` and `pak_` are one); it estimates how events carry to reports of a war the models never read,
which the blind test split asks of them.

    python bench/event_loto.py                 # micro P/R/F1 of events, per held-out theatre and in all
    python bench/event_loto.py --min-files 8   # only theatres with at least 8 reports are held out

The relation decider stays the shipped one (events do not read it). Documents go through the rule
pipeline once for the features; each held-out theatre is then extracted with the full pipeline, its
event decider swapped for the one fitted without it. Never run on the blind test split.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_gate import corpora, load_scorer  # noqa: E402

SAME_THEATRE = {"pak": "afg"}


def theatre(path: Path) -> str:
    prefix = path.name.split("_", 1)[0]
    return SAME_THEATRE.get(prefix, prefix)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--min-files", type=int, default=6, help="hold out only theatres with this many reports")
    args = ap.parse_args()

    from dataclasses import replace

    from factions.extract.learn.examples import Examples, document_examples
    from factions.extract.learn.linear import SoftmaxModel
    from factions.extract.pipeline import build_pipeline, prepare, to_extraction
    from factions.ingest import load_document

    scorer = load_scorer()
    found = corpora(splits=("train", "dev", "seed"))
    files = [f for split in ("train", "dev") for f in found[split]]
    seed = found["seed"]
    gold = {f: json.loads((f.parent / f"{f.stem}.gold.json").read_text(encoding="utf-8")) for f in files + seed}
    docs = {f: load_document(f) for f in files + seed}
    rules = build_pipeline(rules_only=True)
    examples: dict[Path, Examples] = {}
    for f, doc in zip(files + seed, rules.pipe((prepare(rules, docs[f]) for f in files + seed), batch_size=8)):
        examples[f] = document_examples(doc, gold[f])
    by_theatre: dict[str, list[Path]] = defaultdict(list)
    for f in files:
        by_theatre[theatre(f)].append(f)
    nlp = build_pipeline()
    decider = nlp.get_pipe("factions_event_model")
    shipped = decider.bundle
    total = [0, 0, 0]
    for name, held in sorted(by_theatre.items()):
        if len(held) < args.min_files:
            continue
        fit_on = Examples()
        for f in files + seed:
            if theatre(f) != name or f in seed:
                fit_on.extend(examples[f])
        events = SoftmaxModel.fit(fit_on.events, fit_on.event_labels, epochs=10, l2=1e-3, min_count=3)
        roles = SoftmaxModel.fit(fit_on.roles, fit_on.role_labels, epochs=15, l2=1e-3, min_count=2)
        decider.bundle = replace(shipped, events=events, roles=roles)
        tp = n = g = 0
        for f, doc in zip(held, nlp.pipe((prepare(nlp, docs[f]) for f in held), batch_size=8)):
            ev = scorer.score_doc(to_extraction(docs[f], doc).to_json(), gold[f], False, f.name)["events"]
            tp, n, g = tp + ev[0], n + ev[1], g + ev[2]
        total = [total[0] + tp, total[1] + n, total[2] + g]
        print(f"  {name:5s} {len(held):3d} files  {_prf(tp, n, g)}")
    decider.bundle = shipped
    print(f"all held out: {_prf(*total)}")
    return 0


def _prf(tp: int, n: int, g: int) -> str:
    p, r = tp / n if n else 0.0, tp / g if g else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f} R {r:.3f} F1 {f1:.3f}  ({tp} right of {n}, {g} in gold)"


if __name__ == "__main__":
    sys.exit(main())
