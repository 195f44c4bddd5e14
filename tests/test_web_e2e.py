"""End to end: a real uvicorn server on a free localhost port, driven by Playwright through Debian's chromium.

The browser is the system one (/usr/bin/chromium, installed by .ci/run with apt-get); Playwright
never downloads a browser. Screenshots of the actor and vetting pages go to tests/artifacts/.
"""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from factions.serve.web import Settings, create_app
from test_web_api import HAZM, NUSRA, XSS_ACTOR, build_web_store

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_web_store(tmp_path_factory.mktemp("e2e"))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(db)), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "Debian's chromium is missing: apt-get install -y chromium (.ci/run does it)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


class Watch:
    """What a page did that it should not: dialogs (alert), CSP violations, script errors, outside requests."""

    def __init__(self, page: Page, base: str) -> None:
        self.dialogs: list[str] = []
        self.csp: list[str] = []
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: self.csp.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith((base, "data:")) else self.outside.append(r.url))


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, viewport={"width": 1400, "height": 1000})
    p = context.new_page()
    p.set_default_timeout(15_000)
    p.watch = Watch(p, base_url)  # type: ignore[attr-defined]
    yield p
    context.close()


def click_edge(page: Page, a: str, b: str) -> None:
    """Click the middle of the drawn edge between a and b, as a person would."""
    page.locator("#network").scroll_into_view_if_needed()
    page.wait_for_timeout(300)  # Cytoscape re-reads its container's position after a scroll settles
    point = page.evaluate("""([a, b]) => {
        const cy = window.factionsCy;
        cy.resize();
        const edge = cy.edges().filter(e => [e.source().id(), e.target().id()].sort().join() === [a, b].sort().join())[0];
        const mid = edge.renderedMidpoint(), box = cy.container().getBoundingClientRect();
        return {x: box.left + mid.x, y: box.top + mid.y};
    }""", [a, b])
    page.mouse.click(point["x"], point["y"])


def test_search_actor_network_and_evidence(page: Page) -> None:
    page.goto("/")
    page.fill("header input[name=q]", "Hazm Movement")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Hazm+Movement")
    assert page.locator("#actor-results mark").count() > 0
    page.locator("#actor-results a.actor-hit").first.click()
    page.wait_for_url(f"**/actor/{HAZM}")
    page.wait_for_selector("#network[data-ready='1']")
    page.wait_for_selector("#verdict[data-ready='1'] #level")
    assert page.evaluate("window.factionsCy.nodes().length") > 3
    # The acceptance question: who did it fight beside in 2014, and says who?
    page.select_option("select[name=predicate]", "fights_alongside")
    page.fill("input[name=from]", "2014-01-01")
    page.fill("input[name=to]", "2014-12-31")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**predicate=fights_alongside**")
    page.wait_for_selector("#network[data-ready='1']")
    nodes = page.evaluate("window.factionsCy.nodes().map(n => n.id())")
    assert NUSRA in nodes and HAZM in nodes
    assert set(page.evaluate("window.factionsCy.edges().map(e => e.data('predicate'))")) == {"fights_alongside"}
    click_edge(page, HAZM, NUSRA)
    page.wait_for_selector("#evidence .evidence-item")
    evidence = page.locator("#evidence")
    assert "Handarat" in evidence.inner_text()
    assert evidence.locator("a[href^='/document/']").count() >= 2
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "actor.png"), full_page=True)
    # The evidence links to the report, where the actors are highlighted.
    evidence.locator("a[href^='/document/']").first.click()
    page.wait_for_selector("#doc-text a.actor")
    assert page.watch.dialogs == [] and page.watch.errors == [] and page.watch.outside == []  # type: ignore[attr-defined]


def test_vetting_page_with_date_picker_and_print(page: Page) -> None:
    page.goto(f"/actor/{HAZM}/vet?as_of=2014-10-15")
    first = page.inner_text("#level")
    page.fill("input[name=as_of]", "2015-03-02")
    page.click("#asof-form button[type=submit]")
    page.wait_for_url("**as_of=2015-03-02**")
    assert page.input_value("input[name=as_of]") == "2015-03-02"
    assert first and page.inner_text("#level")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "vetting.png"), full_page=True)
    page.emulate_media(media="print")
    assert page.locator("#asof-form").is_hidden() and page.locator("header.top").is_hidden()
    page.screenshot(path=str(ARTIFACTS / "vetting-print.png"), full_page=True)
    assert page.watch.errors == [] and page.watch.outside == []  # type: ignore[attr-defined]


def test_xss_fixture_does_not_execute(page: Page) -> None:
    page.goto("/search?q=alert+script")
    doc_link = page.locator("#document-results a.doc-hit").first
    assert "<script>" in doc_link.inner_text()  # shown as text
    doc_link.click()
    page.wait_for_selector("#doc-text")
    assert "<img src=x onerror=alert(2)>" in page.inner_text("#doc-text")
    assert page.locator("#doc-text img, #doc-text svg, #doc-text script, a[href^='javascript:']").count() == 0
    for path in ("/search?q=svg+onload", f"/actor/{XSS_ACTOR}/vet", f"/actor/{HAZM}?from=2014-10-01&to=2014-10-31"):
        page.goto(path)
    page.goto(f"/actor/{XSS_ACTOR}")
    page.wait_for_selector("#network[data-ready='1']")
    click_edge(page, HAZM, XSS_ACTOR)
    page.wait_for_selector("#evidence .evidence-item")
    assert "onerror=alert(2)" in page.inner_text("#evidence")
    page.hover("#evidence blockquote")
    time.sleep(0.3)  # give any injected handler the chance to fire
    w = page.watch  # type: ignore[attr-defined]
    assert w.dialogs == [], w.dialogs
    assert w.csp == [], w.csp  # not even blocked by the CSP: the payloads never became markup
    assert w.errors == [] and w.outside == []


def test_api_docs_work_offline(page: Page) -> None:
    page.goto("/docs")
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() >= 10
    assert page.watch.outside == [] and page.watch.errors == []  # type: ignore[attr-defined]


def test_concurrent_requests_all_succeed(base_url: str) -> None:
    """Pages and API calls at once, on many worker threads (each with its own connection)."""
    import concurrent.futures

    import httpx

    paths = [f"/actor/{HAZM}", f"/api/actors/{HAZM}/network", f"/actor/{HAZM}/verdict", "/search?q=nusra",
             f"/actor/{XSS_ACTOR}/verdict", f"/api/actors/{NUSRA}/timeline"] * 8
    with httpx.Client(base_url=base_url, timeout=60) as client, \
            concurrent.futures.ThreadPoolExecutor(16) as pool:
        codes = list(pool.map(lambda p: client.get(p).status_code, paths))
    assert codes == [200] * len(paths)


def test_merge_then_undo(page: Page) -> None:
    page.goto("/search?q=Farouq")
    page.locator("#actor-results a.actor-hit").first.click()
    page.wait_for_selector("#actor-name")
    farouq_url = page.url
    assert page.inner_text("#actor-name") == "Farouq Battalions"
    page.fill("#merge-form input[name=into_actor]", "Harakat Hazm")
    page.fill("#merge-form input[name=who]", "e2e analyst")
    page.fill("#merge-form input[name=reason]", "same fighters")
    page.click("#merge-form button[type=submit]")
    page.wait_for_url(f"**/actor/{HAZM}?done=*")
    assert "merged Farouq Battalions into Harakat Hazm" in page.inner_text("#notice")
    page.goto(farouq_url)
    assert page.inner_text("#actor-name") == "Harakat Hazm"  # the merged actor's page leads to the survivor
    page.go_back()
    page.click("#undo-notice")
    page.wait_for_selector("#notice")
    assert "undid step" in page.inner_text("#notice")
    page.goto(farouq_url)
    assert page.inner_text("#actor-name") == "Farouq Battalions"
    page.goto("/curation")
    assert page.locator("tr.undone").count() == 1 and "e2e analyst" in page.inner_text("table.curation")
    assert page.watch.dialogs == [] and page.watch.errors == []  # type: ignore[attr-defined]
