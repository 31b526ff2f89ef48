"""``lagebild watch``: analyse what is new in folders and news feeds, within one poll interval, never twice.

- **Folders**: every poll lists the folders (recursively); a file that is new or changed since the last
  poll and has not been written to for ``settle`` seconds (so a file being copied is not read half) is
  analysed. Unchanged files are not read again.
- **Feeds** (RSS 2.0, Atom): fetched politely — ``If-None-Match``/``If-Modified-Since`` with the feed's
  last ``ETag``/``Last-Modified`` (a 304 costs the server nothing), ``robots.txt`` obeyed, at least
  ``delay`` seconds between two requests to the same host, ``Retry-After`` honoured, a clear
  ``User-Agent``. Each new entry's page is fetched once and read with trafilatura (the feed's link,
  title and date fill what the page lacks); the pages of one poll are written to a JSON Lines file
  under ``<db>.watch/`` (the record of what was fetched) and analysed from there.

What was seen is kept in ``<db>.watch/state.json`` (written after the articles are stored), so a
restarted watch goes on where it stopped; article ids are content-addressed, so the same text is never
analysed twice either. When ``lagebild serve`` owns the store, the input is handed to it
(:mod:`lagebild.service`).
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import logging
import os
import time
import urllib.error
import urllib.parse
import urllib.request
import urllib.robotparser
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .config import Settings
from .errors import LagebildError

log = logging.getLogger(__name__)

USER_AGENT = f"lagebild/{__version__} (news monitoring; polite polling with conditional requests)"
MAX_ITEMS = 20_000  # feed entries remembered per feed (the oldest are forgotten first)


def watch_dir(db: str) -> Path:
    return Path(f"{db}.watch")


class State:
    """What a watch has seen, kept as JSON beside the store (written atomically)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        self.files: dict[str, list[int]] = data.get("files", {})  # path -> [size, mtime_ns]
        self.feeds: dict[str, dict[str, Any]] = data.get("feeds", {})  # url -> {etag, modified, items{key: t}}

    def save(self) -> None:
        from .service import write_json

        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_json(self.path, {"files": self.files, "feeds": self.feeds})


# ---------------------------------------------------------------------- folders
def new_files(folders: Sequence[str], state: State, *, settle: float = 2.0) -> list[tuple[str, list[int]]]:
    """Files under `folders` that are new or changed since `state` saw them and have settled, with their
    (size, mtime) to record once they are stored."""
    from .ingest.files import expand

    now = time.time()
    out = []
    for item in expand(list(folders)):
        if not isinstance(item, str):
            continue
        try:
            st = os.stat(item)
        except OSError:
            continue
        sig = [st.st_size, st.st_mtime_ns]
        if state.files.get(item) == sig or now - st.st_mtime < settle:
            continue
        out.append((item, sig))
    return out


# ------------------------------------------------------------------------ feeds
@dataclass
class Entry:
    key: str  # guid, else link
    link: str
    title: str | None = None
    published: str | None = None
    summary: str | None = None
    source: str | None = None


def _text(el: ET.Element | None) -> str | None:
    return (el.text or "").strip() or None if el is not None else None


def _date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()  # RSS: RFC 822
    except (TypeError, ValueError, IndexError):
        return value[:10]  # Atom: ISO 8601


def parse_feed(data: bytes, url: str) -> list[Entry]:
    """The entries of an RSS 2.0 or Atom feed (newest first as the feed lists them)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise LagebildError(f"{url}: not a readable RSS or Atom feed ({e}); check the feed address") from e
    out = []
    atom = "{http://www.w3.org/2005/Atom}"
    channel_title = _text(root.find("channel/title")) or _text(root.find(f"{atom}title"))
    for item in root.iter("item"):
        link = _text(item.find("link"))
        if link:
            out.append(Entry(_text(item.find("guid")) or link, urllib.parse.urljoin(url, link), _text(item.find("title")),
                             _date(_text(item.find("pubDate"))), _text(item.find("description")), channel_title))
    for entry in root.iter(f"{atom}entry"):
        links = entry.findall(f"{atom}link")
        href = next((x.get("href") for x in links if x.get("rel", "alternate") == "alternate"), None) or \
            next((x.get("href") for x in links), None)
        if href:
            out.append(Entry(_text(entry.find(f"{atom}id")) or href, urllib.parse.urljoin(url, href),
                             _text(entry.find(f"{atom}title")),
                             _date(_text(entry.find(f"{atom}published")) or _text(entry.find(f"{atom}updated"))),
                             _text(entry.find(f"{atom}summary")), channel_title))
    return out


@dataclass
class Fetcher:
    """Polite HTTP: robots.txt, a delay per host, Retry-After, conditional requests, a size limit."""

    delay: float = 1.0
    timeout: float = 20.0
    max_bytes: int = 20_000_000
    _last: dict[str, float] = field(default_factory=dict)  # host -> time of the last request
    _blocked: dict[str, float] = field(default_factory=dict)  # host -> not before (Retry-After)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    requests: int = 0

    def allowed(self, url: str) -> bool:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return False
        host = f"{parts.scheme}://{parts.netloc}"
        if host not in self._robots:
            rp = urllib.robotparser.RobotFileParser(f"{host}/robots.txt")
            status, _, body = self._get(f"{host}/robots.txt", {}, robots=True)
            if status == 200:
                rp.parse(body.decode("utf-8", errors="replace").splitlines())
                self._robots[host] = rp
            else:
                self._robots[host] = None  # no robots.txt: allowed
        rp = self._robots[host]
        return rp is None or rp.can_fetch(USER_AGENT, url)

    def get(self, url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body); status 0 when the host could not be reached or refused for now."""
        if not self.allowed(url):
            log.warning("robots.txt of %s does not allow %s; skipped", urllib.parse.urlsplit(url).netloc, url)
            return 0, {}, b""
        return self._get(url, headers or {})

    def _get(self, url: str, headers: dict[str, str], *, robots: bool = False) -> tuple[int, dict[str, str], bytes]:
        host = urllib.parse.urlsplit(url).netloc
        if self._blocked.get(host, 0) > time.time():
            return 0, {}, b""
        wait = self._last.get(host, 0) + self.delay - time.time()
        if wait > 0:
            time.sleep(wait)
        req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
        self.requests += 1
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 - http(s) only, checked
                body = resp.read(self.max_bytes + 1)
                status, got = resp.status, {k.lower(): v for k, v in resp.headers.items()}
        except urllib.error.HTTPError as e:
            status, got, body = e.code, {k.lower(): v for k, v in (e.headers or {}).items()}, b""
        except (urllib.error.URLError, OSError, ValueError) as e:
            if not robots:
                log.warning("cannot fetch %s: %s", url, e)
            status, got, body = 0, {}, b""
        finally:
            self._last[host] = time.time()
        if status in (429, 503):
            after = got.get("retry-after", "60")
            self._blocked[host] = time.time() + (float(after) if after.isdigit() else 60.0)
        if len(body) > self.max_bytes:
            log.warning("%s is over %d bytes; skipped", url, self.max_bytes)
            return 0, got, b""
        return status, got, body


def poll_feed(url: str, state: State, fetcher: Fetcher) -> tuple[list[Entry], dict[str, Any]]:
    """The feed's entries not seen before (none when it answered 304) and the feed state to keep once
    they are stored."""
    feed = dict(state.feeds.get(url, {}))
    headers = {}
    if feed.get("etag"):
        headers["If-None-Match"] = feed["etag"]
    if feed.get("modified"):
        headers["If-Modified-Since"] = feed["modified"]
    status, got, body = fetcher.get(url, headers)
    feed["checked"] = time.time()
    if status != 200:
        if status not in (0, 304):
            log.warning("feed %s answered %d", url, status)
        return [], feed
    feed["etag"], feed["modified"] = got.get("etag"), got.get("last-modified")
    seen = feed.get("items", {})
    return [e for e in parse_feed(body, url) if e.key not in seen], feed


def fetch_articles(entries: Sequence[Entry], fetcher: Fetcher) -> Iterator[dict[str, Any]]:
    """Each entry's page read with trafilatura, as an input record (feed link, title and date fill what the
    page does not say); entries whose page cannot be fetched or read are skipped (and tried next poll)."""
    from .ingest.common import decode
    from .ingest.html import read_html
    from .model import Rejection

    for e in entries:
        status, _, body = fetcher.get(e.link)
        if status != 200 or not body:
            continue
        art = read_html(decode(body)[0], path=e.link)
        if isinstance(art, Rejection):
            log.warning("%s: %s", e.link, art.message)
            yield {"_key": e.key}
            continue
        yield {"_key": e.key, "id": e.key, "url": art.url or e.link, "title": art.title or e.title,
               "teaser": art.teaser or e.summary, "text": art.text, "date": art.published or e.published,
               "source": art.source or e.source, "authors": art.authors, "tags": art.tags}


# ------------------------------------------------------------------------- loop
@dataclass
class Watch:
    """One watch over `folders` and `feeds` writing to the store of `settings` (directly, or through the
    server that owns it). :meth:`poll` looks once; :meth:`run` polls every ``settings.poll_seconds``."""

    settings: Settings
    folders: Sequence[str] = ()
    feeds: Sequence[str] = ()
    settle: float = 2.0
    delay: float = 1.0
    on_report: Callable[[str], None] = print
    on_rejection: Callable[[Any], None] | None = None
    fetcher: Fetcher = field(init=False)
    state: State = field(init=False)
    _executor: Any = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.state = State(watch_dir(self.settings.db) / "state.json")
        self.fetcher = Fetcher(delay=self.delay, max_bytes=self.settings.max_bytes)

    def poll(self) -> int:
        """Look once; analyse and store what is new. Returns how many inputs (files, feed pages) were new."""
        files = new_files(self.folders, self.state, settle=self.settle)
        n = 0
        if files:
            self._analyze([p for p, _ in files], f"{len(files)} new or changed file(s)")
            for p, sig in files:
                self.state.files[p] = sig
            self.state.save()
            n += len(files)
        for url in self.feeds:
            entries, feed = poll_feed(url, self.state, self.fetcher)
            records = list(fetch_articles(entries, self.fetcher))
            kept = [r for r in records if "text" in r]
            if kept:
                folder = watch_dir(self.settings.db) / "feeds"
                folder.mkdir(parents=True, exist_ok=True)
                name = hashlib.sha256(url.encode()).hexdigest()[:10]
                path = folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{name}.jsonl"
                path.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "_key"}, ensure_ascii=False)
                                        + "\n" for r in kept), encoding="utf-8")
                self._analyze([str(path)], f"{len(kept)} new page(s) from {url}")
            items = feed.setdefault("items", {})
            for r in records:
                items[r["_key"]] = time.time()
            if len(items) > MAX_ITEMS:
                feed["items"] = dict(sorted(items.items(), key=lambda kv: kv[1])[-MAX_ITEMS:])
            self.state.feeds[url] = feed
            self.state.save()
            n += len(kept)
        return n

    def _analyze(self, paths: list[str], what: str) -> None:
        from .service import hand_over

        handed = hand_over(self.settings, paths, on_rejection=self.on_rejection)
        if handed is not None:
            self.on_report(f"watch: {what}: {handed.summary_line()}")
            return
        from .run import make_executor, read, run_stream
        from .store import Store

        if self._executor is None:  # one set of workers for every poll
            self._executor = make_executor(self.settings)
        with Store(self.settings.db, memory_limit=self.settings.db_memory_limit or None) as db:  # open only while writing: other tools can read between polls
            report = run_stream(read(paths, self.settings), settings=self.settings, db=db, command="watch",
                                on_rejection=self.on_rejection, on_articles=lambda arts: None, load_known=False,
                                executor=self._executor)
        self.on_report(f"watch: {what}: {report.summary_line()}")

    def close(self) -> None:
        if self._executor is not None:
            self._executor.close()
            self._executor = None

    def run(self, *, polls: int | None = None) -> None:
        """Poll every ``settings.poll_seconds`` (`polls` times, or until interrupted)."""
        k = 0
        while polls is None or k < polls:
            started = time.monotonic()
            self.poll()
            k += 1
            if polls is not None and k >= polls:
                break
            time.sleep(max(0.0, self.settings.poll_seconds - (time.monotonic() - started)))
