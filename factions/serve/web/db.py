"""One Store per worker thread.

A Store holds one sqlite3 connection, usable only from the thread that opened it. FastAPI
runs synchronous endpoints on a thread pool, and runs a synchronous dependency on a pool
thread of its own, possibly not the endpoint's. So the dependency hands out a ThreadStore:
every attribute is looked up, when it is used, on the Store of the thread using it. WAL
lets these readers run while one of them writes a curation decision.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from factions.store import Store


class StorePool:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store(self.path, create=False)
        return store


class ThreadStore:
    """Stands in for a Store (same methods and properties), bound to the calling thread's connection."""

    def __init__(self, pool: StorePool) -> None:
        self._pool = pool

    @property
    def path(self) -> Path:
        return self._pool.path

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pool.get(), name)
