"""`factions` command line: a thin layer over the library functions.

Every command takes `--format json` for scripts; errors are one line on stderr.
Exit codes: 0 success, 1 some inputs failed (the rest were processed), 2 usage
or fatal error.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Callable

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from factions import __version__
from factions.errors import FactionsError, StoreError
from factions.analyze import profile as profiles
from factions.serve.lazy import LazyModule

# The job modules load spaCy; commands that only read the store (screen, lists) must not pay for it.
jobs = LazyModule("factions.jobs.ingest")
steps = LazyModule("factions.jobs.steps")

DB_OPTION = click.option("--db", default="factions.db", show_default=True, type=click.Path(dir_okay=False),
                         help="SQLite store to read or write.")
FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="Readable table or JSON for scripts.")
MODEL_OPTION = click.option("--model", type=click.Path(file_okay=False),
                            help="Trained model folder written by `factions train` (default: the shipped model).")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _fail(exc: FactionsError) -> None:
    err.print(f"error: {exc.one_line()}", markup=False)
    sys.exit(2)


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _in_store(db: str, read: Callable[[Any], Any]) -> Any:
    """Open an existing store, run `read(store)`, and turn a FactionsError into one line and exit 2."""
    from factions.store import Store

    try:
        with Store(db, create=False) as store:
            return read(store)
    except FactionsError as exc:
        _fail(exc)


class IsoDate(click.ParamType):
    """A YYYY-MM-DD day; anything else, the empty string included, is a usage error (exit 2)."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return _iso_date(str(value))
        except FactionsError as exc:
            self.fail(exc.message, param, ctx)


AS_OF = IsoDate()


class _Commands(click.Group):
    """The command group, with a last guard: a store damaged inside (a page that does not read back,
    found only by a query) is one line and exit 2 from every command, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        import sqlite3

        try:
            return super().invoke(ctx)
        except sqlite3.DatabaseError as exc:
            _fail(StoreError(f"damaged store: {exc}; restore it from a backup"))


def _use_model(model: str | None) -> None:
    """Select a trained model folder for this run (and its worker processes); a bad folder is one error line."""
    if not model:
        return
    from factions.extract.learn.bundle import load_bundle
    from factions.extract.pipeline import select_model

    try:
        load_bundle(model)
    except FactionsError as exc:
        _fail(exc)
    select_model(model)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="factions")
def cli() -> None:
    """factions: who fights with whom, since when, and says who, from conflict reports."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; errors and the final line only.")
@click.option("--max-mb", default=20.0, show_default=True, help="Refuse files larger than this.")
@click.option("--workers", "-w", default=1, show_default=True, type=click.IntRange(1, 256),
              help="Extraction processes. More than 1: one writer saves in input order (same store as 1), "
                   "memory stays flat, and a re-run skips files already stored.")
@FORMAT_OPTION
@MODEL_OPTION
def ingest(paths: tuple[str, ...], db: str, quiet: bool, max_mb: float, workers: int, fmt: str,
           model: str | None) -> None:
    """Read reports (files, folders, globs) into the store.

    \b
    Examples:
      factions ingest samples/ reports/*.html --db factions.db
      factions ingest archive/ --workers 4 --db archive.db
      factions ingest reports/ --model models/ --db factions.db

    Text, Markdown and HTML; site chrome and reprint notices are removed and the
    source line is parsed. A reprint of a stored report becomes a second source
    of the same document. Bad files get one error line each; the batch goes on
    and the exit code is 1 if any failed.
    """
    _use_model(model)
    progress = Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        TextColumn("{task.description}"), console=err, transient=True,
                        disable=quiet or fmt == "json")
    task = None

    def on_total(n: int) -> None:
        nonlocal task
        task = progress.add_task("", total=n)

    def on_file(o: steps.FileOutcome) -> None:
        if o.skipped:
            progress.console.print(f"skipped: {o.message}", markup=False)
        elif not o.ok:
            progress.console.print(f"error: {o.message}", markup=False)
        if task is not None:
            progress.update(task, advance=1, description=Path(o.path).name[:40])

    try:
        with progress:
            report = jobs.ingest_paths(list(paths), db, max_bytes=int(max_mb * 1_000_000), on_file=on_file,
                                       on_total=on_total, workers=workers)
    except FactionsError as exc:
        _fail(exc)
        return
    summary = report.as_json()
    if fmt == "json":
        _print_json(summary)
    else:
        out.print(f"{summary['saved']} of {summary['files']} files stored in {db} "
                  f"({summary['new_documents']} new documents, {summary['new_sources']} new sources"
                  f"{', ' + str(summary['failed']) + ' failed' if summary['failed'] else ''})", markup=False)
    sys.exit(1 if report.failed else 0)


@cli.command("extract")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True)
@MODEL_OPTION
def extract_cmd(file: str, fmt: str, model: str | None) -> None:
    """Print what factions reads out of one report, without touching a store.

    \b
    Examples:
      factions extract ../shared/seed/000_1419a0e6fcd13314.txt --format json
      factions extract report.txt --model models/ --format text

    The JSON is the contract of ONTOLOGY.md: document, entities, relations, events.
    """
    from factions.extract.pipeline import extract
    from factions.ingest import load_document

    _use_model(model)
    try:
        extraction = extract(load_document(Path(file)))
    except FactionsError as exc:
        _fail(exc)
        return
    data = extraction.to_json()
    if fmt == "json":
        _print_json(data)
        return
    d = data["document"]
    out.print(f"[bold]{d['title']}[/] — {d['author'] or '?'}, {d['outlet'] or '?'}, {d['published'] or '?'}")
    for r in data["relations"]:
        mods = [m for m in ("negated", "hedged") if r[m]] + ([f"per {r['attributed_to']}"] if r["attributed_to"] else [])
        out.print(f"  {r['subject']} [cyan]{r['predicate']}[/] {r['object']}" + (f"  ({', '.join(mods)})" if mods else ""))
    for e in data["events"]:
        out.print(f"  event: {e['type']} / {e['sub_event_type']}: {', '.join(e['actors'])} -> "
                  f"{', '.join(e['targets'])} @ {e['place'] or '?'} {e['date'] or ''}")


@cli.command("train")
@click.option("--corpus", "corpus_dir", default="tests/eval", show_default=True, type=click.Path(file_okay=False),
              help="Folder with train/, dev/ and optionally test/ (reports beside <stem>.gold.json).")
@click.option("--db", type=click.Path(dir_okay=False), help="A store whose curation joins the training data.")
@click.option("--out", "out_dir", default="models", show_default=True, type=click.Path(file_okay=False),
              help="Folder the trained model is written to.")
@click.option("--extra", multiple=True, type=click.Path(file_okay=False),
              help="More annotated folders for training (default: ../shared/seed when it is there).")
@click.option("--scorer", type=click.Path(dir_okay=False), help="shared/eval/score.py, when not beside the repository.")
@click.option("--no-test", is_flag=True, help="Do not read or score the test split.")
@FORMAT_OPTION
def train_cmd(corpus_dir: str, db: str | None, out_dir: str, extra: tuple[str, ...], scorer: str | None, no_test: bool,
              fmt: str) -> None:
    """Retrain the relation and event deciders from the corpus and the store's curation.

    \b
    Examples:
      factions train --corpus tests/eval --out models/
      factions train --db factions.db --out models/      # accepted/rejected claims become examples
      factions ingest reports/ --model models/ --db factions.db

    Training is deterministic (same corpus, same files) and prints dev (and test)
    scores from the project's scorer.
    """
    from factions.jobs.train import train

    try:
        outcome = train(Path(corpus_dir), Path(out_dir), db=db, extra=[Path(e) for e in extra] if extra else None,
                        scorer_path=Path(scorer) if scorer else None, with_test=not no_test)
    except FactionsError as exc:
        _fail(exc)
        return
    if fmt == "json":
        _print_json(outcome.as_json())
        return
    c = outcome.report.counts
    out.print(f"model {outcome.report.version} written to {out_dir} in {outcome.report.seconds}s: "
              f"{c['train_documents']} training documents ({c['curated_documents']} from curation), "
              f"{c['relation_examples']} relation, {c['event_examples']} event, {c['role_examples']} role examples",
              markup=False)
    for split, res in outcome.scores.items():
        cells = "  ".join(f"{k} {res[k]['f1']:.3f}" for k in ("entities", "aliases", "relations", "events"))
        out.print(f"[{split}] F1  {cells}  required {res['required']['found']}/{res['required']['of']}", markup=False)
    if not outcome.scores:
        out.print("no scores: no dev split, or shared/eval/score.py not found (use --scorer)", markup=False)


@cli.command()
@DB_OPTION
@click.option("--kind", help="Only this kind (armed_group, state, person, ...).")
@click.option("--search", help="Text matched against names and aliases.")
@FORMAT_OPTION
def actors(db: str, kind: str | None, search: str | None, fmt: str) -> None:
    """List the actors in the store.

    \b
    Example:
      factions actors --kind armed_group --search nusra
    """
    rows = _in_store(db, lambda store: store.actors(kind=kind, search=search))
    if fmt == "json":
        _print_json(rows)
        return
    table = Table("name", "kind", "aliases", "docs", "claims")
    for r in rows:
        table.add_row(r["name"], r["kind"], ", ".join(r.get("aliases", [])[:6]), str(r.get("documents", 0)),
                      str(r.get("claims", 0)))
    out.print(table)


@cli.command()
@click.argument("name")
@DB_OPTION
@FORMAT_OPTION
def show(name: str, db: str, fmt: str) -> None:
    """One actor: aliases, documents, claims with their evidence.

    \b
    Example:
      factions show "Hazm Movement"
    """
    try:
        profile = profiles.actor_profile(db, name)
    except FactionsError as exc:
        _fail(exc)
        return
    if fmt == "json":
        _print_json(profile)
        return
    out.print(f"[bold]{profile['name']}[/] ({profile['kind']})")
    for n in profile.get("names_over_time", []):
        out.print(f"  name {n['name']}: {n['start'] or '?'} to {n['end'] or 'now'} ({n['how']})", markup=False)
    for h in profile.get("list_matches", []):
        kind = "caveat" if h["caveat"] else "match"
        out.print(f"  list {kind}: {h['list']} {h['designation_name']} (listed {h['listed'] or '?'}"
                  f"{', removed ' + h['removed'] if h['removed'] else ''}; score {h['score']:.2f}: {h['explanation']})",
                  markup=False)
    for note in profile.get("resolution_notes", []):
        out.print(f"  resolved: {note}", markup=False, style="dim")
    if profile.get("aliases"):
        out.print("aka: " + ", ".join(a if isinstance(a, str) else a.get("alias", "") for a in profile["aliases"]),
                  markup=False)
    out.print(f"\n[bold]documents[/] ({len(profile['documents'])})")
    for d in profile["documents"]:
        out.print(f"  {d.get('published') or '????-??-??'}  {d.get('title')}  ({d.get('outlet') or '?'})", markup=False)
    out.print(f"\n[bold]claims[/] ({len(profile['claims'])})")
    for c in profile["claims"]:
        mods = [m for m in ("negated", "hedged") if c.get(m)]
        if c.get("attributed_to"):
            mods.append(f"per {c['attributed_to']}")
        flag = f" [{', '.join(mods)}]" if mods else ""
        out.print(f"  {c.get('published') or '?'}  {c['subject']} {c['predicate']} {c['object']}{flag}", markup=False)
        out.print(f"      \u201c{c['evidence']}\u201d — {c.get('outlet') or c.get('document_title')}", markup=False,
                  style="dim")


@cli.command()
@DB_OPTION
@FORMAT_OPTION
def docs(db: str, fmt: str) -> None:
    """List the stored documents with their sources and counts.

    \b
    Example:
      factions docs --format json
    """
    rows = _in_store(db, lambda store: store.documents())
    if fmt == "json":
        _print_json(rows)
        return
    table = Table("published", "title", "outlet", "sources", "entities", "claims", "events")
    for r in rows:
        table.add_row(r.get("published") or "", (r.get("title") or "")[:60], r.get("outlet") or "",
                      str(r.get("sources", 0)), str(r.get("entities", 0)), str(r.get("claims", 0)),
                      str(r.get("events", 0)))
    out.print(table)


@cli.command()
@DB_OPTION
@FORMAT_OPTION
def summary(db: str, fmt: str) -> None:
    """What the store holds: counts and the most connected actors.

    \b
    Example:
      factions summary --db demo.db
    """
    try:
        data = profiles.summary(db)
    except FactionsError as exc:
        _fail(exc)
        return
    if fmt == "json":
        _print_json(data)
        return
    c = data["counts"]
    out.print(f"[bold]{db}[/]: {c.get('documents', 0)} documents from {c.get('sources', 0)} sources, "
              f"{c.get('entities', 0)} entities, {c.get('claims', 0)} claims, {c.get('events', 0)} events")
    table = Table("actor", "kind", "documents", "claims", title="most connected actors")
    for a in data["top_actors"]:
        table.add_row(a["name"], a["kind"], str(a.get("documents", 0)), str(a.get("claims", 0)))
    out.print(table)


@cli.group(invoke_without_command=True)
@DB_OPTION
@FORMAT_OPTION
@click.pass_context
def lists(ctx: click.Context, db: str, fmt: str) -> None:
    """Official designation lists loaded in the store, and as of when.

    \b
    Examples:
      factions lists
      factions lists import sdn.xml
    The US FTO list and other designations compiled in factions/data are loaded on first use.
    """
    if ctx.invoked_subcommand is not None:
        return
    from factions.analyze.screening import ensure_lists
    from factions.store import Store

    try:
        with Store(db, create=False) as store:
            ensure_lists(store)
            rows = store.lists()
    except FactionsError as exc:
        _fail(exc)
        return
    if fmt == "json":
        _print_json(rows)
        return
    table = Table("list", "entries", "as of", "format", "loaded", "source")
    for r in rows:
        table.add_row(r["name"], str(r["entries"]), r["as_of"] or "-", r["format"], r["loaded_at"][:19],
                      r["source_file"])
    out.print(table)


@lists.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--as-of", help="The edition's date (YYYY-MM-DD), for files that carry none (OFAC's CSVs).")
@click.option("--alt", type=click.Path(dir_okay=False), help="OFAC alt.csv (default: the one beside sdn.csv).")
@click.option("--add", type=click.Path(dir_okay=False), help="OFAC add.csv (default: the one beside sdn.csv).")
@DB_OPTION
@FORMAT_OPTION
def lists_import(file: str, as_of: str | None, alt: str | None, add: str | None, db: str, fmt: str) -> None:
    """Import a list edition: OFAC SDN CSV trio or XML, UN consolidated XML, OpenSanctions/FtM JSON lines.

    \b
    Examples:
      factions lists import ~/Downloads/consolidated.xml
      factions lists import sdn.csv --as-of 2024-05-03
    Editions are ordered by their own date: entries an older edition holds and a newer one lacks are
    removals. A malformed or cut-short file is refused whole; the same edition again changes nothing.
    """
    try:
        result = jobs.import_list(file, db, as_of=_iso_date(as_of) if as_of else None, alt=alt, add=add)
    except FactionsError as exc:
        _fail(exc)
        return
    if fmt == "json":
        _print_json(result)
    elif result["unchanged"]:
        out.print(f"{result['list']} edition of {result['as_of']} is already imported: nothing changed", markup=False)
    else:
        change = (f"; {result['added']} added, {result['removed']} removed since {result['previous_edition']}"
                  if result.get("previous_edition") else "")
        out.print(f"{result['entries']} entries of {result['list']} ({result['format']}, edition of "
                  f"{result['as_of'] or 'unknown date'}){change}; {result['screen_hits']} actor matches stored",
                  markup=False)


@lists.command("history")
@click.argument("entry")
@DB_OPTION
@FORMAT_OPTION
def lists_history(entry: str, db: str, fmt: str) -> None:
    """An entry's listings over time, from the editions imported: by entry id or part of its name.

    \b
    Examples:
      factions lists history 4711
      factions lists history "TAHRIR AL-SHAM" --format json
    """
    rows = _in_store(db, lambda store: store.listing_history(entry))  # a read: never creates a store
    if fmt == "json":
        _print_json(rows)
        return
    if not rows:
        out.print(f"no imported edition holds an entry {entry!r}", markup=False)
        return
    table = Table("list", "entry", "name", "first seen", "absent before", "last seen", "absent from")
    for r in rows:
        table.add_row(r["list"], r["entry_key"], r["name"], r["first_seen"], r["absent_before"] or "(oldest)",
                      r["last_seen"], r["absent_from"] or "(still listed)")
    out.print(table)


@cli.command()
@click.argument("name", required=False)
@click.option("--as-of", type=AS_OF, help="Only entries listed on or before this date and not yet removed (YYYY-MM-DD).")
@click.option("--country", help="Where the actor operates (ISO code): list entries the catalog places elsewhere "
                                "become homonym caveats.")
@click.option("--batch", type=click.Path(dir_okay=False), help="CSV with columns query,as_of: one JSON line each.")
@click.option("--db", default=None, type=click.Path(dir_okay=False),
              help="Screen against the lists loaded in this store (default: the shipped lists).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def screen(name: str | None, as_of: str | None, country: str | None, batch: str | None, db: str | None,
           fmt: str) -> None:
    """Rank list entries a name may be, with scores, dates and a plain explanation.

    \b
    Examples:
      factions screen "Jabhat al-Nusrah" --as-of 2014-10-09
      factions screen "Jaysh al-Islam" --country SY --format json
      factions screen --batch queries.csv > results.jsonl
    """
    from contextlib import ExitStack

    from factions.analyze.screening import build_screener, ensure_lists
    from factions.extract.resources import catalog
    from factions.resolve.lists import load_shipped
    from factions.resolve.screen import DEFAULT_THRESHOLD, Screener, screen_result
    from factions.store import Store

    if not name and not batch:
        _fail(FactionsError("give a NAME or --batch FILE.csv"))
    try:
        if as_of:
            as_of = _iso_date(as_of)
        with ExitStack() as open_store:  # the store's index is read while screening: keep it open
            if db:
                store = open_store.enter_context(Store(db, create=False))
                ensure_lists(store)
                screener = build_screener(store)
            else:
                screener = Screener(load_shipped(), catalog())
            if batch:
                for query, day in _batch_rows(batch):
                    result = screen_result(query, day, screener.screen(query, as_of=day, country=country))
                    click.echo(json.dumps(result, ensure_ascii=False))
                return
            assert name is not None
            result = screen_result(name, as_of, screener.screen(name, as_of=as_of, country=country))
    except FactionsError as exc:
        _fail(exc)
        return
    if fmt == "json":
        _print_json(result)
        return
    verdict = "HIT" if result["hit"] else "no hit"
    out.print(f"[bold]{name}[/] as of {as_of or 'today'}: {verdict} (threshold {DEFAULT_THRESHOLD})")
    for m in result["matches"]:
        dates = f"listed {m['listed'] or '?'}" + (f", removed {m['removed']}" if m["removed"] else "")
        out.print(f"  {m['score']:.2f}  {m['list']:9s} {m['name']}  ({dates})", markup=False)
        out.print(f"        {m['explanation']}", markup=False, style="dim")


def _iso_date(text: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError as exc:
        raise FactionsError(f"bad date {text!r}: use YYYY-MM-DD") from exc


def _batch_rows(path: str) -> list[tuple[str, str | None]]:
    import csv

    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or "query" not in reader.fieldnames:
                raise FactionsError("the batch CSV needs a header with a 'query' column (and 'as_of')", path=path)
            rows = []
            for n, row in enumerate(reader, start=2):
                day = (row.get("as_of") or "").strip() or None
                try:
                    rows.append(((row["query"] or "").strip(), _iso_date(day) if day else None))
                except FactionsError as exc:
                    raise FactionsError(f"line {n}: {exc.message}", path=path) from exc
            return rows
    except OSError as exc:
        raise FactionsError(f"cannot read: {exc.strerror}", path=path) from exc


@cli.command()
@click.argument("from_name")
@click.argument("into_name")
@DB_OPTION
@click.option("--who", default=lambda: __import__("getpass").getuser(), help="Who decides (for the curation log).")
@click.option("--reason", help="Why: kept in the curation log.")
def merge(from_name: str, into_name: str, db: str, who: str, reason: str | None) -> None:
    """Merge one actor into another; later ingests respect it; `factions undo ID` reverses it.

    \b
    Example:
      factions merge "Jabhat Fateh al-Sham" "Al-Nusrah Front" --reason "same organisation, renamed 2016"
    """
    log_id = _in_store(db, lambda store: store.merge(from_name, into_name, who, reason))
    out.print(f"merged {from_name!r} into {into_name!r} (curation step {log_id}; undo: factions undo {log_id})",
              markup=False)


@cli.command()
@click.argument("name")
@click.option("--alias", "aliases", multiple=True, required=True, help="An alias that belongs to the new actor.")
@click.option("--into", "new_name", required=True, help="Name of the actor the aliases move to.")
@DB_OPTION
@click.option("--who", default=lambda: __import__("getpass").getuser())
@click.option("--reason")
def split(name: str, aliases: tuple[str, ...], new_name: str, db: str, who: str, reason: str | None) -> None:
    """Split aliases (and their mentions) off an actor into a new one.

    \b
    Example:
      factions split "Jaysh al-Islam" --alias "Army of Islam" --into "Army of Islam (Gaza)"
    """
    from factions.store import Store

    try:
        with Store(db, create=False) as store:
            log_id, new_id = store.split(name, list(aliases), new_name, who, reason)
    except FactionsError as exc:
        _fail(exc)
        return
    out.print(f"split {', '.join(aliases)} off {name!r} into {new_name!r} ({new_id}; curation step {log_id})",
              markup=False)


@cli.command()
@click.argument("log_id", type=int)
@DB_OPTION
@click.option("--who", default=lambda: __import__("getpass").getuser())
@click.option("--reason")
def undo(log_id: int, db: str, who: str, reason: str | None) -> None:
    """Undo a merge or split by its curation step number (see `factions curation`).

    \b
    Example:
      factions undo 3
    """
    undo_id = _in_store(db, lambda store: store.undo(log_id, who, reason))
    out.print(f"undid curation step {log_id} (recorded as step {undo_id})", markup=False)


@cli.command()
@DB_OPTION
@FORMAT_OPTION
def curation(db: str, fmt: str) -> None:
    """The curation log: who changed what, when and why.

    \b
    Example:
      factions curation --format json
    """
    rows = _in_store(db, lambda store: store.curation_history())
    if fmt == "json":
        _print_json(rows)
        return
    table = Table("step", "at", "who", "action", "target", "reason", "undone by")
    for r in rows:
        table.add_row(str(r["id"]), r["at"][:19], r["who"], r["action"], r["target"], r["reason"] or "",
                      str(r["undone_by"] or ""))
    out.print(table)


@cli.command()
@click.argument("actor")
@click.option("--as-of", type=AS_OF, help="The day the question is asked about (YYYY-MM-DD; default today).")
@click.option("--hops", default=2, show_default=True, type=click.IntRange(1, 4),
              help="How far to follow links to designated actors.")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "html", "json", "pdf"]), default="text",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to this file (required for pdf).")
@DB_OPTION
def vet(actor: str, as_of: str | None, hops: int, fmt: str, output: str | None, db: str) -> None:
    """Is ACTOR designated, linked to designated actors, how closely, since when, and says who?

    \b
    Examples:
      factions vet "Hazm Movement" --as-of 2014-10-09
      factions vet "Hazm Movement" --as-of 2014-10-09 --format html -o hazm.html
      factions vet "Jaish Mujahideen" --format json
    Verdicts: designated, high, elevated, low, no adverse findings (with coverage, so that
    "no adverse findings" is never read as "no data").
    """
    from factions.analyze import report
    from factions.analyze.vetting import vet as run_vet
    from factions.store import Store

    try:
        with Store(db, create=False) as store:
            result = run_vet(store, actor, as_of=as_of, hops=hops)
        if fmt == "pdf":
            if not output:
                raise FactionsError("--format pdf needs --output FILE.pdf")
            Path(output).write_bytes(report.render_pdf(result))
            out.print(f"wrote {output}", markup=False)
            return
        text = {"text": report.render_text, "md": report.render_markdown, "html": report.render_html,
                "json": lambda r: json.dumps(r, indent=2, ensure_ascii=False)}[fmt](result)
    except FactionsError as exc:
        _fail(exc)
        return
    if output:
        Path(output).write_text(text, encoding="utf-8")
        out.print(f"wrote {output}", markup=False)
    else:
        click.echo(text)


from factions.serve.web_cli import serve  # noqa: E402  (the web app's command lives beside its package)

cli.add_command(serve)


EXPORT_FORMATS = ("ftm", "gexf", "graphml", "acled-csv", "jsonl")  # factions.export.run.FORMATS, kept import-free


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True,
              help="ftm: FollowTheMoney JSON lines (Aleph, OpenSanctions); gexf, graphml: the actor graph (Gephi); "
                   "acled-csv: events in ACLED's columns; jsonl: factions' own records.")
@click.option("--as-of", type=AS_OF, help="Leave out claims and events dated after this day (YYYY-MM-DD).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to this file (default: stdout).")
@DB_OPTION
def export_cmd(fmt: str, as_of: str | None, output: str | None, db: str) -> None:
    """Write the store in another tool's format.

    \b
    Examples:
      factions export --format ftm -o factions.ftm.json
      factions export --format gexf --as-of 2015-03-02 -o graph.gexf
      factions export --format acled-csv -o events.csv
    Ids are a prefix plus the store id, so two exports of one store agree.
    """
    from factions.export.run import export

    try:
        result = export(db, fmt, output, as_of)
    except FactionsError as exc:
        _fail(exc)
        return
    # The data may be on stdout: the summary goes to stderr.
    err.print(f"{result['records']} {fmt} records ({result['documents']} documents, {result['actors']} actors, "
              f"{result['claims']} claims, {result['events']} events) written to {result['output']}", markup=False)


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["ftm"]), default="ftm", show_default=True,
              help="The file's format: FollowTheMoney JSON lines (or a JSON array of entities).")
@DB_OPTION
def import_cmd(file: str, fmt: str, db: str) -> None:
    """Bring FollowTheMoney entities into the store: actors, aliases, and claims with their documents.

    \b
    Example:
      factions import --format ftm aleph-export.json --db factions.db
    Organizations and Persons become actors; UnknownLink and Membership entities become
    claims of the Article their proof names. Entities that factions exported keep their ids.
    """
    from factions.export.ftm_import import import_ftm
    from factions.store import Store

    try:
        with Store(db) as store:
            steps.ensure_lists(store)
            result = import_ftm(store, file)
    except FactionsError as exc:
        _fail(exc)
        return
    out.print(f"{result['entities']} entities read from {file}: {result['actors']} actors, "
              f"{result['documents']} documents, {result['claims']} claims stored in {db}", markup=False)


@cli.group(invoke_without_command=True)
@DB_OPTION
@click.pass_context
def gazetteer(ctx: click.Context, db: str) -> None:
    """Places for exports: GeoNames country dumps imported into the store.

    \b
    Examples:
      factions gazetteer                      # how many places are loaded
      factions gazetteer import SY.txt        # from download.geonames.org/export/dump/ (SY.zip works too)
    ACLED exports look event places up here first, then in the bundled city list.
    """
    if ctx.invoked_subcommand is not None:
        return
    from factions.store import Store

    try:
        with Store(db, create=False) as store:
            n = store.places_count()
    except FactionsError as exc:
        _fail(exc)
        return
    out.print(f"{n} GeoNames places in {db}", markup=False)


@gazetteer.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@DB_OPTION
def gazetteer_import(file: str, db: str) -> None:
    """Import a GeoNames country dump (tab-separated, GeoNames' 19 columns).

    \b
    Example:
      factions gazetteer import ~/Downloads/SY.txt --db factions.db
    Importing the same file again replaces its places.
    """
    from factions.export.run import import_gazetteer

    try:
        result = import_gazetteer(file, db)
    except FactionsError as exc:
        _fail(exc)
        return
    out.print(f"{result['places']} places imported from {file} ({result['gazetteer_places']} in {db})",
              markup=False)


@cli.command("spark-extract")
@click.argument("input_path", metavar="INPUT")
@click.argument("output", metavar="OUTPUT")
@click.option("--master", default="local[*]", show_default=True,
              help="Spark master (local[*] uses every core here; under spark-submit use the module instead).")
@click.option("--partitions", type=click.IntRange(1), help="Partitions (default: twice Spark's parallelism).")
@click.option("--max-mb", default=20.0, show_default=True, help="Refuse files larger than this.")
@click.option("--overwrite", is_flag=True, help="Replace OUTPUT's tables if they exist.")
def spark_extract(input_path: str, output: str, master: str, partitions: int | None, max_mb: float,
                  overwrite: bool) -> None:
    """Extract a folder of reports (or a Parquet table of documents) with Spark into Parquet tables.

    \b
    Examples:
      factions spark-extract reports/ extracted/ && factions load extracted/ --db factions.db
      spark-submit --master yarn factions/jobs/spark.py hdfs:///reports hdfs:///extracted
    OUTPUT gets documents/, entities/, claims/ and events/; `factions load` saves them
    into a store exactly as a local ingest of the same documents would.
    """
    try:
        import pyspark  # noqa: F401
    except ImportError:
        _fail(FactionsError("spark-extract needs pyspark and Java 17: pip install 'factions[spark]'"))
        return
    from factions.jobs import spark as engine

    try:
        engine.check_output(output, overwrite)
        session = engine.session(master)
        try:
            counts = engine.run(session, input_path, output, partitions=partitions,
                                max_bytes=int(max_mb * 1_000_000), overwrite=overwrite)
        finally:
            session.stop()
    except FactionsError as exc:
        _fail(exc)
        return
    except Exception as exc:  # noqa: BLE001 - Spark's errors (Py4J, analysis) as one line
        _fail(FactionsError(f"Spark: {(str(exc).strip().splitlines() or [type(exc).__name__])[0]}"))
        return
    out.print(f"{counts['documents']} documents, {counts['entities']} entities, {counts['claims']} claims, "
              f"{counts['events']} events written to {output}", markup=False)


@cli.command("load")
@click.argument("parquet_dir", type=click.Path(file_okay=False))
@DB_OPTION
@FORMAT_OPTION
def load_cmd(parquet_dir: str, db: str, fmt: str) -> None:
    """Save the Parquet tables of `factions spark-extract` into a store.

    \b
    Example:
      factions load extracted/ --db factions.db
    Documents are saved in input order with actors resolved against the store, as by
    `factions ingest`; files the Spark run could not read get one error line each.
    """
    from factions.analyze.screening import build_screener
    from factions.jobs.load import load
    from factions.store import Store

    def on_document(doc: dict, result: object) -> None:
        if doc["status"] == "failed":
            err.print(f"error: {doc['message']}", markup=False)
        elif doc["status"] == "skipped":
            err.print(f"skipped: {doc['message']}", markup=False)

    try:
        with Store(db) as store:
            steps.ensure_lists(store)
            screener = steps.CachedScreener(build_screener(store))
            counts = load(parquet_dir, store, lambda st, ex: steps.save_extraction(st, ex, screener), on_document)
    except FactionsError as exc:
        _fail(exc)
        return
    if fmt == "json":
        _print_json(counts)
    else:
        out.print(f"{counts['saved']} of {counts['documents']} documents stored in {db}"
                  f"{', ' + str(counts['failed']) + ' failed' if counts['failed'] else ''}", markup=False)
    sys.exit(1 if counts["failed"] else 0)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
