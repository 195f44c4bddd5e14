"""Evaluation gate: score the extractor on our own corpus (tests/eval/{train,dev,test}) and the seed.

    python bench/eval_gate.py            # print scores per corpus
    python bench/eval_gate.py --check    # also compare with tests/eval/floors.json, exit 1 below a floor
    python bench/eval_gate.py --verbose  # list misses and false hits per file
    python bench/eval_gate.py --model models/ --corpus ../main/tests/eval --splits dev
                                         # another trained model, another corpus folder, chosen splits
    python bench/eval_gate.py --splits dev --by-predicate --by-theatre
                                         # also relations per predicate, and every metric per theatre
                                         # (the file name's prefix: syr_, irq_, nga_ ...)

Floors are pinned on dev, test and the seed (`--write-floors`), never on train.
Scores come from ../shared/eval/score.py (the project's scorer), run in-process
so the spaCy model loads once. Each split is reported on its own: train (what rules
and models are fitted on), dev (what they are tuned on), test (written blind by a
helper that never saw the extractor; only ever scored), and the seed. Floors are pinned in tests/eval/floors.json; the
gate fails when a micro-F1 falls more than TOLERANCE below its floor. Raise the
floors as scores rise (`--write-floors`).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = ROOT / "tests" / "eval"
SHARED = ROOT.parent / "shared"
FLOORS = EVAL_DIR / "floors.json"
TOLERANCE = 0.02
METRICS = ("entities", "aliases", "relations", "events")
SPLITS = ("train", "dev", "test")


def load_scorer():
    path = SHARED / "eval" / "score.py"
    if not path.exists():
        raise SystemExit(f"scorer not found at {path}: the shared/ folder must sit beside the repository")
    spec = importlib.util.spec_from_file_location("factions_score", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def corpus_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in {".txt", ".html", ".md"}
                  and (folder / f"{p.stem}.gold.json").exists())


def corpora(eval_dir: Path = EVAL_DIR, splits: tuple[str, ...] = (*SPLITS, "seed")) -> dict[str, list[Path]]:
    """Every split of the corpus, and the seed, by name (only the splits asked for are listed)."""
    found = {split: corpus_files(eval_dir / split) for split in SPLITS if split in splits}
    if "seed" in splits:
        found["seed"] = corpus_files(SHARED / "seed")
    return found


def theatre(path: Path) -> str:
    return path.name.split("_", 1)[0]


def only_predicate(doc: dict, predicate: str) -> dict:
    return {**doc, "relations": [r for r in doc.get("relations", []) if r.get("predicate") == predicate]}


def score_corpus(files: list[Path], scorer, verbose: bool = False,
                 breakdown: dict[str, dict] | None = None) -> dict:
    """Micro scores over the files. `breakdown`, when given, is filled with per-theatre totals
    ("theatre:syr") and per-predicate relation totals ("predicate:ally_of"): the relation keys the
    scorer matches include the predicate, so scoring both sides restricted to one predicate counts
    exactly that predicate's hits, misses and false hits."""
    from factions.extract.pipeline import extract
    from factions.ingest import load_document

    total: dict = {}
    for path in files:
        gold = json.loads((path.parent / f"{path.stem}.gold.json").read_text(encoding="utf-8"))
        pred = extract(load_document(path)).to_json()
        part = scorer.score_doc(pred, gold, verbose, path.name)
        scorer.add(total, part)
        if breakdown is not None:
            scorer.add(breakdown.setdefault(f"theatre:{theatre(path)}", {}), part)
            for predicate in {r["predicate"] for r in gold.get("relations", [])} | {
                    r.get("predicate") for r in pred.get("relations", [])}:
                one = scorer.score_doc(only_predicate(pred, predicate), only_predicate(gold, predicate))
                scorer.add(breakdown.setdefault(f"predicate:{predicate}", {}), one)
    return scorer.report(total)


def print_breakdown(breakdown: dict[str, dict], scorer, by_predicate: bool, by_theatre: bool) -> None:
    reports = {key: scorer.report(total) for key, total in sorted(breakdown.items())}
    if by_predicate:
        print("  relations by predicate (P / R / F1, gold count):")
        for key, res in reports.items():
            v = res["relations"]
            if key.startswith("predicate:") and v["gold"] + v["predicted"]:
                print(f"    {key[10:]:24s} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}  ({v['gold']} in gold)")
    if by_theatre:
        print("  by theatre (F1 of entities / alias recall / relations F1 / events F1):")
        for key, res in reports.items():
            if key.startswith("theatre:"):
                print(f"    {key[8:]:6s} " + " / ".join(
                    f"{res[k]['f1' if k != 'aliases' else 'recall']:.3f}" for k in METRICS))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--write-floors", action="store_true", help="pin the current scores as the new floors")
    ap.add_argument("--only", help="substring of file names to score")
    ap.add_argument("--corpus", type=Path, default=EVAL_DIR, help="folder holding train/, dev/, test/")
    ap.add_argument("--splits", default=",".join((*SPLITS, "seed")), help="comma-separated splits to score")
    ap.add_argument("--model", help="trained model folder (default: the shipped one)")
    ap.add_argument("--by-predicate", action="store_true", help="relations scored per predicate")
    ap.add_argument("--by-theatre", action="store_true", help="every metric per theatre (file name prefix)")
    args = ap.parse_args()
    scorer = load_scorer()
    if args.model:
        from factions.extract.pipeline import select_model
        select_model(args.model)
    found = corpora(args.corpus, tuple(args.splits.split(",")))
    if args.only:
        found = {k: [f for f in v if args.only in f.name] for k, v in found.items()}
    breakdowns: dict[str, dict] = {name: {} for name in found}
    wanted = args.by_predicate or args.by_theatre
    results = {name: score_corpus(files, scorer, args.verbose, breakdowns[name] if wanted else None)
               for name, files in found.items() if files}
    for name, res in results.items():
        print(f"[{name}] {len(found[name])} files")
        for k in METRICS:
            v = res[k]
            print(f"  {k:10s} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}  "
                  f"({v['tp']} right of {v['predicted']}, {v['gold']} in gold)")
        print(f"  required   {res['required']['found']}/{res['required']['of']}")
        if wanted:
            print_breakdown(breakdowns[name], scorer, args.by_predicate, args.by_theatre)
    if args.write_floors:
        # train is what the models were fitted on: its scores say nothing about new reports, so no floor
        floors = {name: {k: res[k]["f1"] for k in METRICS} for name, res in results.items() if name != "train"}
        FLOORS.write_text(json.dumps(floors, indent=2) + "\n", encoding="utf-8")
        print(f"floors written to {FLOORS}")
    if args.check:
        floors = json.loads(FLOORS.read_text(encoding="utf-8"))
        failures = [f"{name}.{k}: F1 {results[name][k]['f1']:.3f} < floor {floor:.3f} - {TOLERANCE}"
                    for name, pinned in floors.items() if name in results
                    for k, floor in pinned.items() if results[name][k]["f1"] < floor - TOLERANCE]
        for line in failures:
            print("BELOW FLOOR", line)
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
