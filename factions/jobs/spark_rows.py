"""Extractions as flat rows and back: the four Parquet tables of `factions spark-extract`.

Pure Python (no Spark), so the conversion is tested alone and `factions load` needs
only pyarrow. Every row carries `seq` (the document's place in the input order, which
`factions load` saves in) and rows of one document carry `n`, their order in the
extraction: order matters to resolution (names before aliases, first claim wins).
"""
from __future__ import annotations

from typing import Any

from factions.model import Document, Entity, Event, Extraction, Relation

Row = dict[str, Any]

# (name, type) per column; types are Spark SQL DDL names, mapped to Spark types in spark.py.
DOCUMENT_COLUMNS = (("seq", "long"), ("status", "string"), ("message", "string"), ("document_id", "string"),
                    ("path", "string"), ("raw_sha", "string"), ("title", "string"), ("author", "string"),
                    ("outlet", "string"), ("section", "string"), ("published", "string"),
                    ("republished_by", "string"), ("republished", "string"), ("language", "string"),
                    ("url", "string"), ("extraction_path", "string"), ("text", "string"), ("extractor", "string"),
                    ("extractor_version", "string"))
ENTITY_COLUMNS = (("seq", "long"), ("n", "int"), ("document_id", "string"), ("entity", "string"),
                  ("name", "string"), ("kind", "string"), ("aliases", "array<string>"),
                  ("mention_starts", "array<int>"), ("mention_ends", "array<int>"), ("catalog_id", "string"),
                  ("confidence", "double"), ("resolution", "string"))
CLAIM_COLUMNS = (("seq", "long"), ("n", "int"), ("document_id", "string"), ("subject", "string"),
                 ("predicate", "string"), ("object", "string"), ("negated", "boolean"), ("hedged", "boolean"),
                 ("attributed_to", "string"), ("date", "string"), ("place", "string"), ("list_name", "string"),
                 ("evidence", "string"), ("span_start", "int"), ("span_end", "int"), ("confidence", "double"))
EVENT_COLUMNS = (("seq", "long"), ("n", "int"), ("document_id", "string"), ("type", "string"),
                 ("sub_event_type", "string"), ("evidence", "string"), ("span_start", "int"), ("span_end", "int"),
                 ("actors", "array<string>"), ("targets", "array<string>"), ("place", "string"), ("date", "string"),
                 ("date_precision", "int"), ("weapon", "string"), ("fatalities", "int"),
                 ("attributed_to", "string"), ("confidence", "double"))
TABLES = {"documents": DOCUMENT_COLUMNS, "entities": ENTITY_COLUMNS, "claims": CLAIM_COLUMNS,
          "events": EVENT_COLUMNS}
_DOC_META = ("path", "raw_sha", "title", "author", "outlet", "section", "published", "republished_by",
             "republished", "language", "url", "extraction_path")


def failure_row(seq: int, path: str, status: str, message: str) -> Row:
    """A file that gave no extraction: status 'skipped' (not a report) or 'failed', with its one-line message."""
    row: Row = {name: None for name, _ in DOCUMENT_COLUMNS}
    row.update(seq=seq, status=status, message=message, path=path)
    return row


def to_rows(seq: int, extraction: Extraction) -> dict[str, list[Row]]:
    doc = extraction.document
    out: dict[str, list[Row]] = {"documents": [{
        "seq": seq, "status": "ok", "message": None, "document_id": doc.id, "text": doc.text,
        "extractor": extraction.extractor, "extractor_version": extraction.extractor_version,
        **{k: getattr(doc, k) for k in _DOC_META}}], "entities": [], "claims": [], "events": []}
    base = {"seq": seq, "document_id": doc.id}
    for n, e in enumerate(extraction.entities):
        out["entities"].append({**base, "n": n, "entity": e.id, "name": e.name, "kind": e.kind,
                                "aliases": list(e.aliases), "mention_starts": [int(m[0]) for m in e.mentions],
                                "mention_ends": [int(m[1]) for m in e.mentions], "catalog_id": e.catalog_id,
                                "confidence": float(e.confidence), "resolution": e.resolution})
    for n, r in enumerate(extraction.relations):
        out["claims"].append({**base, "n": n, "subject": r.subject, "predicate": r.predicate, "object": r.object,
                              "negated": bool(r.negated), "hedged": bool(r.hedged), "attributed_to": r.attributed_to,
                              "date": r.date, "place": r.place, "list_name": r.list_name, "evidence": r.evidence,
                              "span_start": int(r.span[0]), "span_end": int(r.span[1]),
                              "confidence": float(r.confidence)})
    for n, v in enumerate(extraction.events):
        out["events"].append({**base, "n": n, "type": v.type, "sub_event_type": v.sub_event_type,
                              "evidence": v.evidence, "span_start": int(v.span[0]), "span_end": int(v.span[1]),
                              "actors": list(v.actors), "targets": list(v.targets), "place": v.place, "date": v.date,
                              "date_precision": v.date_precision, "weapon": v.weapon, "fatalities": v.fatalities,
                              "attributed_to": v.attributed_to, "confidence": float(v.confidence)})
    return out


def as_tuple(table: str, row: Row) -> tuple:
    """The row in its table's column order (what Spark's createDataFrame takes)."""
    return tuple(row.get(name) for name, _ in TABLES[table])


def from_rows(doc: Row, entities: list[Row], claims: list[Row], events: list[Row]) -> Extraction:
    """The Extraction that to_rows() flattened, rows in any order."""
    document = Document(text=doc["text"], **{k: doc[k] for k in _DOC_META if k != "language"},
                        language=doc["language"] or "en")
    out = Extraction(document=document, extractor=doc["extractor"], extractor_version=doc["extractor_version"])
    for e in sorted(entities, key=lambda r: r["n"]):
        out.entities.append(Entity(id=e["entity"], name=e["name"], kind=e["kind"], aliases=list(e["aliases"] or []),
                                   mentions=list(zip(e["mention_starts"] or [], e["mention_ends"] or [])),
                                   catalog_id=e["catalog_id"], confidence=e["confidence"],
                                   resolution=e["resolution"]))
    for r in sorted(claims, key=lambda r: r["n"]):
        out.relations.append(Relation(subject=r["subject"], predicate=r["predicate"], object=r["object"],
                                      evidence=r["evidence"], span=(r["span_start"], r["span_end"]),
                                      negated=bool(r["negated"]), hedged=bool(r["hedged"]),
                                      attributed_to=r["attributed_to"], date=r["date"], place=r["place"],
                                      confidence=r["confidence"], list_name=r["list_name"]))
    for v in sorted(events, key=lambda r: r["n"]):
        out.events.append(Event(type=v["type"], sub_event_type=v["sub_event_type"], evidence=v["evidence"],
                                span=(v["span_start"], v["span_end"]), actors=list(v["actors"] or []),
                                targets=list(v["targets"] or []), place=v["place"], date=v["date"],
                                date_precision=v["date_precision"], weapon=v["weapon"], fatalities=v["fatalities"],
                                attributed_to=v["attributed_to"], confidence=v["confidence"]))
    return out
