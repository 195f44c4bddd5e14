"""Choose the relation decider's settings by k-fold cross-validation on train, then confirm them on dev.

    python bench/relation_tune.py                          # 5 folds by report on train, the settings grid below
    python bench/relation_tune.py --l2 1e-3,3e-3 --none-weight 1,0.5 --thresholds 0.3,0.4,0.5
    python bench/relation_tune.py --dev                    # also fit on all of train and score dev
    python bench/relation_tune.py --quick                  # 40 train reports, 3 folds
    python bench/relation_tune.py --theatres               # leave one theatre out over train + dev

Folds are by report (every k-th report of the name order), so a report's sentences
never sit on both sides; with --theatres, by theatre over train and dev together
(the file name's prefix: syr_, irq_, som_ ...; afg_ and pak_ are one), which
estimates how the decider does on a war it was not fitted on. Each setting is scored with the project's scorer on the
held-out reports of every fold, counts summed over folds; the best F1 among the
settings whose precision stays at or above --min-precision is printed last. The
shipped model's dev score is printed as the baseline of the same run. Nothing here
reads the test split.
"""
from __future__ import annotations

import argparse
import itertools
from dataclasses import replace
from typing import Any

from relation_lab import Item, decide, fmt, load_scorer, read_split, relation_scores, shipped

from factions.extract.learn.bundle import ModelBundle
from factions.extract.learn.examples import Examples, relation_examples
from factions.extract.learn.train import relation_fit_settings, fit_relations


def examples_of(items: list[Item], **options: Any) -> list[Examples]:
    out = []
    for item in items:
        doc = decide(item, None)  # the rule readings, as training sees them
        out.append(relation_examples(doc, item.gold, **options))
    return out


def joined(parts: list[Examples]) -> Examples:
    total = Examples()
    for part in parts:
        total.extend(part)
    return total


def bundle_with(base: ModelBundle, examples: Examples, settings: dict[str, Any],
                drop: frozenset[str] = frozenset()) -> ModelBundle:
    if drop:
        kept = Examples(relations=[[f for f in ex if f.split(":")[0] not in drop] for ex in examples.relations],
                        relation_labels=examples.relation_labels)
        examples = kept
    return replace(base, relations=fit_relations(examples, **settings))


def sweep(bundle: ModelBundle, items: list[Item], thresholds: list[float], scorer: Any) -> dict[float, dict]:
    out = {}
    for th in thresholds:
        bundle.thresholds = {**bundle.thresholds, "relation": th}
        out[th] = relation_scores(items, bundle, scorer)
    return out


def _sum(results: list[dict]) -> dict:
    tp = sum(r["tp"] for r in results)
    pred = sum(r["predicted"] for r in results)
    gold = sum(r["gold"] for r in results)
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return {"tp": tp, "predicted": pred, "gold": gold, "precision": p, "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0}


THEATRE_OF = {"pak": "afg"}  # one war across the border


def theatre(name: str) -> str:
    prefix = name.split("_")[0]
    return THEATRE_OF.get(prefix, prefix)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    defaults = relation_fit_settings()
    ap.add_argument("--l2", default=str(defaults["l2"]))
    ap.add_argument("--none-weight", default=str(defaults["none_weight"]))
    ap.add_argument("--epochs", default=str(defaults["epochs"]))
    ap.add_argument("--min-count", default=str(defaults["min_count"]))
    ap.add_argument("--thresholds", default="0.3,0.4,0.5")
    ap.add_argument("--average", default=str(defaults["average"]), help="True,False: average weights over epochs")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--min-precision", type=float, default=0.55)
    ap.add_argument("--dev", action="store_true", help="fit each setting on all of train and score dev too")
    ap.add_argument("--no-cv", action="store_true", help="skip cross-validation (with --dev: dev only)")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--theatres", action="store_true", help="leave-one-theatre-out folds over train + dev")
    ap.add_argument("--drop", default="", help="feature families left out, e.g. 'pre1,post1;bw' (';' separates "
                    "trials): a family is the feature name before ':'; the decider ignores features it never saw")
    ap.add_argument("--teach-restated-as-none", action="store_true",
                    help="label a gold-related pair outside its evidence sentence none (as before) instead of skipping it")
    args = ap.parse_args()
    scorer = load_scorer()
    base = shipped()
    train = read_split("train", limit=40 if args.quick else None)
    if args.theatres:
        train += read_split("dev")
    folds = 3 if args.quick else args.folds
    names = sorted({theatre(it.name) for it in train})
    fold_of = [names.index(theatre(it.name)) if args.theatres else i % folds for i, it in enumerate(train)]
    if args.theatres:
        folds = len(names)
        print(f"{folds} theatres: {' '.join(names)}")
    dev = read_split("dev") if args.dev else []
    if dev:
        print(f"baseline (shipped model) dev relations {fmt(relation_scores(dev, base, scorer))}")
    parts = examples_of(train, skip_restated=not args.teach_restated_as_none)
    thresholds = [float(x) for x in args.thresholds.split(",")]
    drops = [frozenset(x for x in d.split(",") if x) for d in args.drop.split(";")]
    grid = [dict(zip(("l2", "none_weight", "epochs", "min_count", "average", "drop"), combo)) for combo in itertools.product(
        [float(x) for x in args.l2.split(",")], [float(x) for x in args.none_weight.split(",")],
        [int(x) for x in args.epochs.split(",")], [int(x) for x in args.min_count.split(",")],
        [x.strip() == "True" for x in args.average.split(",")], drops)]
    best: tuple[float, str] | None = None
    for settings in grid:
        drop = settings.pop("drop")
        name = " ".join(f"{k}={v}" for k, v in settings.items()) + (f" drop={','.join(sorted(drop))}" if drop else "")
        if not args.no_cv:
            per_th: dict[float, list[dict]] = {th: [] for th in thresholds}
            for k in range(folds):
                held = [it for i, it in enumerate(train) if fold_of[i] == k]
                fitted = joined([p for i, p in enumerate(parts) if fold_of[i] != k])
                for th, res in sweep(bundle_with(base, fitted, settings, drop), held, thresholds, scorer).items():
                    per_th[th].append(res)
            for th in thresholds:
                res = _sum(per_th[th])
                print(f"cv  {name} th={th}: {fmt(res)}", flush=True)
                if res["precision"] >= args.min_precision and (best is None or res["f1"] > best[0]):
                    best = (res["f1"], f"{name} th={th}")
        if dev:
            for th, res in sweep(bundle_with(base, joined(parts), settings, drop), dev, thresholds, scorer).items():
                print(f"dev {name} th={th}: {fmt(res)}", flush=True)
    if best:
        print(f"best by cross-validation (precision >= {args.min_precision}): {best[1]} (F1 {best[0]:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
