"""The main job as library functions: ingest reports into a store, summarise a store.

The CLI is a thin layer over these. Each file is read, extracted, resolved and
saved on its own, in one transaction, so a bad file or a killed process never
leaves a half-written document, and the rest of a batch goes on.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from factions.errors import FactionsError, InputError, NotAReport
from factions.extract.pipeline import extract
from factions.ingest import ChromeMemory, discover, load_document
from factions.analyze.screening import build_screener, screen_entities
from factions.model import Extraction
from factions.resolve.actors import assign_actor_ids
from factions.extract.resources import catalog
from factions.resolve.lineage import names_over_time
from factions.resolve.lists import import_file, load_shipped
from factions.resolve.screen import Screener
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


class CachedScreener:
    """A Screener whose answers are remembered per query (bounded, least recently used dropped).

    A batch names the same groups in report after report, and screening one name against
    every list entry costs as much as extracting a short report; the answer depends only
    on the query and the lists, which do not change during an ingest.
    """

    def __init__(self, screener: Screener, size: int = 20_000) -> None:
        self.screener = screener
        self.size = size
        self._memo: OrderedDict[tuple, list] = OrderedDict()

    def screen(self, query: str, **options: Any) -> list:
        key = (query, tuple(sorted(options.items())))
        if key in self._memo:
            self._memo.move_to_end(key)
            return self._memo[key]
        answer = self._memo[key] = self.screener.screen(query, **options)
        if len(self._memo) > self.size:
            self._memo.popitem(last=False)
        return answer


def ingest_file(store: Store, path: Path, chrome: ChromeMemory, max_bytes: int = DEFAULT_MAX_BYTES,
                screener: Screener | None = None) -> SaveResult:
    document = load_document(path, chrome=chrome, max_bytes=max_bytes)
    extraction = extract(document)
    return save_extraction(store, extraction, screener)


def save_extraction(store: Store, extraction: Extraction, screener: Screener | None = None) -> SaveResult:
    actor_ids = assign_actor_ids(extraction, store)
    result = store.save(extraction, actor_ids)
    # The document's actors are screened at once, so the store always knows their list matches.
    screen_entities(store, set(actor_ids.values()), screener)
    return result


def ensure_lists(store: Store) -> None:
    """Load the shipped official lists into a store that has none yet."""
    if store.lists():
        return
    by_source: dict[tuple[str, str], list] = {}
    for d in load_shipped():
        by_source.setdefault((d.list, d.source_file or "factions/data"), []).append(d)
    for (name, source), entries in sorted(by_source.items()):
        store.save_list(name, source, "shipped", None, entries)


def import_list(path: str | Path, db: str | Path) -> dict:
    """Import an official list file (OFAC SDN XML/CSV, UN consolidated XML, FtM JSON lines, factions CSV),
    then re-screen every stored actor against what is now loaded."""
    info, entries = import_file(Path(path))
    with Store(db) as store:
        ensure_lists(store)
        store.save_list(info.name, str(Path(path).resolve()), info.format, info.as_of, entries)
        hits = screen_entities(store)
    return {"list": info.name, "format": info.format, "as_of": info.as_of, "entries": len(entries),
            "screen_hits": hits}


def ingest_paths(args: Sequence[str], db: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 on_file: Callable[[FileOutcome], None] | None = None,
                 on_total: Callable[[int], None] | None = None, workers: int = 1) -> IngestReport:
    """Ingest every report named by args (files, folders, globs) into the store at db.

    workers > 1 extracts in that many processes (factions/serve/parallel.py), streaming,
    resumable, and leaves the same store."""
    if workers > 1:
        from factions.serve.parallel import ingest_parallel

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


def summary(db: str | Path, top: int = 8) -> dict:
    """What a store holds: counts, the most connected actors, the claims about them."""
    with Store(db) as store:
        counts = store.counts()
        actors = sorted(store.actors(), key=lambda a: (-a.get("claims", 0), -a.get("documents", 0), a["name"]))
        documents = store.documents()
    return {"counts": counts, "documents": documents, "top_actors": actors[:top]}


def actor_profile(db: str | Path, name: str) -> dict:
    """An actor's profile: the store's facts plus its names over time, list matches and resolution notes."""
    with Store(db) as store:
        profile = store.actor_profile(name)
        profile["list_matches"] = store.screen_hits(profile["id"])
        profile["resolution_notes"] = sorted({r[0] for r in store.conn.execute(
            "SELECT note FROM resolution_notes WHERE entity_id = ?", (profile["id"],))})
    cat = catalog()
    lineage_id = profile.get("catalog_id") or profile["id"]
    profile["names_over_time"] = [asdict(n) for n in names_over_time(cat, lineage_id)] \
        if lineage_id in cat.actors and len(names_over_time(cat, lineage_id)) > 1 else []
    return profile
