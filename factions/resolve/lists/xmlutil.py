"""Streaming XML for list files: iterparse with namespaces ignored and errors made DataErrors.

The OFAC and UN files are tens of megabytes; iterparse hands over one entry at a
time and the entry is freed once read, so memory stays flat. Element names are
compared by local name because OFAC has changed its namespace URI more than once
(tempuri.org, then sanctionslistservice.ofac.treas.gov).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from factions.errors import InputError
from factions.resolve.lists.common import fail


def local(el: etree._Element) -> str:
    """The element's name without its namespace."""
    return etree.QName(el).localname


def kids(el: etree._Element, name: str) -> list[etree._Element]:
    """Direct children called `name`, whatever their namespace."""
    return [c for c in el if isinstance(c.tag, str) and local(c) == name]


def text(el: etree._Element, name: str) -> str:
    """Stripped text of the first child called `name` ('' when absent or empty)."""
    found = kids(el, name)
    return (found[0].text or "").strip() if found else ""


def descend(el: etree._Element, *names: str) -> list[etree._Element]:
    """All elements down a path of child names: descend(entry, 'akaList', 'aka')."""
    level = [el]
    for name in names:
        level = [c for parent in level for c in kids(parent, name)]
    return level


def stream(path: Path, root: str, wanted: frozenset[str]) -> Iterator[tuple[str, etree._Element]]:
    """('ROOT', root element) first, then (name, element) as each wanted element ends.

    The consumer must finish with an element before asking for the next: it is
    cleared afterwards. A wrong root or broken XML raises DataError with the line.
    """
    # No entity expansion, no network: a list file is data, never a reason to fetch anything.
    context = etree.iterparse(str(path), events=("start", "end"), resolve_entities=False,
                              no_network=True, huge_tree=True, remove_comments=True, remove_pis=True)
    seen_root = False
    try:
        for event, el in context:
            if event == "start":
                if not seen_root:
                    seen_root = True
                    if local(el) != root:
                        fail(path, el.sourceline, f"root element is <{local(el)}>, expected <{root}>")
                    yield "ROOT", el
                continue
            if local(el) in wanted:
                yield local(el), el
                el.clear(keep_tail=True)
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else None)
        # libxml2 repeats the position in its message; the line is already in front.
        message = re.sub(r", line \d+, column \d+$", "", exc.msg or str(exc))
        fail(path, line, f"malformed XML: {message}")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc}") from exc
    if not seen_root:
        fail(path, 1, "no XML element found")
