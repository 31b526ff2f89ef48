"""Serving while ingesting: the serving process owns the store and does every write.

DuckDB lets one process write a database file, and no other process may even read it meanwhile. So
``lagebild serve`` opens the store for writing and runs an ingest thread beside the web app:

- **a queue** fed by ``POST /api/articles`` (the request waits for its articles to be stored);
- **a spool folder** ``<db>.spool/``: ``lagebild analyze``/``watch`` on a store that a live server owns
  hand their input over as a job file (``incoming/<id>.job.json``: paths and options) and follow its
  progress (``status/<id>.json``) until the result (``done/<id>.json``) is there; any other file dropped
  into ``incoming/`` is analysed too and then moved to ``done/``.

The ingest thread runs the same streaming run as ``analyze`` (chunks committed one by one), with the
per-article stages in worker processes, so the server's own process only clusters and writes. Web
requests read through connections of their own (see :mod:`lagebild.store`): they see every committed
chunk and never wait for a write. ``owner.json`` in the spool names the serving process; a client that
finds no live owner opens the store itself, as before.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Settings
from .errors import LagebildError
from .model import Article, Rejection
from .owner import alive, owner, read_json, spool_dir, write_json

__all__ = ["HandedReport", "IngestService", "hand_over", "owner", "spool_dir", "write_json"]

log = logging.getLogger(__name__)

JOB_SUFFIX = ".job.json"
RESULT_REJECTIONS = 1000  # rejection messages a job result carries back to its client
SERVE_NICE = 10  # niceness of the server's ingest: its stage workers and its ingest thread yield to web readers


@dataclass
class Job:
    id: str
    paths: list[str] = field(default_factory=list)
    fields: dict[str, str] | None = None
    articles: list[Article] = field(default_factory=list)
    repair: bool = True
    done: threading.Event = field(default_factory=threading.Event)
    result: dict[str, Any] | None = None


class Spool:
    """The spool folder of one store: incoming jobs and files, status, results."""

    def __init__(self, db: str) -> None:
        self.root = spool_dir(db)
        self.incoming, self.status, self.done = (self.root / "incoming", self.root / "status", self.root / "done")

    def create(self) -> None:
        for d in (self.incoming, self.status, self.done):
            d.mkdir(parents=True, exist_ok=True)

    def waiting(self) -> list[Path]:
        """Job files and data files in incoming/, oldest first (hidden and temporary files are not ready)."""
        try:
            entries = [p for p in self.incoming.iterdir() if p.is_file() and not p.name.startswith(".")]
        except OSError:
            return []
        return sorted(entries, key=lambda p: (p.stat().st_mtime, p.name))


class IngestService:
    """The ingest thread of a serving process (see the module docstring)."""

    def __init__(self, settings: Settings, store: Any, *, url: str | None = None, poll: float = 1.0,
                 executor: Any = None) -> None:
        self.settings = settings
        self.store = store
        self.url = url
        self.poll = poll
        self.spool = Spool(settings.db)
        self._queue: queue.Queue[Job] = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._executor: Any = executor  # default: a pool of settings.jobs worker processes
        self.jobs_done = 0

    # ------------------------------------------------------------------ life
    def start(self) -> IngestService:
        from .executor import PoolExecutor

        self.spool.create()
        # the stages run in worker processes at a lower priority, so web requests get the CPU first
        workers = self.settings.with_(worker_nice=max(self.settings.worker_nice, SERVE_NICE))
        self._executor = self._executor or PoolExecutor(workers, max(self.settings.n_jobs, 1))
        write_json(self.spool.root / "owner.json", {"pid": os.getpid(), "url": self.url, "started": time.time()})
        self._thread = threading.Thread(target=self._loop, name="lagebild-ingest", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=60)
        if self._executor is not None:
            self._executor.close()
        info = read_json(self.spool.root / "owner.json")
        if info and info.get("pid") == os.getpid():
            (self.spool.root / "owner.json").unlink(missing_ok=True)

    # ------------------------------------------------------------------ queue
    def submit_articles(self, articles: Sequence[Article], *, timeout: float | None = None) -> dict[str, Any]:
        """Queue articles (from the API) and wait until they are stored; returns the run's result."""
        job = Job(id=uuid.uuid4().hex[:12], articles=list(articles), repair=False)
        self._queue.put(job)
        if not job.done.wait(timeout):
            raise LagebildError(f"the articles are queued but not stored yet after {timeout:g} s; they will be "
                                "stored — ask again later")
        if job.result is None:
            raise LagebildError("storing the articles failed; the server log has the details")
        return job.result

    def _loop(self) -> None:
        from .executor import lower_priority

        lower_priority(SERVE_NICE, thread=True)  # the chunk writes yield to the web readers as well
        while not self._stop.is_set():
            try:
                job = self._queue.get(timeout=self.poll)
            except queue.Empty:
                job = None
            if job is not None:
                self._run(job)
                continue
            for path in self.spool.waiting():
                if self._stop.is_set():
                    break
                self._run_spooled(path)

    def _run_spooled(self, path: Path) -> None:
        if path.name.endswith(JOB_SUFFIX):
            spec = read_json(path) or {}
            job = Job(id=str(spec.get("id") or path.name[: -len(JOB_SUFFIX)]), paths=list(spec.get("paths") or []),
                      fields=spec.get("fields"))
            path.unlink(missing_ok=True)
        else:  # a data file dropped into the spool
            target = self.spool.done / f"{time.strftime('%Y%m%d-%H%M%S')}-{path.name}"
            os.replace(path, target)
            job = Job(id=uuid.uuid4().hex[:12], paths=[str(target)])
        self._run(job)

    def _run(self, job: Job) -> None:
        from .run import run_stream

        status = self.spool.status / f"{job.id}.json"

        class Status:
            def read(self, n: int) -> None:
                pass

            def update(self, *, articles: int, new: int, rejected: int) -> None:
                write_json(status, {"articles": articles, "new": new, "rejected": rejected})

        settings = self.settings
        try:
            if job.paths:
                from .ingest import read_inputs

                items: Any = read_inputs(job.paths, fields=job.fields, max_bytes=settings.max_bytes)
            else:
                items = job.articles
            report = run_stream(items, settings=settings, db=self.store, command="serve-ingest", progress=Status(),
                                load_known=False, repair=job.repair, executor=self._executor,
                                on_articles=lambda arts: None)
            job.result = {
                "id": job.id, "summary": report.summary_line(), "n_read": report.n_read, "n_new": report.n_new,
                "n_known": report.n_known, "n_duplicates": report.n_duplicates,
                "rejections": [[r.path, r.reason, r.message, r.record]
                               for r in [*report.rejections, *report.partial][:RESULT_REJECTIONS]],
                "n_rejected": len(report.rejections), "n_partial": len(report.partial),
            }
        except Exception as e:  # noqa: BLE001 - one failed job is reported to its client; the server goes on
            log.exception("ingest job %s failed", job.id)
            job.result = None
            write_json(self.spool.done / f"{job.id}.json", {"id": job.id, "error": f"{type(e).__name__}: {e}"})
        else:
            write_json(self.spool.done / f"{job.id}.json", job.result)
        finally:
            status.unlink(missing_ok=True)
            self.jobs_done += 1
            job.done.set()


# ---------------------------------------------------------------------- clients
@dataclass
class HandedReport:
    """What the serving process reports back for a job handed over to it."""

    result: dict[str, Any]

    @property
    def rejections(self) -> list[Rejection]:
        return [Rejection(p, reason, msg, rec) for p, reason, msg, rec in self.result.get("rejections", [])]

    def summary_line(self) -> str:
        return f"{self.result['summary']} (stored by the server that owns the store)"


def hand_over(settings: Settings, paths: Sequence[str], *, fields: dict[str, str] | None = None,
              on_status: Callable[[dict[str, Any]], None] | None = None,
              on_rejection: Callable[[Rejection], None] | None = None, poll: float = 0.5) -> HandedReport | None:
    """When a live `lagebild serve` owns the store, give it `paths` to analyse and wait for the result;
    None when no server owns the store (the caller writes it itself)."""
    info = owner(settings.db)
    if info is None:
        return None
    spool = Spool(settings.db)
    job_id = uuid.uuid4().hex[:12]
    absolute = []
    for p in paths:
        if p == "-":
            import sys

            data = spool.root / f"stdin-{job_id}.txt"
            data.write_bytes(sys.stdin.buffer.read())
            absolute.append(str(data.resolve()))
        else:
            absolute.append(p if any(c in p for c in "*?[") and not os.path.exists(p) else str(Path(p).resolve()))
    write_json(spool.incoming / f"{job_id}{JOB_SUFFIX}", {"id": job_id, "paths": absolute, "fields": fields})
    result_path, status_path = spool.done / f"{job_id}.json", spool.status / f"{job_id}.json"
    while not result_path.exists():
        if not alive(info["pid"]):
            raise LagebildError(f"the server (pid {info['pid']}) that owns {settings.db} stopped before finishing "
                                "the job; run the command again")
        status = read_json(status_path)
        if status and on_status:
            on_status(status)
        time.sleep(poll)
    result = read_json(result_path) or {}
    result_path.unlink(missing_ok=True)
    if "error" in result:
        raise LagebildError(f"the server that owns {settings.db} could not analyse the input: {result['error']}")
    report = HandedReport(result)
    if on_rejection:
        for r in report.rejections:
            on_rejection(r)
    return report
