"""A reader's walk through the pages in a real browser: overview → story → actor → article → search, with the
checks every page must pass (no internal id in the visible text, no horizontal scrolling, no console error)."""

from __future__ import annotations

import re
import socket
import threading
import time

from lagebild.config import Settings
from lagebild.store import Store

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]
TOKEN = re.compile(r"[\w:.-]+")


def internal_ids(st: Store) -> set[str]:
    """Every article, story, event and actor id of the store: none may show in a page's visible text."""
    ids: set[str] = set()
    for table, col in (("articles", "id"), ("stories", "id"), ("events", "id"), ("actors", "id"),
                       ("events", "source"), ("events", "target")):
        ids.update(r[0] for r in st.rows(f"SELECT DISTINCT {col} FROM {table} WHERE {col} IS NOT NULL"))
    return {i for i in ids if ":" in i or len(i) >= 8}  # short hand-made ids ("e1") are words too


class Served:
    """The app over a read-only store in a background uvicorn server."""

    def __init__(self, path: str) -> None:
        import uvicorn

        from lagebild.web import create_app

        self.st = Store(path, read_only=True)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.srv = uvicorn.Server(uvicorn.Config(create_app(Settings(db=path), self.st), host="127.0.0.1", port=port,
                                                 log_level="warning"))
        self.thread = threading.Thread(target=self.srv.run, daemon=True)
        self.base = f"http://127.0.0.1:{port}"

    def __enter__(self) -> Served:
        self.thread.start()
        for _ in range(200):
            if self.srv.started:
                break
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.srv.should_exit = True
        self.thread.join(timeout=5)
        self.st.close()


class Walker:
    def __init__(self, page, width: int, ids: set[str]) -> None:
        self.page, self.width, self.ids = page, width, ids
        self.errors: list[str] = []
        self.visited: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(f"{page.url}: {e}"))
        page.on("console", lambda m: self.errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)

    def check(self) -> str:
        """The checks of the page now open; returns its visible text."""
        self.page.wait_for_load_state("load")
        self.visited.append(self.page.url)
        text = self.page.locator("body").inner_text()
        shown = {t for t in TOKEN.findall(text)} & self.ids
        assert not shown, f"{self.page.url} shows internal ids: {sorted(shown)[:5]}"
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= self.width + 1, f"{self.page.url} scrolls sideways: {width} > {self.width}"
        assert not self.errors, self.errors
        return text

    def walk(self, base: str) -> list[str]:
        p = self.page
        p.goto(base + "/")
        self.check()
        p.locator("section:has(h2:text('Größte Geschichten')) ul.stories a").first.click()
        p.wait_for_url("**/stories/**")
        story_text = self.check()
        toggle = p.locator(".hidden-note a", has_text="anzeigen")
        if toggle.count():
            toggle.first.click()
            p.wait_for_url("**alle=1**")
            assert "Nur Einträge mit ausreichender Sicherheit" in self.check()
            p.go_back()
        assert "Zeitleiste" in story_text and "Alle Ereignisse" in story_text
        p.locator("section.key-actors a").first.click()
        p.wait_for_url("**/actors/**")
        actor_name = p.locator("h1").inner_text().split("\n")[0].strip()
        self.check()
        p.wait_for_selector("#network svg, #network:has-text('keine Interaktionen')")
        source = p.locator("ul.quotes a.src")
        if source.count():
            source.first.click()
        else:
            p.locator("ul.stories a").first.click()
            p.wait_for_url("**/stories/**")
            p.locator("ul.articles a").first.click()
        p.wait_for_url("**/articles/**")
        self.check()
        box = p.locator("header form.search input[name=q]")
        box.fill(actor_name[:40])
        box.press("Enter")
        p.wait_for_url("**/search?q=**")
        assert "Suche" in self.check()
        return self.visited
