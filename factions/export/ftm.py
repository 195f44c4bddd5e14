"""FollowTheMoney entities (Aleph, OpenSanctions, nomenklatura) from a snapshot.

Actors become Organization or Person (aliases, countries, kind as classification),
reports Article (sourceUrl, publisher, publishedAt, bodyText), each claim an
UnknownLink (a member_of claim a Membership) with the predicate as role, the
evidence sentence as description and the report as proof, each event an Event,
each list match a Sanction, and each actor named in a report a Mention and a
Documentation. Ids are a fixed prefix plus the store id, so two exports of one
store agree and `factions import --format ftm` finds the store ids again.

Ids use only [a-zA-Z0-9-]: FtM tools read "." as the start of a namespace signature
(`Namespace.strip` keeps what comes before it), so an id with a dot collapses into
another entity once Aleph or `ftm aggregate` has read it. Every entity carries its
provenance (publisher, sourceUrl, retrievedAt, proof where the schema has them), and
events keep their ACLED typing in prefixed keywords, so an export imported into an
empty store exports again to the same entities.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO

from followthemoney import model
from followthemoney.proxy import EntityProxy

from factions.export.snapshot import Row, Snapshot
from factions.model import stable_id
from factions.names import name_key

PREFIX = "factions"
# Store ids are catalog slugs ("al-nusrah-front") or "kind:hash"; single '-' and ':' between
# lowercase runs travel as '-' and '--' (a slug never holds '--'); anything else as hex.
_PLAIN = re.compile(r"[0-9a-z]+(?:[-:][0-9a-z]+)*")
_SAFE = re.compile(r"[0-9a-zA-Z-]+")
# A list reference is an id ("QDe.137", "16937") when it is one token with a digit; prose
# ("E.O. 13224 (designated by State Dept)") is not an authorityId.
_REFERENCE_ID = re.compile(r"[A-Za-z]{0,6}[.\-]?\d[\w.\-/]{0,30}")
AUTHORITIES = {"US-FTO": "US Department of State", "US-SDGT": "US Government (State / Treasury)",
               "OFAC-SDN": "US Treasury, Office of Foreign Assets Control", "UN-SC": "UN Security Council",
               "UN-1267": "UN Security Council"}
# Where each authority publishes its list: provenance only, never fetched.
LIST_URLS = {"US-FTO": "https://www.state.gov/foreign-terrorist-organizations/",
             "US-SDGT": "https://www.state.gov/foreign-terrorist-organizations/",
             "OFAC-SDN": "https://sanctionslist.ofac.treas.gov/Home/SdnList",
             "UN-SC": "https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list",
             "UN-1267": "https://main.un.org/securitycouncil/en/sanctions/1267"}
EVENT_KEYWORDS = ("acled-type:", "acled-sub-event-type:", "weapon:", "date-precision:")
CLAIM_STATUS = (("place:", "place"), ("list:", "list_name"))


def actor_fid(store_id: str) -> str:
    if _PLAIN.fullmatch(store_id) and "--" not in store_id:
        return f"{PREFIX}-ent-{store_id.replace(':', '--')}"
    return f"{PREFIX}-entx-{store_id.encode('utf-8').hex()}"  # anything else, reversibly


def store_id_of(fid: str) -> str | None:
    """The store id an exported actor id encodes; None for entities factions did not write."""
    if fid.startswith(f"{PREFIX}-ent-"):
        return fid[len(PREFIX) + 5:].replace("--", ":")
    if fid.startswith(f"{PREFIX}-entx-"):
        return bytes.fromhex(fid[len(PREFIX) + 6:]).decode("utf-8")
    return None


def _fid(kind: str, raw: str) -> str:
    """factions-KIND-RAW for store ids that are already safe (hashes), hex otherwise."""
    return f"{PREFIX}-{kind}-{raw}" if _SAFE.fullmatch(raw) else f"{PREFIX}-{kind}x-{raw.encode('utf-8').hex()}"


def document_fid(doc_id: str) -> str:
    return _fid("doc", doc_id)


def _make(schema: str, fid: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.id = fid
    return proxy


def _provenance(proxy: EntityProxy, docs: list[Row]) -> None:
    """The reports an entity comes from: proof, publisher, sourceUrl, and the earliest retrieval."""
    proxy.add("proof", [document_fid(d["id"]) for d in docs])
    proxy.add("publisher", [d["outlet"] for d in docs])
    proxy.add("sourceUrl", [u for d in docs for u in d["urls"]])
    retrieved = sorted(d["first_ingested"] for d in docs if d.get("first_ingested"))
    proxy.add("retrievedAt", retrieved[:1])


def _article(doc: Row, text: str) -> EntityProxy:
    proxy = _make("Article", document_fid(doc["id"]))
    proxy.add("title", doc["title"])
    proxy.add("author", doc["author"])
    proxy.add("publisher", [doc["outlet"], *doc["republished_by"]])
    proxy.add("publishedAt", doc["published"])
    proxy.add("sourceUrl", doc["urls"])
    proxy.add("language", doc["language"])
    proxy.add("retrievedAt", doc["first_ingested"])
    proxy.add("bodyText", text)
    return proxy


def _actor(actor: Row, sanctioned: bool, docs: list[Row]) -> EntityProxy:
    schema = "Person" if actor["kind"] == "person" else "Organization"
    proxy = _make(schema, actor_fid(actor["id"]))
    proxy.add("name", actor["name"])
    proxy.add("alias", actor["aliases"])
    proxy.add("country", actor["countries"])
    proxy.add("classification", actor["kind"])
    if actor["catalog_id"]:
        proxy.add("keywords", f"catalog:{actor['catalog_id']}")
    if schema == "Organization":
        proxy.add("incorporationDate", actor["formed"])
        proxy.add("dissolutionDate", actor["dissolved"])
    if sanctioned:
        proxy.add("topics", "sanction")
    _provenance(proxy, docs)
    return proxy


def claim_summary(claim: Row, names: dict[str, str]) -> str:
    text = f"{names[claim['subject_id']]} {claim['predicate'].replace('_', ' ')} {names[claim['object_id']]}"
    notes = [w for w in ("negated", "hedged") if claim["negated" if w == "negated" else "hedged"]]
    notes += [f"per {claim['attributed_to']}"] if claim["attributed_to"] else []
    notes += [f"at {claim['place']}"] if claim["place"] else []
    notes += [f"list {claim['list_name']}"] if claim["list_name"] else []
    return text + (f" ({'; '.join(notes)})" if notes else "")


def _claim(claim: Row, snap: Snapshot, schemas: dict[str, str]) -> EntityProxy:
    names = {i: a["name"] for i, a in snap.actors.items()}
    membership = claim["predicate"] == "member_of" and schemas[claim["object_id"]] == "Organization"
    proxy = _make("Membership" if membership else "UnknownLink", _fid("claim", claim["id"]))
    proxy.add("member" if membership else "subject", actor_fid(claim["subject_id"]))
    proxy.add("organization" if membership else "object", actor_fid(claim["object_id"]))
    proxy.add("role", claim["predicate"])
    proxy.add("summary", claim_summary(claim, names))
    proxy.add("description", claim["evidence"])
    proxy.add("date", claim["date"])
    proxy.add("startDate", claim["date"])
    # Modality and curation travel in status, the asserting source in namesMentioned; place and list
    # name (no FtM property on a link) as prefixed status values, so an import restores them.
    proxy.add("status", [s for s, on in (("negated", claim["negated"]), ("hedged", claim["hedged"])) if on])
    proxy.add("status", [f"{k}{claim[c]}" for k, c in CLAIM_STATUS if claim[c]])
    if claim["status"] != "machine":
        proxy.add("status", claim["status"])
    proxy.add("namesMentioned", claim["attributed_to"])
    proxy.add("recordId", claim["id"])
    _provenance(proxy, [snap.documents[claim["document_id"]]])
    return proxy


def event_name(event: Row) -> str:
    return f"{event['sub_event_type'] or event['type']}" + (f" in {event['place']}" if event["place"] else "")


def _event(event: Row, snap: Snapshot, country: str | None) -> EntityProxy:
    proxy = _make("Event", _fid("event", event["id"]))
    proxy.add("name", event_name(event))
    date = event["date"]
    # Precision 3 (a month or vaguer) is written as a month: FtM dates carry their own precision.
    # startDate keeps the day the extractor resolved, so an import restores it exactly.
    proxy.add("date", date[:7] if date and event["date_precision"] == 3 else date)
    proxy.add("startDate", date)
    proxy.add("location", event["place"])
    proxy.add("country", country)
    actors = [actor_fid(a) for a in event["actor_ids"] if a in snap.actors]
    targets = [actor_fid(t) for t in event["target_ids"] if t in snap.actors]
    proxy.add("organizer", actors)
    proxy.add("involved", actors + targets)
    values = (event["type"], event["sub_event_type"], event["weapon"], event["date_precision"])
    proxy.add("keywords", [f"{k}{v}" for k, v in zip(EVENT_KEYWORDS, values) if v is not None and v != ""])
    proxy.add("description", event["evidence"])
    proxy.add("summary", f"fatalities: {event['fatalities']}" if event["fatalities"] is not None else None)
    proxy.add("namesMentioned", event["attributed_to"])
    proxy.add("recordId", event["id"])
    _provenance(proxy, [snap.documents[event["document_id"]]])
    return proxy


def _sanction(row: Row) -> EntityProxy:
    proxy = _make("Sanction", _fid("sanction", stable_id(row["designation_id"], row["entity_id"])))
    proxy.add("entity", actor_fid(row["entity_id"]))
    authority = AUTHORITIES.get(row["list"], row["list"])
    proxy.add("authority", authority)
    proxy.add("publisher", authority)
    proxy.add("sourceUrl", LIST_URLS.get(row["list"]))
    proxy.add("retrievedAt", row.get("edition"))  # the edition's own date: the same in every store
    proxy.add("program", row["program"] or row["list"])
    proxy.add("listingDate", row["listed"])
    proxy.add("startDate", row["listed"])
    proxy.add("endDate", row["removed"])
    proxy.add("status", "removed" if row["removed"] else "listed")
    proxy.add("summary", row["name"])
    proxy.add("reason", row["notes"])
    reference = (row["reference"] or "").strip()
    if _REFERENCE_ID.fullmatch(reference):
        proxy.add("authorityId", reference)
    else:
        proxy.add("provisions", reference or None)
    proxy.add("recordId", row["designation_id"])
    return proxy


def _names_used(row: Row, actor: Row) -> list[str]:
    """The mention texts that are names of the actor: "they", "the group" and "its" are references,
    which a Mention (a name found in a document) must not carry."""
    keys = {name_key(n) for n in [actor["name"], *actor["aliases"]]}
    return [t for t in row["texts"] if name_key(t) in keys]


def _mentions(row: Row, schema: str, actor: Row, doc: Row) -> Iterator[EntityProxy]:
    key = stable_id(row["document_id"], row["entity_id"])
    names = _names_used(row, actor)
    if names:
        mention = _make("Mention", _fid("mention", key))
        mention.add("document", document_fid(row["document_id"]))
        mention.add("resolved", actor_fid(row["entity_id"]))
        mention.add("name", names)
        mention.add("detectedSchema", schema)
        yield mention
    link = _make("Documentation", _fid("documentation", key))
    link.add("document", document_fid(row["document_id"]))
    link.add("entity", actor_fid(row["entity_id"]))
    link.add("role", "mentioned")
    _provenance(link, [doc])
    yield link


def entities(snap: Snapshot, place_country: dict[str, str] | None = None) -> Iterator[EntityProxy]:
    """Every entity of the snapshot: documents first, then actors, links, events and sanctions."""
    place_country = place_country or {}
    for doc_id, text in snap.texts():
        yield _article(snap.documents[doc_id], text)
    sanctioned = {s["entity_id"] for s in snap.sanctions}
    # actor id -> ids of the reports it comes from: mentions, claims and events, and a report's author.
    # Sets of ids, not lists of rows: a hub actor is cited by thousands of reports.
    sources: dict[str, set[str]] = {}
    for row in snap.mentions:
        sources.setdefault(row["entity_id"], set()).add(row["document_id"])
    for row in [*snap.claims, *snap.events]:
        for eid in (row.get("subject_id"), row.get("object_id"), *row.get("actor_ids", []), *row.get("target_ids", [])):
            if eid in snap.actors:
                sources.setdefault(eid, set()).add(row["document_id"])
    by_name = {a["name"]: a["id"] for a in snap.actors.values() if a["kind"] == "person"}
    for doc in snap.documents.values():
        author = by_name.get(doc["author"] or "")
        if author:
            sources.setdefault(author, set()).add(doc["id"])
    schemas: dict[str, str] = {}
    for actor in snap.actors.values():
        docs = [snap.documents[d] for d in sorted(sources.get(actor["id"], ()))]
        proxy = _actor(actor, actor["id"] in sanctioned, docs)
        schemas[actor["id"]] = proxy.schema.name
        yield proxy
    for row in snap.mentions:
        yield from _mentions(row, schemas[row["entity_id"]], snap.actors[row["entity_id"]],
                             snap.documents[row["document_id"]])
    for claim in snap.claims:
        if claim["subject_id"] in snap.actors and claim["object_id"] in snap.actors \
                and claim["subject_id"] != claim["object_id"]:  # FtM refuses a self-link
            yield _claim(claim, snap, schemas)
    for event in snap.events:
        yield _event(event, snap, place_country.get(event["place"] or ""))
    for row in snap.sanctions:
        yield _sanction(row)


def write(snap: Snapshot, out: IO[str], place_country: dict[str, str] | None = None) -> int:
    """FtM JSON lines (one entity per line, as `ftm` and Aleph read them); returns the count."""
    n = 0
    for proxy in entities(snap, place_country):
        out.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        n += 1
    return n
