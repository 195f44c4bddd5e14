"""The JSON API (documented at /docs and /openapi.json). Reads are GETs; changes are POSTs that need
the CSRF token (X-CSRF-Token header, from GET /api/csrf) unless sent with `Authorization: Bearer`."""
from __future__ import annotations

from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, Field
from starlette.responses import Response

from factions.model import PREDICATES
from factions.analyze.profile import actor_profile
from factions.serve.web import curate, graph, search
from factions.serve.web.docview import document
from factions.serve.web.pages import StoreDep, vetting
from factions.serve.web.templating import segment, url
from factions.store.connection import SQLITE_MAX_INT

router = APIRouter(prefix="/api", tags=["api"])


def as_json(value: Any) -> Response:
    """The value as a JSON response, encoded by orjson. A returned dict would go through FastAPI's
    jsonable_encoder and a pydantic pass: pure Python over every item, tens of milliseconds for a
    hub's vetting report (tens of thousands of claims), all of it on the server's one core."""
    try:
        body = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:  # a type orjson does not know (a set): the general encoder
        body = orjson.dumps(jsonable_encoder(value), option=orjson.OPT_NON_STR_KEYS)
    return Response(body, media_type="application/json")

DateQ = Annotated[str | None, Query(description="ISO date, e.g. 2014-01-01", alias="from")]
ToQ = Annotated[str | None, Query(description="ISO date, e.g. 2014-12-31", alias="to")]
PredicateQ = Annotated[str | None, Query(description=f"one of {', '.join(PREDICATES)}")]
GradeQ = Annotated[str, Query(description="weakest Admiralty source grade let in (A best, F all)")]


class Curated(BaseModel):
    who: str = Field(description="who decides (kept in the curation log)")
    reason: str | None = Field(None, description="why (kept in the curation log)")


class MergeIn(Curated):
    from_actor: str = Field(description="actor to merge away (id, name or alias)")
    into_actor: str = Field(description="actor that absorbs it")


class SplitIn(Curated):
    actor: str
    aliases: list[str] = Field(description="aliases that belong to the new actor")
    new_name: str


class UndoIn(Curated):
    log_id: int


class ClaimIn(Curated):
    action: Literal["accept", "reject", "correct"]
    predicate: str | None = Field(None, description="correct: the right predicate")
    negated: bool | None = Field(None, description="correct: the text says it does not hold")
    date: str | None = Field(None, description="correct: the right date (ISO)")


class GradeIn(Curated):
    grade: Literal["A", "B", "C", "D", "E", "F"]


@router.get("/csrf", summary="A CSRF token (and its cookie) for POSTs from scripts without the Bearer token")
def csrf(request: Request) -> dict[str, str]:
    return {"token": request.state.csrf, "header": "X-CSRF-Token"}


@router.get("/search", summary="Actors (names, aliases) and documents matching every word; <mark> shows matches")
def api_search(request: Request, store: StoreDep, q: str, limit: Annotated[int, Query(ge=1, le=200)] = 20,
               offset: Annotated[int, Query(ge=0, le=SQLITE_MAX_INT)] = 0) -> Response:
    actors, (total, docs) = search.cached(request.app.state.search_cache, store, q, limit, offset)
    return as_json({"query": q, "actors": search.as_json(actors),
                    "documents": {"total": total, "items": search.as_json(docs)}})


PROFILE_PAGE = 500  # items of each list (documents, claims, events) a page: most actors fit on one


@router.get("/actors/{actor_id}", summary=f"An actor's profile: names, aliases, list matches, and its documents, "
                                          f"claims and events, {PROFILE_PAGE} of each a page (follow page.next)")
def api_actor(store: StoreDep, actor_id: str,
              limit: Annotated[int, Query(ge=1, le=5000, description="items of each list a page")] = PROFILE_PAGE,
              offset: Annotated[int, Query(ge=0, le=SQLITE_MAX_INT, description="items of each list skipped")] = 0
              ) -> dict[str, Any]:
    eid = store.entity(actor_id)["id"]
    profile = actor_profile(store.path, eid, limit, offset)
    totals = profile.pop("totals")
    here = f"/api/actors/{segment(eid)}"
    profile["page"] = {"limit": limit, "offset": offset, "totals": totals,
                       "next": url(here, limit=limit, offset=offset + limit)
                       if any(offset + limit < n for n in totals.values()) else None,
                       "previous": url(here, limit=limit, offset=max(offset - limit, 0)) if offset else None}
    return profile


@router.get("/actors/{actor_id}/network", summary="The ego network (Cytoscape elements) under the filters")
def api_network(request: Request, store: StoreDep, actor_id: str, date_from: DateQ = None, date_to: ToQ = None,
                predicate: PredicateQ = None, grade: GradeQ = "F") -> Response:
    filters = graph.Filters.parse(date_from, date_to, predicate, grade)
    eid = store.entity(actor_id)["id"]
    return as_json(request.app.state.page_cache.get(store, ("network", eid, filters),
                                                    lambda: graph.ego_network(store.conn, eid, filters)))


@router.get("/actors/{actor_id}/evidence", summary="The claims behind one edge of the network, with their sentences")
def api_evidence(store: StoreDep, actor_id: str, a: str, b: str, predicate: str, negated: bool = False,
                 date_from: DateQ = None, date_to: ToQ = None, grade: GradeQ = "F") -> Response:
    filters = graph.Filters.parse(date_from, date_to, None, grade)
    return as_json({"a": a, "b": b, "predicate": predicate, "negated": negated,
                    "claims": graph.edge_evidence(store.conn, a, b, predicate, negated, filters)})


@router.get("/actors/{actor_id}/timeline",
            summary=f"The actor's claims and events in date order, {graph.MAX_TIMELINE} a page, newest page first")
def api_timeline(store: StoreDep, actor_id: str, date_from: DateQ = None, date_to: ToQ = None,
                 predicate: PredicateQ = None, grade: GradeQ = "F",
                 page: Annotated[int, Query(ge=1, le=1000, description="1 = the newest items")] = 1
                 ) -> Response:
    filters = graph.Filters.parse(date_from, date_to, predicate, grade)
    return as_json(graph.timeline(store.conn, store.entity(actor_id)["id"], filters, page))


@router.get("/actors/{actor_id}/vet", summary="The vetting report (as in `factions vet --format json`)")
async def api_vet(request: Request, actor_id: str, as_of: str | None = None,
                  hops: Annotated[int, Query(ge=1, le=4)] = 2) -> Response:
    return as_json(await vetting(request, actor_id, as_of, hops))


@router.get("/documents/{document_id}", summary="A document: text, sources and grades, claims, events, actors")
def api_document(store: StoreDep, document_id: str) -> Response:
    doc = document(store.conn, document_id)
    doc.pop("segments")
    doc["actors"] = [{"id": i, "name": n, "kind": k} for i, n, k in doc["actors"]]
    return as_json(doc)


@router.get("/curation", summary="The curation log, newest first")
def api_curation(store: StoreDep, limit: Annotated[int, Query(ge=1, le=5000)] = 200) -> list[dict[str, Any]]:
    return curate.history(store, limit)


@router.post("/curation/merge", summary="Merge one actor into another (undoable)")
def api_merge(store: StoreDep, body: MergeIn) -> dict[str, Any]:
    return curate.merge(store, body.from_actor, body.into_actor, body.who, body.reason)


@router.post("/curation/split", summary="Move aliases of an actor to a new actor (undoable)")
def api_split(store: StoreDep, body: SplitIn) -> dict[str, Any]:
    return curate.split(store, body.actor, body.aliases, body.new_name, body.who, body.reason)


@router.post("/curation/undo", summary="Undo a curation step (merge, split, claim decision, source grade)")
def api_undo(store: StoreDep, body: UndoIn) -> dict[str, Any]:
    return curate.undo(store, body.log_id, body.who, body.reason)


@router.post("/claims/{claim_id}", summary="Accept, reject or correct a claim (undoable; later ingests keep it)")
def api_claim(store: StoreDep, claim_id: str, body: ClaimIn) -> dict[str, Any]:
    correction = {"predicate": body.predicate, "negated": body.negated, "date": graph.iso_day(body.date, "date")}
    return curate.claim(store, claim_id, body.action, body.who, body.reason,
                        correction if body.action == "correct" else None)


@router.post("/sources/{source_id}/grade", summary="Set a source's Admiralty reliability grade A-F (undoable)")
def api_grade(store: StoreDep, source_id: str, body: GradeIn) -> dict[str, Any]:
    return curate.grade(store, source_id, body.grade, body.who, body.reason)
