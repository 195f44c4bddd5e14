"""`factions spark-extract INPUT OUTPUT`: factions' extractor inside Spark, for archives beyond one machine.

    factions spark-extract reports/ out/                          # local mode, all cores
    spark-submit --master yarn factions/jobs/spark.py hdfs:///reports/ hdfs:///out/

INPUT is a folder of report files (text, Markdown, HTML) or a Parquet table of documents
(a `text` column; optional seq, title, author, outlet, section, published, republished_by,
republished, language, url, path). OUTPUT gets four Parquet tables, documents/,
entities/, claims/ and events/ (columns: spark_rows.py), sorted by input order, which
`factions load OUTPUT --db store.db` saves, resolving actors against the store as a
local ingest does: a Spark run and a local run of the same documents give the same
database.

Files are grouped by folder into partitions and read in input order inside one, so
chrome removal (which learns the lines a site repeats from its earlier documents) sees
what a local run sees; sites are folders, as in a local run, except that a reprinting
archive's documents spread over several folders are learnt per folder. Each partition
loads the spaCy pipeline once (build_pipeline is cached in the Python worker, which
Spark reuses).
"""
from __future__ import annotations

import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from factions.jobs.spark_rows import TABLES, as_tuple, failure_row, to_rows

Record = tuple[str, tuple]
DOCUMENT_FIELDS = ("title", "author", "outlet", "section", "published", "republished_by", "republished", "url",
                   "path")


def _emit(seq: int, extraction: Any) -> Iterator[Record]:
    for table, rows in to_rows(seq, extraction).items():
        for row in rows:
            yield table, as_tuple(table, row)


def extract_files(items: Iterable[tuple[str, tuple[int, str]]], max_bytes: int) -> Iterator[Record]:
    """One partition of (folder, (seq, path)): read in input order with one chrome memory, extract, flatten."""
    from factions.errors import FactionsError, NotAReport
    from factions.extract.pipeline import build_pipeline, extract
    from factions.ingest import ChromeMemory, load_document

    ordered = sorted(item for _, item in items)  # paths only: small even for a big partition
    if not ordered:
        return
    build_pipeline()  # once per partition at most (cached per worker process)
    chrome = ChromeMemory()
    for seq, path in ordered:
        try:
            extraction = extract(load_document(path, chrome=chrome, max_bytes=max_bytes))
        except NotAReport as exc:
            yield "documents", as_tuple("documents", failure_row(seq, path, "skipped", exc.one_line()))
            continue
        except FactionsError as exc:
            exc.path = exc.path or path
            yield "documents", as_tuple("documents", failure_row(seq, path, "failed", exc.one_line()))
            continue
        yield from _emit(seq, extraction)


def extract_table(rows: Iterable[tuple[dict[str, Any], int]]) -> Iterator[Record]:
    """One partition of (document row, index): documents already clean, extracted as they are."""
    from factions.errors import FactionsError
    from factions.extract.pipeline import extract
    from factions.model import Document

    for row, index in rows:
        seq = int(row["seq"]) if row.get("seq") is not None else index
        text = row.get("text") or ""
        if not text.strip():
            yield "documents", as_tuple("documents", failure_row(seq, row.get("path") or f"row {index}", "failed",
                                                                 f"row {index}: empty text"))
            continue
        document = Document(text=text, language=row.get("language") or "en",
                            **{k: row.get(k) for k in DOCUMENT_FIELDS})
        try:
            yield from _emit(seq, extract(document))
        except FactionsError as exc:
            yield "documents", as_tuple("documents", failure_row(seq, document.path or f"row {index}", "failed",
                                                                 exc.one_line()))


def _is_table(path: str) -> bool:
    p = Path(path)
    return p.suffix == ".parquet" or (p.is_dir() and any(p.glob("*.parquet")))


def _schema(table: str) -> str:
    return ", ".join(f"`{name}` {kind}" for name, kind in TABLES[table])


def check_output(output: str, overwrite: bool) -> None:
    """Refuse a local OUTPUT that already holds tables before Spark starts (Spark would only say so later)."""
    from factions.errors import FactionsError

    if "://" in output or overwrite:
        return
    taken = [t for t in TABLES if (Path(output) / t).exists()]
    if taken:
        raise FactionsError(f"{taken[0]}/ already exists here: choose another OUTPUT or pass --overwrite", path=output)


def run(spark: Any, input_path: str, output: str, *, partitions: int | None = None,
        max_bytes: int = 20_000_000, overwrite: bool = False) -> dict[str, int]:
    """Extract INPUT with the given SparkSession and write the four tables under OUTPUT."""
    from pyspark import StorageLevel

    from factions.errors import FactionsError
    from factions.ingest import discover

    check_output(output, overwrite)
    sc = spark.sparkContext
    n = partitions or max(sc.defaultParallelism * 2, 1)
    if _is_table(input_path):
        frame = spark.read.parquet(input_path)
        if "text" not in frame.columns:
            raise FactionsError(f"the Parquet table has no 'text' column (columns: {', '.join(frame.columns)})",
                                path=input_path)
        records = frame.rdd.map(lambda r: r.asDict()).zipWithIndex().repartition(n).mapPartitions(extract_table)
    else:
        found = [p for p in discover([input_path]) if isinstance(p, Path)]  # the driver lists paths, in order
        if not found:
            raise FactionsError("no report files", path=input_path)
        paths = [(str(p.parent), (seq, str(p))) for seq, p in enumerate(found)]
        n = min(n, len(paths))
        # One folder, one partition (a stable hash: the same folder lands together on every executor).
        records = (sc.parallelize(paths, n).partitionBy(n, lambda folder: zlib.crc32(folder.encode("utf-8")))
                   .mapPartitions(lambda items: extract_files(items, max_bytes)))
    # Kept: the four tables below (and the range sampling of each sort) read them without extracting again.
    records = records.persist(StorageLevel.MEMORY_AND_DISK)
    counts: dict[str, int] = {}
    try:
        for table in TABLES:
            rows = records.filter(lambda r, t=table: r[0] == t).map(lambda r: r[1])
            frame = spark.createDataFrame(rows, schema=_schema(table))
            # Sorted by input order, range-partitioned: part files follow one another, so `factions load`
            # streams the four tables side by side.
            frame = frame.orderBy("seq") if table == "documents" else frame.orderBy("seq", "n")
            frame.write.mode("overwrite" if overwrite else "errorifexists").parquet(f"{output.rstrip('/')}/{table}")
            counts[table] = rows.count()
    finally:
        records.unpersist()
    return counts


def session(master: str | None = None, app: str = "factions spark-extract") -> Any:
    from pyspark.sql import SparkSession

    if master and master.startswith("local"):
        # Local mode: Spark's Python workers must be this interpreter (it has factions and the spaCy
        # model). On a cluster, PYSPARK_PYTHON names the environment shipped to the executors.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    # No progress bars or INFO lines on the console: factions prints one summary line.
    builder = SparkSession.builder.appName(app).config("spark.ui.showConsoleProgress", "false")
    if master:
        builder = builder.master(master)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def main(argv: list[str] | None = None) -> None:
    """Entry point for `spark-submit factions/jobs/spark.py INPUT OUTPUT [--overwrite]`."""
    args = list(sys.argv[1:] if argv is None else argv)
    overwrite = "--overwrite" in args
    args = [a for a in args if a != "--overwrite"]
    if len(args) != 2:
        raise SystemExit("usage: spark-submit factions/jobs/spark.py INPUT OUTPUT [--overwrite]")
    spark = session()
    try:
        print(run(spark, args[0], args[1], overwrite=overwrite))
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
