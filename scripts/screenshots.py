"""Render the README screenshots from a store (default: the demo store) with Debian's chromium.

usage: .venv/bin/python scripts/screenshots.py [--db demo.duckdb] [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from lagebild.config import Settings
from lagebild.store import Store
from lagebild.web import create_app

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="demo.duckdb")
    ap.add_argument("--out", default="docs/screenshots")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    st = Store(args.db, read_only=True)
    story = st.query("SELECT id FROM stories ORDER BY n_articles DESC, id LIMIT 1")["id"].tolist()
    actor = st.query("SELECT speaker_actor_id AS id, count(*) n FROM quotes WHERE speaker_actor_id IS NOT NULL "
                     "GROUP BY 1 ORDER BY n DESC, 1 LIMIT 1")["id"].tolist()
    article = st.query("SELECT article_id AS id, count(*) n FROM quotes GROUP BY 1 ORDER BY n DESC, 1 LIMIT 1")["id"].tolist()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(Settings(db=args.db), st), host="127.0.0.1", port=port,
                                        log_level="warning"))
    threading.Thread(target=srv.run, daemon=True).start()
    while not srv.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    pages = {"overview": "/"}
    if story:
        pages["story"] = f"/stories/{story[0]}"
    if actor:
        pages["actor"] = f"/actors/{actor[0]}"
    if article:
        pages["article"] = f"/articles/{article[0]}"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        for width, height in ((1280, 900), (390, 844)):
            page = b.new_page(viewport={"width": width, "height": height})
            for name, path in pages.items():
                page.goto(base + path)
                if name == "article":
                    q = page.locator("#article-body span.quote[data-quote]").first
                    if q.count():
                        q.click()
                page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=False)
                print("wrote", out / f"{name}-{width}.png")
            page.close()
        b.close()
    srv.should_exit = True
    st.close()


if __name__ == "__main__":
    main()
