"""create_app(): the FastAPI application behind `factions serve`."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

from factions import __version__
from factions.errors import FactionsError, NotFoundError
from factions.extract.resources import catalog
from factions.serve.web import api, pages
from factions.serve.web.config import Settings
from factions.serve.web.db import StorePool
from factions.serve.web.cache import Cache, Generation
from factions.serve.web.vetpool import VetPool
from factions.serve.web.response_cache import ResponseCacheMiddleware
from factions.serve.web.security import GuardMiddleware, require_csrf
from factions.serve.web.templating import render
from factions.store import Store

STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings) -> FastAPI:
    # Open once here so pending migrations (the search index) run before any request.
    Store(settings.db, create=False).close()
    vet_pool = VetPool(settings.db, settings.vet_workers)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.warm_up:
            # Before the first requests, not during them: forty threads asking for the catalog at once
            # would each load it, and the first verdicts would wait for the vetting processes to start.
            catalog()
            vet_pool.start()
        yield
        vet_pool.close()

    app = FastAPI(title="factions", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  openapi_url="/openapi.json", dependencies=[Depends(require_csrf)],
                  description="Evidence-backed map of armed-group relations. Every claim carries its sentence "
                              "and document. POSTs need X-CSRF-Token (GET /api/csrf) or the Bearer token.")
    app.state.settings = settings
    app.state.pool = StorePool(settings.db)
    generation = Generation()
    app.state.vet_cache = Cache(generation, 512)
    app.state.page_cache = Cache(generation, 256)  # an actor page's data, up to a few hundred kB each
    app.state.search_cache = Cache(generation, 512)
    app.state.vet_pool = vet_pool

    # Middleware added last runs first: the guards, then whole responses reused while the store is unchanged.
    app.add_middleware(ResponseCacheMiddleware, generation=lambda: generation.current(app.state.pool.get()))
    app.add_middleware(GuardMiddleware, settings=settings)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    def error(request: Request, status: int, message: str) -> Response:
        if wants_json(request) or not hasattr(request.state, "csrf"):
            return JSONResponse({"detail": message}, status_code=status)
        return render(request, "error.html", status_code=status, title="Error", status=status, message=message)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return error(request, 404, exc.one_line())

    @app.exception_handler(FactionsError)
    async def refused(request: Request, exc: FactionsError) -> Response:
        # Bad input (an unknown predicate, a malformed date, an undo that cannot apply): the request's fault.
        return error(request, 400, exc.one_line())

    @app.exception_handler(OverflowError)
    async def too_large(request: Request, exc: OverflowError) -> Response:
        # sqlite3 raises it for an integer parameter beyond 64 bits that a route let through.
        return error(request, 400, f"a number in the request is out of range ({exc})")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
        fields = ", ".join(".".join(str(p) for p in e.get("loc", ())[1:]) or "request" for e in exc.errors())
        return error(request, 422, f"missing or invalid: {fields}")

    return app


def app_from_env() -> FastAPI:
    """The app of one `factions serve --workers N` process (uvicorn's factory; settings from config.ENV)."""
    return create_app(Settings.from_env())
