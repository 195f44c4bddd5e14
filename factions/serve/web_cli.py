"""`factions serve`: the analyst web app on http://127.0.0.1:8000 (see README, "Web app")."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click


@click.command()
@click.option("--db", default=None, type=click.Path(dir_okay=False),
              help="SQLite store to serve [default: factions.db, else the demo.db `make demo` builds].")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Anything but the loopback exposes the store: set --token too.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", envvar="FACTIONS_TOKEN", default=None,
              help="Require this token on every request (Bearer header, or ?token= once, then a cookie). "
                   "Also read from $FACTIONS_TOKEN.")
@click.option("--read-only", is_flag=True, help="Refuse every change (curation) with 403.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes sharing the port; reads scale across them (SQLite WAL), each with "
                   "one vetting process.")
def serve(db: str | None, host: str, port: int, token: str | None, read_only: bool, workers: int) -> None:
    """Serve the web app: search, actor pages with network and timeline, evidence, vetting, curation.

    \b
    Example:
      factions serve                         # factions.db (or demo.db): http://127.0.0.1:8000
      factions serve --token s3cret --read-only
      factions serve --workers 4             # four processes: for many analysts at once

    Everything is served from the package (no CDN, no outside request).
    API docs: /docs (Swagger UI) and /openapi.json.
    """
    # Imported here so that other commands do not pay for FastAPI's import time.
    import uvicorn

    from factions.errors import FactionsError
    from factions.serve.web import Settings, create_app
    from factions.serve.web.config import ANY_ADDRESS, allowed_hosts_for

    if db is None:
        # `make demo` then `factions serve` should just work, without a flag to look up.
        db = "factions.db" if Path("factions.db").exists() or not Path("demo.db").exists() else "demo.db"
    if not Path(db).exists():
        click.echo(f"error: no store at {db}: run `factions ingest PATH --db {db}` first", err=True)
        sys.exit(2)
    if host in ANY_ADDRESS and not token:
        click.echo("warning: serving on every interface without --token: anyone who can reach this port "
                   "can read and curate the store", err=True)
    settings = Settings(Path(db), token=token or None, read_only=read_only, allowed_hosts=allowed_hosts_for(host),
                        vet_workers=1 if workers > 1 else None, warm_up=True)
    try:
        app = create_app(settings)  # also checks the store (and migrates it) before any worker starts
    except FactionsError as exc:
        click.echo(f"error: {exc.one_line()}", err=True)
        sys.exit(2)
    shown = "127.0.0.1" if host in ANY_ADDRESS else (f"[{host}]" if ":" in host else host)
    link = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    click.echo(f"factions: serving {db} at {link}{' (read-only)' if read_only else ''} — Ctrl+C to stop")
    # A request still waiting for a vetting report at Ctrl+C is dropped after 5 s rather than awaited.
    # Keep-alive 30 s, not uvicorn's 5: a busy client's idle connection closed by the server as the
    # client reuses it fails that request (seen under 50 clients).
    options: dict[str, Any] = dict(host=host, port=port, log_level="warning", server_header=False,
                                   proxy_headers=False, timeout_graceful_shutdown=5, timeout_keep_alive=30)
    if workers == 1:
        uvicorn.run(app, **options)
        return
    os.environ.update(settings.to_env())  # the workers build the same app from these
    uvicorn.run("factions.serve.web.app:app_from_env", factory=True, workers=workers, **options)
