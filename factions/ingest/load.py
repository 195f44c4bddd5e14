"""The one entry point of ingest: a file (or a string) in, a Document out.

read -> decode -> pick the format -> format reader (text, markdown, trafilatura or
the HTML fallback) -> chrome removal and attribution -> paragraphs. The reader that
produced the body is recorded in Document.extraction_path, the lines cut out in
Document.removed, so every Document says how it was made.
"""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import replace
from pathlib import Path

from factions.errors import FactionsError, InputError, NotAReport, ParseError
from factions.ingest.attribution import Attribution
from factions.ingest.chrome import ChromeMemory, strip_chrome
from factions.ingest.dates import parse_date
from factions.ingest.html import parse_html
from factions.ingest.layout import render, segment, split_lines
from factions.ingest.markdown import markdown_to_text
from factions.ingest.read import DEFAULT_MAX_BYTES, decode_bytes, read_bytes
from factions.ingest.sniff import DATA_SUFFIXES, DOC_STEMS, FORMATS, detect_format
from factions.model import Document

REPRINT_WORDS = re.compile(r"published on|reproduced|republished|copyright|\u00a9|all rights", re.I)

log = logging.getLogger(__name__)


def _merge(meta: Attribution, found: Attribution, *, archived_copy: bool) -> Attribution:
    """Attribution from meta tags / front matter (`meta`) and from the text (`found`).

    Meta tags are the page's own statement and win over text heuristics. On an archived
    copy (a source line or a reprint stamp in the text) they describe the archive page,
    not the report: then the text names the original, and the meta name the reprint.
    """
    if not archived_copy:
        return replace(meta).fill_from(found)
    out = replace(found)
    out.author = out.author or meta.author
    out.section = out.section or meta.section
    out.url = meta.url or out.url
    out.republished_by = out.republished_by or meta.outlet
    out.republished = out.republished or meta.published
    if out.outlet is None and meta.outlet != out.republished_by:
        out.outlet = meta.outlet
    return out


def _build(text: str, fmt: str, *, site: str | None, chrome: ChromeMemory | None) -> Document:
    title_hint: str | None = None
    fallback_title: str | None = None
    meta = Attribution()
    language: str | None = None
    if fmt == "html":
        page = parse_html(text)
        body, extraction_path = page.text, page.path
        title_hint, fallback_title, meta, language = page.title, page.tag_title, page.meta, page.language
    elif fmt == "markdown":
        md = markdown_to_text(text)
        body, extraction_path, title_hint, meta = md.text, "markdown", md.title, md.meta
    else:
        body, extraction_path = text, "text"
    units = segment(split_lines(body))
    cleaned = strip_chrome(units, title_hint=title_hint, site=site, memory=chrome)
    if chrome is not None:
        # Learn after judging: a document's lines count for the documents that follow it.
        chrome.observe(cleaned.site, (u.text for u in units))
    body_text = render(cleaned.units)
    if not body_text:
        raise ParseError("no report text left after removing boilerplate")
    found = cleaned.attribution
    attribution = _merge(meta, found, archived_copy=bool(cleaned.source_line or found.republished_by
                                                          or found.republished))
    published = attribution.published or _date_in_chrome([*cleaned.removed, cleaned.title or ""])
    return Document(text=body_text, title=cleaned.title or fallback_title, author=attribution.author,
                    outlet=attribution.outlet, section=attribution.section, published=published,
                    republished_by=attribution.republished_by, republished=attribution.republished,
                    language=language or "en", url=attribution.url, extraction_path=extraction_path,
                    removed=cleaned.removed)


def _date_in_chrome(removed: list[str]) -> str | None:
    """The first date in the lines removed around the body ('March 2, 2015 | 09:40 GMT',
    'Iraq | Saturday 27 June 2020 | Compiled by ...'): a report's date when nothing else names it."""
    for line in removed:
        if len(line) > 200 or REPRINT_WORDS.search(line):
            continue
        found = parse_date(line)
        if found:
            return found
    return None


def _load(raw: bytes, *, name: str, fmt: str | None, site: str | None, chrome: ChromeMemory | None) -> Document:
    text, encoding = decode_bytes(raw, path=name)
    log.debug("%s: decoded as %s", name, encoding)
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})", path=name)
    try:
        doc = _build(text, fmt or detect_format(name, text), site=site, chrome=chrome)
    except FactionsError as exc:
        exc.path = exc.path or name
        raise
    doc.path = name
    doc.encoding = encoding
    doc.raw_sha = hashlib.sha256(raw).hexdigest()
    return doc


def load_document(path: Path | str, *, chrome: ChromeMemory | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one report file into a Document; InputError or ParseError (with `path`) when it cannot be."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in DATA_SUFFIXES:
        raise NotAReport(f"not a report: {suffix} data file", path=str(path))
    if path.name.split(".")[0].lower() in DOC_STEMS:
        raise NotAReport(f"not a report: {path.name} is project documentation", path=str(path))
    raw = read_bytes(path, max_bytes=max_bytes)
    # Documents of one folder usually come from one site: the folder is the ChromeMemory key.
    return _load(raw, name=str(path), fmt=None, site=str(path.absolute().parent), chrome=chrome)


def load_text(data: str | bytes, *, name: str = "<text>", fmt: str | None = None,
              chrome: ChromeMemory | None = None) -> Document:
    """Like load_document, from memory; `name` names the input in errors and in Document.path."""
    raw = data.encode("utf-8", "replace") if isinstance(data, str) else bytes(data)
    site = None if name.startswith("<") else str(Path(name).absolute().parent)
    return _load(raw, name=name, fmt=fmt, site=site, chrome=chrome)
