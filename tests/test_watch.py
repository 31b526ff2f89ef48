"""`lagebild watch`: new files and new feed entries are analysed once, feeds are polled politely."""

from __future__ import annotations

import http.server
import threading

import pytest
from click.testing import CliRunner

from lagebild.cli import cli
from lagebild.config import Settings
from lagebild.store import Store
from lagebild.watch import Watch

from .test_run import GERMAN

PAGE = """<!doctype html><html lang="de"><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>{text}</p><p>Die Abgeordneten wollen am Freitag erneut beraten, teilte die Fraktion mit.</p></article></body></html>"""


def _rss(items: list[tuple[str, str]]) -> str:
    body = "".join(f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
                   f"<pubDate>Tue, 25 Jan 2022 10:00:00 GMT</pubDate></item>" for t, link in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Testbote</title>{body}</channel></rss>'


class Site:
    """A news site on 127.0.0.1: a feed with ETag/Last-Modified, article pages, robots.txt; counts requests."""

    def __init__(self) -> None:
        self.items = [("Hilfen beschlossen", "/a1.html"), ("Opposition kritisiert", "/a2.html")]
        self.pages = {"/a1.html": GERMAN, "/a2.html": GERMAN.replace("Dienstag", "Mittwoch"),
                      "/a3.html": GERMAN.replace("Dienstag", "Donnerstag"), "/private/a4.html": GERMAN + " Intern."}
        self.requests: list[tuple[str, dict]] = []
        self.etag = '"v1"'
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):  # quiet
                pass

            def do_GET(self):  # noqa: N802
                site.requests.append((self.path, dict(self.headers)))
                if self.path == "/robots.txt":
                    return self._send(200, "User-agent: *\nDisallow: /private/\n", "text/plain")
                if self.path == "/feed.xml":
                    if self.headers.get("If-None-Match") == site.etag:
                        self.send_response(304)
                        self.end_headers()
                        return None
                    return self._send(200, _rss([(t, f"{site.base}{p}") for t, p in site.items]), "application/rss+xml",
                                      {"ETag": site.etag, "Last-Modified": "Tue, 25 Jan 2022 10:00:00 GMT"})
                if self.path in site.pages:
                    title = dict((p, t) for t, p in site.items).get(self.path, "Artikel")
                    return self._send(200, PAGE.format(title=title, text=site.pages[self.path]), "text/html")
                return self._send(404, "not found", "text/plain")

            def _send(self, code, body, ctype, headers=None):
                data = body.encode("utf-8")
                self.send_response(code)
                self.send_header("Content-Type", f"{ctype}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]


@pytest.fixture
def site():
    s = Site()
    yield s
    s.server.shutdown()


def test_feed_entries_are_fetched_once_with_conditional_requests(site, tmp_path):
    settings = Settings(db=str(tmp_path / "w.duckdb"), jobs=1)
    lines: list[str] = []
    w = Watch(settings, feeds=[f"{site.base}/feed.xml"], delay=0, on_report=lines.append)
    assert w.poll() == 2
    assert site.paths().count("/robots.txt") == 1 and site.paths().count("/a1.html") == 1
    with Store(settings.db, read_only=True) as st:
        rows = st.records("SELECT url, title, source, published FROM articles ORDER BY url")
    assert [r["url"] for r in rows] == [f"{site.base}/a1.html", f"{site.base}/a2.html"]
    assert rows[0]["title"] == "Hilfen beschlossen" and rows[0]["published"] == "2022-01-25"
    assert "2 new page(s)" in lines[0] and "2 new" in lines[0]

    assert Watch(settings, feeds=[f"{site.base}/feed.xml"], delay=0, on_report=lines.append).poll() == 0
    feed_req = [h for p, h in site.requests if p == "/feed.xml"][-1]
    assert feed_req["If-None-Match"] == '"v1"' and feed_req["If-Modified-Since"]
    assert site.paths().count("/a1.html") == 1  # 304: nothing fetched again

    site.items.insert(0, ("Neu", "/a3.html"))
    site.items.append(("Intern", "/private/a4.html"))
    site.etag = '"v2"'
    assert w.poll() == 1
    assert site.paths().count("/a3.html") == 1 and "/private/a4.html" not in site.paths()  # robots.txt
    assert site.paths().count("/a1.html") == 1 and all("lagebild/" in h["User-Agent"] for _, h in site.requests)
    with Store(settings.db, read_only=True) as st:
        assert st.count("articles") == 3


def test_new_files_in_a_folder_are_analysed_once(tmp_path):
    folder = tmp_path / "eingang"
    folder.mkdir()
    settings = Settings(db=str(tmp_path / "w.duckdb"), jobs=1)
    lines: list[str] = []
    w = Watch(settings, folders=[str(folder)], settle=0, on_report=lines.append)
    assert w.poll() == 0
    (folder / "a.txt").write_text(GERMAN, encoding="utf-8")
    assert w.poll() == 1 and "1 new" in lines[-1]
    assert w.poll() == 0  # seen
    (folder / "b.txt").write_text(GERMAN.replace("Dienstag", "Mittwoch"), encoding="utf-8")
    (folder / "a.txt").write_text(GERMAN.replace("Dienstag", "Freitag"), encoding="utf-8")  # a new version
    assert w.poll() == 2
    slow = Watch(settings, folders=[str(folder)], settle=3600, on_report=lines.append)
    (folder / "c.txt").write_text(GERMAN + " Noch.", encoding="utf-8")
    assert slow.poll() == 0  # still being written, as far as the watch can tell
    with Store(settings.db, read_only=True) as st:
        assert st.count("articles") == 3


def test_watch_command_once(tmp_path):
    folder = tmp_path / "eingang"
    folder.mkdir()
    (folder / "a.txt").write_text(GERMAN, encoding="utf-8")
    import os
    import time

    old = time.time() - 10
    os.utime(folder / "a.txt", (old, old))
    db = str(tmp_path / "w.duckdb")
    r = CliRunner().invoke(cli, ["watch", str(folder), "--db", db, "--once", "--jobs", "1"])
    assert r.exit_code == 0, r.output
    assert "watch: 1 new or changed file(s): 1 read, 0 rejected; 1 new" in r.stderr
    assert CliRunner().invoke(cli, ["watch", "--db", db]).exit_code == 1  # nothing to watch
