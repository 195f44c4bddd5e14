"""The store is never silently created or altered by a command that should not: real SQLite files, the real CLI.

Read commands on a missing path or another application's SQLite file, writes to such a file,
a store from a newer factions, a damaged store: each gives one error line and exit code 2,
and leaves the file (or its absence) as it was.
"""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from factions.serve.cli import cli
from factions.store import Store

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "06_nusra_hazm_clash_west_aleppo.txt"

READS = [["actors"], ["docs"], ["summary"], ["show", "Harakat Hazm"], ["lists"], ["screen", "Nusra"],
         ["curation"], ["vet", "Harakat Hazm"], ["export", "--format", "jsonl"], ["gazetteer"]]
UPDATES = [["merge", "Harakat Hazm", "Levant Front"], ["undo", "1"],
           ["split", "Harakat Hazm", "--alias", "Hazm", "--into", "Hazm (2)"]]
WRITES = [["ingest", str(SAMPLE)], ["import", "--format", "ftm", str(REPO / "missing.ftm.json")]]


def run(args: list[str], db: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), \
        f"{args}: {result.exception!r}"
    return result.exit_code, [line for line in result.stderr.splitlines() if line.strip()]


def assert_one_line_refusal(args: list[str], db: Path, words: str) -> None:
    code, lines = run(args, db)
    assert code == 2, (args, lines)
    assert len(lines) == 1 and lines[0].startswith("error:") and words in lines[0], (args, lines)


@pytest.fixture(scope="module")
def store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("store") / "factions.db"
    code, lines = run(["ingest", str(SAMPLE), "--quiet"], db)
    assert code == 0, lines
    return db


def _copy(store_file: Path, tmp_path: Path) -> Path:
    db = tmp_path / "copy.db"
    with sqlite3.connect(store_file) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    return db


@pytest.mark.parametrize("args", READS + UPDATES, ids=lambda a: a[0])
def test_a_mistyped_db_path_is_refused_and_not_created(args: list[str], tmp_path: Path) -> None:
    db = tmp_path / "no" / "such" / "folder" / "factions.db"
    assert_one_line_refusal(args, db, "no store at")
    assert not (tmp_path / "no").exists()


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    db = tmp_path / "other-app.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE bookmarks (url TEXT, title TEXT)")
        conn.execute("INSERT INTO bookmarks VALUES ('https://example.org', 'x')")
    return db


@pytest.mark.parametrize("args", READS + UPDATES + WRITES, ids=lambda a: a[0])
def test_another_applications_sqlite_file_is_never_touched(args: list[str], foreign: Path) -> None:
    before = foreign.read_bytes()
    assert_one_line_refusal(args, foreign, "not a factions database")
    assert foreign.read_bytes() == before
    assert not Path(str(foreign) + "-wal").exists()


def test_an_empty_sqlite_file_is_no_store_to_read_but_may_become_one(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    sqlite3.connect(db).execute("PRAGMA user_version = 0").connection.close()
    assert_one_line_refusal(["docs"], db, "no factions store")
    with Store(db) as store:
        assert store.counts()["documents"] == 0


ALTERATIONS = {  # what was done to a good store -> words of the refusal
    "newer schema": ("INSERT INTO schema_migrations VALUES (999, 'from_the_future', '2030-01-01')",
                     "newer than this factions"),
    "table dropped": ("DROP TABLE claims", "damaged store: table claims missing"),
    "another branch's schema": ("UPDATE schema_migrations SET name = 'another_branch' "
                                "WHERE version = (SELECT max(version) FROM schema_migrations)",
                                "which this factions does not know"),
}


@pytest.mark.parametrize("alteration", sorted(ALTERATIONS))
@pytest.mark.parametrize("args", READS + UPDATES + WRITES[:1], ids=lambda a: a[0])
def test_an_altered_store_is_refused(args: list[str], alteration: str, store_file: Path, tmp_path: Path) -> None:
    db = _copy(store_file, tmp_path)
    sql, words = ALTERATIONS[alteration]
    with sqlite3.connect(db) as conn:
        conn.execute(sql)
    assert_one_line_refusal(args, db, words)


@pytest.mark.parametrize("args", READS + UPDATES + WRITES[:1], ids=lambda a: a[0])
def test_a_store_with_damaged_pages_gives_one_line(args: list[str], store_file: Path, tmp_path: Path) -> None:
    db = _copy(store_file, tmp_path)
    data = bytearray(db.read_bytes())
    page = 4096
    # Keep the header page (so the file still says SQLite), overwrite every other page with noise.
    for at in range(page, len(data)):
        data[at] = (at * 7919) % 251
    db.write_bytes(bytes(data))
    code, lines = run(args, db)
    assert code == 2 and len(lines) == 1 and lines[0].startswith("error:"), (args, lines)


@pytest.mark.parametrize("args", [["vet", "Harakat Hazm"], ["screen", "Nusra"], ["export", "--format", "jsonl"]],
                         ids=lambda a: a[0])
def test_an_empty_as_of_is_a_usage_error(args: list[str], store_file: Path) -> None:
    result = CliRunner().invoke(cli, [*args, "--as-of", "", "--db", str(store_file)])
    assert result.exit_code == 2
    assert "--as-of" in result.stderr and "YYYY-MM-DD" in result.stderr


def test_ingest_with_workers_refuses_a_foreign_file(foreign: Path) -> None:
    before = foreign.read_bytes()
    assert_one_line_refusal(["ingest", str(SAMPLE), "--workers", "2", "--quiet"], foreign, "not a factions database")
    assert foreign.read_bytes() == before


def test_the_store_folder_is_still_created_for_a_new_store(tmp_path: Path) -> None:
    db = tmp_path / "new" / "folder" / "factions.db"
    shutil.rmtree(tmp_path / "new", ignore_errors=True)
    code, lines = run(["ingest", str(SAMPLE), "--quiet"], db)
    assert code == 0, lines
    assert db.is_file()
