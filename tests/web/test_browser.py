"""Real-browser walk with Playwright driving Debian's chromium: overview → story → actor → article."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time

import pytest

from lagebild.config import Settings
from lagebild.store import Store

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]

pytestmark = pytest.mark.browser


def _need_chromium() -> None:
    if not shutil.which(CHROMIUM):
        msg = f"{CHROMIUM} missing: run `make browser` (installs Debian's chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg)
        pytest.skip(msg)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _need_chromium()
    import uvicorn

    from lagebild.web import create_app

    from .conftest import fill

    path = tmp_path_factory.mktemp("b") / "b.duckdb"
    with Store(path) as st:
        arts = fill(st)
    st = Store(path, read_only=True)
    port = _free_port()
    app = create_app(Settings(db=str(path)), st)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", arts
    srv.should_exit = True
    th.join(timeout=5)
    st.close()


@pytest.fixture(scope="module")
def browser():
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_walk_overview_story_actor_article(server, browser, tmp_path, width, height):
    base, arts = server
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(base + "/")
    assert page.locator("h1").inner_text() == "Lagebild"
    assert page.locator("#per-day svg rect").count() >= 1  # events-per-day chart drawn
    page.locator("ul.stories a").first.click()
    page.wait_for_url("**/stories/s-demo")
    assert "Moskau reagiert" in page.locator("h1").inner_text()  # the hostile title shows as text
    page.screenshot(path=str(tmp_path / f"story-{width}.png"), full_page=True)

    page.locator("ul.chips a", has_text="Sergej Lawrow").first.click()
    page.wait_for_url("**/actors/per:sergej-lawrow")
    page.wait_for_selector("#network svg circle")
    assert page.locator("#network svg circle").count() >= 2  # the network renders
    page.locator("ul.quotes a.src").first.click()
    page.wait_for_url("**/articles/**")
    quote = page.locator("#article-body span.quote[data-quote]").first
    assert quote.count() == 1 and "Wir sind bereit." in quote.inner_text()
    quote.click()
    assert "Sergej Lawrow" in page.locator("#quote-info").inner_text()
    page.screenshot(path=str(tmp_path / f"article-{width}.png"), full_page=True)
    # no horizontal scrolling at this width
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    assert not errors, errors
    page.close()


def test_hostile_strings_never_run(server, browser):
    base, arts = server
    page = browser.new_page()
    for path in ["/", "/stories/s-demo", f"/articles/{arts[1].id}", "/actors/per:dmitri-peskow", "/search?q=Titel"]:
        page.goto(base + path)
        assert page.evaluate("window.__pwned === undefined"), path
        assert page.locator("img[src=x]").count() == 0
    page.goto(base + f"/articles/{arts[1].id}")
    assert "<script>window.__pwned" in page.locator("#article-body").inner_text()  # shown as text
    page.close()
