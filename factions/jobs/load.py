"""`factions load PARQUET_DIR`: the tables of `factions spark-extract` into a store.

The four tables are sorted by input order (seq), so they are read side by side, a row
group at a time, and each document's extraction is saved as a local ingest saves it:
in input order, actors resolved against the store, one transaction per document. So
the database is the one a local run of the same documents leaves, and memory does not
depend on the size of the archive. Only pyarrow is needed, not Spark.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from factions.errors import DataError, FactionsError
from factions.jobs.spark_rows import TABLES, Row, from_rows
from factions.model import Extraction
from factions.store import Store


def read_table(folder: Path) -> Iterator[Row]:
    """Rows of one table, part files in name order (Spark numbers range partitions in order)."""
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise FactionsError("factions load needs pyarrow: pip install 'factions[spark]'") from exc
    if not folder.is_dir():
        raise DataError(f"no {folder.name}/ table here: is this the OUTPUT of factions spark-extract?",
                        path=str(folder.parent))
    for part in sorted(folder.glob("*.parquet")):
        for batch in pq.ParquetFile(part).iter_batches(batch_size=512):
            yield from batch.to_pylist()


class _Sorted:
    """A table read in seq order, handing out the rows of one document at a time."""

    def __init__(self, name: str, rows: Iterator[Row]) -> None:
        self.name, self.rows = name, rows
        self.head: Row | None = next(rows, None)
        self.last = -1

    def take(self, seq: int) -> list[Row]:
        out = []
        while self.head is not None and self.head["seq"] <= seq:
            if self.head["seq"] < self.last or self.head["seq"] < seq:
                raise DataError(f"{self.name}: row of document {self.head['seq']} out of order or without a "
                                "document row: the tables were not written by factions spark-extract")
            out.append(self.head)
            self.last = self.head["seq"]
            self.head = next(self.rows, None)
        return out


def load(parquet_dir: str | Path, store: Store, save: Callable[[Store, Extraction], Any],
         on_document: Callable[[Row, Any], None] | None = None) -> dict[str, int]:
    """Save every extracted document, in input order, with `save` (the ingest job's save_extraction).

    on_document(document row, save result or None) is called for each document row, failed ones too.
    """
    root = Path(parquet_dir)
    others = {t: _Sorted(t, read_table(root / t)) for t in TABLES if t != "documents"}
    counts = {"documents": 0, "saved": 0, "failed": 0, "skipped": 0}
    last = -1
    for doc in read_table(root / "documents"):
        if doc["seq"] <= last:
            raise DataError(f"documents: seq {doc['seq']} after {last}: not sorted by input order", path=str(root))
        last = doc["seq"]
        rows = {t: table.take(doc["seq"]) for t, table in others.items()}
        counts["documents"] += 1
        if doc["status"] != "ok":
            counts["skipped" if doc["status"] == "skipped" else "failed"] += 1
            if on_document:
                on_document(doc, None)
            continue
        try:
            result = save(store, from_rows(doc, rows["entities"], rows["claims"], rows["events"]))
        except FactionsError as exc:
            exc.path = exc.path or doc["path"]
            counts["failed"] += 1
            if on_document:
                on_document({**doc, "status": "failed", "message": exc.one_line()}, None)
            continue
        counts["saved"] += 1
        if on_document:
            on_document(doc, result)
    for name, table in others.items():
        if table.head is not None:
            raise DataError(f"{name}: rows of document {table.head['seq']}, which the documents table lacks",
                            path=str(root))
    return counts
