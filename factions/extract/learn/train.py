"""Fit the relation, event and role deciders on an annotated corpus; write them as a model folder.

    train_models(TrainingSet(...), out_dir) -> TrainingReport

The corpus is `tests/eval/` as the project lays it out (`train/`, `dev/`, `test/`,
each report beside its `<stem>.gold.json`) plus any extra annotated folders (the
seed). Documents go through the rule pipeline once; features and labels come from
`examples.py`; the three softmax models are fitted with a fixed seed, so the same
corpus always gives the same files. Curation examples (from a store, built in
`factions/jobs/train.py`) join the training split.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from factions.errors import DataError, InputError
from factions.extract.learn.bundle import DEFAULT_THRESHOLDS, ModelBundle
from factions.extract.learn.examples import Examples, document_examples
from factions.extract.learn.linear import SoftmaxModel
from factions.extract.name_model import FILE as NAME_MODEL_FILE, NameModel, name_examples
from factions.ingest import load_document
from factions.model import Document

REPORT_SUFFIXES = (".txt", ".html", ".htm", ".md")


@dataclass
class Annotated:
    """A document and its labels: a gold file's dict, or curation in the same shape with `partial` set."""

    document: Document
    gold: dict[str, Any]
    name: str
    partial: bool = False


@dataclass
class TrainingSet:
    train: list[Annotated] = field(default_factory=list)
    dev: list[Annotated] = field(default_factory=list)
    test: list[Annotated] = field(default_factory=list)


@dataclass
class TrainingReport:
    version: str
    out: Path
    seconds: float
    counts: dict[str, Any]


def annotated_folder(folder: Path) -> list[Annotated]:
    """Every report of a folder that has a gold file, in name order; a bad file is an error naming it."""
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.iterdir()):
        gold_path = folder / f"{path.stem}.gold.json"
        if path.suffix.lower() not in REPORT_SUFFIXES or not gold_path.exists():
            continue
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"{gold_path}: unreadable gold file: {exc}") from exc
        out.append(Annotated(load_document(path), gold, path.name))
    return out


def corpus(folder: Path, *, extra: Sequence[Path] = (), with_test: bool = True) -> TrainingSet:
    """The splits of `folder`; `extra` folders (the seed) join train."""
    if not (folder / "train").is_dir():
        raise InputError(f"{folder}: no train/ folder (expected train/, dev/ and optionally test/)")
    found = TrainingSet(train=annotated_folder(folder / "train"), dev=annotated_folder(folder / "dev"),
                        test=annotated_folder(folder / "test") if with_test else [])
    for more in extra:
        found.train.extend(annotated_folder(more))
    if not found.train:
        raise InputError(f"{folder}/train: no report with a gold file")
    return found


def collect(items: list[Annotated], names: list[tuple[list[str], str]] | None = None) -> Examples:
    """The deciders' examples; `names` (when given) also receives the name model's labelled candidates
    of the fully annotated documents (factions/extract/name_model.py)."""
    from factions.extract.pipeline import build_pipeline, prepare

    nlp = build_pipeline(rules_only=True)
    total = Examples()
    docs = (prepare(nlp, a.document) for a in items)
    for item, doc in zip(items, nlp.pipe(docs, batch_size=8)):
        total.extend(document_examples(doc, item.gold, partial=item.partial))
        if names is not None and not item.partial:
            names.extend(name_examples(doc, item.gold))
    return total


def _version(data: dict[str, Any]) -> str:
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()[:10]
    return f"m-{digest}"


# The relation decider's settings and threshold, chosen by 5-fold cross-validation by report on train
# (`bench/relation_tune.py`, F1 at precision >= 0.55; then confirmed on dev): lighter L2 did as well,
# heavier worse; `none` at 0.3 of the weight and weights averaged over epochs raise recall; keeping the
# features seen once raised precision (the averaged weights of a rare feature stay small).
RELATION_SETTINGS: dict[str, Any] = {"l2": 3e-3, "none_weight": 0.3, "epochs": 30, "min_count": 1, "average": True}
RELATION_THRESHOLD = 0.4


def relation_fit_settings() -> dict[str, Any]:
    return dict(RELATION_SETTINGS)


def fit_relations(examples: Examples, *, l2: float, none_weight: float, epochs: int, min_count: int,
                  average: bool) -> SoftmaxModel:
    return SoftmaxModel.fit(examples.relations, examples.relation_labels, epochs=epochs, l2=l2, min_count=min_count,
                            label_weights={"none": none_weight}, average=average)


def fit(examples: Examples) -> tuple[SoftmaxModel, SoftmaxModel, SoftmaxModel]:
    if not examples.relations or not examples.events or not examples.roles:
        raise DataError("the training split yields no relation, event or role examples")
    relations = fit_relations(examples, **RELATION_SETTINGS)
    events = SoftmaxModel.fit(examples.events, examples.event_labels, epochs=10, l2=1e-3, min_count=3)
    roles = SoftmaxModel.fit(examples.roles, examples.role_labels, epochs=15, l2=1e-3, min_count=2)
    return relations, events, roles


def train_models(data: TrainingSet, out: Path, *, thresholds: dict[str, float] | None = None) -> TrainingReport:
    started = time.perf_counter()
    name_rows: list[tuple[list[str], str]] = []
    examples = collect(data.train, name_rows)
    relations, events, roles = fit(examples)
    # a corpus whose names the rules all find leaves the name model nothing to learn: it is left out
    names = NameModel.fit(name_rows) if any(label != "none" for _, label in name_rows) else None
    counts = {"train_documents": len(data.train), "curated_documents": sum(a.partial for a in data.train),
              "relation_examples": len(examples.relations),
              "relation_labels": dict(sorted(Counter(examples.relation_labels).items())),
              "event_examples": len(examples.events), "role_examples": len(examples.roles),
              "gold_relations": examples.gold_relations, "aligned_relations": examples.aligned_relations,
              "name_candidates": len(name_rows)}
    bundle = ModelBundle(relations, events, roles, version="",
                         thresholds={**DEFAULT_THRESHOLDS, "relation": RELATION_THRESHOLD, **(thresholds or {})},
                         trained_on={"documents": [a.name for a in data.train], **counts})
    bundle.version = _version({"r": relations.to_json(), "e": events.to_json(), "o": roles.to_json(),
                               "t": bundle.thresholds, **({"n": names.to_json()} if names else {})})
    bundle.write(out)
    if names is not None:
        names.write(out)
    else:
        (out / NAME_MODEL_FILE).unlink(missing_ok=True)  # not a stale one from an earlier run
    return TrainingReport(bundle.version, out, round(time.perf_counter() - started, 1), counts)
