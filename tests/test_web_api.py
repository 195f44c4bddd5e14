"""The web app in-process (FastAPI TestClient): search, pages, API, curation, and the security guards.

The store is the bundled samples plus an XSS report, ingested with the real pipeline;
build_web_store() is shared with the end-to-end tests (tests/test_web_e2e.py).
"""
from __future__ import annotations

import re
import sqlite3
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

with warnings.catch_warnings():  # newer Starlette prefers httpx2 for its TestClient; httpx still works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from factions.jobs.ingest import ingest_paths
from factions.serve.web import Settings, create_app
from factions.store import Store

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
BASE = "http://127.0.0.1:8000"
HAZM = "harakat-hazm"
NUSRA = "al-nusrah-front"
XSS_ACTOR = "actor:xss-liwa"

XSS_REPORT = """Hazm Movement fights beside <script>alert(1)</script> Brigade

By Staff Writer, Levant Wire, 12 October 2014

ALEPPO, Oct 12 (Levant Wire) - Fighters of the Hazm Movement fought alongside the Liwa <img src=x onerror=alert(2)> near Aleppo on 5 October 2014, according to activists.

A statement from the <svg onload=alert(3)><script>alert(4)</script></svg> Front denied any role in the clashes, and a link to javascript:alert(5) was circulated with it.

Harakat Hazm said it fought beside the Liwa <img src=x onerror=alert(2)> against government forces in Handarat.
"""
XSS_NAME = "Liwa <img src=x onerror=alert(2)>"
XSS_ALIAS = "<svg onload=alert(6)>"
XSS_SENTENCE = "Harakat Hazm said it fought beside the Liwa <img src=x onerror=alert(2)> against government forces in Handarat."


def build_web_store(folder: Path) -> Path:
    """Ingest the samples and the XSS report; then plant payloads where the extractor would not put them
    (an actor's name and alias, a claim's evidence and attribution, a source's outlet and URL)."""
    folder.mkdir(parents=True, exist_ok=True)
    report = folder / "xss_report.txt"
    report.write_text(XSS_REPORT, encoding="utf-8")
    db = folder / "web.db"
    result = ingest_paths([str(SAMPLES), str(report)], db)
    assert not result.failed, result.as_json()
    with Store(db) as store:
        conn = store.conn
        doc_id = conn.execute("SELECT id FROM documents WHERE title LIKE '%<script>%'").fetchone()[0]
        text = conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
        start = text.index(XSS_SENTENCE)
        name_at = text.index(XSS_NAME, start)
        at = "2026-01-01T00:00:00+00:00"
        conn.execute("BEGIN")
        conn.execute("INSERT INTO entities (id, name, kind, catalog_id, created_at, updated_at) "
                     "VALUES (?, ?, 'armed_group', NULL, ?, ?)", (XSS_ACTOR, XSS_NAME, at, at))
        for alias in (XSS_NAME, XSS_ALIAS):
            conn.execute("INSERT INTO aliases (entity_id, alias, key, document_id) VALUES (?, ?, name_key(?), ?)",
                         (XSS_ACTOR, alias, alias, doc_id))
        conn.execute("INSERT INTO mentions (id, document_id, entity_id, start, end, text) VALUES (?,?,?,?,?,?)",
                     ("m-xss", doc_id, XSS_ACTOR, name_at, name_at + len(XSS_NAME), XSS_NAME))
        conn.execute("""INSERT INTO claims (id, document_id, subject_id, predicate, object_id, attributed_to, date,
                        evidence, span_start, span_end, extractor, extractor_version, confidence)
                        VALUES ('c-xss', ?, ?, 'fights_alongside', ?, '<b onmouseover=alert(7)>x</b>',
                        '2014-10-05', ?, ?, ?, 'test', '1', 0.9)""",
                     (doc_id, HAZM, XSS_ACTOR, XSS_SENTENCE, start, start + len(XSS_SENTENCE)))
        conn.execute("UPDATE sources SET url = 'javascript:alert(8)', outlet = '<iframe src=javascript:alert(9)>' "
                     "WHERE document_id = ?", (doc_id,))
        conn.execute("COMMIT")
    return db


@pytest.fixture(scope="module")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_web_store(tmp_path_factory.mktemp("web"))


@pytest.fixture
def db(web_db: Path, tmp_path: Path) -> Path:
    """A private copy per test, so curation in one test does not leak into another."""
    copy = tmp_path / "web.db"
    with sqlite3.connect(web_db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    return copy


def client_for(db: Path, **settings: object) -> TestClient:
    return TestClient(create_app(Settings(db, **settings)), base_url=BASE)  # type: ignore[arg-type]


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    with client_for(db) as c:
        yield c


def csrf_of(client: TestClient) -> str:
    return client.get("/api/csrf").json()["token"]


def form_csrf(html: str) -> str:
    return re.search(r'name="csrf(?:" value|-token" content)="([^"]+)"', html)[1]  # type: ignore[index]


def xss_document(client: TestClient) -> str:
    hits = client.get("/api/search", params={"q": "alert script"}).json()["documents"]["items"]
    assert hits, "the XSS report should be searchable"
    return hits[0]["id"]


# --- search -------------------------------------------------------------------------------------

def test_search_finds_actors_by_alias_and_documents_with_marks(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "nusra"}).json()
    ids = [a["id"] for a in data["actors"]]
    assert NUSRA in ids
    assert any("<mark>" in a["name_html"] or any("<mark>" in h for h in a["aliases_html"]) for a in data["actors"])
    assert data["documents"]["total"] >= 3
    assert all("<mark>" in d["snippet_html"] or "<mark>" in d["title_html"] for d in data["documents"]["items"])
    # A word prefix finds the longer spelling; an alias finds its actor.
    assert HAZM in [a["id"] for a in client.get("/api/search", params={"q": "Hazm Movem"}).json()["actors"]]


def test_search_page_escapes_report_text_around_the_marks(client: TestClient) -> None:
    html = client.get("/search", params={"q": "alert"}).text
    assert "<mark>alert</mark>" in html
    assert "&lt;script&gt;" in html
    assert "<script>alert" not in html and "<img src=x" not in html and "<svg onload" not in html


@pytest.mark.parametrize("q", ['"', 'NEAR(a b', "AND OR NOT", "*", "title:x", "a\"b'c", "", "‘Nuṣrah’"])
def test_search_never_passes_fts_syntax_through(client: TestClient, q: str) -> None:
    assert client.get("/api/search", params={"q": q}).status_code == 200
    assert client.get("/search", params={"q": q}).status_code == 200


def test_search_index_follows_document_changes(db: Path) -> None:
    from factions.serve.web.search import search_documents

    with Store(db) as store:
        doc = store.conn.execute("SELECT id, text FROM documents LIMIT 1").fetchone()
        store.conn.execute("UPDATE documents SET text = ? WHERE id = ?", (doc["text"] + " zanzibarian", doc["id"]))
        assert [d["id"] for d in search_documents(store.conn, "zanzibarian")[1]] == [doc["id"]]
        store.conn.execute("UPDATE documents SET text = ? WHERE id = ?", (doc["text"], doc["id"]))
        assert search_documents(store.conn, "zanzibarian")[0] == 0


def test_migration_indexes_rows_stored_before_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factions.serve.web.search import search_actors, search_documents
    from factions.store import migrate

    shipped = migrate.available()
    monkeypatch.setattr(migrate, "available", lambda: [m for m in shipped if m.version < 3])
    path = tmp_path / "old.db"
    with Store(path) as store:
        at = "2026-01-01T00:00:00+00:00"
        store.conn.execute("INSERT INTO documents (id, title, text, first_ingested, last_ingested) "
                           "VALUES ('d1', 'Old report', 'Quetzal brigades regrouped.', ?, ?)", (at, at))
        store.conn.execute("INSERT INTO entities (id, name, kind, created_at, updated_at) "
                           "VALUES ('q', 'Quetzal Brigades', 'armed_group', ?, ?)", (at, at))
        store.conn.execute("INSERT INTO aliases (entity_id, alias, key) VALUES ('q', 'Quetzal Brigades', 'x')")
    monkeypatch.setattr(migrate, "available", lambda: shipped)
    with Store(path) as store:
        assert search_documents(store.conn, "quetzal")[0] == 1
        store.conn.execute("UPDATE aliases SET key = name_key(alias)")
        assert [a["id"] for a in search_actors(store.conn, "quetz")] == ["q"]


# --- pages ----------------------------------------------------------------------------------------

def test_home_and_actor_page(client: TestClient) -> None:
    assert "Most connected actors" in client.get("/").text
    html = client.get(f"/actor/{HAZM}").text
    assert "Harakat Hazm" in html and 'id="verdict"' in html and "Vetting as of" in html
    verdict = client.get(f"/actor/{HAZM}/verdict", params={"as_of": "2014-10-15"}).text
    assert 'id="level"' in verdict and "Al-Nusrah Front" in verdict
    assert 'id="network"' in html and "/static/cytoscape.min.js" in html
    assert "Names over time" in html and "Hazm Movement" in html
    # An actor by name redirects to its id; an unknown name becomes a search.
    r = client.get("/actor/Hazm Movement", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/actor/{HAZM}"
    assert client.get("/actor/Nobody At All", follow_redirects=False).headers["location"].startswith("/search")


def test_who_fought_beside_hazm_in_2014_and_says_who(client: TestClient) -> None:
    """The acceptance question, answered by the filters, the network and an edge's evidence."""
    f = {"from": "2014-01-01", "to": "2014-12-31", "predicate": "fights_alongside"}
    net = client.get(f"/api/actors/{HAZM}/network", params=f).json()
    assert {e["predicate"] for e in net["edges"]} == {"fights_alongside"}
    partners = {e["source"] if e["target"] == HAZM else e["target"] for e in net["edges"] if HAZM in
                (e["source"], e["target"])}
    assert NUSRA in partners and "jaish-al-muhajireen-wal-ansar" in partners
    html = client.get(f"/actor/{HAZM}/edge", params={**f, "a": HAZM, "b": NUSRA}).text
    assert "Handarat" in html and "/document/" in html and "evidence-item" in html
    page = client.get(f"/actor/{HAZM}", params=f).text
    assert "fights alongside" in page and "Handarat" in page
    # Outside 2014 the same edge has no claims.
    later = client.get(f"/api/actors/{HAZM}/network", params={**f, "from": "2016-01-01", "to": "2016-12-31"})
    assert later.json()["edges"] == []


def test_bad_filters_are_a_400_not_a_crash(client: TestClient) -> None:
    assert client.get(f"/api/actors/{HAZM}/network", params={"predicate": "likes"}).status_code == 400
    assert client.get(f"/api/actors/{HAZM}/network", params={"from": "last year"}).status_code == 400
    assert client.get(f"/actor/{HAZM}", params={"grade": "Z"}).status_code == 400
    assert client.get("/api/actors/nobody-here").status_code == 404
    assert client.get("/document/nope").status_code == 404


def test_document_page_highlights_actors_and_escapes_everything(client: TestClient) -> None:
    doc_id = xss_document(client)
    html = client.get(f"/document/{doc_id}").text
    assert f'href="/actor/{XSS_ACTOR.replace(":", "%3A")}"' in html  # the planted actor's mention is a link
    assert 'class="actor' in html and 'class="rel' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for raw in ("<script>alert", "<img src=x", "<svg onload", "<iframe", "<b onmouseover", 'href="javascript:'):
        assert raw not in html, raw
    data = client.get(f"/api/documents/{doc_id}").json()
    assert data["sources"][0]["link"] is None  # a javascript: URL is never offered as a link


def test_xss_payloads_are_escaped_on_every_page(client: TestClient) -> None:
    pages = [f"/actor/{XSS_ACTOR}", f"/actor/{HAZM}", f"/actor/{XSS_ACTOR}/vet", f"/actor/{XSS_ACTOR}/verdict",
             f"/actor/{HAZM}/edge?a={HAZM}&b={XSS_ACTOR}&predicate=fights_alongside", "/search?q=svg+onload",
             "/search?q=liwa", "/"]
    for page in pages:
        r = client.get(page)
        assert r.status_code == 200, page
        for raw in ("<script>alert", "<img src=x", "<svg onload", "<iframe", "<b onmouseover", 'href="javascript:'):
            assert raw not in r.text, (page, raw)
    assert "&lt;img src=x onerror=alert(2)&gt;" in client.get(f"/actor/{XSS_ACTOR}").text


def test_vetting_page_changes_with_the_as_of_date(client: TestClient) -> None:
    before = client.get(f"/actor/{HAZM}/vet", params={"as_of": "2014-10-15"}).text
    after = client.get(f"/actor/{HAZM}/vet", params={"as_of": "2015-03-02"}).text
    assert 'type="date" name="as_of" value="2014-10-15"' in before and "@media print" not in before
    assert before != after and "Reasons" in before
    api = client.get(f"/api/actors/{HAZM}/vet", params={"as_of": "2014-10-15"}).json()
    assert api["as_of"] == "2014-10-15" and api["level"] in before


def test_actor_api_pages_through_every_claim_document_and_event(client: TestClient, db: Path) -> None:
    with Store(db) as store:
        whole = store.actor_profile(HAZM)  # the store's own read, not paginated
    assert len(whole["claims"]) > 3 and len(whole["documents"]) > 1
    first = client.get(f"/api/actors/{HAZM}").json()  # an old client: no parameters, everything on one page
    assert [c["id"] for c in first["claims"]] == [c["id"] for c in whole["claims"]]
    assert first["page"]["next"] is None and first["page"]["totals"]["claims"] == len(whole["claims"])
    seen: dict[str, list] = {"claims": [], "documents": [], "events": []}
    link: str | None = f"/api/actors/{HAZM}?limit=2"
    pages = 0
    while link:
        page = client.get(link).json()
        assert len(page["claims"]) <= 2 and page["page"]["limit"] == 2
        assert page["page"]["totals"] == {k: len(whole[k]) for k in seen}
        for k in seen:
            seen[k] += [item["id"] for item in page[k]]
        link, pages = page["page"]["next"], pages + 1
    assert pages == -(-max(len(whole[k]) for k in seen) // 2)
    assert seen == {k: [item["id"] for item in whole[k]] for k in seen}
    later = client.get(f"/api/actors/{HAZM}", params={"limit": 2, "offset": 2}).json()["page"]
    assert later["previous"] == f"/api/actors/{HAZM}?limit=2"
    assert client.get(f"/api/actors/{HAZM}", params={"limit": 0}).status_code == 422
    assert client.get(f"/api/actors/{HAZM}", params={"offset": -1}).status_code == 422


def test_openapi_and_docs_are_offline(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/search", "/api/actors/{actor_id}/network", "/api/curation/merge"} <= set(spec["paths"])
    docs = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in docs and "/static/docs.js" in docs
    for page in ("/", "/docs", f"/actor/{HAZM}", f"/actor/{HAZM}/vet", "/curation"):
        html = client.get(page).text
        assert not re.search(r'(src|href)="(https?:)?//', html), page  # nothing loaded from elsewhere
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


# --- security ----------------------------------------------------------------------------------------

def test_security_headers(client: TestClient) -> None:
    r = client.get("/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"


def test_foreign_host_header_is_refused(client: TestClient) -> None:
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200


def test_forms_and_api_writes_need_the_csrf_token(client: TestClient) -> None:
    body = {"from_actor": "Farouq Battalions", "into_actor": HAZM, "who": "tester"}
    assert client.post("/curate/merge", data=body, follow_redirects=False).status_code == 403
    assert client.post("/curate/merge", data={**body, "csrf": "forged.token"}, follow_redirects=False).status_code == 403
    assert client.post("/api/curation/merge", json=body).status_code == 403
    token = form_csrf(client.get(f"/actor/{HAZM}").text)
    r = client.post("/curate/merge", data={**body, "csrf": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/actor/{HAZM}?done=")


def test_token_guards_every_request(db: Path) -> None:
    with client_for(db, token="s3cret") as c:
        for path in ("/", "/api/search?q=hazm", "/static/app.css", "/openapi.json", "/docs"):
            assert c.get(path).status_code == 401, path
        assert c.get("/", headers={"authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/search?q=x", headers={"authorization": "Bearer s3cret"}).status_code == 200
        # A Bearer script needs no CSRF token: browsers never add that header by themselves.
        r = c.post(f"/api/sources/{'x'}/grade", json={"grade": "B", "who": "bot"},
                   headers={"authorization": "Bearer s3cret"})
        assert r.status_code == 404
        # ?token= once: a cookie and a redirect to the same URL without the token.
        r = c.get("/search?q=hazm&token=s3cret", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/search?q=hazm"
        assert "factions_token" in r.headers["set-cookie"] and "httponly" in r.headers["set-cookie"].lower()
        assert c.get("/search?q=hazm").status_code == 200  # the cookie now carries it


def test_read_only_refuses_writes(db: Path) -> None:
    with client_for(db, read_only=True) as c:
        html = c.get(f"/actor/{HAZM}").text
        assert "read-only" in html and 'id="merge-form"' not in html
        token = csrf_of(c)
        r = c.post("/api/curation/merge", json={"from_actor": "Farouq Battalions", "into_actor": HAZM, "who": "x"},
                   headers={"x-csrf-token": token})
        assert r.status_code == 403
        assert c.post("/curate/undo", data={"log_id": 1, "who": "x", "csrf": token}).status_code == 403
    with Store(db) as store:
        assert store.curation_history() == []


def test_redirects_stay_on_this_site(client: TestClient) -> None:
    token = form_csrf(client.get("/").text)
    claim = client.get(f"/api/actors/{HAZM}").json()["claims"][0]["id"]
    r = client.post("/curate/claim", data={"claim_id": claim, "action": "accept", "who": "t", "csrf": token,
                                           "next": "//evil.example/x"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/?done=")


# --- curation ------------------------------------------------------------------------------------------

def api_post(client: TestClient, path: str, body: dict) -> dict:
    r = client.post(path, json=body, headers={"x-csrf-token": csrf_of(client)})
    assert r.status_code == 200, r.text
    return r.json()


def test_merge_then_undo_through_the_api(client: TestClient) -> None:
    farouq = client.get("/api/search", params={"q": "Farouq"}).json()["actors"][0]["id"]
    done = api_post(client, "/api/curation/merge", {"from_actor": farouq, "into_actor": HAZM, "who": "ana",
                                                    "reason": "same group"})
    assert done["actor_id"] == HAZM
    assert client.get(f"/actor/{farouq}", follow_redirects=False).headers["location"] == f"/actor/{HAZM}"
    step = client.get("/api/curation").json()[0]
    assert (step["who"], step["action"], step["reason"], step["undoable"]) == ("ana", "merge", "same group", True)
    notice = client.get(f"/actor/{HAZM}?done={done['log_id']}").text
    assert 'id="undo-notice"' in notice and "merged Farouq Battalions into Harakat Hazm" in notice
    api_post(client, "/api/curation/undo", {"log_id": done["log_id"], "who": "ana"})
    assert client.get(f"/actor/{farouq}", follow_redirects=False).status_code == 200
    log = client.get("/curation").text
    assert "undid step" in log and f"undone by step" in log


def test_split_then_undo(client: TestClient) -> None:
    done = api_post(client, "/api/curation/split", {"actor": HAZM, "aliases": ["Hazm"], "new_name": "Hazm (other)",
                                                    "who": "ana", "reason": "homonym"})
    assert "Hazm (other)" in client.get(f"/actor/{done['actor_id']}").text
    api_post(client, "/api/curation/undo", {"log_id": done["log_id"], "who": "ana"})
    assert "Hazm" in client.get(f"/api/actors/{HAZM}").json()["aliases"]


def test_reject_a_claim_then_undo_and_later_ingests_keep_it(client: TestClient, db: Path) -> None:
    f = {"from": "2014-01-01", "to": "2014-12-31", "predicate": "fights_alongside"}
    claims = client.get(f"/api/actors/{HAZM}/evidence", params={**f, "a": HAZM, "b": NUSRA,
                                                                 "predicate": "fights_alongside"}).json()["claims"]
    target = claims[0]["id"]
    done = api_post(client, f"/api/claims/{target}", {"action": "reject", "who": "ana", "reason": "misread"})
    assert done["status"] == "rejected"
    after = client.get(f"/api/actors/{HAZM}/evidence", params={**f, "a": HAZM, "b": NUSRA,
                                                               "predicate": "fights_alongside"}).json()["claims"]
    assert target not in [c["id"] for c in after]
    # A later decision blocks undoing the earlier one out of order.
    second = api_post(client, f"/api/claims/{target}", {"action": "accept", "who": "bo"})
    r = client.post("/api/curation/undo", json={"log_id": done["log_id"], "who": "ana"},
                    headers={"x-csrf-token": csrf_of(client)})
    assert r.status_code == 400 and "undo the later step first" in r.json()["detail"]
    api_post(client, "/api/curation/undo", {"log_id": second["log_id"], "who": "bo"})
    api_post(client, f"/api/curation/undo", {"log_id": done["log_id"], "who": "ana"})
    with Store(db) as store:
        assert store.conn.execute("SELECT status FROM claims WHERE id = ?", (target,)).fetchone()[0] == "machine"
    # Re-ingesting the report keeps a curated claim as the curator left it.
    api_post(client, f"/api/claims/{target}", {"action": "reject", "who": "ana"})
    doc = claims[0]["document_id"]
    with Store(db) as store:
        path = store.conn.execute("SELECT path FROM sources WHERE document_id = ?", (doc,)).fetchone()[0]
    assert not ingest_paths([path], db).failed
    with Store(db) as store:
        assert store.conn.execute("SELECT status FROM claims WHERE id = ?", (target,)).fetchone()[0] == "rejected"


def test_correct_a_claim(client: TestClient) -> None:
    claim = client.get(f"/api/actors/{HAZM}").json()["claims"][0]
    done = api_post(client, f"/api/claims/{claim['id']}", {"action": "correct", "predicate": "ally_of",
                                                           "date": "2014-05-01", "who": "ana"})
    assert done["status"] == "corrected"
    fixed = [c for c in client.get(f"/api/actors/{HAZM}").json()["claims"] if c["id"] == claim["id"]][0]
    assert (fixed["predicate"], fixed["date"], fixed["status"]) == ("ally_of", "2014-05-01", "corrected")
    r = client.post(f"/api/claims/{claim['id']}", json={"action": "correct", "predicate": "likes", "who": "a"},
                    headers={"x-csrf-token": csrf_of(client)})
    assert r.status_code == 400


def test_grade_a_source_by_form_filters_the_network_and_undoes(client: TestClient) -> None:
    f = {"from": "2014-01-01", "to": "2014-12-31", "predicate": "fights_alongside"}
    assert client.get(f"/api/actors/{HAZM}/network", params={**f, "grade": "B"}).json()["edges"] == []
    claim = client.get(f"/api/actors/{HAZM}/evidence", params={**f, "a": HAZM, "b": NUSRA,
                                                               "predicate": "fights_alongside"}).json()["claims"][0]
    doc = client.get(f"/api/documents/{claim['document_id']}").json()
    page = client.get(f"/document/{claim['document_id']}").text
    r = client.post("/curate/source", data={"source_id": doc["sources"][0]["id"], "grade": "B", "who": "ana",
                                            "reason": "known outlet", "csrf": form_csrf(page),
                                            "next": f"/document/{claim['document_id']}"}, follow_redirects=False)
    assert r.status_code == 303 and "done=" in r.headers["location"]
    edges = client.get(f"/api/actors/{HAZM}/network", params={**f, "grade": "B"}).json()["edges"]
    assert any({e["source"], e["target"]} == {HAZM, NUSRA} for e in edges)
    step = client.get("/api/curation").json()[0]
    assert step["action"] == "grade_source" and step["payload"]["old"] == {"reliability": "F"}
    api_post(client, "/api/curation/undo", {"log_id": step["id"], "who": "ana"})
    assert client.get(f"/api/actors/{HAZM}/network", params={**f, "grade": "B"}).json()["edges"] == []
    bad = client.post(f"/api/sources/{doc['sources'][0]['id']}/grade", json={"grade": "Q", "who": "a"},
                      headers={"x-csrf-token": csrf_of(client)})
    assert bad.status_code == 422


def test_who_cookie_names_the_curator(client: TestClient) -> None:
    token = form_csrf(client.get("/").text)
    r = client.post("/who", data={"who": "Dana", "csrf": token, "next": "/curation"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/curation"
    html = client.get(f"/actor/{HAZM}").text
    assert 'name="who" value="Dana"' in html  # the one-click claim buttons log under it


def test_curation_needs_who(client: TestClient) -> None:
    r = client.post("/api/curation/merge", json={"from_actor": "Farouq Battalions", "into_actor": HAZM, "who": "  "},
                    headers={"x-csrf-token": csrf_of(client)})
    assert r.status_code == 400 and "who" in r.json()["detail"]


# --- the command -----------------------------------------------------------------------------------------

def test_serve_command_help_and_missing_store(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from factions.serve.cli import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "--read-only" in result.output and "127.0.0.1" in result.output
    result = runner.invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no store" in result.output
