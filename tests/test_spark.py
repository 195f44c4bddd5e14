"""The Spark engine in local mode: `factions spark-extract` + `factions load` leave the store a local ingest leaves."""
from __future__ import annotations

import importlib.util
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from factions.jobs.spark_rows import from_rows, to_rows
from factions.model import Document
from factions.jobs.ingest import ingest_paths
from factions.jobs.steps import save_extraction
from factions.store import Store

SAMPLES = REPO / "samples"
CLOCK_COLUMNS = {"first_ingested", "last_ingested", "ingested_at", "created_at", "updated_at", "applied_at", "at",
                 "screened_at", "loaded_at",
                 "built_at", "imported_at"}
needs_spark = pytest.mark.skipif(importlib.util.find_spec("pyspark") is None or shutil.which("java") is None,
                                 reason="pyspark and Java 17 are needed (pip install 'factions[spark]')")


def dump(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    out = {}
    # Not facts: store_version counts writes; vet_edges is derived from the claims and holds their rowids.
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                 "AND name NOT IN ('store_version', 'vet_edges')"):
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in CLOCK_COLUMNS]
        out[table] = sorted(conn.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr)
    conn.close()
    return out


def test_rows_round_trip_an_extraction(nlp) -> None:
    from factions.extract.pipeline import extract
    from factions.ingest import load_document

    extraction = extract(load_document(SAMPLES / "04_handarat_shared_front.txt"))
    assert extraction.relations and extraction.events
    rows = to_rows(7, extraction)
    back = from_rows(rows["documents"][0], rows["entities"][::-1], rows["claims"][::-1], rows["events"])
    assert back.to_json() == extraction.to_json()
    assert back.document.raw_sha == extraction.document.raw_sha and back.document.path == extraction.document.path


@needs_spark
def test_spark_run_equals_local_run(tmp_path: Path) -> None:
    local = tmp_path / "local.db"
    report = ingest_paths([str(SAMPLES)], local)
    assert not report.failed

    out = tmp_path / "extracted"
    proc = run_cli("spark-extract", str(SAMPLES), str(out), "--master", "local[2]", timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for table in ("documents", "entities", "claims", "events"):
        assert list((out / table).glob("*.parquet")), table
    spark_db = tmp_path / "spark.db"
    proc = run_cli("load", str(out), "--db", str(spark_db), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert '"skipped": 1' in proc.stdout and "README.md" in proc.stderr  # as ingest says it
    assert dump(spark_db) == dump(local)

    # the OUTPUT is not overwritten by accident
    again = run_cli("spark-extract", str(SAMPLES), str(out), "--master", "local[1]", timeout=600)
    assert again.returncode == 2 and len(again.stderr.strip().splitlines()) == 1


@needs_spark
def test_spark_extract_of_a_parquet_table(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    texts = [(SAMPLES / name).read_text(encoding="utf-8") for name in
             ("01_hazm_movement_formed.txt", "05_nusra_ousts_srf_jabal_zawiya.txt", "08_jaish_al_fatah_takes_idlib.txt")]
    table = pa.table({"seq": [2, 0, 1], "text": texts, "outlet": ["Levant Wire"] * 3,
                      "published": ["2014-01-30", "2014-11-02", "2015-03-28"], "url": ["https://a.example/1", None, None]})
    source = tmp_path / "docs.parquet"
    pq.write_table(table, source)
    out = tmp_path / "extracted"
    proc = run_cli("spark-extract", str(source), str(out), "--master", "local[2]", timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    spark_db = tmp_path / "spark.db"
    assert run_cli("load", str(out), "--db", str(spark_db)).returncode == 0

    # the local run of the same documents, in the same (seq) order
    local = tmp_path / "local.db"
    from factions.extract.pipeline import extract

    rows = sorted(table.to_pylist(), key=lambda r: r["seq"])
    with Store(local) as store:
        from factions.jobs.steps import ensure_lists

        ensure_lists(store)
        for r in rows:
            save_extraction(store, extract(Document(text=r["text"], outlet=r["outlet"], published=r["published"],
                                                    url=r["url"])))
    assert dump(spark_db) == dump(local)


def test_load_refuses_a_folder_without_tables(tmp_path: Path) -> None:
    proc = run_cli("load", str(tmp_path), "--db", str(tmp_path / "f.db"))
    assert proc.returncode == 2 and "spark-extract" in proc.stderr
