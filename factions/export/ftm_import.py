"""`factions import --format ftm FILE`: FollowTheMoney entities into a store.

Organizations, Persons (any LegalEntity) become actors with their aliases; each
UnknownLink or Membership becomes a claim of the document its `proof` points to
(an Article or Document with bodyText), the evidence sentence found again in that
text. Entities factions exported come back under their store ids; foreign ones are
resolved like extracted actors (catalog, then known aliases, then a new id). A link
without a readable proof gets a one-sentence document of its own description.
Events (FtM Event: organizer = actors, the other involved = targets, ACLED typing in
prefixed keywords) come back with their document too, and a document's retrievedAt
becomes its ingest time, so exporting an imported export gives the same entities.
Kept: names, aliases, kind, catalog id, claims (predicate, modality, source, date,
evidence), events (type, sub-type, actors, targets, place, date and precision, weapon,
fatalities, attribution, evidence), a claim's place and list name (prefixed status
values). Not carried by FtM, so not restored: confidences, curation (the curation log
belongs to the store it was made in).
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from followthemoney import model
from followthemoney.exc import FollowTheMoneyException
from followthemoney.proxy import EntityProxy

from factions.errors import DataError
from factions.export.ftm import CLAIM_STATUS, EVENT_KEYWORDS, store_id_of
from factions.extract.resources import catalog
from factions.model import ENTITY_KINDS, PREDICATES, Document, Entity, Event, Extraction, Relation
from factions.resolve.actors import assign_actor_ids
from factions.store import Store
from factions.store.rows import claim_id, event_id

EXTRACTOR = "ftm-import"


@dataclass
class _Group:
    """One document's worth of import: the document and the links and mentions that cite it."""

    document: EntityProxy | None
    links: list[EntityProxy] = field(default_factory=list)
    mentions: list[EntityProxy] = field(default_factory=list)
    events: list[EntityProxy] = field(default_factory=list)


def read_entities(path: str | Path) -> list[EntityProxy]:
    """FtM JSON lines (or one JSON array); DataError names the line that is not an entity."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read: {exc}", path=str(path)) from exc
    stripped = text.lstrip()
    items = [(1, d) for d in json.loads(stripped)] if stripped.startswith("[") else \
        [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    out = []
    for n, item in items:
        try:
            data = json.loads(item) if isinstance(item, str) else item
            out.append(model.get_proxy(data))
        except (ValueError, TypeError, KeyError, FollowTheMoneyException) as exc:
            raise DataError(f"line {n}: not a FollowTheMoney entity ({exc})", path=str(path)) from exc
    return out


def _is(proxy: EntityProxy, schema: str) -> bool:
    return proxy.schema.is_a(schema)


def _kind(proxy: EntityProxy) -> str:
    kind = proxy.first("classification")
    if kind in ENTITY_KINDS:
        return kind
    return "person" if _is(proxy, "Person") else "armed_group"  # what an organization in a conflict map is


def _catalog_id(proxy: EntityProxy) -> str | None:
    """The catalog id factions wrote; for a foreign entity, the one catalog actor its names fit, if any."""
    written = next((k[8:] for k in proxy.get("keywords") if k.startswith("catalog:")), None)
    if written or store_id_of(proxy.id or "") is not None:
        return written
    for name in proxy.get("name") + proxy.get("alias"):
        found = {a.id for a in catalog().lookup(name)}
        if len(found) == 1:
            return found.pop()
    return None


def _language(code: str | None) -> str:
    try:
        from rigour.langs import iso_639_alpha2  # FtM's own language tables (a dependency of followthemoney)

        return iso_639_alpha2(code) or "en" if code else "en"
    except ImportError:
        return "en"


def _document(group: _Group, link: EntityProxy | None) -> Document:
    if group.document is not None:
        d = group.document
        publishers = d.get("publisher")
        return Document(text=d.first("bodyText") or "", title=d.first("title"), author=d.first("author"),
                        outlet=publishers[0] if publishers else None,
                        republished_by=publishers[1] if len(publishers) > 1 else None,
                        published=d.first("publishedAt") or d.first("date"),
                        language=_language(d.first("language")), url=d.first("sourceUrl"))
    assert link is not None
    return Document(text=link.first("description") or link.first("summary") or link.caption,
                    outlet=link.first("publisher"), published=link.first("date") or link.first("startDate"),
                    url=link.first("sourceUrl"))


def _spans(text: str, needle: str) -> list[tuple[int, int]]:
    if not needle:
        return []
    return [(m.start(), m.end()) for m in re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text)]


def _occurrences(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle) if needle else -1
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def _evidence_span(text: str, evidence: str, record_id: str | None,
                   id_of: Callable[[int, int], str]) -> tuple[int, int]:
    """Where the evidence sentence is: the occurrence whose recomputed id is the exported one, else the first.

    The stored evidence is the sentence stripped, its span the sentence as parsed, which may
    take in whitespace on either side: those spans are tried too.
    """
    found = _occurrences(text, evidence)
    for start in found:
        end = start + len(evidence)
        first, last = start, end
        while first > 0 and text[first - 1].isspace():
            first -= 1
        while last < len(text) and text[last].isspace():
            last += 1
        for a in range(start, first - 1, -1):
            for b in range(end, last + 1):
                if record_id and id_of(a, b) == record_id:
                    return a, b
    return (found[0], found[0] + len(evidence)) if found else (0, len(text))


def _keyword(proxy: EntityProxy, prefix: str) -> str | None:
    return next((k[len(prefix):] for k in proxy.get("keywords") if k.startswith(prefix)), None)


def _event(proxy: EntityProxy, names: dict[str, str], text: str, document_id: str,
           store_ids: dict[str, str]) -> Event | None:
    """An FtM Event written by factions (typed keywords) as an extraction's event; None for other Events."""
    type_, sub_type, weapon, precision = (_keyword(proxy, k) for k in EVENT_KEYWORDS)
    if not type_:
        return None
    organizers = [a for a in proxy.get("organizer") if a in names]
    involved = [a for a in proxy.get("involved") if a in names]
    fatalities = re.fullmatch(r"fatalities: (\d+)", proxy.first("summary") or "")
    evidence = proxy.first("description") or ""
    record = proxy.first("recordId")
    # FtM's involved holds actors and targets alike: the targets are the others, unless the exported
    # id says an actor was its own target too (a group that "dissolved itself").
    for targets in ([a for a in involved if a not in organizers], involved):
        def id_of(a: int, b: int, targets: list[str] = targets) -> str:
            return event_id(document_id, type_, sub_type, a, b, [store_ids[x] for x in organizers],
                            [store_ids[x] for x in targets])

        span = _evidence_span(text, evidence, record, id_of)
        if record is None or id_of(*span) == record:
            break
    else:
        targets = [a for a in involved if a not in organizers]
        span = _evidence_span(text, evidence, None, id_of)
    return Event(type=type_, sub_event_type=sub_type or "", evidence=evidence,
                 span=span,
                 actors=[names[a] for a in organizers], targets=[names[t] for t in targets],
                 place=proxy.first("location"), date=proxy.first("startDate") or proxy.first("date"),
                 date_precision=int(precision) if precision and precision.isdigit() else None, weapon=weapon,
                 fatalities=int(fatalities.group(1)) if fatalities else None,
                 attributed_to=proxy.first("namesMentioned"))


def _predicate(link: EntityProxy) -> str:
    role = (link.first("role") or "").strip()
    if role in PREDICATES:
        return role
    return "member_of" if _is(link, "Membership") else re.sub(r"\W+", "_", role.lower()).strip("_") or "linked_to"


def _ends(link: EntityProxy) -> tuple[str | None, str | None]:
    if _is(link, "Membership"):
        return link.first("member"), link.first("organization")
    return link.first("subject"), link.first("object")


class _Importer:
    def __init__(self, store: Store, proxies: list[EntityProxy]) -> None:
        self.store = store
        self.actors = {p.id: p for p in proxies if _is(p, "LegalEntity")}
        self.docs = {p.id: p for p in proxies if _is(p, "Document")}
        self.links = [p for p in proxies if _is(p, "UnknownLink") or _is(p, "Membership")]
        self.mentions = [p for p in proxies if _is(p, "Mention")]
        self.event_proxies = [p for p in proxies if _is(p, "Event")]
        self.store_ids: dict[str, str] = {}  # FtM id -> store id
        self.claims = 0
        self.events = 0

    def groups(self) -> list[tuple[str, _Group]]:
        groups: dict[str, _Group] = {fid: _Group(doc) for fid, doc in self.docs.items()}
        for link in self.links:
            subject, obj = _ends(link)
            if subject not in self.actors or obj not in self.actors:
                continue
            proof = next((p for p in link.get("proof") if p in self.docs and self.docs[p].first("bodyText")), None)
            groups.setdefault(proof or f"link:{link.id}", _Group(None)).links.append(link)
        for mention in self.mentions:
            doc = mention.first("document")
            if doc in groups and mention.first("resolved") in self.actors:
                groups[doc].mentions.append(mention)
        for event in self.event_proxies:
            proof = next((p for p in event.get("proof") if p in self.docs and self.docs[p].first("bodyText")), None)
            if proof is not None:
                groups[proof].events.append(event)
        return [(k, g) for k, g in groups.items() if g.links or g.mentions or g.events]

    def save(self, group: _Group) -> None:
        document = _document(group, group.links[0] if group.links else None)
        if not document.text.strip():
            return
        cited = list(dict.fromkeys([a for link in group.links for a in _ends(link)] +
                                   [m.first("resolved") for m in group.mentions] +
                                   [a for e in group.events for a in e.get("involved") + e.get("organizer")
                                    if a in self.actors]))
        entities: dict[str, Entity] = {}
        for n, fid in enumerate(cited, start=1):
            actor = self.actors[fid]
            names = actor.get("name")
            entities[fid] = Entity(id=f"e{n}", name=names[0] if names else actor.caption, kind=_kind(actor),
                                   aliases=[a for a in names[1:] + actor.get("alias")], catalog_id=_catalog_id(actor))
        for mention in group.mentions:
            entity = entities[mention.first("resolved")]
            entity.mentions = sorted({s for name in mention.get("name") for s in _spans(document.text, name)})
        extraction = Extraction(document=document, entities=list(entities.values()), extractor=EXTRACTOR)
        actor_ids = assign_actor_ids(extraction, self.store)
        for fid, entity in entities.items():
            actor_ids[entity.id] = self.store_ids.setdefault(fid, store_id_of(fid) or actor_ids[entity.id])
        for link in group.links:
            subject, obj = _ends(link)
            statuses = set(link.get("status"))
            ids = (actor_ids[entities[subject].id], actor_ids[entities[obj].id], _predicate(link), "negated" in statuses)
            evidence = link.first("description") or document.text

            def id_of(a: int, b: int, ids: tuple[str, str, str, bool] = ids) -> str:
                return claim_id(document.id, ids[0], ids[2], ids[1], ids[3], a, b)

            span = _evidence_span(document.text, evidence, link.first("recordId"), id_of)
            extraction.relations.append(Relation(
                subject=entities[subject].name, predicate=ids[2], object=entities[obj].name, evidence=evidence,
                span=span, negated=ids[3], hedged="hedged" in statuses, attributed_to=link.first("namesMentioned"),
                date=link.first("date") or link.first("startDate"),
                **{field: next((v[len(k):] for v in statuses if v.startswith(k)), None) for k, field in CLAIM_STATUS}))
        names = {fid: entity.name for fid, entity in entities.items()}
        store_ids = {fid: actor_ids[entity.id] for fid, entity in entities.items()}
        extraction.events = [e for e in (_event(p, names, document.text, document.id, store_ids)
                                         for p in group.events) if e is not None]
        retrieved = group.document.first("retrievedAt") if group.document is not None else None
        self.store.save(extraction, actor_ids, at=retrieved)
        self.claims += len(extraction.relations)
        self.events += len(extraction.events)

    def run(self) -> dict[str, Any]:
        groups = self.groups()
        for _, group in groups:
            self.save(group)
        for fid, actor in self.actors.items():  # actors no document cites: entity and aliases only
            if fid in self.store_ids:
                continue
            names = actor.get("name")
            entity = Entity(id="e1", name=names[0] if names else actor.caption, kind=_kind(actor),
                            aliases=names[1:] + actor.get("alias"), catalog_id=_catalog_id(actor))
            sid = store_id_of(fid) or assign_actor_ids(Extraction(Document(text=""), [entity]), self.store)["e1"]
            self.store_ids[fid] = sid
            self.store.save_actor(sid, entity.name, entity.kind, entity.catalog_id, entity.aliases)
        if self.store.lists():
            from factions.analyze.screening import screen_entities

            screen_entities(self.store, set(self.store_ids.values()))
        return {"actors": len(self.store_ids), "documents": len(groups), "claims": self.claims,
                "events": self.events}


def import_ftm(store: Store, path: str | Path) -> dict[str, Any]:
    """Load an FtM file into the store; returns counts of what was imported."""
    proxies = read_entities(path)
    result = _Importer(store, proxies).run()
    by_schema: dict[str, int] = defaultdict(int)
    for p in proxies:
        by_schema[p.schema.name] += 1
    return {"file": str(path), "entities": len(proxies), **result, "schemas": dict(sorted(by_schema.items()))}
