"""Real-browser walk with Playwright driving Debian's chromium: overview → story → actor → article → search."""

from __future__ import annotations

import os
import shutil

import pytest

from lagebild.store import Store

from .walk import ARGS, CHROMIUM, Served, Walker, internal_ids

pytestmark = pytest.mark.browser


def _need_chromium() -> None:
    if not shutil.which(CHROMIUM):
        msg = f"{CHROMIUM} missing: run `make browser` (installs Debian's chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg)
        pytest.skip(msg)


@pytest.fixture(scope="module")
def browser():
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _need_chromium()
    from .conftest import fill

    path = tmp_path_factory.mktemp("b") / "b.duckdb"
    with Store(path) as st:
        arts = fill(st)
    with Served(str(path)) as srv:
        yield srv.base, arts


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    _need_chromium()
    from .stores import fill_rich

    path = tmp_path_factory.mktemp("r") / "r.duckdb"
    with Store(path) as st:
        fill_rich(st)
        ids = internal_ids(st)
    with Served(str(path)) as srv:
        yield srv.base, ids


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_walk_without_ids_scrolling_or_errors(rich, browser, width, height):
    base, ids = rich
    page = browser.new_page(viewport={"width": width, "height": height})
    visited = Walker(page, width, ids).walk(base)
    assert len(visited) >= 5
    page.close()


def test_confidence_toggle_and_names_on_the_story_page(rich, browser):
    base, _ = rich
    page = browser.new_page()
    page.goto(base + "/stories/s-hilfe")
    note = page.locator(".hidden-note").first
    assert "1 weitere mit geringer Sicherheit" in note.inner_text()
    assert page.locator("table.events tbody tr").count() == 2
    note.locator("a").click()
    page.wait_for_url("**alle=1**")
    assert page.locator("table.events tbody tr").count() == 3
    rows = page.locator("table.events").inner_text()
    assert "Angela Merkel" in rows and "Frankreich" in rows and "Euro" in rows
    meta = page.locator("p.meta").first.inner_text().replace("\xa0", " ")
    assert "2 Artikel" in meta and "2 unabhängige Quellen" in meta
    page.goto(base + "/stories/s-paris")
    assert "1 unabhängige Quelle ·" in page.locator("p.meta").first.inner_text().replace("\xa0", " ")  # not Quellen
    page.close()


def test_api_docs_render_offline(rich, browser):
    base, _ = rich
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: errors.append(f"outside request {r.url}") if not r.url.startswith(base) else None)
    page.goto(base + "/docs")
    assert page.locator("h1").inner_text() == "lagebild API"
    assert page.locator("section.op").count() >= 14
    text = page.locator("main").inner_text()
    assert "/api/events" in text and "min_confidence" in text and "422" in text
    assert not errors, errors
    page.close()


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
