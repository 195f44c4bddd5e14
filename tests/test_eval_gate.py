"""The evaluation gate, in the manner of trafilatura's: scores on our corpus must not fall below pinned floors.

Floors live in tests/eval/floors.json (raise them as scores rise: `python bench/eval_gate.py --write-floors`).
The seed's own quality bar (issue #3) is asserted separately.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from conftest import REPO, SHARED

spec = importlib.util.spec_from_file_location("eval_gate", REPO / "bench" / "eval_gate.py")
gate = importlib.util.module_from_spec(spec)
assert spec.loader is not None
spec.loader.exec_module(gate)


@pytest.fixture(scope="module")
def scorer():
    return gate.load_scorer()


def test_corpus_is_large_and_varied() -> None:
    found = gate.corpora()
    files = found["train"] + found["dev"]
    assert len(files) >= 30
    assert {f.name.split("_")[0] for f in files} >= {"syr", "irq", "afr"}
    assert any(f.suffix == ".html" for f in files)


@pytest.mark.parametrize("split", ["dev", "test"])
def test_split_stays_above_floors(scorer, split: str) -> None:
    floors = json.loads((gate.FLOORS).read_text()).get(split)
    files = gate.corpora()[split]
    if not floors or not files:
        pytest.skip(f"no {split} split or no floors pinned for it yet")
    result = gate.score_corpus(files, scorer)
    for metric, floor in floors.items():
        assert result[metric]["f1"] >= floor - gate.TOLERANCE, (metric, result[metric], floor)


def test_seed_quality_bar(scorer) -> None:
    result = gate.score_corpus(gate.corpus_files(SHARED / "seed"), scorer)
    assert result["required"]["found"] == result["required"]["of"] == 20
    assert result["relations"]["precision"] >= 0.9 and result["relations"]["recall"] >= 0.9
    assert result["aliases"]["recall"] >= 0.9
    assert result["events"]["f1"] >= 0.8


def test_breakdown_by_predicate_and_theatre_adds_up(scorer) -> None:
    """Per-predicate relation hits sum to the split's relation hits, and a theatre's totals are its files'."""
    files = gate.corpora(splits=("dev",))["dev"][:6]
    breakdown: dict[str, dict] = {}
    total = gate.score_corpus(files, scorer, breakdown=breakdown)
    per_predicate = [scorer.report(t)["relations"] for k, t in breakdown.items() if k.startswith("predicate:")]
    assert sum(r["tp"] for r in per_predicate) == total["relations"]["tp"]
    assert sum(r["gold"] for r in per_predicate) == total["relations"]["gold"]
    per_theatre = [scorer.report(t) for k, t in breakdown.items() if k.startswith("theatre:")]
    assert {k[8:] for k in breakdown if k.startswith("theatre:")} == {gate.theatre(f) for f in files}
    for metric in gate.METRICS:
        assert sum(r[metric]["tp"] for r in per_theatre) == total[metric]["tp"]
