"""`factions vet` on the seed and on our sample story: verdicts, links with evidence, dates, discrepancies."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, SEED, run_cli


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("vet") / "seed.db"
    proc = run_cli("ingest", str(SEED), "--db", str(db), "--quiet")
    assert proc.returncode == 0, proc.stderr
    return db


def vet(db: Path, actor: str, *args: str) -> dict:
    proc = run_cli("vet", actor, "--db", str(db), "--format", "json", *args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def link_to(report: dict, fragment: str) -> dict | None:
    return next((lk for lk in report["links"] if fragment in lk["designated"]["name"]), None)


def test_hazm_is_high_with_both_links_and_evidence(seed_db: Path) -> None:
    r = vet(seed_db, "Hazm Movement", "--as-of", "2014-10-09")
    assert r["level"] == "high" and r["as_of"] == "2014-10-09"
    nusra, jma = link_to(r, "Nusrah"), link_to(r, "Muhajireen")
    assert nusra and jma and len(nusra["path"]) == 2 and len(jma["path"]) == 2
    lists = {(d["list"], d["listed"]) for d in nusra["designated"]["lists"]}
    assert ("US-FTO", "2014-05-15") in lists and ("US-SDGT", "2012-12-11") in lists  # the AQI alias listing
    assert jma["designated"]["list"] == "US-SDGT" and jma["designated"]["listed"] == "2014-09-24"
    for lk in (nusra, jma):
        assert lk["claims"] and all(c["evidence"] and c["outlet"] == "The Long War Journal" for c in lk["claims"])
    assert r["coverage"]["documents"] == 1


def test_before_the_jma_designation_it_is_not_designated(seed_db: Path) -> None:
    r = vet(seed_db, "Hazm Movement", "--as-of", "2014-09-01")
    assert link_to(r, "Muhajireen") is None
    # what a Hazm fighter told the LA Times in early September still links Hazm to Nusrah
    nusra = link_to(r, "Nusrah")
    assert nusra and all(c["date"] <= "2014-09-01" for c in nusra["claims"])
    assert any(c["attributed_to"] for c in nusra["claims"])


def test_jaish_mujahideen_is_elevated_or_higher(seed_db: Path) -> None:
    r = vet(seed_db, "Jaish Mujahideen", "--as-of", "2014-10-09")
    assert r["level"] in {"elevated", "high"} and r["reasons"]
    assert not r["designations"]  # a name match is not a designation


def test_muhajireen_army_discrepancy(seed_db: Path) -> None:
    r = vet(seed_db, "Muhajireen Army", "--as-of", "2014-10-09")
    assert r["level"] == "designated"
    assert {d["list"] for d in r["designations"]} == {"US-SDGT"}
    (d,) = r["discrepancies"]
    assert "Foreign Terrorist Organizations" in d["claim"]["evidence"]
    assert "US-SDGT" in d["record"] and "2014-09-24" in d["record"] and "US-FTO" in d["record"]


def test_unknown_actor_and_bad_date(seed_db: Path) -> None:
    proc = run_cli("vet", "Nobody At All", "--db", str(seed_db))
    assert proc.returncode == 2 and "no actor" in proc.stderr
    assert run_cli("vet", "Hazm", "--db", str(seed_db), "--as-of", "Oct 9").returncode == 2


def test_formats(seed_db: Path, tmp_path: Path) -> None:
    text = run_cli("vet", "Hazm Movement", "--db", str(seed_db), "--as-of", "2014-10-09").stdout
    assert "verdict: HIGH" in text and "fights_alongside" in text
    md = run_cli("vet", "Hazm Movement", "--db", str(seed_db), "--as-of", "2014-10-09", "--format", "md").stdout
    assert md.startswith("# Vetting:") and "## Links to designated actors" in md
    page = tmp_path / "r.html"
    run_cli("vet", "Muhajireen Army", "--db", str(seed_db), "--as-of", "2014-10-09", "--format", "html",
            "-o", str(page))
    html = page.read_text()
    assert "<script" not in html and "http" not in html.replace("http-equiv", "")  # self-contained
    assert "Claims against the record" in html
    pdf = tmp_path / "r.pdf"
    proc = run_cli("vet", "Hazm Movement", "--db", str(seed_db), "--format", "pdf", "-o", str(pdf))
    assert proc.returncode == 0, proc.stderr
    assert pdf.read_bytes().startswith(b"%PDF")


def test_the_link_changes_over_time_in_the_sample_story(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert run_cli("ingest", str(REPO / "samples"), "--db", str(db), "--quiet").returncode == 0
    before = vet(db, "Hazm Movement", "--as-of", "2014-10-15")
    after = vet(db, "Hazm Movement", "--as-of", "2015-03-02")
    assert link_to(before, "Nusrah") and not link_to(before, "Nusrah")["contradicting"]
    assert link_to(after, "Nusrah")["contradicting"]
    assert any("changed" in reason for reason in after["reasons"])
