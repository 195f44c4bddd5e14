"""The steps every ingest engine shares: read a path, extract, resolve, save, screen.

The one-process batch (ingest.py), the parallel writer (parallel.py) and the Spark
loader (load.py) are built from these, so all three leave the same store.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

from factions.analyze.screening import ensure_lists, screen_entities  # noqa: F401  (ensure_lists: re-exported for jobs)
from factions.errors import InputError
from factions.extract.pipeline import extract
from factions.ingest import ChromeMemory, discover, load_document
from factions.model import Extraction
from factions.resolve.actors import assign_actor_ids
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


