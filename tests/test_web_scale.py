"""The web app at hub scale: paginated timelines and vetting reports, caches that follow the store
version whoever writes, and `factions serve --workers 2` as a real multi-process server.

The store is a real SQLite file made by the migrations, with a hub actor written directly:
more claims than a timeline page holds and more designated partners than a report page shows.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

with warnings.catch_warnings():  # newer Starlette prefers httpx2 for its TestClient; httpx still works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from factions.resolve.lists import load_shipped
from factions.serve.web import Settings, create_app
from factions.serve.web.graph import MAX_TIMELINE
from factions.serve.web.pages import LINKS_PER_PAGE
from factions.store import Store, curation

AT = "2026-01-01T00:00:00+00:00"
PARTNERS = LINKS_PER_PAGE + 7  # designated groups the hub fights beside: two report pages
CLAIMS = MAX_TIMELINE + 30  # the hub's claims: two timeline pages
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def hub_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("scale") / "hub.db"
    with Store(db) as store:
        in_force = [d for d in load_shipped() if d.active_on("2020-01-01")][:PARTNERS]
        store.save_list("TEST", "test.csv", "shipped", None, in_force)
        conn = store.conn
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO entities (id, name, kind, created_at, updated_at) VALUES (?, ?, 'armed_group', ?, ?)",
                         [("hub", "Hub Front", AT, AT)] + [(f"p{i}", f"Partner Brigade {i}", AT, AT)
                                                           for i in range(PARTNERS)])
        for n in range(CLAIMS):
            day = f"{2012 + n % 6}-{1 + n % 12:02d}-{1 + n % 28:02d}"
            conn.execute("INSERT INTO documents (id, title, outlet, published, text, first_ingested, last_ingested) "
                         "VALUES (?, ?, 'Wire', ?, 'Hub Front fought beside a partner.', ?, ?)",
                         (f"d{n}", f"report {n}", day, AT, AT))
            conn.execute("INSERT INTO claims (id, document_id, subject_id, predicate, object_id, evidence, span_start, "
                         "span_end, confidence) VALUES (?, ?, 'hub', 'fights_alongside', ?, ?, 0, 10, 0.8)",
                         (f"c{n}", f"d{n}", f"p{n % PARTNERS}", f"Hub Front fought beside partner {n % PARTNERS}."))
        ids = [d.id for d in in_force]
        conn.executemany("INSERT INTO screen_hits (entity_id, designation_id, score, matched_alias, query, explanation, "
                         "caveat, screened_at) VALUES (?, ?, 1.0, 'x', 'x', 'test', 0, ?)",
                         [(f"p{i}", ids[i], AT) for i in range(PARTNERS)])
        conn.execute("COMMIT")
    return db


@pytest.fixture(scope="module")
def client(hub_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(hub_db)), base_url="http://127.0.0.1:8000") as c:
        yield c


def test_timeline_pages_go_back_in_time(client: TestClient) -> None:
    newest = client.get("/api/actors/hub/timeline").json()
    older = client.get("/api/actors/hub/timeline", params={"page": 2}).json()
    assert len(newest) == MAX_TIMELINE and len(older) == CLAIMS - MAX_TIMELINE
    assert max(i["day"] for i in older) <= min(i["day"] for i in newest)
    assert not {i["id"] for i in newest} & {i["id"] for i in older}
    page = client.get("/actor/hub").text
    assert 'id="timeline-older"' in page and 'id="timeline-newer"' not in page
    second = client.get("/actor/hub", params={"page": 2}).text
    assert 'id="timeline-newer"' in second and 'id="timeline-older"' not in second


def test_vetting_report_pages_show_every_link_once(client: TestClient) -> None:
    report = client.get("/api/actors/hub/vet", params={"as_of": "2020-01-01"}).json()
    assert len(report["links"]) == PARTNERS and report["level"] == "high"
    heading = re.compile(r"<h2>Hub Front → (Partner Brigade \d+)</h2>")
    first = client.get("/actor/hub/vet", params={"as_of": "2020-01-01"}).text
    second = client.get("/actor/hub/vet", params={"as_of": "2020-01-01", "page": 2}).text
    shown = heading.findall(first) + heading.findall(second)
    assert len(heading.findall(first)) == LINKS_PER_PAGE and 'id="links-next"' in first
    assert sorted(shown) == sorted(" → ".join(lk["path"][1:]) for lk in report["links"])


def test_cached_report_follows_a_change_made_by_another_connection(client: TestClient, hub_db: Path) -> None:
    before = client.get("/api/actors/hub/vet", params={"as_of": "2020-01-01"}).json()
    assert client.get("/api/actors/hub/vet", params={"as_of": "2020-01-01"}).json() == before  # from the cache
    with Store(hub_db) as other:  # as an ingest or another server process would
        for claim in other.conn.execute("SELECT id FROM claims WHERE object_id = 'p0'").fetchall():
            curation.set_claim_status(other.conn, claim[0], "reject", "tester", "not a partner")
    after = client.get("/api/actors/hub/vet", params={"as_of": "2020-01-01"}).json()
    assert len(after["links"]) == PARTNERS - 1
    assert "Partner Brigade 0" not in {lk["designated"]["name"] for lk in after["links"]} | {
        lk["path"][-1] for lk in after["links"]}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def test_serve_with_workers_shares_forms_and_changes(hub_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    with Store(hub_db) as src, Store(db) as dst:
        src.conn.backup(dst.conn)
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen([sys.executable, "-m", "factions", "serve", "--db", str(db), "--port", str(port),
                               "--workers", "2"], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base}/api/csrf", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, server.stderr.read().decode()[-2000:]
            time.sleep(0.3)
        assert len(_children(server.pid)) >= 2  # uvicorn's worker processes
        with httpx.Client(base_url=base, timeout=30) as browser:
            token = browser.get("/api/csrf").json()["token"]
            before = browser.get("/api/actors/hub/vet", params={"as_of": "2020-01-01"}).json()
            # A fresh connection per request: the kernel spreads them over both workers' shared socket.
            for _ in range(6):
                assert httpx.get(f"{base}/actor/hub", timeout=30).status_code == 200
            merged = browser.post("/api/curation/merge", headers={"x-csrf-token": token},
                                  json={"from_actor": "p1", "into_actor": "p2", "who": "tester"})
            assert merged.status_code == 200, merged.text  # the form token of one worker is good on any
        for _ in range(6):
            after = httpx.get(f"{base}/api/actors/hub/vet", params={"as_of": "2020-01-01"}, timeout=30).json()
            assert len(after["links"]) == len(before["links"]) - 1  # no worker serves the cached report
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_vetting_page_lists_a_links_first_claims_and_counts_them_all(tmp_path: Path) -> None:
    from factions.serve.web.pages import CLAIMS_PER_LINK

    db = tmp_path / "pair.db"
    many = CLAIMS_PER_LINK + 5
    with Store(db) as store:
        listed = [d for d in load_shipped() if d.active_on("2020-01-01")][:1]
        store.save_list("TEST", "test.csv", "shipped", None, listed)
        conn = store.conn
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO entities (id, name, kind, created_at, updated_at) VALUES (?, ?, 'armed_group', ?, ?)",
                         [("hub", "Hub Front", AT, AT), ("p0", "Partner Brigade 0", AT, AT)])
        for n in range(many):
            conn.execute("INSERT INTO documents (id, title, outlet, published, text, first_ingested, last_ingested) "
                         "VALUES (?, ?, 'Wire', ?, 'Hub Front fought beside a partner.', ?, ?)",
                         (f"d{n}", f"report {n}", f"2015-01-{1 + n:02d}", AT, AT))
            conn.execute("INSERT INTO claims (id, document_id, subject_id, predicate, object_id, evidence, span_start, "
                         "span_end, confidence) VALUES (?, ?, 'hub', 'fights_alongside', 'p0', ?, 0, 10, 0.8)",
                         (f"c{n}", f"d{n}", f"Hub Front fought beside partner 0, report {n}."))
        conn.execute("INSERT INTO screen_hits (entity_id, designation_id, score, matched_alias, query, explanation, "
                     "caveat, screened_at) VALUES ('p0', ?, 1.0, 'x', 'x', 'test', 0, ?)", (listed[0].id, AT))
        conn.execute("COMMIT")
    with TestClient(create_app(Settings(db)), base_url="http://127.0.0.1:8000") as c:
        report = c.get("/api/actors/hub/vet", params={"as_of": "2020-01-01"}).json()
        assert len(report["links"][0]["claims"]) == report["links"][0]["claims_total"] == many  # the JSON: all
        page = c.get("/actor/hub/vet", params={"as_of": "2020-01-01"}).text
        assert page.count('<tr class="support">') == CLAIMS_PER_LINK
        assert f"The first {CLAIMS_PER_LINK} supporting and contradicting claims are shown, of {many} and 0" in page
        verdict = c.get("/actor/hub/verdict", params={"as_of": "2020-01-01"}).text
        assert 'id="level">high<' in verdict
