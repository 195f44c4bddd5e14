"""Why events miss: for each gold event of train/dev, is there a predicted event in its sentence, and which
field is wrong; for each false hit, why it does not match. Prints counts per cause.

    python bench/event_errors.py                     # train + dev, counts per cause
    python bench/event_errors.py --splits dev --examples 5   # a few examples per cause
    python bench/event_errors.py --cache /tmp/ev.json        # keep the predictions, re-read them next run

Matching is the project scorer's (../shared/eval/score.py): same type, a party (actor or target) in
common when gold names one, the gold place inside the predicted place. A gold event is charged to the
first field that fails among the predictions of its evidence sentence, in the order type, parties,
place; "taken" means a prediction there would match but scored another gold event (one per place,
duplicates). Never run on the blind test split.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_gate import corpora, load_scorer  # noqa: E402

from factions.extract.learn.align import resolve_same_sentence  # noqa: E402

SPLITS = ("train", "dev")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def same_sentence(gold_evidence: str, pred_evidence: str) -> bool:
    """A gold evidence is a sentence or a piece of one; a prediction's evidence is its whole sentence."""
    g, p = _flat(gold_evidence), _flat(pred_evidence)
    if not g or not p:
        return False
    return g in p or p in g or g[:60] in p


def predictions(files: list[Path], cache: Path | None, rules_only: bool) -> dict[str, dict[str, Any]]:
    stored: dict[str, dict[str, Any]] = {}
    if cache and cache.exists():
        stored = json.loads(cache.read_text(encoding="utf-8"))
    missing = [f for f in files if str(f) not in stored]
    if missing:
        from factions.extract.pipeline import build_pipeline, extract_many, prepare, to_extraction
        from factions.ingest import load_document

        if rules_only:  # what the rule reader alone proposes, before the trained deciders
            nlp = build_pipeline(rules_only=True)
            docs = [load_document(p) for p in missing]
            found = (to_extraction(d, doc) for d, doc in zip(docs, nlp.pipe(prepare(nlp, d) for d in docs)))
        else:
            found = extract_many(load_document(p) for p in missing)
        for path, ext in zip(missing, found):
            stored[str(path)] = ext.to_json()
        if cache:
            cache.write_text(json.dumps(stored), encoding="utf-8")
    return {str(f): stored[str(f)] for f in files}


def parties(ev: dict[str, Any], find: Callable[[str], int | None]) -> set[int]:
    targets = ev.get("targets") or ([ev["target"]] if ev.get("target") else [])
    return {find(a) for a in [*(ev.get("actors") or []), *targets]} - {None}


def diagnose(pred: dict[str, Any], gold: dict[str, Any], scorer) -> tuple[list[tuple[str, dict, list]],
                                                                           list[tuple[str, dict, list]]]:
    """(cause, gold event, same-sentence predictions) per gold event; (cause, prediction, gold there) per false hit."""
    cl = scorer.Clusters(gold)
    alias_of = {scorer.norm(e.get("name", "")): [e.get("name", ""), *e.get("aliases", [])]
                for e in pred.get("entities", [])}

    def resolve(name: str) -> int | None:
        return cl.find(name, *alias_of.get(scorer.norm(name), []))

    def fits_place(g: dict, p: dict) -> bool:
        return not g.get("place") or scorer.norm(g["place"]) in scorer.norm(p.get("place") or "")

    def fits_parties(g: dict, p: dict) -> bool:
        gp = parties(g, cl.find)
        return not gp or bool(gp & parties(p, resolve))

    gold_ev, pred_ev = gold.get("events", []), pred.get("events", [])
    used: dict[int, int] = {}
    matched_pred: set[int] = set()
    for i, p in enumerate(pred_ev):  # the scorer's greedy matching
        for j, g in enumerate(gold_ev):
            if j not in used and g["type"] == p.get("type") and fits_parties(g, p) and fits_place(g, p):
                used[j] = i
                matched_pred.add(i)
                break
    misses = []
    for j, g in enumerate(gold_ev):
        if j in used:
            continue
        here = [p for p in pred_ev if same_sentence(g.get("evidence", ""), p.get("evidence", ""))]
        typed = [p for p in here if p.get("type") == g["type"]]
        with_parties = [p for p in typed if fits_parties(g, p)]
        placed = [p for p in with_parties if fits_place(g, p)]
        anywhere = [p for p in pred_ev if p.get("type") == g["type"] and fits_parties(g, p) and fits_place(g, p)]
        if not here:
            cause = "no event in sentence" + (" (a match elsewhere is taken)" if anywhere else "")
        elif not typed:
            cause = "type"
        elif not with_parties:
            cause = "parties: none predicted" if not any(parties(p, resolve) for p in typed) else \
                "parties: actors not gold's"
        elif not placed:
            cause = "place: none predicted" if not any(p.get("place") for p in with_parties) else "place: other place"
        else:
            cause = "taken (one per place / duplicate)"
        misses.append((cause, g, here))
    false_hits = []
    for i, p in enumerate(pred_ev):
        if i in matched_pred:
            continue
        there = [g for g in gold_ev if same_sentence(g.get("evidence", ""), p.get("evidence", ""))]
        if not there:
            cause = "no gold event in sentence"
        elif not any(g["type"] == p.get("type") for g in there):
            cause = "type"
        elif not any(g["type"] == p.get("type") and fits_parties(g, p) for g in there):
            cause = "parties"
        elif not any(g["type"] == p.get("type") and fits_parties(g, p) and fits_place(g, p) for g in there):
            cause = "place"
        else:
            cause = "duplicate (gold already matched)"
        false_hits.append((cause, p, there))
    return misses, false_hits


def _show(ev: dict) -> str:
    targets = ev.get("targets") or ([ev["target"]] if ev.get("target") else [])
    return f"{ev.get('type')}/{ev.get('sub_event_type')} {ev.get('actors')} -> {targets} @ {ev.get('place')}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--splits", nargs="+", default=list(SPLITS), choices=SPLITS)
    ap.add_argument("--cache", type=Path, help="JSON file to keep predictions in between runs")
    ap.add_argument("--examples", type=int, default=0, help="examples to print per cause")
    ap.add_argument("--cause", help="print examples only of causes containing this text")
    ap.add_argument("--model", help="trained model folder (default: the shipped one)")
    ap.add_argument("--rules-only", action="store_true", help="score the rule reader without the trained deciders")
    args = ap.parse_args()
    scorer = load_scorer()
    if args.model:
        from factions.extract.pipeline import select_model
        select_model(args.model)
    files = [f for split, fs in corpora(splits=tuple(args.splits)).items() for f in fs]
    preds = predictions(files, args.cache, args.rules_only)
    miss_causes: Counter[str] = Counter()
    false_causes: Counter[str] = Counter()
    confusions: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    n_gold = n_pred = 0
    for f in files:
        gold = json.loads((f.parent / f"{f.stem}.gold.json").read_text(encoding="utf-8"))
        gold["events"] = resolve_same_sentence(gold.get("events") or [])
        n_gold += len(gold.get("events", []))
        n_pred += len(preds[str(f)].get("events", []))
        misses, false_hits = diagnose(preds[str(f)], gold, scorer)
        for cause, g, here in misses:
            miss_causes[cause] += 1
            if cause == "type":
                confusions[f"{g['type']} read as {', '.join(sorted({p['type'] for p in here}))}"] += 1
            examples["miss " + cause].append(f"{f.name}: GOLD {_show(g)}\n      \"{g.get('evidence', '')[:200]}\""
                                             + "".join(f"\n      PRED {_show(p)}" for p in here))
        for cause, p, there in false_hits:
            false_causes[f"{cause}: {p.get('type')}"] += 1
            examples["false " + cause].append(f"{f.name}: PRED {_show(p)}\n      \"{p.get('evidence', '')[:200]}\""
                                              + "".join(f"\n      GOLD {_show(g)}" for g in there))
    print(f"{len(files)} files ({', '.join(args.splits)}): {n_gold} gold events, {n_pred} predicted, "
          f"{n_gold - sum(miss_causes.values())} matched")
    print("gold events missed, by cause:")
    for cause, n in miss_causes.most_common():
        print(f"  {n:4d}  {cause}")
    print("type confusions (gold read as predicted):")
    for cause, n in confusions.most_common(12):
        print(f"  {n:4d}  {cause}")
    print("false hits, by cause and predicted type:")
    for cause, n in false_causes.most_common():
        print(f"  {n:4d}  {cause}")
    if args.examples:
        for cause, lines in sorted(examples.items()):
            if args.cause and args.cause not in cause:
                continue
            print(f"\n== {cause} ({len(lines)})")
            for line in lines[:args.examples]:
                print("   " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
