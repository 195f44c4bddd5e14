"""The server-rendered pages (GET) and the curation forms (POST, answered with a redirect)."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from fastapi import APIRouter, Depends, Form, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from factions.errors import NotFoundError
from factions.serve.web import curate, graph, profile, search
from factions.serve.web.db import ThreadStore
from factions.serve.web.docview import document
from factions.serve.web.security import WHO_COOKIE
from factions.serve.web.templating import render, segment, url
from factions.store import Store

router = APIRouter(include_in_schema=False)
LINKS_PER_PAGE = 25
CLAIMS_PER_LINK = 20


def get_store(request: Request) -> Store:
    # A ThreadStore, typed as the Store it stands in for (see db.py: why not the Store itself).
    return ThreadStore(request.app.state.pool)  # type: ignore[return-value]


StoreDep = Annotated[Store, Depends(get_store)]
Text = Annotated[str, Form()]
OptText = Annotated[str | None, Form()]


def filters_from(request: Request) -> graph.Filters:
    q = request.query_params
    return graph.Filters.parse(q.get("from"), q.get("to"), q.get("predicate"), q.get("grade"))


def notice(store: Store, request: Request) -> dict[str, Any] | None:
    """The step named by ?done=N, shown after a form so that it can be undone at once."""
    done = request.query_params.get("done", "")
    if not done.isdigit():
        return None
    item = curate.step(store, int(done))
    if item is None:
        return None
    return {**item, "text": curate.describe(item, _names(store, item))}


def _names(store: Store, item: dict[str, Any]) -> dict[str, str]:
    p = item.get("payload") or {}
    ids = [v for v in (p.get("from"), p.get("into"), item.get("target")) if isinstance(v, str)]
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return dict(store.conn.execute(f"SELECT id, name FROM entities WHERE id IN ({marks})", ids).fetchall())


@router.get("/")
def home(request: Request, store: StoreDep) -> Response:
    conn = store.conn
    counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("documents", "sources", "entities", "claims", "events", "curation_log")}
    top = conn.execute("""
        SELECT e.id, e.name, e.kind, COUNT(*) AS claims FROM (
            SELECT subject_id AS entity_id FROM claims WHERE status != 'rejected'
            UNION ALL SELECT object_id FROM claims WHERE status != 'rejected') x
        JOIN entities e ON e.id = x.entity_id WHERE e.kind NOT IN ('place', 'weapon')
        GROUP BY e.id ORDER BY claims DESC, e.name LIMIT 15""").fetchall()
    recent = conn.execute("SELECT id, title, outlet, published FROM documents "
                          "ORDER BY published DESC, id LIMIT 10").fetchall()
    return render(request, "home.html", counts=counts, top=top, recent=recent,
                  notice=notice(store, request))


@router.get("/search")
def search_page(request: Request, store: StoreDep, q: str = "", page: Annotated[int, Query(ge=1, le=500)] = 1) -> Response:
    actors, (total, docs) = search.cached(request.app.state.search_cache, store, q, 20, (page - 1) * 20,
                                          actors=page == 1)
    return render(request, "search.html", title=f"{q} · search", q=q, actors=actors, documents=docs,
                  total=total, page=page, pages=(total + 19) // 20)


def _actor_or_redirect(store: Store, actor_id: str, request: Request) -> dict[str, Any] | Response:
    """The entity, or a redirect: to the actor it was merged into, or to a search for an unknown name."""
    canonical = store.canonical_id(actor_id)
    if canonical != actor_id:
        return RedirectResponse(url(f"/actor/{segment(canonical)}", **dict(request.query_params)), status_code=303)
    try:
        entity = store.entity(actor_id)
    except NotFoundError:
        return RedirectResponse(url("/search", q=actor_id), status_code=303)
    if entity["id"] != actor_id:  # a name was given: go to the id's page
        return RedirectResponse(url(f"/actor/{segment(entity['id'])}", **dict(request.query_params)), status_code=303)
    return entity


@router.get("/actor/{actor_id}")
def actor_page(actor_id: str, request: Request, store: StoreDep,
               page: Annotated[int, Query(ge=1, le=1000, description="timeline page, 1 = newest")] = 1) -> Response:
    entity = _actor_or_redirect(store, actor_id, request)
    if isinstance(entity, Response):
        return entity
    eid = entity["id"]
    filters = filters_from(request)

    def facts() -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
        return (profile.header(store, eid), graph.spellings(store.conn, eid),
                graph.timeline(store.conn, eid, filters, page))

    actor, spellings, timeline = request.app.state.page_cache.get(store, ("actor", eid, filters, page), facts)
    # One-click year ranges: "who did it fight beside in 2014?" is a question about a year.
    fparams = filters.params()
    years = [(y, url(f"/actor/{segment(eid)}", **{**fparams, "from": f"{y}-01-01", "to": f"{y}-12-31"}))
             for y in actor["years"]]
    merged_from = store.conn.execute("SELECT from_id, log_id FROM entity_merges WHERE into_id = ? AND active = 1",
                                     (eid,)).fetchall()
    as_of = filters.date_to or dt.date.today().isoformat()
    return render(request, "actor.html", title=entity["name"], actor=actor, as_of=as_of,
                  filters=filters, fparams=fparams, filter_query=urlencode(fparams), years=years,
                  spellings=spellings, timeline=timeline, page=page,
                  older=url(f"/actor/{segment(eid)}", **fparams, page=page + 1),
                  newer=url(f"/actor/{segment(eid)}", **fparams, page=page - 1) if page > 1 else None,
                  max_timeline=graph.MAX_TIMELINE, merged_from=merged_from, notice=notice(store, request))


async def vetting(request: Request, actor: str, as_of: str | None, hops: int = 2,
                  claims_per_link: int | None = None) -> dict[str, Any]:
    """vet() in a worker process (vetpool.py), through the app's cache (valid while the store is unchanged).
    claims_per_link: how many claims a side of each link the report lists (None: all). A hub's report
    holds tens of thousands; a page that shows 20 a link, or none, need not have them built, pickled
    from the worker and kept."""
    day = graph.iso_day(as_of, "as-of date") or dt.date.today().isoformat()
    app = request.app

    def resolve() -> tuple[str, int]:  # on a pool thread: SQLite must not block the event loop
        store = app.state.pool.get()
        return store.entity(actor)["id"], app.state.vet_cache.generation.current(store)

    eid, generation = await run_in_threadpool(resolve)
    key = ("vet", eid, day, hops, claims_per_link)
    report = app.state.vet_cache.lookup(generation, key)
    if report is None:
        report = await app.state.vet_pool.vet(eid, day, hops, claims_per_link)
        app.state.vet_cache.store(generation, key, report)
    return report


@router.get("/actor/{actor_id}/verdict")
async def verdict_fragment(actor_id: str, request: Request, as_of: str | None = None) -> Response:
    """The actor page's verdict box, loaded after the page (vetting reads the neighbours' claims too)."""
    # The box shows the level and the reasons, no claim: the report without its claim lists.
    return render(request, "verdict.html", vetting=await vetting(request, actor_id, as_of, claims_per_link=0))


@router.get("/actor/{actor_id}/edge")
def edge_fragment(actor_id: str, request: Request, store: StoreDep, a: str, b: str, predicate: str,
                  negated: bool = False) -> Response:
    filters = filters_from(request)
    claims = graph.edge_evidence(store.conn, a, b, predicate, negated, filters)
    names = dict(store.conn.execute("SELECT id, name FROM entities WHERE id IN (?, ?)", (a, b)).fetchall())
    return render(request, "edge.html", claims=claims, a=names.get(a, a), b=names.get(b, b), predicate=predicate,
                  negated=negated, actor_id=actor_id, back=url(f"/actor/{segment(actor_id)}", **filters.params()))


@router.get("/actor/{actor_id}/vet")
async def vet_page(actor_id: str, request: Request, as_of: str | None = None,
                   hops: Annotated[int, Query(ge=1, le=4)] = 2,
                   page: Annotated[int, Query(ge=1, le=10_000, description="page of links")] = 1) -> Response:
    """The report, LINKS_PER_PAGE links a page and CLAIMS_PER_LINK claims a link (a hub's report holds
    a thousand links and tens of thousands of claims: all of them are in the JSON)."""
    report = await vetting(request, actor_id, as_of, hops, claims_per_link=CLAIMS_PER_LINK)
    pages = max(1, -(-len(report["links"]) // LINKS_PER_PAGE))
    page = min(page, pages)
    shown = report["links"][(page - 1) * LINKS_PER_PAGE:page * LINKS_PER_PAGE]
    here = f"/actor/{segment(report['actor_id'])}/vet"
    return render(request, "vet.html", title=f"Vetting: {report['actor']}", r=report, links=shown, page=page,
                  pages=pages, claims_per_link=CLAIMS_PER_LINK,
                  page_url=lambda n: url(here, as_of=report["as_of"], hops=report["hops"], page=n))


@router.get("/document/{document_id}")
def document_page(document_id: str, request: Request, store: StoreDep) -> Response:
    doc = document(store.conn, document_id)
    return render(request, "document.html", title=doc["title"] or document_id, doc=doc,
                  notice=notice(store, request))


@router.get("/curation")
def curation_page(request: Request, store: StoreDep) -> Response:
    items = curate.history(store)
    for item in items:
        item["text"] = curate.describe(item, _names(store, item))
    return render(request, "curation.html", title="Curation log", items=items, notice=notice(store, request))


@router.get("/docs")
def api_docs(request: Request) -> Response:
    """Swagger UI from the package's own copy (no CDN); see static/docs.js."""
    return render(request, "docs.html", title="factions API")


# --- curation forms ---------------------------------------------------------------------------

def _back(next_url: str | None, log_id: int, fallback: str = "/") -> RedirectResponse:
    """Redirect to a local page (never another site) with ?done=N for the notice and its undo button."""
    target = next_url or fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith(("//", "/\\")):
        target, parts = fallback, urlsplit(fallback)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "done"] + [("done", str(log_id))]
    return RedirectResponse(f"{parts.path}?{urlencode(query)}", status_code=303)


def _remember(response: Response, who: str) -> Response:
    # Percent-encoded: a header carries Latin-1 only, and curators' names need not be Latin-1.
    response.set_cookie(WHO_COOKIE, quote(" ".join(who.split())[:curate.MAX_WHO]), httponly=True, samesite="strict",
                        path="/")
    return response


@router.post("/who")
def who_form(who: Text, next: OptText = None) -> Response:
    """Remember who is curating (a cookie): the one-click accept and reject buttons log under it."""
    target = next if next and next.startswith("/") and not next.startswith(("//", "/\\")) else "/"
    return _remember(RedirectResponse(target, status_code=303), who)


@router.post("/curate/merge")
def merge_form(store: StoreDep, from_actor: Text, into_actor: Text, who: Text, reason: OptText = None) -> Response:
    done = curate.merge(store, from_actor, into_actor, who, reason)
    return _remember(_back(f"/actor/{segment(done['actor_id'])}", done["log_id"]), who)


@router.post("/curate/split")
def split_form(store: StoreDep, actor: Text, new_name: Text, who: Text,
               aliases: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
               reason: OptText = None) -> Response:
    done = curate.split(store, actor, aliases, new_name, who, reason)
    return _remember(_back(f"/actor/{segment(done['actor_id'])}", done["log_id"]), who)


@router.post("/curate/undo")
def undo_form(store: StoreDep, log_id: Annotated[int, Form()], who: Text, reason: OptText = None,
              next: OptText = None) -> Response:
    done = curate.undo(store, log_id, who, reason)
    return _remember(_back(next, done["log_id"], "/curation"), who)


@router.post("/curate/claim")
def claim_form(store: StoreDep, claim_id: Text, action: Text, who: Text, reason: OptText = None,
               predicate: OptText = None, negated: OptText = None, date: OptText = None,
               next: OptText = None) -> Response:
    correction = None
    if action == "correct":
        correction = {"predicate": predicate or None, "date": graph.iso_day(date, "date"),
                      "negated": None if negated in (None, "") else negated == "1"}
    done = curate.claim(store, claim_id, action, who, reason, correction)
    return _remember(_back(next, done["log_id"]), who)


@router.post("/curate/source")
def source_form(store: StoreDep, source_id: Text, grade: Text, who: Text, reason: OptText = None,
                next: OptText = None) -> Response:
    done = curate.grade(store, source_id, grade, who, reason)
    return _remember(_back(next, done["log_id"]), who)
