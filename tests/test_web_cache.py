"""Whole responses reused while the store is unchanged (serve/web/response_cache.py), in-process.

What can go wrong with such a cache is what these check: one client's CSRF token or curator
name served to another, and a page that stays as it was after the store changed under it
(a write by another process, not through this server).
"""
from __future__ import annotations

import sqlite3
import warnings
from pathlib import Path


with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from factions.serve.web import Settings, create_app
from factions.serve.web.response_cache import MAX_BODY, ResponseCacheMiddleware
from factions.serve.web.security import CSRF_COOKIE
from test_web_api import BASE, HAZM, db, form_csrf, web_db  # noqa: F401  (the store fixtures)


def test_a_reused_page_carries_each_clients_own_csrf_token(db: Path) -> None:
    app = create_app(Settings(db))
    with TestClient(app, base_url=BASE) as first, TestClient(app, base_url=BASE) as second:
        pages = [c.get(f"/actor/{HAZM}") for c in (first, second, first)]
        tokens = [form_csrf(p.text) for p in pages]
        assert tokens[0] == first.cookies[CSRF_COOKIE] == tokens[2]
        assert tokens[1] == second.cookies[CSRF_COOKIE] != tokens[0]
        # Apart from the token, the second client got the same page.
        assert pages[1].text.replace(tokens[1], "T") == pages[0].text.replace(tokens[0], "T")
        # And the token it got works for a form post.
        r = second.post("/who", data={"who": "Dana", "csrf": tokens[1], "next": "/"}, follow_redirects=False)
        assert r.status_code == 303


def test_each_curator_sees_their_own_name(db: Path) -> None:
    app = create_app(Settings(db))
    with TestClient(app, base_url=BASE) as dana, TestClient(app, base_url=BASE) as eli:
        for client, name in ((dana, "Dana"), (eli, "Eli")):
            token = form_csrf(client.get("/").text)
            client.post("/who", data={"who": name, "csrf": token, "next": "/"}, follow_redirects=False)
        assert 'name="who" value="Dana"' in dana.get(f"/actor/{HAZM}").text
        html = eli.get(f"/actor/{HAZM}").text
        assert 'name="who" value="Eli"' in html and "Dana" not in html


def test_pages_follow_a_write_made_outside_the_server(db: Path) -> None:
    with TestClient(create_app(Settings(db)), base_url=BASE) as client:
        before_page = client.get(f"/actor/{HAZM}").text
        before_api = client.get(f"/api/actors/{HAZM}/network").json()
        assert "Hazm Renamed" not in before_page
        # Another process (an ingest, a second server) renames the actor in the store.
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE entities SET name = 'Hazm Renamed' WHERE id = ?", (HAZM,))
        assert "Hazm Renamed" in client.get(f"/actor/{HAZM}").text
        after_api = client.get(f"/api/actors/{HAZM}/network").json()
        label = {n["id"]: n["label"] for n in after_api["nodes"]}[HAZM]
        assert label == "Hazm Renamed" != {n["id"]: n["label"] for n in before_api["nodes"]}[HAZM]


class CountingApp:
    """A plain ASGI app behind the cache: answers by path, counts the calls that reach it."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        self.calls += 1
        path = scope["path"]
        status = 404 if path == "/missing" else 200
        headers = [(b"content-type", b"text/html")] + ([(b"set-cookie", b"a=b")] if path == "/cookie" else [])
        body = b"x" * (MAX_BODY + 1) if path == "/big" else f"<p>{path} {self.calls}</p>".encode()
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body[:10], "more_body": True})
        await send({"type": "http.response.body", "body": body[10:], "more_body": False})


def test_only_whole_successful_cookie_free_responses_are_kept() -> None:
    generation = [1]
    app = CountingApp()
    cache = ResponseCacheMiddleware(app, lambda: generation[0])

    async def guarded(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        scope.setdefault("state", {})["csrf"] = "token-1"  # what the guards set
        await cache(scope, receive, send)

    client = TestClient(guarded, base_url=BASE)  # no lifespan: a bare ASGI app

    def reached(path: str) -> int:
        before = app.calls
        assert client.get(path).content
        return app.calls - before

    assert reached("/page") == 1 and reached("/page") == 0  # a 200 in two pieces is kept whole
    assert client.get("/page").text == "<p>/page 1</p>"
    assert reached("/page?x=1") == 1  # another query is another page
    for path in ("/missing", "/cookie", "/big"):
        assert reached(path) == 1 and reached(path) == 1, path
    generation[0] = 2  # the store changed
    assert reached("/page") == 1
    assert client.get("/page").text == "<p>/page 9</p>"
