"""`factions` command line: a thin layer over the library functions.

Every command takes `--format json` for scripts; errors are one line on stderr.
Exit codes: 0 success, 1 some inputs failed (the rest were processed), 2 usage
or fatal error.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from factions import __version__
from factions.errors import FactionsError
from factions.serve import jobs

DB_OPTION = click.option("--db", default="factions.db", show_default=True, type=click.Path(dir_okay=False),
                         help="SQLite store to read or write.")
FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="Readable table or JSON for scripts.")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _fail(exc: FactionsError) -> None:
    err.print(f"error: {exc.one_line()}", markup=False)
    sys.exit(2)


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _need_db(db: str) -> None:
    if not Path(db).exists():
        _fail(FactionsError(f"no store at {db}: run `factions ingest PATH --db {db}` first"))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="factions")
def cli() -> None:
    """factions: who fights with whom, since when, and says who, from conflict reports."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; errors and the final line only.")
@click.option("--max-mb", default=20.0, show_default=True, help="Refuse files larger than this.")
@FORMAT_OPTION
def ingest(paths: tuple[str, ...], db: str, quiet: bool, max_mb: float, fmt: str) -> None:
    """Read reports (files, folders, globs) into the store.

    \b
    Example:
      factions ingest samples/ reports/*.html --db factions.db

    Text, Markdown and HTML; site chrome and reprint notices are removed and the
    source line is parsed. A reprint of a stored report becomes a second source
    of the same document. Bad files get one error line each; the batch goes on
    and the exit code is 1 if any failed.
    """
    progress = Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        TextColumn("{task.description}"), console=err, transient=True,
                        disable=quiet or fmt == "json")
    task = None

    def on_total(n: int) -> None:
        nonlocal task
        task = progress.add_task("", total=n)

    def on_file(o: jobs.FileOutcome) -> None:
        if o.skipped:
            progress.console.print(f"skipped: {o.message}", markup=False)
        elif not o.ok:
            progress.console.print(f"error: {o.message}", markup=False)
        if task is not None:
            progress.update(task, advance=1, description=Path(o.path).name[:40])

    try:
        with progress:
            report = jobs.ingest_paths(list(paths), db, max_bytes=int(max_mb * 1_000_000), on_file=on_file,
                                       on_total=on_total)
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
def extract_cmd(file: str, fmt: str) -> None:
    """Print what factions reads out of one report, without touching a store.

    \b
    Example:
      factions extract ../shared/seed/000_1419a0e6fcd13314.txt --format json

    The JSON is the contract of ONTOLOGY.md: document, entities, relations, events.
    """
    from factions.extract.pipeline import extract
    from factions.ingest import load_document

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
    from factions.store import Store

    _need_db(db)
    try:
        with Store(db) as store:
            rows = store.actors(kind=kind, search=search)
    except FactionsError as exc:
        _fail(exc)
        return
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
    from factions.store import Store

    _need_db(db)
    try:
        with Store(db) as store:
            profile = store.actor_profile(name)
    except FactionsError as exc:
        _fail(exc)
        return
    if fmt == "json":
        _print_json(profile)
        return
    out.print(f"[bold]{profile['name']}[/] ({profile['kind']})")
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
    from factions.store import Store

    _need_db(db)
    try:
        with Store(db) as store:
            rows = store.documents()
    except FactionsError as exc:
        _fail(exc)
        return
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
    _need_db(db)
    try:
        data = jobs.summary(db)
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


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
