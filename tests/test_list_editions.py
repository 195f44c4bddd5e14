"""List editions on the real published files: listing history, integrity refusals, names across scripts.

The files are read from ../shared/data/lists (see its SOURCES.md); every test that
needs them is skipped, saying so, when they are absent. Truncated and edited copies
are written into tmp_path, never into the repository.
"""
from __future__ import annotations

import csv
import dataclasses
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import SHARED, run_cli

from factions.errors import DataError
from factions.jobs.ingest import import_list
from factions.names import has_non_latin
from factions.resolve.lists import import_file, open_list
from factions.resolve.screen import DEFAULT_THRESHOLD, Screener
from factions.store import Store

LISTS = SHARED / "data" / "lists"
OFAC = LISTS / "ofac"
OLD = OFAC / "snapshot-2021-04-25"
UN = LISTS / "un" / "consolidated.xml"
NON_SDN = OFAC / "consolidated.xml"
OLD_DAY, NEW_DAY = "2021-04-25", "2024-05-03"
HISTORY_START = "2021-08-18"  # the first snapshot of sdn_history.csv

needs_lists = pytest.mark.skipif(not (OFAC / "sdn.csv").is_file() or not UN.is_file(),
                                 reason=f"the real list files are not in {LISTS} (see SOURCES.md there)")
pytestmark = needs_lists


def import_edition(db: Path, path: Path, as_of: str | None = None) -> dict:
    info, entries = open_list(path)
    with Store(db) as store:
        return store.import_edition(info, entries, as_of)


def state(db: Path) -> dict[str, tuple]:
    """Every OFAC SDN entry's (listed, removed), by ent_num."""
    with Store(db) as store:
        return {d.key: (d.listed, d.removed) for d in store.designations() if d.list == "OFAC-SDN"}


@pytest.fixture(scope="module")
def forward_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2021-04-25 trio, then the 2024-05-03 trio, imported the way a user does."""
    db = tmp_path_factory.mktemp("forward") / "lists.db"
    import_list(OLD / "sdn.csv", db, as_of=OLD_DAY)
    import_list(OFAC / "sdn.csv", db, as_of=NEW_DAY)
    return db


def test_listing_dates_agree_with_sdn_history(forward_db: Path) -> None:
    """Every entry the scrape history shows removed between the editions is off the list on 2024-05-03,
    every entry it shows added is not on it on 2021-04-25, and every entry still listed is on it."""
    with Store(forward_db) as store:
        by_key = {d.key: d for d in store.designations() if d.list == "OFAC-SDN"}
    with (OFAC / "sdn_history.csv").open(encoding="utf-8", newline="") as fh:
        history = list(csv.DictReader(fh))
    removed = [h for h in history if h["last_seen"] < NEW_DAY]
    added = [h for h in history if h["first_seen"] > HISTORY_START]
    assert (len(history), len(removed), len(added)) == (15892, 927, 6809)
    wrongly_listed = [h["ent_num"] for h in removed
                      if h["ent_num"] in by_key and by_key[h["ent_num"]].active_on(NEW_DAY)]
    listed_too_early = [h["ent_num"] for h in added
                        if h["ent_num"] in by_key and by_key[h["ent_num"]].active_on(OLD_DAY)]
    assert wrongly_listed == [] and listed_too_early == []
    current = [h["ent_num"] for h in history if h["last_seen"] == NEW_DAY]
    assert all(by_key[k].active_on(NEW_DAY) for k in current)
    # the removals the history dates between the two editions are all in the store, dated by the newer one
    in_old = [h for h in removed if h["ent_num"] in by_key]
    assert len(in_old) > 800 and {by_key[h["ent_num"]].removed for h in in_old} == {NEW_DAY}
    farc = by_key["4711"]
    assert farc.name == "REVOLUTIONARY ARMED FORCES OF COLOMBIA" and farc.active_on("2021-05-01")


def test_either_import_order_gives_the_same_store(forward_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "reverse.db"
    newer = import_edition(db, OFAC / "sdn.csv", NEW_DAY)
    older = import_edition(db, OLD / "sdn.csv", OLD_DAY)
    assert (newer["entries"], older["entries"]) == (14965, 8890)
    assert state(db) == state(forward_db)
    with Store(db) as store:
        assert [e["edition"] for e in store.editions("OFAC-SDN")] == [OLD_DAY, NEW_DAY]


def test_reimporting_an_edition_changes_nothing(forward_db: Path) -> None:
    before = state(forward_db)
    result = import_edition(forward_db, OFAC / "sdn.csv", NEW_DAY)
    assert result["unchanged"] is True and state(forward_db) == before


def test_history_view_and_vetting_dates_through_the_cli(forward_db: Path) -> None:
    proc = run_cli("lists", "history", "4711", "--db", str(forward_db), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    [row] = json.loads(proc.stdout)
    assert (row["first_seen"], row["absent_before"], row["last_seen"], row["absent_from"]) == \
        (OLD_DAY, None, OLD_DAY, NEW_DAY)
    proc = run_cli("screen", "Revolutionary Armed Forces of Colombia", "--db", str(forward_db),
                   "--as-of", NEW_DAY, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert not any(m["name"] == "REVOLUTIONARY ARMED FORCES OF COLOMBIA" for m in json.loads(proc.stdout)["matches"])
    proc = run_cli("screen", "Revolutionary Armed Forces of Colombia", "--db", str(forward_db),
                   "--as-of", "2021-05-01", "--format", "json")
    top = json.loads(proc.stdout)["matches"][0]
    assert (top["list"], top["name"], top["removed"]) == ("OFAC-SDN", "REVOLUTIONARY ARMED FORCES OF COLOMBIA",
                                                          NEW_DAY)


# --------------------------------------------------------------------------- integrity

def copy_trio(src: Path, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("sdn.csv", "alt.csv", "add.csv"):
        shutil.copy(src / name, dest / name)
    return dest / "sdn.csv"


def stored_counts(db: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(db)
    try:
        return tuple(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]  # type: ignore[return-value]
                     for t in ("list_editions", "edition_entries", "listing_intervals"))
    finally:
        conn.close()


def refused(db: Path, path: Path, as_of: str | None, *words: str) -> str:
    """The import raises one DataError line with these words, and nothing of the file is stored."""
    before = stored_counts(db) if db.exists() else (0, 0, 0)
    with pytest.raises(DataError) as info:
        import_edition(db, path, as_of)
    message = info.value.one_line()
    assert "\n" not in message and all(w in message for w in words), message
    assert stored_counts(db) == before
    return message


def test_a_cut_csv_is_refused_whole(tmp_path: Path) -> None:
    sdn = copy_trio(OLD, tmp_path / "cut")
    data = sdn.read_bytes()
    sdn.write_bytes(data[: len(data) * 2 // 3].rsplit(b"\r\n", 1)[0] + b"\r\n")  # whole rows, no Ctrl-Z
    db = tmp_path / "s.db"
    refused(db, sdn, OLD_DAY, "Ctrl-Z", "sdn.csv")


def test_a_malformed_row_late_in_the_file_stores_nothing(tmp_path: Path) -> None:
    sdn = copy_trio(OLD, tmp_path / "bad")
    lines = sdn.read_bytes().split(b"\r\n")
    lines[-50] = b'99999999,"HALF A ROW",-0- '
    sdn.write_bytes(b"\r\n".join(lines))
    db = tmp_path / "s.db"
    import_edition(db, UN)  # a store with something in it already
    refused(db, sdn, OLD_DAY, "12 fields", f"line {len(lines) - 49}")


def test_record_count_and_dates_are_checked(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    text = NON_SDN.read_text(encoding="utf-8")
    edited = tmp_path / "consolidated.xml"
    edited.write_text(text.replace("<Record_Count>443</Record_Count>", "<Record_Count>444</Record_Count>"),
                      encoding="utf-8")
    refused(db, edited, None, "Record_Count says 444", "holds 443")
    cut = tmp_path / "cut.xml"
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    refused(db, cut, None, "malformed XML")
    refused(db, NON_SDN, "2024-05-01", "edition of 2024-05-06", "--as-of")
    refused(db, OLD / "sdn.csv", None, "--as-of")
    result = import_edition(db, NON_SDN)
    assert (result["publication"], result["edition"], result["entries"]) == ("OFAC-NON-SDN", "2024-05-06", 443)
    # the same date again from other content is another file claiming to be that edition
    edited.write_text(text.replace("HANIYA", "HANIYAH", 1), encoding="utf-8")
    refused(db, edited, None, "already imported")


def test_lists_are_named_after_the_authority() -> None:
    info, rows = import_file(UN)
    assert info.publication == "UN-SC" and info.as_of == "2024-09-26" and len(rows) == 875
    by_ref = {d.key: d for d in rows}
    assert by_ref["QDe.137"].list == "UN-1267" and by_ref["TAi.005"].list == "UN-1988"
    assert {d.list for d in rows if d.program == "DPRK"} == {"UN-1718"}
    info, rows = import_file(NON_SDN)
    assert info.name == "OFAC-NON-SDN" and {d.list for d in rows} == {"OFAC-NON-SDN"}


# --------------------------------------------------------------------------- names in every script

def test_multi_line_aliases_and_curly_apostrophes_are_names() -> None:
    _, rows = import_file(UN)
    hts = next(d for d in rows if d.key == "QDe.137")
    assert {"Hay’at Tahrir al-Sham", "Hay’et Tahrir al-Sham", "Hayat Tahrir al-Sham", "HTS", "هيئة تحرير الشام",
            "Jabhat al-Nusrah", "Jabhet al-Nusra"} <= set(hts.aliases)
    assert not [a for a in hts.aliases if "\n" in a or "original script" in a or "  " in a]
    screener = Screener([hts], use_catalog=False)
    for query in ("Hay'at Tahrir al-Sham", "HAYAT TAHRIR AL SHAM", "Jabhat an-Nusra", "Jabhat el-Nusrah"):
        assert screener.screen(query, any_date=True)[0].score == 1.0, query


def test_arabic_script_queries_find_latin_entries_and_back() -> None:
    """On the real UN file: each entry's Arabic-script name against the entries stripped of every non-Latin
    name, and each Latin primary name against entries that keep only their Arabic names."""
    _, rows = import_file(UN)
    arabic = [(d, [a for a in d.aliases if any("\u0600" <= c <= "\u06ff" for c in a)]) for d in rows]
    arabic = [(d, names) for d, names in arabic if names]
    latin_only = Screener([dataclasses.replace(d, aliases=[a for a in d.aliases if not has_non_latin(a)])
                           for d in rows], use_catalog=False)
    arabic_only = Screener([dataclasses.replace(d, name=names[0], aliases=names[1:]) for d, names in arabic],
                           use_catalog=False)

    def found(screener: Screener, query: str, entry_id: str) -> bool:
        best = screener.screen(query, any_date=True)
        return bool(best) and best[0].designation_id == entry_id and best[0].score >= DEFAULT_THRESHOLD

    to_latin = sum(found(latin_only, names[0], d.id) for d, names in arabic)
    to_arabic = sum(found(arabic_only, d.name, d.id) for d, _ in arabic)
    assert len(arabic) > 300
    # measured 310 and 311 of 370; before transliteration neither direction found any
    assert to_latin / len(arabic) > 0.8 and to_arabic / len(arabic) > 0.8
    nusra = next(d for d, _ in arabic if d.key == "QDe.137")
    assert found(latin_only, "جبهة النصرة", nusra.id)


def test_person_names_in_either_order_and_with_articles() -> None:
    _, rows = import_file(UN)
    screener = Screener(rows, use_catalog=False)
    zawahiri = next(d for d in rows if d.key == "QDi.006")
    for query in ("AL-ZAWAHIRI, Aiman Muhammed Rabi", "Aiman Muhammed Rabi el-Zawahiri",
                  "Zawahiri Aiman Muhammed Rabi"):
        best = screener.screen(query, any_date=True)
        assert best[0].designation_id == zawahiri.id and best[0].score >= DEFAULT_THRESHOLD, query
