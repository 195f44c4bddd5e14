"""Actor and alias errors on the corpus, grouped by cause.

    python bench/actor_errors.py                       # train + dev, counts per cause and the examples
    python bench/actor_errors.py --splits dev --top 40 # one split, more examples per cause
    python bench/actor_errors.py --only lbn_           # files whose name contains a substring
    python bench/actor_errors.py --skip syr_,irq_      # all but the files whose names start so

Causes (judged with the scorer's own name key, `../shared/eval/score.py`):
  missed entities   not in catalog + never found  - no mention covers any form of the gold actor and
                                                     the catalog knows none of its forms
                    in catalog, not matched       - the catalog knows a form, the text writes another
                    shape not caught              - a form occurs in the text, no mention covers it
                    wrong split or merge          - a mention overlaps a form but its text is another
                    kind wrong                    - found, but as a place or weapon
                    merged into another actor     - its forms sit in a predicted actor matched to
                                                     another gold actor
  false hits        cut or extended name          - overlaps a gold form of the report
                    not an actor in gold          - anything else
  alias misses      form not found                - a gold alias that no predicted actor carries
                    form not linked               - carried by another predicted actor (split cluster)

The blind split (tests/eval/test) is never read: only train and dev are allowed here.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from eval_gate import EVAL_DIR, corpus_files, load_scorer  # noqa: E402

ACTOR_KINDS = {"armed_group", "state", "state_forces", "state_agency", "coalition", "political_org", "media", "person"}
ALLOWED_SPLITS = ("train", "dev")


def _occurrences(text: str, form: str) -> list[tuple[int, int]]:
    out, low, f = [], text.lower(), form.lower()
    i = low.find(f)
    while f and i >= 0:
        out.append((i, i + len(f)))
        i = low.find(f, i + 1)
    return out


def analyse(path: Path, scorer, errors: dict[str, list[str]], total: dict) -> None:
    from factions.extract.pipeline import extract
    from factions.extract.resources import catalog
    from factions.ingest import load_document

    gold = json.loads((path.parent / f"{path.stem}.gold.json").read_text(encoding="utf-8"))
    out = extract(load_document(path)).to_json()
    scorer.add(total, scorer.score_doc(out, gold))
    text = out.get("document", {}).get("text", "")
    cl = scorer.Clusters(gold)
    norm = scorer.norm
    ents = out.get("entities", [])
    actors = [e for e in ents if e.get("kind") in ACTOR_KINDS]
    other = [e for e in ents if e.get("kind") not in ACTOR_KINDS]
    cat = catalog()
    tag = path.stem[:38]

    def forms(e: dict) -> list[str]:
        return [e.get("name", ""), *e.get("aliases", [])]

    def spans(e: dict) -> list[tuple[int, int]]:
        return [tuple(s) for s in e.get("mentions", [])]

    matched: dict[int, dict] = {}
    for e in actors:
        idx = cl.find(*forms(e))
        if idx is None:
            covered = [text[s:t] for s, t in spans(e)]
            gold_forms = [f for item in gold.get("groups", []) + gold.get("persons", [])
                          for f in [item["name"], *item.get("aliases", [])]]
            overlap = any(norm(f) and (norm(f) in norm(c) or norm(c) in norm(f)) for f in gold_forms for c in covered)
            cause = "false: cut or extended name" if overlap else "false: not an actor in gold"
            errors[cause].append(f"{tag}: {e['name']!r} ({e['kind']})")
        elif idx not in cl.optional:
            matched.setdefault(idx, e)
    items = gold.get("groups", []) + gold.get("persons", [])
    for item in items:
        idx = cl.find(item["name"])
        if idx is None or idx in cl.optional:
            continue
        gforms = [item["name"], *item.get("aliases", [])]
        keys = {norm(f) for f in gforms} - {""}
        if idx not in matched:
            errors[_miss_cause(text, gforms, keys, actors, other, cl, idx, norm, cat)].append(
                f"{tag}: {item['name']!r} [{', '.join(item.get('aliases', []))}]")
            continue
        if len(keys) < 2:
            continue
        best = max((e for e in actors if cl.find(*forms(e)) == idx),
                   key=lambda e: len(keys & {norm(f) for f in forms(e)}))
        got = {norm(f) for f in forms(best)}
        for f in gforms:
            k = norm(f)
            if not k or k in got:
                continue
            elsewhere = [e["name"] for e in ents if k in {norm(x) for x in forms(e)}]
            cause = "alias: form not linked" if elsewhere else "alias: form not found"
            present = "in text" if _occurrences(text, f) else "not in text"
            errors[cause].append(f"{tag}: {f!r} of {item['name']!r} ({present}"
                                 + (f"; carried by {elsewhere[0]!r})" if elsewhere else ")"))


def _miss_cause(text, gforms, keys, actors, other, cl, idx, norm, cat) -> str:  # noqa: ANN001
    for e in other:
        if keys & {norm(f) for f in [e.get("name", ""), *e.get("aliases", [])]}:
            return "missed: kind wrong"
    for e in actors:
        if keys & {norm(f) for f in [e.get("name", ""), *e.get("aliases", [])]}:
            return "missed: merged into another actor"
    occ = [o for f in gforms for o in _occurrences(text, f)]
    in_catalog = any(cat.lookup(f) for f in gforms)
    if not occ:
        return "missed: in catalog, not matched" if in_catalog else "missed: not in catalog + never found"
    for e in actors + other:
        for s, t in (tuple(x) for x in e.get("mentions", [])):
            if any(s < b and a < t for a, b in occ):
                return "missed: wrong split or merge"
    return "missed: shape not caught (in catalog)" if in_catalog else "missed: shape not caught"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--splits", default="train,dev", help="comma-separated, of: train, dev")
    ap.add_argument("--only", help="substring of file names")
    ap.add_argument("--skip", default="", help="comma-separated file-name prefixes to leave out")
    ap.add_argument("--top", type=int, default=15, help="examples printed per cause")
    args = ap.parse_args()
    splits = args.splits.split(",")
    bad = [s for s in splits if s not in ALLOWED_SPLITS]
    if bad:
        raise SystemExit(f"only {', '.join(ALLOWED_SPLITS)} may be analysed here, not {', '.join(bad)}")
    scorer = load_scorer()
    errors: dict[str, list[str]] = defaultdict(list)
    total: dict = {}
    for split in splits:
        for path in corpus_files(EVAL_DIR / split):
            if args.only and args.only not in path.name:
                continue
            if any(path.name.startswith(p) for p in args.skip.split(",") if p):
                continue
            analyse(path, scorer, errors, total)
    counts = Counter({k: len(v) for k, v in errors.items()})
    for cause, n in sorted(counts.items()):
        print(f"== {cause}: {n}")
        for line in errors[cause][:args.top]:
            print("   ", line)
    scores = scorer.report(total)
    for metric in ("entities", "aliases"):
        v = scores[metric]
        print(f"{metric}: P {v['precision']:.3f} R {v['recall']:.3f} F1 {v['f1']:.3f} ({v['tp']} of {v['gold']} in gold)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
