"""Results cached until the store changes: vetting reports, actor pages' data, networks, searches.

A hub's page reads thousands of claims and a search ranks every matching report; analysts
reopen the same actors and searches all day. A result is reused only while the store is
unchanged: entries are keyed by the store's version (migration 0006), which every write
bumps in its own transaction, whoever makes it (this server, another server process
started by `--workers`, an ingest), so a new version never sees older entries.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable

from factions.store import Store

MAX_ENTRIES = 512


class Generation:
    """The store version, read through the calling thread's connection (one indexed row)."""

    def current(self, store: Store) -> int:
        return int(store.conn.execute("SELECT version FROM store_version").fetchone()[0])


class Cache:
    """A small LRU of results keyed by (store generation, *key)."""

    def __init__(self, generation: Generation, size: int = MAX_ENTRIES) -> None:
        self.generation = generation
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

    def lookup(self, generation: int, key: tuple[Any, ...]) -> Any:
        with self._lock:
            full = (generation, *key)
            if full in self._items:
                self._items.move_to_end(full)
                return self._items[full]
        return None

    def store(self, generation: int, key: tuple[Any, ...], value: Any) -> None:
        with self._lock:
            self._items[(generation, *key)] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get(self, store: Store, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        """For synchronous callers (on a pool thread): the cached value, or compute and keep it."""
        generation = self.generation.current(store)
        value = self.lookup(generation, key)
        if value is None:
            value = compute()
            self.store(generation, key, value)
        return value
