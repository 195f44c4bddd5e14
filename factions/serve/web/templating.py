"""Jinja2 set-up: templates shipped as package data, autoescape always on."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote, urlencode

from fastapi import Request
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from factions import __version__
from factions.model import PREDICATES
from factions.serve.web.security import WHO_COOKIE
from factions.store.curation import GRADES

ADMIRALTY = {"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
             "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged"}


def url(path: str, **params: Any) -> str:
    """A local URL with the non-empty parameters as a query string."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "", False)}, doseq=True)
    return f"{path}?{query}" if query else path


def segment(value: Any) -> str:
    """An id as one URL path segment."""
    return quote(str(value), safe="")


# autoescape=True for every template (not only *.html): no template may print raw text.
env = Environment(loader=PackageLoader("factions.serve.web", "templates"), autoescape=True,
                  undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
env.filters["q"] = segment
env.globals.update(url=url, PREDICATES=PREDICATES, GRADES=GRADES, ADMIRALTY=ADMIRALTY, version=__version__)
templates = Jinja2Templates(env=env)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    settings = request.app.state.settings
    context.setdefault("notice", None)
    context.setdefault("title", "factions")
    context.update(csrf=request.state.csrf, read_only=settings.read_only,
                   who=unquote(request.cookies.get(WHO_COOKIE, "")), path=request.url.path,
                   # Where a form on this page comes back to (without the last step's notice).
                   here=url(request.url.path, **{k: v for k, v in request.query_params.items() if k != "done"}))
    return templates.TemplateResponse(request, name, context, status_code=status_code)
