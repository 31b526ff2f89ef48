"""A run: reader → chunks → executor → cross-article step → store writer, streaming.

- the reader (:mod:`lagebild.ingest`) yields articles and rejections in input order;
- :class:`~lagebild.chunks.Chunker` cuts them into chunks of new articles (known ones and duplicates are
  only counted);
- an :class:`~lagebild.executor.Executor` (in-process, a local pool, or Ray) runs the per-article stages
  over batches, with a bounded number in flight;
- :class:`~lagebild.cross.CrossStep` clusters each chunk into stories and merges its stories' events;
- :meth:`Store.commit_chunk <lagebild.store.Store.commit_chunk>` writes the chunk in one transaction.

Memory is bounded by the chunk size, the batches in flight and the story window, not by the input. A
kill loses at most the chunks not yet committed; running the same command again skips what is stored
and finishes the rest, and articles an older version left without stories or events are repaired first.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import __version__
from .chunks import Chunk, Chunker
from .config import Settings
from .cross import CrossStep
from .executor import BatchResult, Executor, InlineExecutor, PoolExecutor, build_pipeline, build_stages
from .model import Article, Rejection
from .serialize import unpack

__all__ = ["RunReport", "analyze", "analyze_articles", "build_pipeline", "build_stages", "make_executor",
           "run_stream"]

log = logging.getLogger(__name__)


@dataclass
class RunReport:
    run_id: str
    n_read: int = 0  # articles read (new, already stored and duplicates)
    n_new: int = 0
    n_known: int = 0
    n_duplicates: int = 0
    n_chunks: int = 0
    n_repaired: int = 0
    rejections: list[Rejection] = field(default_factory=list)  # inputs that did not become articles
    partial: list[Rejection] = field(default_factory=list)  # stored articles a stage did not finish
    timings: Counter = field(default_factory=Counter)
    articles: list[Article] = field(default_factory=list)  # only when the run keeps them (Python API)

    def reason_counts(self) -> Counter:
        return Counter(r.reason for r in self.rejections)

    def counters(self) -> dict[str, Any]:
        return {"n_read": self.n_read, "n_new": self.n_new, "n_rejected": len(self.rejections),
                "n_known": self.n_known, "n_duplicates": self.n_duplicates, "n_chunks": self.n_chunks,
                "n_partial": len(self.partial),
                "rejections": dict(Counter(r.reason for r in [*self.rejections, *self.partial]))}

    def summary_line(self) -> str:
        rej = ", ".join(f"{k} {v}" for k, v in sorted(self.reason_counts().items()))
        line = f"{self.n_read} read, {len(self.rejections)} rejected"
        if rej:
            line += f": {rej}"
        line += f"; {self.n_new} new, {self.n_known} already stored, {self.n_duplicates} duplicates"
        if self.partial:
            parts = Counter(r.reason for r in self.partial)
            line += f"; {len(self.partial)} stored partly analysed: " + ", ".join(
                f"{k} {v}" for k, v in sorted(parts.items()))
        if self.n_repaired:
            line += f"; {self.n_repaired} repaired"
        return line


def make_executor(settings: Settings) -> Executor:
    """The executor the settings ask for: Ray, a local pool (jobs > 1) or in-process."""
    if settings.executor == "ray":
        from .ray_exec import RayExecutor

        return RayExecutor(settings)
    if settings.n_jobs <= 1:
        return InlineExecutor(settings)
    return PoolExecutor(settings, settings.n_jobs)


def read(paths: Sequence[str], settings: Settings, fields: dict[str, str] | None = None,
         on_bytes: Callable[[int], None] | None = None) -> Iterator[Article | Rejection]:
    from .ingest import read_inputs

    return read_inputs(paths, fields=fields, max_bytes=settings.max_bytes, on_bytes=on_bytes)


def analyze(
    paths: Sequence[str],
    *,
    settings: Settings | None = None,
    store: bool = True,
    fields: dict[str, str] | None = None,
    command: str = "analyze",
    progress: Any = None,
    on_rejection: Callable[[Rejection], None] | None = None,
    on_articles: Callable[[list[Article]], None] | None = None,
    load_known: bool = True,
) -> RunReport:
    """Read `paths`, analyse new articles, cluster stories, merge events and (optionally) store, chunk by
    chunk. Articles already in the store are not analysed again.

    `on_articles` receives each chunk's articles once committed (new ones, and stored ones as stored when
    `load_known`); without it the report keeps them all in ``report.articles``. `progress` is a
    :class:`~lagebild.progress.Progress`."""
    settings = settings or Settings()
    items = read(paths, settings, fields, on_bytes=progress.read if progress is not None else None)
    db = None
    if store:
        from .store import Store

        db = Store(settings.db, memory_limit=settings.db_memory_limit or None)
    try:
        return run_stream(items, settings=settings, db=db, command=command, progress=progress,
                          on_rejection=on_rejection, on_articles=on_articles, load_known=load_known)
    finally:
        if db:
            db.close()


def analyze_articles(
    inputs: Sequence[Article],
    *,
    settings: Settings,
    db: Any = None,
    rejections: Sequence[Rejection] = (),
    command: str = "analyze",
    load_known: bool = True,
) -> RunReport:
    """Analyse articles already read; with an open store `db`, skip stored ones and write the new.
    The report keeps the articles (stored ones as stored unless `load_known` is False)."""
    return run_stream([*rejections, *inputs], settings=settings, db=db, command=command,
                      load_known=load_known, repair=False)


def run_stream(
    items: Iterable[Article | Rejection],
    *,
    settings: Settings,
    db: Any = None,
    command: str = "analyze",
    progress: Any = None,
    on_rejection: Callable[[Rejection], None] | None = None,
    on_articles: Callable[[list[Article]], None] | None = None,
    load_known: bool = True,
    repair: bool = True,
    executor: Executor | None = None,
) -> RunReport:
    """The streaming run over `items` (see the module docstring)."""
    report = RunReport(run_id=uuid.uuid4().hex[:12])
    keep = on_articles is None

    def emit(articles: list[Article]) -> None:
        if keep:
            report.articles.extend(articles)
        elif articles:
            on_articles(articles)

    if db:
        db.start_run(report.run_id, command=command, stages=_stage_versions(settings), version=__version__)
    members = (lambda ids: db.load_articles(ids, layers=("event_mentions",))) if db else None
    cross = CrossStep(db.load_story_state() if db else None, window_days=settings.story_window_days,
                      members=members)
    if db and repair:
        _repair(db, cross, report, settings)
    if progress is not None and hasattr(progress, "took"):
        items = _counted(items, progress.took)
    chunker = Chunker(items, size=settings.chunk_size, known=db.known_ids if db else None)
    own = executor is None
    executor = executor or make_executor(settings)
    try:
        for chunk, analysed in analysed_chunks(chunker, executor, settings.batch_size, report.timings):
            for r in chunk.rejections:
                if on_rejection:
                    on_rejection(r)
            partial = [_partial(a) for a in analysed if "incomplete" in a.meta]
            for r in partial:
                if on_rejection:
                    on_rejection(r)
            report.rejections.extend(chunk.rejections)
            report.partial.extend(partial)
            report.n_read += chunk.n_read
            report.n_known += len(chunk.known)
            report.n_duplicates += chunk.n_duplicates
            report.n_chunks += 1
            res = cross.run(analysed)
            if db:
                from .store import ChunkWrite

                report.n_new += db.commit_chunk(ChunkWrite(
                    run_id=report.run_id, articles=analysed, stories=res.stories, events=res.events,
                    event_stories=res.event_stories, story_state=cross.state() if analysed else None,
                    actor_roles=_actor_roles(analysed), rejections=[*chunk.rejections, *partial],
                    counters=report.counters()))
            else:
                report.n_new += len(analysed)
            chunker.committed(chunk)
            stored = db.load_articles(chunk.known) if (db and chunk.known and load_known) else []
            emit([*analysed, *stored])
            if progress is not None:
                progress.update(articles=report.n_read, new=report.n_new,
                                rejected=len(report.rejections) + len(report.partial))
    finally:
        if own:
            executor.close()
    if db:
        db.finish_run(report.run_id, n_read=report.n_read, n_new=report.n_new, rejections=report.rejections,
                      counters=report.counters(), store_rejections=False)
    return report


def _counted(items: Iterable[Article | Rejection], took: Callable[[int], None]) -> Iterator[Article | Rejection]:
    for item in items:
        if isinstance(item, Article):
            took(1)
        yield item


def analysed_chunks(chunker: Iterable[Chunk], executor: Executor, batch_size: int,
                    timings: Counter) -> Iterator[tuple[Chunk, list[Article]]]:
    """Each chunk with its analysed articles, in order; the executor works on later chunks' batches while
    the caller clusters and writes earlier ones."""
    queue: deque[tuple[Chunk, int]] = deque()  # chunks handed to the executor, with their batch counts

    def batches() -> Iterator[list[Article]]:
        for chunk in chunker:
            # a chunk without new articles (stored ones, rejections) goes through as one empty batch, so it
            # comes back in its turn instead of waiting for the next analysed batch
            parts = [chunk.articles[i:i + batch_size] for i in range(0, len(chunk.articles), batch_size)] or [[]]
            queue.append((chunk, len(parts)))
            chunk.articles = []  # the executor has them now; the analysed ones come back
            yield from parts

    got: list[Any] = []
    n = 0
    results: Iterator[BatchResult] = executor.map(batches())
    for packed, t in results:
        timings.update(t)
        got.extend(packed)
        n += 1
        if n == queue[0][1]:
            chunk = queue.popleft()[0]
            chunk.articles = [unpack(p) for p in got]
            got, n = [], 0
            yield chunk, chunk.articles


def _partial(a: Article) -> Rejection:
    note = a.meta["incomplete"]
    where = f"{a.path}:{a.record}" if a.path and a.record else (a.path or a.id)
    return Rejection(a.path or a.id, note["reason"],
                     f"{where}: the {note['stage']} stage {note['detail']}; the article is stored with what the "
                     "stages before it found (raise stage_seconds / stage_max_chars in the config file to "
                     "analyse such articles whole)", a.record)


def _repair(db: Any, cross: CrossStep, report: RunReport, settings: Settings) -> None:
    """Give stored articles that an interrupted run of an older version left without their story or merged
    events both, chunk by chunk (their per-article annotations are kept).

    That version wrote articles, then the story state, then stories and events. Killed before the state
    was saved, its articles are clustered now exactly as it would have clustered them. Killed after, the
    state holds their active stories (written again from it); articles of stories that ended inside that
    run are clustered among themselves, apart from the saved window."""
    from .store import ChunkWrite

    ids = db.incomplete_ids()
    if ids:
        log.warning("repairing %d stored articles an interrupted earlier run left without stories or events", len(ids))
    apart: CrossStep | None = None
    for k in range(0, len(ids), settings.chunk_size):
        arts = db.load_articles(ids[k:k + settings.chunk_size])
        clustered = [a for a in arts if cross.clusterer.known(a.id)]
        fresh = [a for a in arts if not cross.clusterer.known(a.id)]
        for a in fresh:
            a.story = a.copy_of = None
        if clustered and fresh:
            apart = apart or CrossStep(None, window_days=settings.story_window_days, members=cross.members)
            res = cross.run([], clustered=clustered)
            more = apart.run(fresh)
            res.stories += more.stories
            res.events += more.events
            res.event_stories += more.event_stories
        else:
            res = cross.run(fresh, clustered=clustered)
        db.commit_chunk(ChunkWrite(run_id=report.run_id, articles=arts, replace=[a.id for a in arts],
                                   stories=res.stories, events=res.events, event_stories=res.event_stories,
                                   story_state=cross.state(), actor_roles=_actor_roles(arts)))
        report.n_repaired += len(arts)


def _actor_roles(articles: Sequence[Article]) -> list[tuple[str, str]]:
    """The knowledge base's dated roles of the actors these articles mention: [(actor_id, roles JSON)]."""
    ids = sorted({e.actor_id for a in articles for e in a.entities if e.actor_id})
    if not ids:
        return []
    from .actors import load_kb

    kb = load_kb()
    rows = []
    for actor_id in ids:
        actor = kb.actors.get(actor_id)
        roles = getattr(actor, "roles", ()) if actor is not None else ()
        if roles:
            rows.append((actor_id, json.dumps([{"code": r.code, "start": r.start, "end": r.end, "title": r.title}
                                               for r in roles], ensure_ascii=False, default=str)))
    return rows


def _stage_versions(settings: Settings) -> dict[str, str]:
    return {st.name: st.version for st in build_stages(settings)}
