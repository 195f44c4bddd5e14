"""Request guards: Host allow-list, the --token, read-only mode, CSRF, and response headers.

The token may come as `Authorization: Bearer T` (scripts), as `?token=T` once (the
link `factions serve` prints: answered with a cookie and a redirect to the same URL
without the token, so it does not stay in history or logs), or as that cookie.
CSRF uses a signed double-submit cookie: forms carry the cookie's value in a hidden
field, scripts in an X-CSRF-Token header. A request authenticated by the Bearer header
needs no CSRF token: a browser never adds that header on its own.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import parse_qsl, urlencode

from fastapi import HTTPException, Request
from starlette.datastructures import MutableHeaders
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from factions.serve.web.config import Settings

TOKEN_COOKIE = "factions_token"
CSRF_COOKIE = "factions_csrf"
WHO_COOKIE = "factions_who"  # the curator name pages show and forms log (set by POST /who)
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# No inline script anywhere (all JS is in /static), so script-src 'self' holds; a missed
# escape would still not run. Swagger UI and Cytoscape set inline styles, hence style-src.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
           "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


def _refuse(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"detail": message}, status_code=status)
    return PlainTextResponse(message, status_code=status)


def new_csrf(settings: Settings) -> str:
    nonce = secrets.token_urlsafe(18)
    return f"{nonce}.{_sign(settings, nonce)}"


def _sign(settings: Settings, nonce: str) -> str:
    return hmac.new(settings.secret, nonce.encode(), hashlib.sha256).hexdigest()[:32]


def csrf_valid(settings: Settings, token: str | None) -> bool:
    nonce, _, mac = (token or "").partition(".")
    return bool(nonce and mac) and hmac.compare_digest(mac, _sign(settings, nonce))


class GuardMiddleware:
    """Plain ASGI, not Starlette's BaseHTTPMiddleware: that one runs every request through an extra task
    and a memory stream, a millisecond a request under load, more than a cached page costs."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        static = request.url.path.startswith("/static/")
        cookies: list[tuple[str, str]] = []

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    if name == "Cache-Control" and static:
                        continue  # the vendored assets may be cached; pages and data may not
                    if name not in headers:
                        headers[name] = value
                for name, value in cookies:
                    headers.append("set-cookie", _cookie(name, value, request))
            await send(message)

        refusal = self._refusal(request, cookies)
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    def _refusal(self, request: Request, cookies: list[tuple[str, str]]) -> Response | None:
        """A response that ends the request here (wrong host, token, read-only), else None; sets the
        request's CSRF state and the cookies the response must carry."""
        s = self.settings
        host = host_name(request.headers.get("host", ""))
        if s.allowed_hosts is not None and host.lower() not in s.allowed_hosts:
            return _refuse(request, 400, f"unexpected Host header {host!r}")
        request.state.bearer = False
        if s.token:
            bearer = request.headers.get("authorization", "")
            query_token = request.query_params.get("token")
            if bearer.lower().startswith("bearer ") and _same(bearer[7:].strip(), s.token):
                request.state.bearer = True
            elif query_token is not None and _same(query_token, s.token):
                if request.method in ("GET", "HEAD"):
                    # Once: swap the token in the URL for a cookie.
                    rest = [(k, v) for k, v in parse_qsl(request.url.query, keep_blank_values=True) if k != "token"]
                    target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
                    cookies.append((TOKEN_COOKIE, s.token))
                    return RedirectResponse(target, status_code=303)
                cookies.append((TOKEN_COOKIE, s.token))
            elif not _same(request.cookies.get(TOKEN_COOKIE, ""), s.token):
                return _refuse(request, 401, "this factions server needs its token: open the link `factions serve` "
                                             "printed, or send `Authorization: Bearer TOKEN`")
        if s.read_only and request.method not in SAFE_METHODS:
            return _refuse(request, 403, "this factions server is read-only (--read-only): no changes are accepted")
        csrf = request.cookies.get(CSRF_COOKIE)
        fresh = not csrf_valid(s, csrf)
        if fresh:
            csrf = new_csrf(s)
            cookies.insert(0, (CSRF_COOKIE, csrf))
        request.state.csrf = csrf
        request.state.csrf_fresh = fresh
        return None


def host_name(header: str) -> str:
    """The host part of a Host header: 'localhost:8000' -> 'localhost', '[::1]:8000' -> '[::1]'."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[:header.find("]") + 1] if "]" in header else header
    return header.rsplit(":", 1)[0] if ":" in header else header


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def _cookie(name: str, value: str, request: Request) -> str:
    """A Set-Cookie value: HttpOnly, SameSite=Strict, Secure over https (what Response.set_cookie writes)."""
    response = Response()
    response.set_cookie(name, value, httponly=True, samesite="strict", path="/",
                        secure=request.url.scheme == "https")
    return response.headers["set-cookie"]


async def require_csrf(request: Request) -> None:
    """App-wide dependency: every state-changing request proves it came from our own page (or a script)."""
    if request.method in SAFE_METHODS or getattr(request.state, "bearer", False):
        return
    settings: Settings = request.app.state.settings
    expected = request.cookies.get(CSRF_COOKIE)
    supplied = request.headers.get(CSRF_HEADER)
    if supplied is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(CSRF_FIELD)
        supplied = value if isinstance(value, str) else None
    if not (expected and supplied and csrf_valid(settings, expected) and _same(supplied, expected)):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again "
                                 "(scripts: GET /api/csrf, then send its token as X-CSRF-Token with its cookie)")
