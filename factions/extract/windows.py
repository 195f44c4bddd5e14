"""Long reports in bounded pieces: where to cut, and how to put the pieces' extractions back together.

spaCy refuses a text over `nlp.max_length` (1,000,000 characters) and its memory grows
with the text, so a report longer than a window is cut into windows of whole paragraphs
(a paragraph that alone is too long is cut at sentence ends, then at spaces). Each window
is extracted on its own; `merge` shifts every offset back into the document and makes
the document-level results consistent again: one entity per actor across windows (the
same catalog actor, or a shared name or alias), relations and events naming it by one
name, entity ids numbered in order of first appearance, as a one-piece extraction numbers them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterator

from factions.extract.state import name_rank
from factions.model import Entity, Event, Extraction, Relation
from factions.names import name_key

# Far below spaCy's limit: the parser's working memory grows with the text of one Doc.
WINDOW_CHARS = 100_000
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")
_SPACE = re.compile(r"\s+")


def _last_cut(pattern: re.Pattern[str], text: str, start: int, limit: int) -> int | None:
    """The end of the last match of pattern inside text[start:limit], if it leaves something before it."""
    cut = None
    for m in pattern.finditer(text, start, limit):
        if m.end() > start + 1:
            cut = m.end()
    return cut


def windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """(start, end) offsets of consecutive pieces of text, each at most `size` characters, covering it all."""
    if size < 2:
        raise ValueError("a window holds at least 2 characters")
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        limit = start + size
        cut = (_last_cut(_PARAGRAPH_BREAK, text, start, limit) or _last_cut(_SENTENCE_END, text, start, limit)
               or _last_cut(_SPACE, text, start, limit) or limit)
        pieces.append((start, cut))
        start = cut
    pieces.append((start, len(text)))
    return pieces


def _shift(span: tuple[int, int], by: int) -> tuple[int, int]:
    return (span[0] + by, span[1] + by)


def _name_keys(entity: Entity) -> set[str]:
    # Lower-case forms are generic references ("the regime"): they name different actors in different windows.
    forms = [entity.name, *(a for a in entity.aliases if a[:1].isupper())]
    return {k for k in (name_key(f) for f in forms) if k}


@dataclass
class _Merged:
    """One entity of the whole document, gathered from the windows that name it."""

    first: Entity
    forms: list[str] = field(default_factory=list)
    mentions: set[tuple[int, int]] = field(default_factory=set)
    kinds: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # each window's name: aliases never outrank them

    def add(self, entity: Entity, offset: int) -> None:
        self.forms.extend([entity.name, *entity.aliases])
        self.names.append(entity.name)
        self.mentions.update(_shift(m, offset) for m in entity.mentions)
        self.kinds.append(entity.kind)

    @property
    def name(self) -> str:
        # A catalog actor keeps its canonical label; otherwise the fullest name any window used.
        if self.first.catalog_id:
            return self.first.name
        return max((f for f in self.names if f[:1].isupper()), key=name_rank, default=self.first.name)

    def entity(self, number: int) -> Entity:
        name = self.name
        aliases: list[str] = []
        for form in self.forms:
            if form != name and form.lower() not in {a.lower() for a in aliases}:
                aliases.append(form)
        # A country named only as a place in one window and acting in another is a state.
        kind = next((k for k in self.kinds if k != "place"), self.first.kind)
        return replace(self.first, id=f"e{number}", name=name, kind=kind, aliases=aliases,
                       mentions=sorted(self.mentions))


class _Entities:
    """Entities of all windows, joined by catalog id, else by a shared name key."""

    def __init__(self) -> None:
        self.merged: list[_Merged] = []
        self._by_catalog: dict[str, _Merged] = {}
        self._by_key: dict[str, _Merged] = {}

    def add(self, entity: Entity, offset: int) -> _Merged:
        keys = _name_keys(entity)
        if entity.catalog_id:
            target = self._by_catalog.get(entity.catalog_id)
        else:
            target = next((self._by_key[k] for k in sorted(keys) if k in self._by_key), None)
        if target is None:
            target = _Merged(entity)
            self.merged.append(target)
            if entity.catalog_id:
                self._by_catalog[entity.catalog_id] = target
        target.add(entity, offset)
        for k in keys:
            # Catalog actors claim their names first: a free name then joins the catalog actor.
            if entity.catalog_id or k not in self._by_key:
                self._by_key[k] = target
        return target


def merge(document_extraction: Extraction, pieces: Iterator[tuple[int, Extraction]]) -> Extraction:
    """One extraction of the whole document from (window start, window extraction) pairs, in text order.

    `document_extraction` carries the whole document and the extractor's name and version."""
    entities = _Entities()
    relations: list[tuple[Relation, dict[str, _Merged]]] = []
    events: list[tuple[Event, dict[str, _Merged]]] = []
    for offset, piece in pieces:
        named = {e.name: entities.add(e, offset) for e in piece.entities}
        relations.extend((replace(r, span=_shift(r.span, offset)), named) for r in piece.relations)
        events.extend((replace(e, span=_shift(e.span, offset)), named) for e in piece.events)
    # Ids in order of first appearance, as in one window; entities the text never mentions (the author) last.
    order = sorted(entities.merged, key=lambda m: not m.mentions)
    final = {id(m): m.entity(n) for n, m in enumerate(order, start=1)}

    def name(named: dict[str, _Merged], old: str) -> str:
        return final[id(named[old])].name if old in named else old

    out_relations = [replace(r, subject=name(nm, r.subject), object=name(nm, r.object)) for r, nm in relations]
    out_events = [replace(e, actors=[name(nm, a) for a in e.actors], targets=[name(nm, t) for t in e.targets])
                  for e, nm in events]
    return replace(document_extraction, entities=[final[id(m)] for m in order], relations=out_relations,
                   events=out_events)
