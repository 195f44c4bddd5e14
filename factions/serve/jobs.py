"""The main job as library functions: ingest reports into a store, summarise a store.

The CLI is a thin layer over these. Each file is read, extracted, resolved and
saved on its own, in one transaction, so a bad file or a killed process never
leaves a half-written document, and the rest of a batch goes on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

from factions.errors import FactionsError, InputError, NotAReport
from factions.extract.pipeline import extract
from factions.ingest import ChromeMemory, discover, load_document
from factions.model import Extraction
from factions.resolve.actors import assign_actor_ids
from factions.store import SaveResult, Store

DEFAULT_MAX_BYTES = 20_000_000


@dataclass
class FileOutcome:
    path: str
    ok: bool
    message: str = ""
    result: SaveResult | None = None
    skipped: bool = False  # not a report (README, data file): neither stored nor failed


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


def iter_paths(args: Sequence[str]) -> Iterator[Path | InputError]:
    return discover(args)


def ingest_file(store: Store, path: Path, chrome: ChromeMemory, max_bytes: int = DEFAULT_MAX_BYTES) -> SaveResult:
    document = load_document(path, chrome=chrome, max_bytes=max_bytes)
    extraction = extract(document)
    return save_extraction(store, extraction)


def save_extraction(store: Store, extraction: Extraction) -> SaveResult:
    actor_ids = assign_actor_ids(extraction, store)
    return store.save(extraction, actor_ids)


def ingest_paths(args: Sequence[str], db: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 on_file: Callable[[FileOutcome], None] | None = None,
                 on_total: Callable[[int], None] | None = None) -> IngestReport:
    """Ingest every report named by args (files, folders, globs) into the store at db."""
    report = IngestReport()
    items = list(iter_paths(args))
    if on_total:
        on_total(len(items))
    chrome = ChromeMemory()
    with Store(db) as store:
        for item in items:
            if isinstance(item, InputError):
                outcome = FileOutcome(str(item.path or item.message), False, item.one_line())
            else:
                try:
                    outcome = FileOutcome(str(item), True, result=ingest_file(store, item, chrome, max_bytes))
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


def summary(db: str | Path, top: int = 8) -> dict:
    """What a store holds: counts, the most connected actors, the claims about them."""
    with Store(db) as store:
        counts = store.counts()
        actors = sorted(store.actors(), key=lambda a: (-a.get("claims", 0), -a.get("documents", 0), a["name"]))
        documents = store.documents()
    return {"counts": counts, "documents": documents, "top_actors": actors[:top]}
