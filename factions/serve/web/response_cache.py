"""Whole GET responses reused byte for byte while the store is unchanged.

Analysts reopen the same hub pages, verdicts and searches all day, and a cached result still
cost a template render or a JSON encoding on every request (a hub's page is 60 kB of HTML):
milliseconds of the one core a server process has. Here the finished body is kept, keyed by
the store's version (migration 0006: every write bumps it, whoever makes it), the day (pages
default their as-of date to today), the path and query, and the curator name the page shows.

The one per-client part of a page is its CSRF token (a signed double-submit cookie, see
security.py): it is stored as a placeholder and put back per request, so one client's token
never reaches another. Responses that set a cookie, are not 200, or are large are not kept.
"""
from __future__ import annotations

import datetime as dt
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from factions.serve.web.security import WHO_COOKIE

MAX_BYTES = 96 * 1024 * 1024  # all kept bodies together
MAX_BODY = 2 * 1024 * 1024  # a bigger body (an export, a giant report) is not worth the memory
# Not kept: the token endpoint answers with the token itself; static files have their own caching.
UNCACHED_PREFIXES = ("/api/csrf", "/static/")


class _Bodies:
    """An LRU of (status, headers, body) bounded by total bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple[Any, ...], tuple[list[tuple[bytes, bytes]], bytes]] = OrderedDict()

    def get(self, key: tuple[Any, ...]) -> tuple[list[tuple[bytes, bytes]], bytes] | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: tuple[Any, ...], headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= len(old[1])
            self._items[key] = (headers, body)
            self.size += len(body)
            while self.size > self.max_bytes and self._items:
                _, (_, dropped) = self._items.popitem(last=False)
                self.size -= len(dropped)


class ResponseCacheMiddleware:
    """Inside the guards (they decide who may read and set the CSRF state), outside the routes."""

    def __init__(self, app: ASGIApp, generation: Callable[[], int], max_bytes: int = MAX_BYTES) -> None:
        self.app = app
        self.generation = generation
        self.bodies = _Bodies(max_bytes)
        # Random per process, so no report text can contain it by chance.
        self.placeholder = f"csrf-{secrets.token_hex(16)}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(UNCACHED_PREFIXES):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        csrf = getattr(request.state, "csrf", None)
        if not csrf:
            await self.app(scope, receive, send)
            return
        token = csrf.encode()
        key = (self.generation(), dt.date.today().isoformat(), scope["path"], scope.get("query_string", b""),
               request.cookies.get(WHO_COOKIE, ""))
        kept = self.bodies.get(key)
        if kept is not None:
            headers, body = kept
            body = body.replace(self.placeholder, token)
            start = {"type": "http.response.start", "status": 200, "headers": list(headers)}
            MutableHeaders(scope=start)["content-length"] = str(len(body))
            await send(start)
            await send({"type": "http.response.body", "body": body, "more_body": False})
            return

        started: dict[str, Any] = {}
        chunks: list[bytes] = []
        size = 0

        async def keep(message: Message) -> None:
            nonlocal size
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body" and size <= MAX_BODY:
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                if not message.get("more_body", False):
                    self._remember(key, started, b"".join(chunks), token)
            await send(message)

        await self.app(scope, receive, keep)

    def _remember(self, key: tuple[Any, ...], start: dict[str, Any], body: bytes, token: bytes) -> None:
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        if start.get("status") != 200 or len(body) > MAX_BODY or any(k.lower() == b"set-cookie" for k, _ in headers):
            return
        self.bodies.put(key, headers, body.replace(token, self.placeholder))
