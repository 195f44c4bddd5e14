"""Every gold file of the corpus (and the seed) passes the validator: vocabulary, actors, evidence, dates."""
from __future__ import annotations

import importlib.util

import pytest
from conftest import REPO, SHARED

spec = importlib.util.spec_from_file_location("validate_gold", REPO / "bench" / "validate_gold.py")
validator = importlib.util.module_from_spec(spec)
assert spec.loader is not None
spec.loader.exec_module(validator)

GOLD = validator.gold_files([str(REPO / "tests" / "eval"), str(SHARED / "seed")])


@pytest.mark.parametrize("gold", GOLD, ids=lambda p: p.name)
def test_gold_file_is_valid(gold) -> None:
    assert validator.validate(gold) == []


def test_validator_catches_what_it_claims(tmp_path) -> None:
    (tmp_path / "r.txt").write_text("Group A fought Group B in Town C on Monday.", encoding="utf-8")
    (tmp_path / "r.gold.json").write_text("""{"file": "r.txt", "document": {"published": "May 2014"},
      "groups": [{"name": "Group A", "aliases": [], "kind": "rebels"}, {"name": "Group B", "aliases": [], "kind": "armed_group"}],
      "persons": [], "places": [], "weapons": [],
      "relations": [{"subject": "Group A", "predicate": "fought", "object": "Group Z", "evidence": "Group A attacked Group B"}],
      "events": [{"type": "Battles", "sub_event_type": "Air/drone strike", "actors": ["Group A"], "targets": [], "evidence": "Group A fought Group B"}]}""", encoding="utf-8")
    problems = " | ".join(validator.validate(tmp_path / "r.gold.json"))
    for expected in ("not an ISO date", "kind 'rebels'", "predicate not in the ontology", "'Group Z' is not",
                     "evidence not found", "not a sub-type"):
        assert expected in problems, expected
