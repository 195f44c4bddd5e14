"""Designation screening: factions' Screener against nomenklatura logic-v2 comparing every entry, same lists, same queries.

    python bench/screening.py                  # scores, per-case table, speed of both
    python bench/screening.py --verbose        # also list factions' errors (nomenklatura's if factions is missing)
    python bench/screening.py --nk-errors      # also list nomenklatura's errors
    python bench/screening.py --nk-prefilter   # nomenklatura scores only the entries active on as_of
    python bench/screening.py --real [--quick] # every real list file, logic-v2 with its own blocking
                                               # (bench/screening_real.py)

Queries: bench/screening_pairs.csv (query, as_of, expected, case; see bench/README_screening.md).
`expected` is the `name` of the list row a correct screener returns as its best active
match on `as_of`, or empty when nothing should match.

Scoring, per query: the prediction is the best match at or above the threshold (or
nothing). Right when it equals `expected`, or when nothing is returned and `expected`
is empty. A returned wrong entry is a false positive and, when `expected` was
non-empty, also a false negative. Precision, recall and F1 are over those counts.
A second, "lenient" line also accepts a sibling row of the same organisation
(al-Nusrah Front's six rows across US-FTO / US-SDGT / UN-1267, Kach and Kahane Chai),
because the lists carry the same names on several rows that are active together.

Lists: `factions.resolve.lists.load_shipped()`; until that module exists, a private
loader reads the package copies of us_fto.csv and other_designations.csv.

nomenklatura baseline: one followthemoney Organization per designation (name + alias
properties), built once; per query one Organization with the query as its name;
`LogicV2.compare` against every designation, entries outside the date rule
(listed <= as_of < removed; no listed date means active) dropped, best score kept.
Threshold 0.70 = yente's SCORE_THRESHOLD (nomenklatura itself ships no cut-off).

Timing: milliseconds per query, one pass, after one untimed warm-up query per screener
(so the one-time loading of name-analysis data and the designation-side caches are
not charged to the first query). Deterministic; no network.
"""
from __future__ import annotations

import argparse
import csv
import math
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PAIRS = ROOT / "bench" / "screening_pairs.csv"
DATA = ROOT / "factions" / "data"
NK_THRESHOLD = 0.70  # yente settings.SCORE_THRESHOLD
CASE_ORDER = ["exact", "spelling", "acronym", "translation", "rename",
              "as_of_before", "as_of_after_revoked", "hard_negative", "unrelated"]

# Rows that designate one organisation and are active together on many days; the
# strict score wants the row named in `expected`, the lenient score accepts any of these.
SIBLINGS = [
    {
        "al-Nusrah Front (ANF), aka Hay'at Tahrir al-Sham (HTS)",
        "al-Nusrah Front (ANF) - as alias of al-Qa'ida in Iraq",
        "al-Nusrah Front (ANF)",
        "Jabhat Fath al-Sham (JFS) - alias of al-Nusrah Front",
        "Hay'at Tahrir al-Sham (HTS) - alias of al-Nusrah Front",
        "Al-Nusrah Front for the People of the Levant",
    },
    {"Kach", "Kahane Chai (Kach)"},
]


# ------------------------------------------------------------------ lists

def _split(value: str | None) -> list[str]:
    return [a.strip() for a in (value or "").split("|") if a.strip()]


def _fallback_load() -> list:
    """Private stand-in for factions.resolve.lists.load_shipped (the two shipped CSVs)."""
    from factions.resolve.designations import Designation

    out = []
    with open(DATA / "us_fto.csv", newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            out.append(Designation(
                list="US-FTO", name=r["name"], aliases=_split(r["aliases"]),
                listed=r["designated"] or None, amended=_split(r["amendments"]),
                removed=r["revoked"] or None, notes=r["notes"] or None,
                source_file="us_fto.csv", program="FTO", entity_type="entity"))
    with open(DATA / "other_designations.csv", newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            out.append(Designation(
                list=r["list"], name=r["name"], aliases=_split(r["aliases"]),
                listed=r["listed"] or None, removed=(r.get("removed") or None),
                reference=r["reference"] or None, notes=r["notes"] or None,
                source_file="other_designations.csv", entity_type="entity"))
    return out


def load_designations() -> tuple[list, str]:
    try:
        from factions.resolve.lists import load_shipped
    except ImportError as exc:
        return _fallback_load(), f"private fallback CSV loader (factions.resolve.lists not importable: {exc})"
    return list(load_shipped()), "factions.resolve.lists.load_shipped()"


def load_pairs(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        r["expected"] = r["expected"].strip()
    return rows


def active(d, day: str) -> bool:
    """The date rule, spelled out so the baseline does not lean on factions code."""
    if d.listed and d.listed > day:
        return False
    return d.removed is None or d.removed > day


# ------------------------------------------------------------------ screeners

class NomenklaturaScreener:
    """LogicV2 against every designation; best active score at or above the threshold."""

    def __init__(self, designations: list, threshold: float, prefilter: bool = False) -> None:
        from followthemoney import model
        from nomenklatura.matching import LogicV2

        self.model = model
        self.algo = LogicV2
        self.config = LogicV2.default_config()
        self.threshold = threshold
        self.prefilter = prefilter
        self.entries = []
        for i, d in enumerate(designations):
            ent = model.make_entity("Organization")
            ent.id = f"d{i:04d}"
            ent.add("name", d.name)
            ent.add("alias", [a for a in d.aliases if a != d.name])
            self.entries.append((d, ent))
        self._n = 0

    def screen(self, query: str, as_of: str) -> tuple[str | None, float, str | None]:
        # a fresh id per query: logic-v2 memoises name analysis by entity id
        self._n += 1
        q = self.model.make_entity("Organization")
        q.id = f"q{self._n:06d}"
        q.add("name", query)
        best: tuple[float, str | None, str | None] = (0.0, None, None)
        for d, ent in self.entries:
            if self.prefilter and not active(d, as_of):
                continue
            res = self.algo.compare(q, ent, self.config)
            if not self.prefilter and not active(d, as_of):
                continue
            if res.score > best[0]:
                ft = res._explanations.get("name_match")
                best = (res.score, d.name, ft.candidate if ft is not None else None)
        if best[0] >= self.threshold:
            return best[1], best[0], best[2]
        return None, best[0], best[2]


class FactionsAdapter:
    def __init__(self, designations: list, threshold: float | None) -> None:
        from factions.resolve.screen import DEFAULT_THRESHOLD, Screener

        self.screener = Screener(designations)
        self.threshold = DEFAULT_THRESHOLD if threshold is None else threshold

    def screen(self, query: str, as_of: str):
        matches = self.screener.screen(query, as_of=as_of)
        for m in matches:  # best first, as the API promises
            if m.score >= self.threshold:
                return m.name, m.score, m
        return None, (matches[0].score if matches else 0.0), (matches[0] if matches else None)


# ------------------------------------------------------------------ scoring

def sibling_ok(pred: str | None, expected: str) -> bool:
    if not pred or not expected:
        return False
    return any(pred in g and expected in g for g in SIBLINGS)


def run(screener, pairs: list[dict]) -> dict:
    screener.screen("Warm-up Organisation of Nowhere", "2020-01-01")  # untimed warm-up
    times, preds = [], []
    for r in pairs:
        t0 = time.perf_counter()
        pred, score, extra = screener.screen(r["query"], r["as_of"])
        times.append((time.perf_counter() - t0) * 1000.0)
        preds.append((pred, score, extra))
    return {"times": times, "preds": preds}


def metrics(pairs: list[dict], preds: list, lenient: bool = False) -> dict:
    tp = fp = fn = tn = 0
    per_case: dict[str, Counter] = defaultdict(Counter)
    errors = []
    for r, (pred, score, extra) in zip(pairs, preds):
        exp = r["expected"]
        ok_name = pred == exp or (lenient and sibling_ok(pred, exp))
        if exp:
            if pred is None:
                fn += 1
                right = False
            elif ok_name:
                tp += 1
                right = True
            else:
                fp += 1
                fn += 1
                right = False
        else:
            if pred is None:
                tn += 1
                right = True
            else:
                fp += 1
                right = False
        per_case[r["case"]]["right" if right else "wrong"] += 1
        if not right:
            errors.append((r, pred, score, extra))
    p = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "p": p, "r": rc, "f1": f1,
            "per_case": per_case, "errors": errors,
            "acc": sum(c["right"] for c in per_case.values()) / max(1, len(pairs))}


def p95(xs: list[float]) -> float:
    s = sorted(xs)
    if not s:
        return 0.0
    return s[max(0, math.ceil(0.95 * len(s)) - 1)]  # nearest-rank


def report(label: str, pairs: list[dict], result: dict) -> dict:
    strict = metrics(pairs, result["preds"])
    loose = metrics(pairs, result["preds"], lenient=True)
    t = result["times"]
    print(f"\n== {label}")
    print(f"  strict : P {strict['p']:.3f}  R {strict['r']:.3f}  F1 {strict['f1']:.3f}   "
          f"(TP {strict['tp']}  FP {strict['fp']}  FN {strict['fn']}  TN {strict['tn']};  "
          f"rows right {strict['acc']:.1%})")
    print(f"  lenient: P {loose['p']:.3f}  R {loose['r']:.3f}  F1 {loose['f1']:.3f}   "
          f"(sibling rows of one organisation accepted)")
    print(f"  ms/query: mean {statistics.mean(t):.2f}  median {statistics.median(t):.2f}  "
          f"p95 {p95(t):.2f}  max {max(t):.2f}  ({len(t)} queries)")
    return strict


def print_cases(pairs: list[dict], results: dict[str, dict]) -> None:
    counts = Counter(r["case"] for r in pairs)
    cases = [c for c in CASE_ORDER if c in counts] + sorted(set(counts) - set(CASE_ORDER))
    labels = list(results)
    head = f"  {'case':<22}{'n':>5}" + "".join(f"{lab + ' right/wrong':>28}" for lab in labels)
    print("\nPer case (strict):")
    print(head)
    for c in cases:
        line = f"  {c:<22}{counts[c]:>5}"
        for lab in labels:
            pc = results[lab]["per_case"][c]
            line += f"{pc['right']:>20}/{pc['wrong']:<7}"
        print(line)


def print_errors(label: str, m: dict, factions_side: bool) -> None:
    print(f"\n{label} errors ({len(m['errors'])}):")
    for r, pred, score, extra in m["errors"]:
        exp = r["expected"] or "-"
        got = pred or "-"
        line = f"  [{r['case']}] {r['query']!r} @ {r['as_of']}: expected {exp!r}, got {got!r} ({score:.2f})"
        if factions_side and extra is not None:
            alias = getattr(extra, "matched_alias", None)
            expl = getattr(extra, "explanation", None)
            lst = getattr(extra, "list", None)
            if pred is None:
                line += f"  [best below threshold: {getattr(extra, 'name', '?')!r}]"
            line += f"  list={lst} alias={alias!r}"
            if expl:
                line += f"  ({expl})"
        elif extra:
            line += f"  via {extra!r}"
        print(line)


def main() -> int:
    if "--real" in sys.argv:
        sys.path.insert(0, str(ROOT / "bench"))
        import screening_real

        return screening_real.main(quick="--quick" in sys.argv, verbose="--verbose" in sys.argv)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=Path, default=PAIRS)
    ap.add_argument("--threshold", type=float, default=None,
                    help="factions threshold (default: factions.resolve.screen.DEFAULT_THRESHOLD)")
    ap.add_argument("--nk-threshold", type=float, default=NK_THRESHOLD)
    ap.add_argument("--nk-prefilter", action="store_true",
                    help="nomenklatura compares only entries active on as_of (default: every entry)")
    ap.add_argument("--verbose", action="store_true", help="list factions' errors")
    ap.add_argument("--nk-errors", action="store_true", help="list nomenklatura's errors")
    args = ap.parse_args()

    designations, source = load_designations()
    pairs = load_pairs(args.pairs)
    lists = Counter(d.list for d in designations)
    print(f"lists: {len(designations)} designations via {source}")
    print("  " + ", ".join(f"{k} {v}" for k, v in sorted(lists.items())))
    print(f"queries: {len(pairs)} from {args.pairs.relative_to(ROOT) if args.pairs.is_relative_to(ROOT) else args.pairs}  "
          + ", ".join(f"{c} {n}" for c, n in sorted(Counter(r['case'] for r in pairs).items(),
                                                    key=lambda kv: CASE_ORDER.index(kv[0]) if kv[0] in CASE_ORDER else 99)))
    names = {d.name for d in designations}
    missing = sorted({r["expected"] for r in pairs if r["expected"] and r["expected"] not in names})
    if missing:
        print(f"WARNING: {len(missing)} expected names are not in the loaded lists: {missing}")
    stale = [(r["query"], r["as_of"]) for r in pairs if r["expected"] and r["expected"] in names
             and not any(d.name == r["expected"] and active(d, r["as_of"]) for d in designations)]
    if stale:
        print(f"WARNING: {len(stale)} rows expect an entry that is not active on as_of: {stale}")

    results: dict[str, dict] = {}
    timings: dict[str, list[float]] = {}

    fa = None
    try:
        fa = FactionsAdapter(designations, args.threshold)
    except ImportError as exc:
        print(f"\n== factions: NOT RUN - factions.resolve.screen is not importable yet ({exc}); "
              "scoring the nomenklatura side only")
    if fa is not None:
        t0 = time.perf_counter()
        res = run(fa, pairs)
        label = f"factions Screener (threshold {fa.threshold:.2f})"
        results["factions"] = report(label, pairs, res)
        timings["factions"] = res["times"]
        print(f"  total {time.perf_counter() - t0:.1f}s")

    t0 = time.perf_counter()
    nk = NomenklaturaScreener(designations, args.nk_threshold, prefilter=args.nk_prefilter)
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    res = run(nk, pairs)
    scope = "active entries only" if args.nk_prefilter else "every entry"
    results["nomenklatura"] = report(
        f"nomenklatura logic-v2, {scope} (threshold {args.nk_threshold:.2f})", pairs, res)
    timings["nomenklatura"] = res["times"]
    print(f"  build {build * 1000:.0f} ms, total {time.perf_counter() - t0:.1f}s")

    print_cases(pairs, results)

    if "factions" in timings:
        fm, nm = statistics.mean(timings["factions"]), statistics.mean(timings["nomenklatura"])
        fp, npp = p95(timings["factions"]), p95(timings["nomenklatura"])
        print(f"\nspeed: nomenklatura / factions = {nm / fm:.1f}x on the mean, {npp / fp:.1f}x on p95"
              if fm > 0 and fp > 0 else "\nspeed: factions time too small to compare")

    if args.verbose:
        if "factions" in results:
            print_errors("factions", results["factions"], factions_side=True)
        else:
            print("\n(--verbose: factions not available; nomenklatura's errors instead)")
            print_errors("nomenklatura", results["nomenklatura"], factions_side=False)
    if args.nk_errors and not (args.verbose and "factions" not in results):
        print_errors("nomenklatura", results["nomenklatura"], factions_side=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
