"""Actors across documents: lineages, homonyms, analysts' merges; every stored actor screened.

The reports here are short texts we wrote; they go through the real CLI, the real
pipeline and a real SQLite file.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import run_cli

REPORTS = {
    "nusra_2014.txt": ("Nusra fighters advance in Idlib\n\nBy Staff\nOctober 3, 2014\n\n"
                       "Jabhat al-Nusra fighters seized two villages near Maarat al-Numan on Thursday, activists said. "
                       "The group fought beside Ahrar al-Sham in the assault.\n"),
    "jfs_2016.txt": ("Nusra changes its name\n\nBy Staff\nJuly 29, 2016\n\n"
                     "The Nusra Front announced on Thursday that it had renamed itself Jabhat Fateh al-Sham. "
                     "Jabhat Fateh al-Sham fighters later clashed with regime forces in southern Aleppo.\n"),
    "hts_2017.txt": ("A new alliance in Idlib\n\nBy Staff\nFebruary 2, 2017\n\n"
                     "Hay'at Tahrir al-Sham, formed last week, attacked Ahrar al-Sham positions near Saraqib. "
                     "HTS fighters also shelled government positions in Hama.\n"),
    "ghouta.txt": ("Infighting in the Ghouta\n\nBy Staff\nMay 2, 2016\n\n"
                   "Jaysh al-Islam fighters clashed with Faylaq al-Rahman in Douma and Harasta, east of Damascus, "
                   "on Thursday, residents of the Eastern Ghouta said.\n"),
    "gaza.txt": ("Rockets from Rafah\n\nBy Staff\nMarch 3, 2012\n\n"
                 "Jaysh al-Islam, the Gaza group listed by Washington, fired rockets from Rafah toward Israel on "
                 "Friday, residents of the Gaza Strip said.\n"),
    "aleppo_jm.txt": ("Rebels push ISIS out of Aleppo districts\n\nBy Staff\nJanuary 8, 2014\n\n"
                      "Jaish al-Mujahideen, a new rebel alliance in Aleppo, fought the Islamic State in the western "
                      "countryside of Aleppo on Monday, alongside the Islamic Front.\n"),
    "jma.txt": ("Chechen fighters in Aleppo\n\nBy Staff\nOctober 1, 2014\n\n"
                "Jaish al-Muhajireen wal-Ansar fought alongside the Nusra Front near Handarat north of Aleppo, "
                "a commander said.\n"),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("reports")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = folder / "f.db"
    proc = run_cli("ingest", str(folder), "--db", str(db), "--quiet")
    assert proc.returncode == 0, proc.stderr
    return db


def entity_ids(db: Path, alias: str) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("SELECT entity_id FROM aliases WHERE alias = ?", (alias,))}


def test_nusra_lineage_is_one_actor_with_dated_names(store: Path) -> None:
    ids = entity_ids(store, "Jabhat al-Nusra") | entity_ids(store, "Jabhat Fateh al-Sham") | \
        entity_ids(store, "Hay'at Tahrir al-Sham")
    assert len(ids) == 1
    profile = json.loads(run_cli("show", "HTS", "--db", str(store), "--format", "json").stdout)
    names = [(n["name"], n["start"]) for n in profile["names_over_time"]]
    assert names[0][0] == "Al-Nusrah Front" and ("Jabhat Fath al-Sham", "2016-07-28") in names
    assert names[-1] == ("Hay'at Tahrir al-Sham", "2017-01-28")
    assert any("lineage" in note for note in profile["resolution_notes"])


def test_homonyms_stay_apart_and_the_decision_is_recorded(store: Path) -> None:
    with sqlite3.connect(store) as conn:
        rows = conn.execute("SELECT e.catalog_id, n.note FROM resolution_notes n JOIN entities e ON e.id = n.entity_id"
                            " JOIN documents d ON d.id = n.document_id").fetchall()
        catalog_ids = {r[0] for r in conn.execute("SELECT catalog_id FROM entities")}
    assert {"jaysh-al-islam", "army-of-islam-gaza"} <= catalog_ids
    notes = dict(rows)
    assert "SY" in notes["jaysh-al-islam"] and "PS" in notes["army-of-islam-gaza"]
    # Aleppo's Jaish al-Mujahideen and the Muhajireen Army are three different actors from Jaysh al-Islam
    assert "jaish-al-mujahideen-aleppo" in catalog_ids and "jaish-al-muhajireen-wal-ansar" in catalog_ids
    assert "jaish-al-mujahideen-iraq" not in catalog_ids


def test_actors_are_screened_at_ingest(store: Path) -> None:
    profile = json.loads(run_cli("show", "Jabhat al-Nusra", "--db", str(store), "--format", "json").stdout)
    lists = {h["list"] for h in profile["list_matches"] if not h["caveat"]}
    assert {"US-FTO", "US-SDGT"} <= lists
    gaza = json.loads(run_cli("show", "Army of Islam (Gaza)", "--db", str(store), "--format", "json").stdout)
    assert any(h["list"] == "US-FTO" and not h["caveat"] for h in gaza["list_matches"])
    syria = json.loads(run_cli("show", "jaysh-al-islam", "--db", str(store), "--format", "json").stdout)
    assert all(h["caveat"] for h in syria["list_matches"])  # a homonym is a caveat, never a designation


def test_merge_survives_reingest_and_can_be_undone(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "a.txt").write_text("Brigade news\n\nBy Staff\nJune 1, 2015\n\nLiwa Suyuf al-Haqq fighters clashed with "
                                  "the Islamic State near Marea on Monday.\n", encoding="utf-8")
    (folder / "b.txt").write_text("More brigade news\n\nBy Staff\nJune 9, 2015\n\nThe Swords of Truth Brigade fought "
                                  "the Islamic State near Marea again on Sunday.\n", encoding="utf-8")
    db = tmp_path / "f.db"
    assert run_cli("ingest", str(folder), "--db", str(db), "--quiet").returncode == 0
    assert entity_ids(db, "Liwa Suyuf al-Haqq") != entity_ids(db, "Swords of Truth Brigade")
    proc = run_cli("merge", "Swords of Truth Brigade", "Liwa Suyuf al-Haqq", "--db", str(db), "--reason", "translation")
    assert proc.returncode == 0, proc.stderr
    assert entity_ids(db, "Liwa Suyuf al-Haqq") == entity_ids(db, "Swords of Truth Brigade")
    assert run_cli("ingest", str(folder), "--db", str(db), "--quiet").returncode == 0  # re-ingest respects it
    assert entity_ids(db, "Liwa Suyuf al-Haqq") == entity_ids(db, "Swords of Truth Brigade")
    log = json.loads(run_cli("curation", "--db", str(db), "--format", "json").stdout)
    merge_step = next(r for r in log if r["action"] == "merge")
    assert merge_step["reason"] == "translation"
    assert run_cli("undo", str(merge_step["id"]), "--db", str(db)).returncode == 0
    assert entity_ids(db, "Liwa Suyuf al-Haqq") != entity_ids(db, "Swords of Truth Brigade")
    assert run_cli("undo", str(merge_step["id"]), "--db", str(db)).returncode == 2  # already undone
