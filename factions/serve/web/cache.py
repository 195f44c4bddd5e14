"""Results cached until the store changes: vetting reports, actor pages' data, networks.

A vetting report at two hops reads every claim of every neighbour, and a hub's page reads
thousands of claims; analysts reopen the same actors all day. A result is reused only while
the store is unchanged: each worker thread's connection reports (PRAGMA data_version) when
another connection (another thread, or an ingest in another process) committed, our own
writes bump the generation explicitly, and a new generation never sees older entries.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable

from factions.store import Store

MAX_ENTRIES = 512


class Generation:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value = 0
        self._seen: dict[int, int] = {}

    def current(self, store: Store) -> int:
        """The store's generation as seen through this thread's connection."""
        version = store.conn.execute("PRAGMA data_version").fetchone()[0]
        thread = threading.get_ident()
        with self._lock:
            if self._seen.get(thread, version) != version:
                self._value += 1  # someone else committed since this thread last looked
            self._seen[thread] = version
            return self._value

    def bump(self) -> None:
        """After a write through this app (the writer's own data_version does not move)."""
        with self._lock:
            self._value += 1


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
