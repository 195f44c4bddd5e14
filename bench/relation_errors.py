"""What limits relation recall: candidate pairs (both ends named in the sentence) or the decisions on them.

    python bench/relation_errors.py                  # dev, the shipped model
    python bench/relation_errors.py --split train --model models/
    python bench/relation_errors.py --quick          # the first 15 reports only

For every gold relation (counted as the scorer counts them: subject, predicate,
object, negation) it looks for a candidate pair in its evidence sentence whose two
clusters are the two gold actors, and sorts the relation into one row:

- no evidence sentence: the evidence text is not found in the extracted text;
- an end not in the report / not in the sentence: the actor is never named (or not
  resolved to a cluster), or not named in the evidence sentence (a reference the
  rules do not resolve, a pronoun, a name spelled differently);
- a candidate: then what the decider does with it: `right` (a rule reading or a
  model label at or above the threshold is the gold predicate and direction),
  `below threshold` (the gold label is the model's likeliest non-none label but under
  the threshold), `wrong predicate`, `wrong direction` (the gold predicate the other
  way round is preferred).

The last column says how many the scorer counted as found in the end (a relation
stated again in another sentence can be found there). A second table splits the
predicted relations by who added them (rule or model) into right and false, the
precision side.
"""
from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from relation_lab import Item, fmt, load_scorer, read_split, relation_scores, shipped

from factions.extract.learn.align import GoldActors, evidence_sentences, resolve_same_sentence
from factions.extract.learn.bundle import ModelBundle, load_bundle
from factions.extract.learn.pairs import direction_label, sentence_pairs, split_label
from factions.model import SYMMETRIC_PREDICATES

ROWS = ("no evidence sentence", "an end not in the report", "an end not in the sentence",
        "candidate: right", "candidate: below threshold", "candidate: wrong predicate",
        "candidate: wrong direction")


def gold_relations(gold: dict, actors: GoldActors) -> list[tuple[tuple, dict]]:
    """(key, relation) per gold relation, deduplicated like the scorer (a symmetric pair once)."""
    out: dict[tuple, dict] = {}
    for r in resolve_same_sentence(gold.get("relations") or []):
        if r.get("rejected"):
            continue
        s, o = actors.find(r.get("subject", "")), actors.find(r.get("object", ""))
        key = (s, r["predicate"], o, bool(r.get("negated")))
        if r["predicate"] in SYMMETRIC_PREDICATES and (o, r["predicate"], s, key[3]) in out:
            continue
        out.setdefault(key, r)
    return list(out.items())


def _decision(label: str, probs: dict[str, float], rules: list, cand, threshold: float) -> str:
    predicate, a_first = split_label(label)
    for r in rules:
        if direction_label(r.predicate, r.subject == cand.a) == label:
            return "candidate: right"
    if probs.get(label, 0.0) >= threshold:
        return "candidate: right"
    ranked = sorted((p, lab) for lab, p in probs.items() if lab != "none")
    top = ranked[-1][1] if ranked else "none"
    if top == label:
        return "candidate: below threshold"
    reverse = direction_label(predicate, not a_first)
    if top == reverse and reverse != label:
        return "candidate: wrong direction"
    return "candidate: wrong predicate"


def diagnose(items: list[Item], bundle: ModelBundle, scorer) -> tuple[dict, dict, Counter]:
    """rows -> [count, found]; per predicate -> Counter of rows; precision counts by source."""
    from relation_lab import decide

    rows: dict[str, list[int]] = {r: [0, 0] for r in ROWS}
    by_predicate: dict[str, Counter] = defaultdict(Counter)
    precision: Counter = Counter()
    threshold = bundle.thresholds["relation"]
    for item in items:
        doc = decide(item, bundle)
        actors = GoldActors(item.gold)
        clusters = doc._.clusters or []
        gold_of = {i: actors.of_cluster(c) for i, c in enumerate(clusters)}
        found_keys = _found(doc, gold_of)
        gold = gold_relations(item.gold, actors)
        gold_keys = {k for k, _ in gold}
        for r in doc._.relations or []:
            key = (gold_of.get(r.subject), r.predicate, gold_of.get(r.object), r.negated)
            alt = (key[2], key[1], key[0], key[3])
            right = key in gold_keys or (r.predicate in SYMMETRIC_PREDICATES and alt in gold_keys)
            precision[("model" if r.rule == "model" else "rule", right)] += 1
        for key, rel in gold:
            s, _, o, _ = key
            row = _row(doc, item, rel, s, o, gold_of, bundle, threshold)
            hit = key in found_keys or (rel["predicate"] in SYMMETRIC_PREDICATES and (o, key[1], s, key[3]) in found_keys)
            rows[row][0] += 1
            rows[row][1] += int(hit)
            by_predicate[rel["predicate"]][row] += 1
            by_predicate[rel["predicate"]]["found"] += int(hit)
    return rows, by_predicate, precision


def _found(doc, gold_of: dict) -> set[tuple]:
    return {(gold_of.get(r.subject), r.predicate, gold_of.get(r.object), r.negated) for r in doc._.relations or []}


def _row(doc, item: Item, rel: dict, s, o, gold_of: dict, bundle: ModelBundle, threshold: float) -> str:
    sents = evidence_sentences(doc, rel.get("evidence", ""))
    if not sents:
        return "no evidence sentence"
    present = set(gold_of.values())
    if s is None or o is None or s not in present or o not in present:
        return "an end not in the report"
    best = None
    for bounds in sents:
        for cand in sentence_pairs(doc, bounds, doc._.mentions or [], doc._.clusters or [], item.rules):
            ga, gb = gold_of[cand.a], gold_of[cand.b]
            if {ga, gb} != {s, o} or ga == gb:
                continue
            label = direction_label(rel["predicate"], ga == s)
            probs = bundle.relations.probabilities(cand.features)
            decision = _decision(label, probs, cand.rules, cand, threshold)
            if best is None or ROWS.index(decision) < ROWS.index(best):
                best = decision
    return best or "an end not in the sentence"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="dev", choices=("train", "dev"))
    ap.add_argument("--model", type=Path, help="a trained model folder (default: the shipped one)")
    ap.add_argument("--quick", action="store_true", help="the first 15 reports only")
    args = ap.parse_args()
    bundle = load_bundle(args.model) if args.model else shipped()
    assert bundle is not None
    scorer = load_scorer()
    items = read_split(args.split, limit=15 if args.quick else None)
    rows, by_predicate, precision = diagnose(items, bundle, scorer)
    total = sum(n for n, _ in rows.values())
    print(f"[{args.split}] {len(items)} reports, {total} gold relations; threshold {bundle.thresholds['relation']}")
    print(f"  {'row':32s} {'gold':>5s} {'share':>6s} {'found':>6s}")
    for row in ROWS:
        n, hit = rows[row]
        print(f"  {row:32s} {n:5d} {n / max(total, 1):6.1%} {hit:6d}")
    print("\n  per predicate: gold | candidate | right | below th | wrong pred | wrong dir | found")
    for predicate in sorted(by_predicate, key=lambda p: -sum(v for k, v in by_predicate[p].items() if k != "found")):
        c = by_predicate[predicate]
        n = sum(v for k, v in c.items() if k != "found")
        cand = sum(v for k, v in c.items() if k.startswith("candidate"))
        print(f"  {predicate:24s} {n:4d} {cand:9d} {c['candidate: right']:7d} {c['candidate: below threshold']:8d} "
              f"{c['candidate: wrong predicate']:10d} {c['candidate: wrong direction']:9d} {c['found']:6d}")
    print("\n  predicted (by cluster, before the scorer's name matching): right / false")
    for source in ("rule", "model"):
        print(f"  {source:6s} {precision[(source, True)]:5d} / {precision[(source, False)]:5d}")
    print(f"\n  scorer: relations {fmt(relation_scores(items, bundle, scorer))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
