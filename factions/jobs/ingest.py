"""The main job as library functions: ingest reports into a store, import a list file.

The CLI is a thin layer over these. Each file is read, extracted, resolved and
saved on its own, in one transaction, so a bad file or a killed process never
leaves a half-written document, and the rest of a batch goes on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from factions.analyze.screening import build_screener, screen_entities
from factions.errors import FactionsError, InputError, NotAReport
from factions.ingest import ChromeMemory
from factions.jobs.steps import (DEFAULT_MAX_BYTES, CachedScreener, FileOutcome, ensure_lists, ingest_file,
                                 iter_paths)
from factions.resolve.lists import open_list
from factions.store import Store


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if not o.ok and not o.skipped]

    @property
    def saved(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.ok]

    def as_json(self) -> dict:
        return {"files": len(self.outcomes), "saved": len(self.saved), "failed": len(self.failed),
                "skipped": sum(1 for o in self.outcomes if o.skipped),
                "new_documents": sum(1 for o in self.saved if o.result and o.result.new_document),
                "new_sources": sum(1 for o in self.saved if o.result and o.result.new_source),
                "errors": [{"path": o.path, "error": o.message} for o in self.failed]}


def import_list(path: str | Path, db: str | Path, *, as_of: str | None = None, alt: str | Path | None = None,
                add: str | Path | None = None) -> dict:
    """Import an official list file (OFAC SDN CSV trio or XML, UN consolidated XML, FtM JSON lines,
    factions CSV), then re-screen every stored actor against what is now loaded.

    An edition of a publication (all but factions CSVs) is streamed into the store and
    dated by the file (Publish_Date, dateGenerated) or by `as_of`; entries that an
    older edition held and this one lacks become removals, whatever the import order.
    The same edition imported again changes nothing."""
    info, entries = open_list(Path(path), alt=alt, add=add)
    with Store(db) as store:
        ensure_lists(store)
        if info.publication is None:
            rows = list(entries)
            store.save_list(info.name, str(Path(path).resolve()), info.format, as_of or info.as_of, rows)
            result: dict = {"publication": None, "edition": as_of or info.as_of, "unchanged": False,
                            "entries": len(rows)}
        else:
            info.source_file = str(Path(path).resolve())
            result = store.import_edition(info, entries, as_of)
        hits = None if result["unchanged"] else screen_entities(store)
    return {"list": info.publication or info.name, "format": info.format, "as_of": result["edition"], **result,
            "screen_hits": hits}


def ingest_paths(args: Sequence[str], db: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 on_file: Callable[[FileOutcome], None] | None = None,
                 on_total: Callable[[int], None] | None = None, workers: int = 1) -> IngestReport:
    """Ingest every report named by args (files, folders, globs) into the store at db.

    workers > 1 extracts in that many processes (parallel.py), streaming,
    resumable, and leaves the same store."""
    if workers > 1:
        from factions.jobs.parallel import ingest_parallel  # spawns processes: loaded only when asked

        return ingest_parallel(args, db, workers=workers, max_bytes=max_bytes, on_file=on_file,  # type: ignore[return-value]
                               on_total=on_total)
    report = IngestReport()
    items = list(iter_paths(args))
    if on_total:
        on_total(len(items))
    chrome = ChromeMemory()
    with Store(db) as store:
        ensure_lists(store)
        screener = CachedScreener(build_screener(store))
        for item in items:
            if isinstance(item, InputError):
                outcome = FileOutcome(str(item.path or item.message), False, item.one_line())
            else:
                try:
                    outcome = FileOutcome(str(item), True,
                                          result=ingest_file(store, item, chrome, max_bytes, screener))
                except NotAReport as exc:
                    outcome = FileOutcome(str(item), False, exc.one_line(), skipped=True)
                except FactionsError as exc:
                    if exc.path is None:
                        exc.path = str(item)
                    outcome = FileOutcome(str(item), False, exc.one_line())
            report.outcomes.append(outcome)
            if on_file:
                on_file(outcome)
    return report


