"""Which gold relations lack a named end in their evidence sentence, and what the missing end looks like.

    python bench/reference_gaps.py                 # train + dev, counts per class
    python bench/reference_gaps.py --splits dev --show pronoun,list   # list the sentences of these classes
    python bench/reference_gaps.py --quick         # the first 40 files of each split

Every gold relation of train and dev is placed in its evidence sentence (the
training aligner's reading). Each end is then `named` (a name mention of the
sentence maps to the gold actor), `resolved` (only a reference mention does, as
the rule pipeline's `factions_reference` put it there), `unseen-name` (a form of
the actor's name is in the sentence text but no mention maps to it: a names
problem, not a reference one), `implicit:<how>` (no mention, but implicit.py
gives the sentence's candidate pairs that end: the report's topic for a
subject-less sentence, a government for its titled head), or missing. A missing end is classed by the
words of the sentence that could stand for it, in this order: plural ("both
groups", "the two factions", "each other"), possessive description ("al Qaeda's
Syrian branch", "its parent"), descriptive NP ("the jihadist group", "the
rebels"), pronoun, relative clause ("which", "who"), apposition, list, a
sentence without a subject (a profile's field), other; a reference mention the
pipeline resolved to an actor that is neither end is `wrong-pronoun` or
`wrong-description`. The last column of the ends table counts the missing ends that are
the report's topic (implicit.report_topic): what a topic end for every sentence could reach.
The blind test split is never read.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from spacy.tokens import Span

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = ROOT / "tests" / "eval"
PLURAL_DETS = {"both", "two", "three", "four", "several", "these", "those"}
PRONOUNS = {"it", "its", "itself", "they", "them", "their", "themselves"}
DESCRIPTOR_HEADS = {"group", "groups", "organization", "organisation", "movement", "militia", "faction", "coalition",
                    "alliance", "outfit", "network", "rebels", "fighters", "jihadists", "militants", "insurgents",
                    "front", "force", "forces", "army", "regime", "government", "party", "insurgency", "mujahideen",
                    "extremists", "terrorists", "islamists", "affiliate", "branch", "franchise", "umbrella"}
RELATIONAL_HEADS = {"branch", "affiliate", "franchise", "wing", "offshoot", "arm", "province", "parent", "chapter",
                    "ally", "allies", "backer", "backers", "patron", "sponsor", "proxy", "rival", "rivals", "leader",
                    "successor", "predecessor", "splinter"}


def phrase_class(sent: Span, taken: set[int]) -> str:
    """The first class of reference phrase among the sentence's words that no mention covers."""
    toks = [t for t in sent if t.i not in taken]
    low = [t.lower_ for t in toks]
    for t in toks:
        if t.lower_ == "each" and t.i + 1 < sent.end and t.doc[t.i + 1].lower_ == "other":
            return "plural"
        if t.lower_ in PLURAL_DETS and t.head.lower_ in DESCRIPTOR_HEADS | {"sides", "parties", "factions",
                                                                             "organisations", "organizations"}:
            return "plural"
    for t in toks:
        if t.lower_ in RELATIONAL_HEADS or t.lemma_.lower() in RELATIONAL_HEADS:
            if any(c.dep_ == "poss" for c in t.children) or any(
                    c.dep_ == "prep" and c.lower_ == "of" for c in t.children):
                return "possessive"
    for t in toks:
        if t.lower_ in DESCRIPTOR_HEADS and any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"}
                                                 for c in t.children):
            return "descriptive"
    if any(w in PRONOUNS for w in low):
        return "pronoun"
    if any(t.tag_ in {"WDT", "WP", "WP$"} for t in toks):
        return "relative"
    if any(t.dep_ == "appos" for t in toks):
        return "apposition"
    if any(t.dep_ == "conj" for t in toks):
        return "list"
    if not any(t.dep_ in {"nsubj", "nsubjpass"} for t in sent):
        return "no-subject"  # a profile's field ("Founded by X.", "Designated an FTO in 2018.")
    return "other"


def classify_missing(sent: Span, here: list, wrong: list) -> str:
    """A missing end: a reference the pipeline resolved to another actor, else the phrase that could stand for it."""
    if wrong:
        m = wrong[0]
        low = m.text.lower()
        return "wrong-pronoun" if low in PRONOUNS else "wrong-description"
    return phrase_class(sent, {i for m in here for i in range(m.start, m.end)})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--splits", nargs="+", default=["train", "dev"], choices=["train", "dev"])
    ap.add_argument("--quick", action="store_true", help="first 40 files of each split")
    ap.add_argument("--show", help="print the sentences of these classes, comma-separated (e.g. pronoun,plural)")
    args = ap.parse_args()
    from factions.extract.implicit import implicit_ends, report_topic
    from factions.extract.learn.align import GoldActors, evidence_sentences, gold_key, resolve_same_sentence
    from factions.extract.syntax import ACTOR_KINDS
    from factions.extract.pipeline import build_pipeline, prepare
    from factions.ingest import load_document

    nlp = build_pipeline(rules_only=True)
    ends: Counter[str] = Counter()
    relations: Counter[str] = Counter()
    candidates: Counter[str] = Counter()
    topical: Counter[str] = Counter()  # missing ends that are the report's topic, by class
    for split in args.splits:
        folder = EVAL_DIR / split
        files = sorted(p for p in folder.iterdir() if p.suffix in {".txt", ".html", ".md"}
                       and (folder / f"{p.stem}.gold.json").exists())
        for path in files[:40] if args.quick else files:
            gold = json.loads((folder / f"{path.stem}.gold.json").read_text(encoding="utf-8"))
            doc = nlp(prepare(nlp, load_document(path)))
            actors = GoldActors(gold)
            gold_of = {i: actors.of_cluster(c) for i, c in enumerate(doc._.clusters or [])}
            main = report_topic(doc, doc._.clusters or [])
            main_gold = gold_of.get(main) if main is not None else None
            for r in resolve_same_sentence(gold.get("relations") or []):
                if r.get("rejected"):
                    continue
                sents = evidence_sentences(doc, r.get("evidence", ""))
                if not sents:
                    relations["no-sentence"] += 1
                    continue
                start, end = sents[0]
                sent = doc[start:end]
                here = [m for m in doc._.mentions if start <= m.start < end and m.cluster is not None]
                named = {}
                for m in here:
                    if doc._.clusters[m.cluster].kind in ACTOR_KINDS:
                        named.setdefault(m.cluster, m)
                implied = implicit_ends(doc, (start, end), named, doc._.clusters, here)
                state = []
                for side in ("subject", "object"):
                    g = actors.find(r.get(side, ""))
                    maps = [m for m in here if g is not None and gold_of.get(m.cluster) == g]
                    if any(not m.generic for m in maps):
                        state.append("named")
                    elif maps:
                        state.append("resolved")
                    elif any(gold_of.get(c) == g for c in implied):
                        # no mention, but an implied end (implicit.py) gives the pair a candidate anyway
                        state.append("implicit:" + next(m.source for c, m in implied.items() if gold_of.get(c) == g))
                    elif g is not None and any(f" {k} " in f" {gold_key(sent.text)} " for k in actors.forms[g]):
                        state.append("unseen-name")
                    else:
                        other_ends = {actors.find(r.get(x, "")) for x in ("subject", "object")} - {g}
                        wrong = [m for m in here if m.generic and gold_of.get(m.cluster) not in other_ends]
                        state.append(classify_missing(sent, here, wrong))
                        if g is not None and g == main_gold:
                            topical[state[-1]] += 1
                for s in state:
                    ends[s] += 1
                key = "both-named" if state == ["named", "named"] else "+".join(sorted(set(state) - {"named"}))
                relations[key] += 1
                covered = all(s in {"named", "resolved"} or s.startswith("implicit:") for s in state)
                candidates["with a candidate pair" if covered else "without"] += 1
                if args.show and set(args.show.split(",")) & set(state):
                    print(f"{path.name}: {r['subject']} {r['predicate']} {r['object']} [{'/'.join(state)}]\n"
                          f"    {sent.text.strip()}")
    total = sum(relations.values())
    print(f"gold relations: {total}  (splits: {' '.join(args.splits)}{', quick' if args.quick else ''})")
    for k, v in relations.most_common():
        print(f"  {k:28s} {v:5d}  {v / max(total, 1):.1%}")
    print("  " + ", ".join(f"{k}: {v} ({v / max(total, 1):.1%})" for k, v in sorted(candidates.items())))
    print("relation ends:                      (of them the report's topic)")
    for k, v in ends.most_common():
        print(f"  {k:28s} {v:5d} {topical[k] or '':>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
