"""`factions ingest --workers N`: N extraction processes, one writer.

Extraction (spaCy and factions' components) is nearly all the work and is pure per
document, so it runs in N worker processes, each loading the pipeline once. Everything
that depends on order stays in this process, in input order: reading files (the chrome
memory learns from earlier documents of a site), resolving actors against the store,
saving and screening (SQLite has one writer). Results are put back in input order
before they are saved, so the store ends up exactly as `--workers 1` leaves it.

Memory stays flat however long the batch: paths are streamed from discover(), at most
`_PENDING_PER_WORKER * N` documents are between reading and saving, and the report
keeps counts and failures, not one row per file. A batch that was killed resumes: a
file whose copy (same bytes, same path, same body) is already stored is read (so the
chrome memory learns what it learnt the first time) but neither extracted nor saved.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import queue
import signal
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factions.errors import FactionsError, InputError, NotAReport
from factions.model import Document, Extraction

# Documents sent to a worker per message: small, so work spreads evenly and the
# reorder buffer stays short; large enough that queue overhead is noise.
_CHUNK = 4
# Documents allowed between reading and saving, per worker: enough that no worker
# waits on the writer, few enough that memory does not depend on the batch.
_PENDING_PER_WORKER = 16
_POLL_S = 0.5


# --- worker process -----------------------------------------------------------------------------

def _worker(tasks: Any, results: Any, writer_pid: int | None = None) -> None:
    """Extract documents until the None sentinel, or until the writer is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle: it stops us
    from factions.jobs.lifeline import die_with_parent

    die_with_parent(writer_pid if writer_pid is not None else os.getppid())  # before the slow imports
    from factions.extract.pipeline import build_pipeline, extract

    build_pipeline()  # once per process
    parent = mp.parent_process()
    while True:
        try:
            batch = tasks.get(timeout=_POLL_S)
        except queue.Empty:
            if parent is not None and not parent.is_alive():
                # The writer was killed: leave now. os._exit, because a normal exit would wait
                # for our unread results to drain into a pipe that nobody reads any more.
                os._exit(0)
            continue
        if batch is None:
            return
        out: list[tuple[int, str, Extraction | None, str | None]] = []
        for seq, document in batch:
            # One document at a time, as `--workers 1` does, so results cannot depend on batching.
            try:
                out.append((seq, document.path or "?", extract(document), None))
            except FactionsError as exc:
                exc.path = exc.path or document.path
                out.append((seq, document.path or "?", None, exc.one_line()))
            except Exception as exc:  # noqa: BLE001 - one bad document must not take the batch down
                out.append((seq, document.path or "?", None,
                            f"{document.path}: extraction failed: {type(exc).__name__}: {exc}"))
        results.put(out)


# --- the report ---------------------------------------------------------------------------------

@dataclass
class StreamReport:
    """IngestReport's interface (as_json, failed) with counts instead of one row per file."""

    counts: Counter = field(default_factory=Counter)
    failures: list[Any] = field(default_factory=list)  # FileOutcome of failed files only

    def add(self, outcome: Any) -> None:
        self.counts["files"] += 1
        if outcome.skipped:
            self.counts["skipped"] += 1
        elif not outcome.ok:
            self.failures.append(outcome)
        else:
            self.counts["saved"] += 1
            if outcome.result is None:
                self.counts["already_stored"] += 1
            else:
                self.counts["new_documents"] += outcome.result.new_document
                self.counts["new_sources"] += outcome.result.new_source

    @property
    def failed(self) -> list[Any]:
        return self.failures

    def as_json(self) -> dict:
        c = self.counts
        return {"files": c["files"], "saved": c["saved"], "failed": len(self.failures), "skipped": c["skipped"],
                "already_stored": c["already_stored"], "new_documents": c["new_documents"],
                "new_sources": c["new_sources"], "errors": [{"path": o.path, "error": o.message} for o in self.failures]}


# --- the writer ---------------------------------------------------------------------------------

class _Writer:
    def __init__(self, store: Any, workers: int, max_bytes: int, on_file: Callable[[Any], None] | None) -> None:
        from factions.analyze.screening import build_screener
        from factions.ingest import ChromeMemory
        from factions.jobs.steps import CachedScreener

        self.store = store
        self.max_bytes = max_bytes
        self.on_file = on_file
        self.chrome = ChromeMemory()
        self.screener = CachedScreener(build_screener(store))
        self.report = StreamReport()
        self.ctx = mp.get_context("spawn")  # never fork a process holding SQLite handles and threads
        self.tasks = self.ctx.Queue()
        self.results = self.ctx.Queue()
        self.procs = [self.ctx.Process(target=_worker, args=(self.tasks, self.results, os.getpid()),
                                       daemon=True, name=f"factions-extract-{i}") for i in range(workers)]
        self.max_pending = _PENDING_PER_WORKER * workers
        self.ready: dict[int, Any] = {}  # seq -> FileOutcome | Extraction, waiting for its turn
        self.next_seq = 0  # next sequence number to hand out
        self.next_save = 0  # next sequence number to save
        self.in_flight = 0  # messages sent to workers and not yet answered
        self.batch: list[tuple[int, Document]] = []
        # (document id, file hash) of the copies read but not yet saved: such a copy's stored row may still
        # change before a later file's turn, so the later file must not be judged "already stored" on it.
        self.unsaved: Counter = Counter()
        self.keys: dict[int, tuple[str, str | None]] = {}  # seq -> that key, for the documents in flight
        self.stored: dict[int, str] = {}  # seq -> document id, for files found already stored
        self.last_stored: str | None = None  # the latest of those, until a save follows it

    # reading, in input order ------------------------------------------------------------------
    def admit(self, item: Path | InputError) -> None:
        from factions.ingest import load_document
        from factions.jobs.steps import FileOutcome

        seq, self.next_seq = self.next_seq, self.next_seq + 1
        if isinstance(item, InputError):
            self.ready[seq] = FileOutcome(str(item.path or item.message), False, item.one_line())
            return
        try:
            document = load_document(item, chrome=self.chrome, max_bytes=self.max_bytes)
        except NotAReport as exc:
            self.ready[seq] = FileOutcome(str(item), False, exc.one_line(), skipped=True)
            return
        except FactionsError as exc:
            exc.path = exc.path or str(item)
            self.ready[seq] = FileOutcome(str(item), False, exc.one_line())
            return
        key = (document.id, document.raw_sha)
        if document.raw_sha and key not in self.unsaved and self.store.has_source(
                document.raw_sha, document_id=document.id, path=document.path):
            self.ready[seq] = FileOutcome(str(item), True, "already stored")  # a resumed batch
            self.stored[seq] = document.id
            return
        self.unsaved[key] += 1
        self.keys[seq] = key
        self.batch.append((seq, document))
        if len(self.batch) >= _CHUNK:
            self.send()

    def send(self) -> None:
        if self.batch:
            self.tasks.put(self.batch)
            self.batch = []
            self.in_flight += 1

    # saving, in input order -------------------------------------------------------------------
    def save_ready(self) -> None:
        from factions.jobs.steps import FileOutcome, save_extraction

        while self.next_save in self.ready:
            item = self.ready.pop(self.next_save)
            key = self.keys.pop(self.next_save, None)
            stored = self.stored.pop(self.next_save, None)
            self.next_save += 1
            if stored is not None:
                self.last_stored = stored
            elif isinstance(item, Extraction):
                self.rescreen()
                path = item.document.path or "?"
                try:
                    item = FileOutcome(path, True, result=save_extraction(self.store, item, self.screener))
                except FactionsError as exc:
                    exc.path = exc.path or path
                    item = FileOutcome(path, False, exc.one_line())
            if key is not None:
                self.unsaved[key] -= 1
                if not self.unsaved[key]:
                    del self.unsaved[key]
            self.report.add(item)
            if self.on_file:
                self.on_file(item)

    def rescreen(self) -> None:
        """Screen again the actors of the last already-stored document before a save follows it.

        A save and its screening are two transactions: a batch killed between them left that
        document (only the last one saved) stored but its actors unscreened. Screening depends
        only on the actor and the lists, so screening again is harmless where nothing was lost.
        """
        from factions.analyze.screening import screen_entities

        if self.last_stored is None:
            return
        ids = {r[0] for r in self.store.conn.execute(
            "SELECT entity_id FROM mentions WHERE document_id = :d UNION SELECT subject_id FROM claims "
            "WHERE document_id = :d UNION SELECT object_id FROM claims WHERE document_id = :d "
            "UNION SELECT ea.entity_id FROM event_actors ea JOIN events e ON e.id = ea.event_id "
            "WHERE e.document_id = :d UNION SELECT entity_id FROM aliases WHERE document_id = :d",
            {"d": self.last_stored})}
        screen_entities(self.store, ids, self.screener)
        self.last_stored = None

    def receive(self) -> None:
        from factions.jobs.steps import FileOutcome

        while True:
            try:
                answer = self.results.get(timeout=_POLL_S)
                break
            except queue.Empty:
                dead = [p for p in self.procs if not p.is_alive()]
                if dead:
                    raise FactionsError(f"extraction worker {dead[0].name} died (exit code {dead[0].exitcode}); "
                                        "what was saved stays saved: run the same command again to resume")
        self.in_flight -= 1
        for seq, path, extraction, error in answer:
            self.ready[seq] = extraction if extraction is not None else FileOutcome(
                path, False, error or f"{path}: extraction failed")

    def pending(self) -> int:
        return self.next_seq - self.next_save

    def run(self, items: Any) -> StreamReport:
        for p in self.procs:
            p.start()
        try:
            exhausted = False
            while True:
                while not exhausted and self.pending() < self.max_pending:
                    item = next(items, None)
                    if item is None:
                        exhausted = True
                    else:
                        self.admit(item)
                self.send()  # a part-filled message too: no worker should idle while we wait
                self.save_ready()
                if exhausted and self.pending() == 0:
                    self.rescreen()
                    break
                if self.in_flight:
                    self.receive()
                    self.save_ready()
            for _ in self.procs:
                self.tasks.put(None)
            for p in self.procs:
                p.join(timeout=30)
        finally:
            for p in self.procs:
                if p.is_alive():
                    p.terminate()
                    p.join(timeout=5)
            for q in (self.tasks, self.results):
                q.cancel_join_thread()  # never hang at exit on a message nobody will read
                q.close()
        return self.report


def ingest_parallel(args: Sequence[str], db: str | Path, *, workers: int, max_bytes: int,
                    on_file: Callable[[Any], None] | None = None,
                    on_total: Callable[[int], None] | None = None) -> StreamReport:
    """Ingest with `workers` extraction processes; same store as a one-process run of the same paths."""
    from factions.jobs.steps import ensure_lists, iter_paths
    from factions.store import Store

    if on_total:
        # A counting pass (paths only, nothing kept) so the progress bar has a total.
        on_total(sum(1 for _ in iter_paths(args)))
    with Store(db) as store:
        ensure_lists(store)
        return _Writer(store, workers, max_bytes, on_file).run(iter(iter_paths(args)))
