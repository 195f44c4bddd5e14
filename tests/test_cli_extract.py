"""`factions extract FILE --format json`: the ONTOLOGY contract on the seed, through the real CLI."""
from __future__ import annotations

import json

from conftest import SEED, SEED_GOLD, run_cli

from factions.model import ENTITY_KINDS, EVENT_TYPES, PREDICATES


def test_seed_document_block_matches_gold(seed_text: str) -> None:
    proc = run_cli("extract", str(SEED), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))["document"]
    doc = data["document"]
    for key in ("title", "author", "outlet", "section", "published", "republished_by", "republished"):
        assert doc[key] == gold[key], key
    for chrome in gold["boilerplate_removed"]:
        assert chrome not in doc["text"]
    assert doc["text"].startswith("The US-backed Harakat Hazm")


def test_output_follows_the_ontology(seed_text: str) -> None:
    data = json.loads(run_cli("extract", str(SEED)).stdout)
    assert set(data) >= {"document", "entities", "relations", "events"}
    text = data["document"]["text"]
    names = {e["name"] for e in data["entities"]}
    for e in data["entities"]:
        assert e["kind"] in ENTITY_KINDS
        for start, end in e["mentions"]:
            assert 0 <= start < end <= len(text)
    for r in data["relations"]:
        assert r["predicate"] in PREDICATES
        assert r["subject"] in names and r["object"] in names
        start, end = r["span"]
        assert text[start:end].strip() == r["evidence"]
    for ev in data["events"]:
        assert ev["sub_event_type"] in EVENT_TYPES[ev["type"]]


def test_extract_bad_file_is_one_line_error(tmp_path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    proc = run_cli("extract", str(empty))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "empty" in proc.stderr
    assert proc.stdout == ""
