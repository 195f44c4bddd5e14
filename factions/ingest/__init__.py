"""Ingest: report files (plain text, markdown, HTML) -> clean `Document`s.

    from factions.ingest import ChromeMemory, discover, load_document
    memory = ChromeMemory()
    for item in discover(["samples/"]):
        doc = load_document(item, chrome=memory) if not isinstance(item, Exception) else ...

Errors are InputError (cannot read the file) or ParseError (read, but no report in it),
each with `path` set and a one-line message.
"""
from __future__ import annotations

from factions.ingest.chrome import ChromeMemory
from factions.ingest.discover import discover
from factions.ingest.load import load_document, load_text

__all__ = ["ChromeMemory", "discover", "load_document", "load_text"]
