"""`factions export` and `factions import` as library functions: pick the writer, write atomically."""
from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from factions.errors import FactionsError
from factions.store import Store

FORMATS = ("ftm", "gexf", "graphml", "acled-csv", "jsonl")
_BINARY = {"gexf", "graphml"}  # networkx writes bytes


@contextmanager
def _target(output: str | None, binary: bool) -> Iterator[IO[Any]]:
    """stdout, or a temporary file renamed over OUTPUT on success: a failed export leaves no half file."""
    if output is None or output == "-":
        yield sys.stdout.buffer if binary else sys.stdout
        return
    path = Path(output)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export(db: str | Path, fmt: str, output: str | None = None, as_of: str | None = None) -> dict[str, Any]:
    """Write the store at db in `fmt`; returns what was written."""
    from factions.export import acled, ftm, gexf, graphml, jsonl
    from factions.export.places import Places
    from factions.export.snapshot import snapshot

    if fmt not in FORMATS:
        raise FactionsError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    unplaced = 0
    with Store(db, create=False) as store:
        snap = snapshot(store, as_of)
        places = Places(store)
        with _target(output, fmt in _BINARY) as out:
            if fmt == "ftm":
                n = ftm.write(snap, out, places.countries_by_place([e["place"] for e in snap.events]))
            elif fmt == "gexf":
                n = gexf.write(snap, out)
            elif fmt == "graphml":
                n = graphml.write(snap, out)
            elif fmt == "acled-csv":
                n, unplaced = acled.write(snap, out, places)
            else:
                n = jsonl.write(snap, out)
    return {"format": fmt, "as_of": as_of, "output": output or "-", "records": n,
            "documents": len(snap.documents), "actors": len(snap.actors), "claims": len(snap.claims),
            "events": len(snap.events), "designations": len(snap.sanctions),
            **({"events_without_country": unplaced} if fmt == "acled-csv" else {})}


def import_gazetteer(path: str | Path, db: str | Path) -> dict[str, Any]:
    from factions.export.geonames import read_geonames

    with Store(db) as store:
        n = store.save_places(read_geonames(path), str(Path(path).resolve()))
        total = store.places_count()
    return {"file": str(path), "places": n, "gazetteer_places": total}
