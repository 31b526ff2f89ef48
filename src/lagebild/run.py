"""Run the analysis: read → per-article stages (in parallel) → stories → event merging → store.

The per-article stages run in worker processes (``executor="local"``) or as Ray tasks
(``executor="ray"``); each worker builds its pipeline once. Story clustering and event merging
are the cross-article steps and run in the calling process, in date order.
"""

from __future__ import annotations

import importlib
import json
import logging
import sys
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import __version__
from .config import Settings
from .model import Article, Rejection
from .pipeline import Pipeline, Stage

log = logging.getLogger(__name__)

# (module, factory) in pipeline order; each factory returns a Stage or a list of stages
STAGE_FACTORIES: tuple[tuple[str, str], ...] = (
    ("lagebild.nlp", "default_stages"),
    ("lagebild.nlp.parse", "Parse"),
    ("lagebild.actors.ner", "NerStage"),
    ("lagebild.actors.stage", "ActorStage"),
    ("lagebild.quotes", "QuoteStage"),
    ("lagebild.events", "EventStage"),
)


# stage options taken from the settings, by stage factory
STAGE_OPTIONS: dict[str, Callable[[Settings], dict[str, Any]]] = {
    "ActorStage": lambda s: {"extra": tuple(s.actor_files)} if s.actor_files else {},
    "NerStage": lambda s: {"profile": s.ner_profile} if s.ner_profile != "fast" else {},
}


def build_stages(settings: Settings | None = None) -> list[Stage]:
    """Instantiate the default German pipeline."""
    settings = settings or Settings()
    stages: list[Stage] = []
    for module, attr in STAGE_FACTORIES:
        factory = getattr(importlib.import_module(module), attr)
        options = STAGE_OPTIONS.get(attr, lambda s: {})(settings)
        made = factory(**options)
        stages.extend(made if isinstance(made, list) else [made])
    return stages


def build_pipeline(settings: Settings | None = None) -> Pipeline:
    return Pipeline(build_stages(settings))


# --------------------------------------------------------------------- workers
_WORKER: dict[str, Pipeline] = {}


def _worker_init(settings: Settings) -> None:
    logging.basicConfig(level=logging.WARNING)
    _WORKER["pipeline"] = build_pipeline(settings)


def _worker_process(batch: list[Article]) -> tuple[list[Article], dict[str, float]]:
    pipe = _WORKER["pipeline"]
    pipe.timings.clear()
    out = [pipe.process(a) for a in batch]
    return out, dict(pipe.timings)


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for a in items:
        batch.append(a)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def process_articles(
    articles: Iterable[Article], settings: Settings, *, timings: Counter | None = None
) -> Iterator[Article]:
    """Run the per-article stages over `articles`, in order, with settings.n_jobs workers."""
    timings = timings if timings is not None else Counter()
    jobs = settings.n_jobs
    if settings.executor == "ray":
        from .ray_exec import process_with_ray

        yield from process_with_ray(articles, settings, timings=timings)
        return
    if jobs <= 1:
        _worker_init(settings)
        for batch in _batches(articles, settings.batch_size):
            out, t = _worker_process(batch)
            timings.update(t)
            yield from out
        return
    import multiprocessing as mp

    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(jobs, initializer=_worker_init, initargs=(settings,)) as pool:
        for out, t in pool.imap(_worker_process, _batches(articles, settings.batch_size)):
            timings.update(t)
            yield from out


# ------------------------------------------------------------------------ runs
@dataclass
class RunReport:
    run_id: str
    n_read: int = 0
    n_new: int = 0
    n_known: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    timings: Counter = field(default_factory=Counter)
    articles: list[Article] = field(default_factory=list)
    stories: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    story_state: dict | None = None  # the clusterer's window after this run

    def reason_counts(self) -> Counter:
        return Counter(r.reason for r in self.rejections)

    def summary_line(self) -> str:
        rej = ", ".join(f"{k} {v}" for k, v in sorted(self.reason_counts().items()))
        line = f"{self.n_read} read, {len(self.rejections)} rejected"
        if rej:
            line += f": {rej}"
        line += f"; {self.n_new} new, {self.n_known} already stored"
        return line


def read(paths: Sequence[str], settings: Settings, fields: dict[str, str] | None = None) -> Iterator[Article | Rejection]:
    from .ingest import read_inputs

    return read_inputs(paths, fields=fields, max_bytes=settings.max_bytes)


def analyze(
    paths: Sequence[str],
    *,
    settings: Settings | None = None,
    store: bool = True,
    fields: dict[str, str] | None = None,
    command: str = "analyze",
    progress: Callable[[int], None] | None = None,
    on_rejection: Callable[[Rejection], None] | None = None,
    load_known: bool = True,
) -> RunReport:
    """Read `paths`, analyse new articles, cluster stories, merge events and (optionally) store.

    Articles already in the store (same id) are not analysed again; they are returned as stored.
    """
    settings = settings or Settings()
    inputs: list[Article] = []
    rejections: list[Rejection] = []
    for item in read(paths, settings, fields):
        if isinstance(item, Rejection):
            rejections.append(item)
            if on_rejection:
                on_rejection(item)
        else:
            inputs.append(item)
    db = None
    if store:
        from .store import Store

        db = Store(settings.db)
    try:
        return analyze_articles(inputs, settings=settings, db=db, rejections=rejections, command=command,
                                progress=progress, load_known=load_known)
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
    progress: Callable[[int], None] | None = None,
    load_known: bool = True,
) -> RunReport:
    """Analyse articles already read; with an open store `db`, skip stored ones and write the new.
    `load_known=False` leaves already stored articles out of the report (nothing to print)."""
    report = RunReport(run_id=uuid.uuid4().hex[:12], rejections=list(rejections), n_read=len(inputs))
    if db:
        db.start_run(report.run_id, command=command, stages=_stage_versions(settings), version=__version__)
    unique: dict[str, Article] = {}
    for a in inputs:
        unique.setdefault(a.id, a)
    known = db.known_ids(unique) if db else set()
    todo = [a for a in unique.values() if a.id not in known]
    report.n_known = len(known)

    def counted(items: list[Article]) -> Iterator[Article]:
        for i, a in enumerate(items, 1):
            if progress:
                progress(i)
            yield a

    processed = list(process_articles(counted(todo), settings, timings=report.timings))
    stored = db.load_articles(sorted(known)) if (db and known and load_known) else []
    report.n_new = len(processed)
    _cross_article(processed, settings, db, report)
    if db:
        db.write_articles(processed, run_id=report.run_id)
        _actor_roles(processed, db)
        _persist_cross(db, report)
        db.finish_run(report.run_id, n_read=report.n_read, n_new=report.n_new, rejections=report.rejections)
    by_id = {a.id: a for a in processed + stored}
    report.articles = [by_id[i] for i in unique if i in by_id]
    return report


def _actor_roles(articles: Sequence[Article], db: Any) -> None:
    """Add the knowledge base's dated roles to the stored actors of these articles."""
    try:
        from .actors import load_kb
    except ImportError:  # pragma: no cover - the actors package is part of lagebild
        return
    kb = load_kb()
    rows = []
    for actor_id in sorted({e.actor_id for a in articles for e in a.entities if e.actor_id}):
        actor = kb.actors.get(actor_id)
        roles = getattr(actor, "roles", ()) if actor is not None else ()
        if roles:
            rows.append((actor_id, json.dumps([{"code": r.code, "start": r.start, "end": r.end, "title": r.title}
                                               for r in roles], ensure_ascii=False, default=str)))
    db.set_actor_roles(rows)


def _stage_versions(settings: Settings) -> dict[str, str]:
    try:
        return build_pipeline(settings).versions
    except ImportError as e:  # pragma: no cover - reported in the run record
        return {"error": str(e)}


def _cross_article(processed: list[Article], settings: Settings, db: Any, report: RunReport) -> None:
    """Story clustering and event merging over the new articles (and the stored state)."""
    from .stories import StoryClusterer

    options = {}
    if settings.story_window_days:
        options["window_days"] = settings.story_window_days
    state = db.load_story_state() if db else None
    clusterer = StoryClusterer.from_state(state, **options)
    report.stories = clusterer.add(processed) if processed else []
    report.story_state = clusterer.state()
    touched = {s["id"] for s in report.stories}
    if not touched:
        return
    from .events import merge_events, refine_article_dates

    members: dict[str, list[Article]] = {}
    for a in processed:
        if a.story in touched:
            members.setdefault(a.story, []).append(a)
    if db:
        for s in report.stories:
            missing = [i for i in s.get("article_ids", []) if i not in {a.id for a in members.get(s["id"], [])}]
            if missing:
                members.setdefault(s["id"], []).extend(db.load_articles(missing))
    for story_articles in members.values():
        refine_article_dates(story_articles, only=processed)
        report.events.extend(merge_events(story_articles))


def _persist_cross(db: Any, report: RunReport) -> None:
    if report.story_state is not None:
        db.save_story_state(report.story_state)
    if report.stories:
        db.upsert_rows(
            "stories",
            [
                {
                    "id": s["id"], "title": s.get("title"), "summary": s.get("summary"),
                    "first_date": s.get("first_date"), "last_date": s.get("last_date"),
                    "n_articles": s.get("n_articles"), "n_sources": s.get("n_sources"),
                    "outlets": s.get("outlets", []), "key_actors": s.get("key_actors", []),
                    "copy_groups": s.get("copy_groups", []), "article_ids": s.get("article_ids", []),
                }
                for s in report.stories
            ],
        )
    if report.events:
        cols = (
            "id", "story", "type", "mode", "source", "source_code", "target", "target_code", "date",
            "date_granularity", "location", "negated", "modality", "num_articles", "num_sources", "mentions",
            "confidence", "shown",
        )
        db.upsert_rows("events", [{c: e.get(c) for c in cols} for e in report.events])
        db.set_event_ids(
            {(m["article_id"], m["idx"]): e["id"] for e in report.events for m in e.get("mentions", []) if "idx" in m}
        )
