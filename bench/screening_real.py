"""Screening at list scale: every real list file loaded, a varied query set built from them, factions
against nomenklatura logic-v2 with nomenklatura's own blocking index, same lists, same run.

    python bench/screening.py --real            # the full query set (about 1,600 queries)
    python bench/screening.py --real --quick    # 300 queries, for development
    python bench/screening.py --real --verbose  # also list factions' errors

Lists: ../shared/data/lists (see SOURCES.md there): the OFAC SDN trios of 2021-04-25 and
2024-05-03, OFAC's non-SDN consolidated XML, the UN consolidated XML, plus the shipped
lists, imported with `factions lists import` into a temporary store. Both screeners get
the store's designations (one row per entry and listing interval).

Queries (seeded, deterministic), each with the date it is asked for:
- alias:      an entry's alias as written;
- variant:    a name re-spelled: case, hyphens, al-/el-, straight/curly apostrophes,
              a dropped letter in a long word, "LAST, First" turned round;
- arabic:     a UN entry's Arabic-script name;
- homonym:    a name that two or more different entries carry (any of them is right);
- negative:   a hard negative: a listed name with its most distinctive word swapped for
              another entry's, or a person's given names with another person's surname;
              listed under no name;
- delisted:   an entry in the 2021 edition and not in the 2024 one, asked on 2024-05-03
              (nothing is right, unless another entry in force carries the name) and on
              2021-04-25 (the entry is right);
- added:      an entry new in 2024, asked on 2021-04-25 (nothing is right).
An answer is right when it is an entry that carries the source name (exact, case and
spacing aside) and is in force on the date; "nothing" is right when no such entry exists.

nomenklatura: one Person / Organization per designation (name + alias) in a MemoryStore,
`nomenklatura.blocker.Index` built over them; all queries matched in one batch
(`Index.match_entities`, its candidates per query), then `LogicV2.compare` against each
candidate in force on the date; best >= 0.70 (yente's threshold) is the answer. Its time
per query is its share of the batch blocking plus its own comparisons.
factions: `Screener` over the index persisted in the store (what `factions screen --db`
reads), one query after the other; time per query measured around each call.
"""
from __future__ import annotations

import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LISTS = ROOT.parent / "shared" / "data" / "lists"
OLD, NEW, LATE = "2021-04-25", "2024-05-03", "2024-09-30"
NK_THRESHOLD = 0.70
CASES = ["alias", "variant", "arabic", "homonym", "negative", "delisted", "added"]
PER_CASE = {"alias": 300, "variant": 400, "arabic": 200, "homonym": 150, "negative": 300, "delisted": 200,
            "added": 100}


def norm(name: str) -> str:
    return " ".join(name.replace("\u2019", "'").lower().split())


# ------------------------------------------------------------------ lists

def load_store(db: Path) -> list:
    from factions.jobs.ingest import import_list
    from factions.store import Store

    files = [(LISTS / "ofac" / "snapshot-2021-04-25" / "sdn.csv", OLD), (LISTS / "ofac" / "sdn.csv", NEW),
             (LISTS / "ofac" / "consolidated.xml", None), (LISTS / "un" / "consolidated.xml", None)]
    for path, day in files:
        t0 = time.perf_counter()
        result = import_list(path, db, as_of=day)
        print(f"  imported {path.relative_to(LISTS)}: {result['entries']} entries, edition {result['as_of']} "
              f"({time.perf_counter() - t0:.1f}s)")
    with Store(db) as store:
        return store.designations()


# ------------------------------------------------------------------ queries

def _variants(name: str, rng: random.Random) -> list[str]:
    out = []
    if "," in name:  # "LAST, First" -> "First LAST"
        last, _, first = name.partition(",")
        out.append(f"{first.strip()} {last.strip()}")
    if re.search(r"\bAL-", name, re.I):
        out.append(re.sub(r"\b[Aa][Ll]-", "el-", name))
    if "'" in name:
        out.append(name.replace("'", "\u2019"))
    if "-" in name:
        out.append(name.replace("-", " "))
    long_words = [w for w in re.findall(r"[A-Za-z]{7,}", name)]
    if long_words:
        word = rng.choice(long_words)
        cut = rng.randrange(1, len(word) - 1)
        out.append(name.replace(word, word[:cut] + word[cut + 1:], 1))
    out.append(name.title() if name.isupper() else name.upper())
    return out


def build_queries(designations: list, size: dict[str, int], seed: int = 12) -> list[dict]:
    from factions.names import has_non_latin, name_key

    rng = random.Random(seed)
    carriers: dict[str, set[str]] = defaultdict(set)  # normalised name -> entries carrying it
    keys: set[str] = set()
    for d in designations:
        for n in d.names:
            carriers[norm(n)].add(d.id)
            keys.add(name_key(n))
    by_id = {d.id: d for d in designations}
    current = [d for d in designations if d.removed is None and d.list.startswith(("OFAC", "UN"))]
    rng.shuffle(current)
    queries: list[dict] = []

    def add(case: str, query: str, day: str, source: str | None) -> None:
        queries.append({"case": case, "query": query, "as_of": day, "source": source})

    with_alias = [d for d in current if any(not has_non_latin(a) for a in d.aliases)]
    for d in with_alias[:size["alias"]]:
        add("alias", rng.choice([a for a in d.aliases if not has_non_latin(a)]), LATE, d.name)
    n = 0
    for d in current:
        for v in _variants(d.name, rng):
            if n < size["variant"] and norm(v) != norm(d.name):
                add("variant", v, LATE, d.name)
                n += 1
                break
    arabic = [(d, a) for d in current for a in d.aliases if any("\u0600" <= c <= "\u06ff" for c in a)]
    rng.shuffle(arabic)
    for d, a in arabic[:size["arabic"]]:
        add("arabic", a, LATE, d.name)
    shared = [n for n, ids in carriers.items() if len({by_id[i].key or i for i in ids}) > 1
              and all(by_id[i].removed is None for i in ids)]
    rng.shuffle(shared)
    for n in shared[:size["homonym"]]:
        add("homonym", n.upper(), LATE, n)
    _negatives(current, keys, size["negative"], rng, add)
    gone = [d for d in designations if d.list == "OFAC-SDN" and d.removed == NEW]
    rng.shuffle(gone)
    for d in gone[:size["delisted"] // 2]:
        add("delisted", d.name, NEW, d.name)
        add("delisted", d.name, OLD, d.name)
    new = [d for d in designations if d.list == "OFAC-SDN" and d.listed == NEW]
    rng.shuffle(new)
    for d in new[:size["added"]]:
        add("added", d.name, OLD, d.name)
    for q in queries:
        q["right"] = {i for i in carriers.get(norm(q["source"]), set())} if q["source"] else set()
    return queries


def _negatives(current: list, keys: set[str], count: int, rng: random.Random, add) -> None:
    from factions.names import name_key

    orgs = [d for d in current if d.entity_type == "entity" and len(d.name.split()) >= 2]
    people = [d for d in current if d.entity_type == "individual" and "," in d.name]
    made = 0
    tries = 0
    while made < count and tries < count * 20:
        tries += 1
        if made % 2 == 0 and orgs:
            a, b = rng.sample(orgs, 2)
            words, other = a.name.split(), [w for w in b.name.split() if len(w) > 3]
            if not other:
                continue
            longest = max(range(len(words)), key=lambda i: len(words[i]))
            words[longest] = rng.choice(other)
            fake = " ".join(words)
        elif people:
            a, b = rng.sample(people, 2)
            fake = f"{b.name.split(',')[0].strip()}, {a.name.split(',', 1)[1].strip()}"
        else:
            continue
        if name_key(fake) in keys:
            continue
        add("negative", fake, LATE, None)
        made += 1


# ------------------------------------------------------------------ screeners

def run_factions(db: Path, queries: list[dict]) -> tuple[list, list[float]]:
    from factions.analyze.screening import build_screener
    from factions.resolve.screen import DEFAULT_THRESHOLD
    from factions.store import Store

    with Store(db) as store:
        screener = build_screener(store)
        screener.screen("Warm-up Organisation of Nowhere")
        preds, times = [], []
        for q in queries:
            t0 = time.perf_counter()
            found = screener.screen(q["query"], as_of=q["as_of"], limit=1)
            times.append((time.perf_counter() - t0) * 1000)
            top = found[0] if found and found[0].score >= DEFAULT_THRESHOLD else None
            preds.append((top.designation_id if top else None, top.name if top else None))
    return preds, times


def run_nomenklatura(designations: list, queries: list[dict]) -> tuple[list, list[float], float]:
    from followthemoney import Dataset, StatementEntity
    from nomenklatura.blocker import Index
    from nomenklatura.matching import LogicV2
    from nomenklatura.resolver import Linker
    from nomenklatura.store import MemoryStore

    dataset = Dataset.make({"name": "lists", "title": "lists"})
    store = MemoryStore(dataset, Linker({}))
    t0 = time.perf_counter()
    with store.writer() as writer:
        for i, d in enumerate(designations):
            ent = StatementEntity(dataset, {"schema": "Person" if d.entity_type == "individual" else "Organization",
                                            "id": f"d{i}"})
            ent.add("name", d.name)
            ent.add("alias", [a for a in d.aliases if a != d.name])
            writer.add_entity(ent)
    view = store.default_view()
    index = Index(view, Path(tempfile.mkdtemp(prefix="nk-index-")))
    index.build()
    build_s = time.perf_counter() - t0
    probes = []
    for i, q in enumerate(queries):
        ent = StatementEntity(dataset, {"schema": "LegalEntity", "id": f"q{i}"})
        ent.add("name", q["query"])
        probes.append(ent)
    t0 = time.perf_counter()
    candidates = {int(qid.id[1:]): [c.id for c, _ in cands] for qid, cands in index.match_entities(probes)}
    blocking_share = (time.perf_counter() - t0) * 1000 / max(1, len(queries))
    config = LogicV2.default_config()
    preds, times = [], []
    for i, q in enumerate(queries):
        t0 = time.perf_counter()
        best = (0.0, None)
        for cid in candidates.get(i, []):
            d = designations[int(cid[1:])]
            if (d.listed and d.listed > q["as_of"]) or (d.removed and d.removed <= q["as_of"]):
                continue
            entity = view.get_entity(cid)
            if entity is None:
                continue
            score = LogicV2.compare(probes[i], entity, config).score
            if score > best[0]:
                best = (score, d)
        times.append((time.perf_counter() - t0) * 1000 + blocking_share)
        d = best[1] if best[0] >= NK_THRESHOLD else None
        preds.append((d.id if d else None, d.name if d else None))
    return preds, times, build_s


# ------------------------------------------------------------------ scoring

def score(queries: list[dict], preds: list, by_id: dict) -> dict:
    tp = fp = fn = tn = 0
    per_case: dict[str, Counter] = defaultdict(Counter)
    errors = []
    for q, (pred, name) in zip(queries, preds):
        right = {i for i in q["right"] if by_id[i].active_on(q["as_of"])}
        ok = (pred in right) if pred else not right
        if right:
            tp += pred in right
            fn += pred not in right
            fp += bool(pred) and pred not in right
        else:
            tn += pred is None
            fp += pred is not None
        per_case[q["case"]]["right" if ok else "wrong"] += 1
        if not ok:
            errors.append((q, name))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "per_case": per_case, "errors": errors}


def pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[max(0, min(len(s) - 1, int(round(q * len(s))) - 1))]


def main(quick: bool = False, verbose: bool = False) -> int:
    if not (LISTS / "ofac" / "sdn.csv").is_file():
        print(f"the real list files are not in {LISTS}: nothing to bench")
        return 1
    sizes = {c: max(10, n // 5) for c, n in PER_CASE.items()} if quick else PER_CASE
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "lists.db"
        print("lists:")
        designations = load_store(db)
        by_id = {d.id: d for d in designations}
        print(f"  {len(designations)} designations, {sum(len(d.names) for d in designations)} names, lists: "
              + ", ".join(f"{k} {v}" for k, v in sorted(Counter(d.list for d in designations).items())))
        queries = build_queries(designations, sizes)
        print(f"queries: {len(queries)}  " + ", ".join(f"{c} {n}" for c, n in Counter(q['case'] for q in queries).items()))
        results = {}
        preds, times = run_factions(db, queries)
        results["factions"] = (score(queries, preds, by_id), times)
        preds, times, build_s = run_nomenklatura(designations, queries)
        results["nomenklatura"] = (score(queries, preds, by_id), times)
        print(f"  nomenklatura index build {build_s:.1f}s")
    for label, (m, times) in results.items():
        print(f"\n== {label}")
        print(f"  P {m['p']:.3f}  R {m['r']:.3f}  F1 {m['f1']:.3f}   (TP {m['tp']} FP {m['fp']} FN {m['fn']} TN {m['tn']})")
        print(f"  ms/query: p50 {statistics.median(times):.2f}  p95 {pct(times, 0.95):.2f}  "
              f"mean {statistics.mean(times):.2f}  max {max(times):.2f}")
    print("\nper case (right/wrong):  " + "  ".join(f"{'':>0}" for _ in ()))
    print(f"  {'case':<10}{'factions':>14}{'nomenklatura':>16}")
    for case in CASES:
        f, n = results["factions"][0]["per_case"][case], results["nomenklatura"][0]["per_case"][case]
        print(f"  {case:<10}{f['right']:>9}/{f['wrong']:<5}{n['right']:>10}/{n['wrong']:<5}")
    ft, nt = results["factions"][1], results["nomenklatura"][1]
    print(f"\nspeed: nomenklatura / factions = {pct(nt, 0.95) / pct(ft, 0.95):.1f}x at p95, "
          f"{statistics.median(nt) / statistics.median(ft):.1f}x at p50")
    print(f"F1: factions {results['factions'][0]['f1']:.3f} vs nomenklatura {results['nomenklatura'][0]['f1']:.3f}")
    if verbose:
        print("\nfactions errors:")
        for q, name in results["factions"][0]["errors"]:
            print(f"  [{q['case']}] {q['query']!r} @ {q['as_of']}: got {name!r}, source {q['source']!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main("--quick" in sys.argv, "--verbose" in sys.argv))
