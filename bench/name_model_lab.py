"""The trained name model (factions/extract/name_model.py), held out by theatre.

    python bench/name_model_lab.py                          # leave-one-theatre-out on train + dev
    python bench/name_model_lab.py --thresholds 0.5,0.6,0.7 # several decision thresholds
    python bench/name_model_lab.py --holdout sah_,nga_,moz_,drc_,lbn_,pak_ --show 30
    python bench/name_model_lab.py --gate lower_head= --thresholds 0.6,0.8,0.9  # add only "<Name> <noun>" spans

Every report of train and dev runs once through the rules (the name model only records its
candidates); then, per fold, the model is fitted on every report outside the held-out theatres
and decides the held-out candidates. A decision counts as
  gained  - a gold group or person that no rule mention of the report names (a new entity found),
  repeat  - a gold name the rules already found (harmless: it joins that actor),
  false   - a span that names no gold actor (a new false entity).
The rules alone gain nothing and add nothing false, so gained against false is the A/B.
The blind split (tests/eval/test) is never read.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factions.extract.name_model import CANDIDATES_KEY, NameModel, name_examples  # noqa: E402
from factions.extract.tokens import span_text  # noqa: E402
from factions.names import name_key  # noqa: E402

THEATRES = ("syr_", "irq_", "yem_", "lby_", "sah_", "nga_", "som_", "afg_", "pak_", "lbn_", "moz_", "drc_", "afr_")


def gather() -> list[dict]:
    from factions.extract.learn.train import annotated_folder
    from factions.extract.pipeline import build_pipeline, prepare

    items = annotated_folder(ROOT / "tests" / "eval" / "train") + annotated_folder(ROOT / "tests" / "eval" / "dev")
    nlp = build_pipeline(rules_only=True)
    out = []
    for item, doc in zip(items, nlp.pipe((prepare(nlp, a.document) for a in items), batch_size=8)):
        gold = item.gold
        cluster_of: dict[str, int] = {}
        for i, g in enumerate(gold.get("groups", []) + gold.get("persons", [])):
            for f in [g["name"], *g.get("aliases", [])]:
                cluster_of.setdefault(name_key(f), i)
        found = {cluster_of[k] for m in doc._.mentions if (k := name_key(m.text)) in cluster_of}
        spans = [(span_text(doc[s:e]), cluster_of.get(name_key(span_text(doc[s:e]))))
                 for s, e, _ in doc.user_data.get(CANDIDATES_KEY, [])]
        out.append({"name": item.name, "rows": name_examples(doc, gold), "spans": spans, "found": found})
    return out


def score(model: NameModel, docs: list[dict], show: list[str], gate: str = "") -> Counter:
    tally: Counter = Counter()
    for d in docs:
        new: set[int] = set()
        for (feats, _), (text, cluster) in zip(d["rows"], d["spans"]):
            if any(f.startswith("rule=") for f in feats):
                if model.drops(feats):
                    tally["dropped false" if cluster is None else "dropped right"] += 1
                    show.append(f"  drop {'false' if cluster is None else 'RIGHT'} {d['name'][:34]}: {text}")
                continue
            if gate and not any(f.startswith(gate) for f in feats):
                continue
            if model.decide(feats) is None:
                continue
            if cluster is None:
                tally["false"] += 1
                show.append(f"  false   {d['name'][:34]}: {text}")
            elif cluster in d["found"] or cluster in new:
                tally["repeat"] += 1
            else:
                new.add(cluster)
                tally["gained"] += 1
                show.append(f"  gained  {d['name'][:34]}: {text}")
    return tally


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--thresholds", default="0.5,0.6,0.7,0.8")
    ap.add_argument("--holdout", help="comma-separated theatre prefixes held out together (one fold)")
    ap.add_argument("--show", type=int, default=0, help="decisions listed at the first threshold")
    ap.add_argument("--gate", default="", help="add only candidates with a feature of this prefix (e.g. lower_head=)")
    ap.add_argument("--drop", type=float, default=0.8, help="probability of none at which a rule name is dropped")
    args = ap.parse_args()
    docs = gather()
    folds = [tuple(args.holdout.split(","))] if args.holdout else [(t,) for t in THEATRES]
    thresholds = [float(t) for t in args.thresholds.split(",")]
    print(f"{len(docs)} reports, {sum(len(d['rows']) for d in docs)} candidates, "
          f"{sum(lab != 'none' for d in docs for _, lab in d['rows'])} labelled names")
    totals = {t: Counter() for t in thresholds}
    shown: list[str] = []
    for fold in folds:
        held = [d for d in docs if d["name"].startswith(fold)]
        rest = [d for d in docs if not d["name"].startswith(fold)]
        if not held:
            continue
        model = NameModel.fit([r for d in rest for r in d["rows"]])
        model.drop_threshold = args.drop
        line = []
        for i, t in enumerate(thresholds):
            model.threshold = t
            tally = score(model, held, shown if i == 0 else [], args.gate)
            totals[t].update(tally)
            line.append(f"@{t}: +{tally['gained']} -{tally['false']} drop {tally['dropped false']}/{tally['dropped right']}")
        print(f"{'+'.join(fold):<32} {len(held):>3} reports  " + "  ".join(line))
    for t, tally in totals.items():
        print(f"all folds @{t}: gained {tally['gained']}, false {tally['false']}, repeat {tally['repeat']}; "
              f"rule names dropped: false {tally['dropped false']}, right {tally['dropped right']}")
    for line in shown[:args.show]:
        print(line)


if __name__ == "__main__":
    main()
