"""A workbench for the relation decider: read a corpus through the rules once, then try deciders on it.

    from relation_lab import read_split, relation_scores
    train = read_split("train")            # tests/eval/train + ../shared/seed, through the rule pipeline
    dev = read_split("dev")
    scores = relation_scores(dev, bundle)  # micro P/R/F1 of relations from the project's scorer

Reading the corpus (spaCy parse and rules) is what costs; the relation decider is
cheap. So each split is read once per process, the rule readings and the event
decider's output are kept, and each decider under trial only redoes the relation
step before the scorer runs. The scores are the ones `bench/eval_gate.py` prints for
the relations of a model folder (same scorer, same extraction), so a setting found
here can be checked there. The blind test split is never read.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EVAL_DIR = ROOT / "tests" / "eval"

from eval_gate import SHARED, load_scorer  # noqa: E402  (bench/ is on the path of a bench script)
from spacy.tokens import Doc  # noqa: E402

from factions.extract.learn.bundle import ModelBundle, load_bundle  # noqa: E402
from factions.extract.learn.train import Annotated, annotated_folder  # noqa: E402
from factions.model import Document  # noqa: E402

READABLE = ("train", "dev")  # never "test": the blind split is only scored by the lead


@dataclass
class Item:
    """One annotated report after the rules: its Doc, the rule readings, and its gold."""

    name: str
    document: Document
    gold: dict[str, Any]
    doc: Doc
    rules: list


def annotated(split: str) -> list[Annotated]:
    if split not in READABLE:
        raise SystemExit(f"split {split!r} is not readable here (only {', '.join(READABLE)})")
    found = annotated_folder(EVAL_DIR / split)
    if split == "train":
        found += annotated_folder(SHARED / "seed")  # the seed is training data, as `factions train` reads it
    return found


def read_split(split: str, *, limit: int | None = None) -> list[Item]:
    """The split through the rule pipeline, with the shipped event decider already applied."""
    from factions.extract.pipeline import build_pipeline, prepare

    nlp = build_pipeline(rules_only=True)
    events = _event_decider()
    items = annotated(split)[:limit]
    out = []
    for a, doc in zip(items, nlp.pipe((prepare(nlp, a.document) for a in items), batch_size=8)):
        if events is not None:
            events(doc)  # events do not depend on relations: decided once
        out.append(Item(a.name, a.document, a.gold, doc, list(doc._.relations or [])))
    return out


def _event_decider() -> Any:
    from factions.extract.event_model import EventDecider
    from factions.extract.pipeline import build_pipeline

    decider = EventDecider(build_pipeline(rules_only=True), "")
    return decider if decider.bundle is not None else None


_DECIDERS: dict[int, Any] = {}


def decide(item: Item, bundle: ModelBundle | None) -> Doc:
    """The item's Doc with the relation step redone by `bundle` (None: the rule readings alone)."""
    from factions.extract.pipeline import build_pipeline
    from factions.extract.relation_model import RelationDecider

    doc = item.doc
    doc._.relations = list(item.rules)
    if bundle is None:
        return doc
    decider = _DECIDERS.get(id(bundle))
    if decider is None:
        decider = RelationDecider(build_pipeline(rules_only=True), "")
        decider.bundle = bundle
        _DECIDERS.clear()
        _DECIDERS[id(bundle)] = decider
    return decider(doc)


def relation_scores(items: list[Item], bundle: ModelBundle | None, scorer: Any = None) -> dict[str, Any]:
    """The scorer's relation counts and P/R/F1 over the items, decided by `bundle`."""
    from factions.extract.pipeline import to_extraction

    scorer = scorer or load_scorer()
    total: dict = {}
    for item in items:
        doc = decide(item, bundle)
        pred = to_extraction(item.document, doc, identity=("lab", "0")).to_json()
        scorer.add(total, scorer.score_doc(pred, item.gold))
    return scorer.report(total)["relations"]


def shipped() -> ModelBundle:
    bundle = load_bundle(None)
    if bundle is None:
        raise SystemExit("no shipped model in factions/data/models")
    return bundle


def fmt(res: dict[str, Any]) -> str:
    return (f"P {res['precision']:.3f}  R {res['recall']:.3f}  F1 {res['f1']:.3f}  "
            f"({res['tp']} right of {res['predicted']}, {res['gold']} in gold)")
