"""`factions screen`: ranked list entries with dates and explanations, through the real CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

from factions.resolve.lists import load_shipped
from factions.resolve.screen import DEFAULT_THRESHOLD, Screener


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener(load_shipped())


def best(screener: Screener, query: str, **kw) -> tuple[str | None, float]:
    found = screener.screen(query, **kw)
    return (found[0].name, found[0].score) if found else (None, 0.0)


@pytest.mark.parametrize("query", ["Jabhat al-Nusra", "Jabhat an-Nusrah", "Nusra Front", "al-Nusrah Front"])
def test_spellings_of_one_name(screener: Screener, query: str) -> None:
    name, score = best(screener, query, as_of="2015-01-01")
    assert name and "Nusrah" in name and score >= DEFAULT_THRESHOLD


def test_dates_are_honoured(screener: Screener) -> None:
    # JMA: US-SDGT from 2014-09-24
    assert best(screener, "Jaish al-Muhajireen wal-Ansar", as_of="2014-09-23")[1] < DEFAULT_THRESHOLD
    assert best(screener, "Jaish al-Muhajireen wal-Ansar", as_of="2014-09-24")[1] >= DEFAULT_THRESHOLD


@pytest.mark.parametrize("query, country", [("Harakat Hazm", None), ("Taliban", None), ("Hizb ut-Tahrir", None),
                                            ("Jaysh al-Islam", "SY"), ("Free Syrian Army", None),
                                            ("Liwa al-Quds", None)])
def test_hard_negatives(screener: Screener, query: str, country: str | None) -> None:
    assert best(screener, query, as_of="2016-01-01", country=country)[1] < DEFAULT_THRESHOLD


def test_homonym_is_a_caveat_with_an_explanation(screener: Screener) -> None:
    found = screener.screen("Jaysh al-Islam", as_of="2016-01-01", country="SY")
    assert found and "homonym" in found[0].explanation and found[0].score < DEFAULT_THRESHOLD


def test_cli_json_shape() -> None:
    proc = run_cli("screen", "HTS", "--as-of", "2019-06-01", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["query"] == "HTS" and data["as_of"] == "2019-06-01" and data["hit"] is True
    m = data["matches"][0]
    assert set(m) == {"list", "name", "matched_alias", "score", "listed", "removed", "explanation"}
    assert [x["score"] for x in data["matches"]] == sorted((x["score"] for x in data["matches"]), reverse=True)


def test_cli_batch_keeps_input_order(tmp_path: Path) -> None:
    batch = tmp_path / "q.csv"
    batch.write_text("query,as_of\nHazm Movement,2014-10-09\nJabhat al-Nusra,2014-10-09\nISIS,\n", encoding="utf-8")
    proc = run_cli("screen", "--batch", str(batch))
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["query"] for r in rows] == ["Hazm Movement", "Jabhat al-Nusra", "ISIS"]
    assert [r["hit"] for r in rows] == [False, True, True]


def test_cli_bad_inputs(tmp_path: Path) -> None:
    assert run_cli("screen", "X", "--as-of", "yesterday").returncode == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("name\nfoo\n", encoding="utf-8")
    proc = run_cli("screen", "--batch", str(bad))
    assert proc.returncode == 2 and "query" in proc.stderr
