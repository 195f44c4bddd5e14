"""Vetting in worker processes.

vet() at two hops walks vet_edges (tens of milliseconds), but a hub's report holds tens of
thousands of claims: a few hundred milliseconds of CPU-bound Python. Run on the server's own
threads it would hold the GIL and stall every page behind it; in worker processes it uses the
other cores and the pages stay quick.
Each worker opens the store once. Results go through the app's VetCache.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from factions.errors import FactionsError
from factions.store import Store

_store: Store | None = None
# Pages first, but only a little: with whole pages reused (response_cache.py) a page costs well
# under a millisecond, so what is left of the CPU is mostly vetting. Measured with bench/web.py at
# --workers 2 on 2 cores: niceness 5 gave pages p95 ~80 ms and vetting 1.3 s, 0 gave 320 ms and
# 0.8-0.96 s, 2 gave 200-230 ms and 0.9-0.95 s.
VET_NICENESS = 2


def _open(db: str) -> None:
    global _store
    try:
        os.nice(VET_NICENESS)
    except OSError:
        pass
    _store = Store(db, create=False)


def _ready() -> None:
    """Nothing: submitted once per worker to start it."""


def _vet(actor: str, as_of: str, hops: int, claims_per_link: int | None) -> dict[str, Any]:
    from factions.analyze.vetting import vet

    assert _store is not None, "worker not initialised"
    return vet(_store, actor, as_of=as_of, hops=hops, claims_per_link=claims_per_link)


class VetPool:
    def __init__(self, db: Path, workers: int | None = None) -> None:
        self.db = db
        self.workers = workers or max(1, min(2, os.cpu_count() or 1))
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawn, not fork: the server process has threads and open SQLite connections.
                self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_open, initargs=(str(self.db),))
            return self._pool

    def start(self) -> None:
        """Start every worker now (each opens the store), so that no request waits for one to start."""
        pool = self._executor()
        for _ in range(self.workers):
            pool.submit(_ready)

    async def vet(self, actor: str, as_of: str, hops: int, claims_per_link: int | None = None) -> dict[str, Any]:
        """The report, with at most claims_per_link claims a side of each link (None: all of them)."""
        pool = self._executor()
        try:
            return await asyncio.wrap_future(pool.submit(_vet, actor, as_of, hops, claims_per_link))
        except BrokenProcessPool as exc:  # a worker died (killed, out of memory): start afresh next time
            with self._lock:
                if self._pool is pool:
                    self._pool = None
            pool.shutdown(wait=False, cancel_futures=True)
            raise FactionsError(f"the vetting worker stopped ({exc}); try again") from exc

    def close(self) -> None:
        """Stop the workers now: a report still being computed is not worth waiting for at shutdown."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is None:
            return
        # shutdown() alone lets running jobs finish (seconds each under load); the executor has no
        # public way to stop them, so its worker processes are terminated first.
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
