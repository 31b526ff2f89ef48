"""Executors: run the per-article stages over batches of articles, in order, with bounded work in flight.

An :class:`Executor` maps batches of read articles to batches of analysed ones (in :func:`pack`-ed form,
see :mod:`lagebild.serialize`) and yields the results in input order. At most ``window`` batches are
in flight, so reading never runs far ahead of analysis and memory stays bounded by the window, not by
the input. Implementations:

- :class:`InlineExecutor`: in the calling process (``--jobs 1``);
- :class:`PoolExecutor`: local worker processes (``--jobs N``);
- :class:`lagebild.ray_exec.RayExecutor`: Ray tasks on a local or remote cluster.

Each worker builds its pipeline once (:func:`build_pipeline`) with the stage budgets of the settings.
"""

from __future__ import annotations

import importlib
import logging
import os
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .config import Settings
from .errors import LagebildError, PipelineError
from .model import Article
from .owner import alive
from .pipeline import Budget, Pipeline, Stage
from .serialize import Packed, pack

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

#: one batch's result: the analysed articles (packed) and the seconds each stage took on them
BatchResult = tuple[list[Packed], dict[str, float]]


def build_stages(settings: Settings | None = None, *,
                 factories: tuple[tuple[str, str], ...] | None = None) -> list[Stage]:
    """Instantiate the default German pipeline (or the stages of `factories`)."""
    settings = settings or Settings()
    stages: list[Stage] = []
    for module, attr in factories or STAGE_FACTORIES:
        factory = getattr(importlib.import_module(module), attr)
        options = STAGE_OPTIONS.get(attr, lambda s: {})(settings)
        made = factory(**options)
        stages.extend(made if isinstance(made, list) else [made])
    return stages


def budget_of(settings: Settings) -> Budget:
    """The per-article stage budget of the settings (``stage_seconds``, ``stage_max_chars``; 0 = no limit).
    Language identification reads a sample of the text, so it has no size budget: every stored article
    says its language."""
    seconds = settings.stage_seconds or None
    return Budget(seconds=seconds, max_chars=settings.stage_max_chars or None, stages={"language": (seconds, None)})


def build_pipeline(settings: Settings | None = None, *,
                   factories: tuple[tuple[str, str], ...] | None = None) -> Pipeline:
    settings = settings or Settings()
    return Pipeline(build_stages(settings, factories=factories), budget=budget_of(settings))


# --------------------------------------------------------------------- workers
_WORKER: dict[str, Any] = {}


def _pipeline_key(settings: Settings) -> tuple[Any, ...]:
    """What a pipeline depends on in the settings."""
    return (settings.actor_files, settings.ner_profile, settings.stage_seconds, settings.stage_max_chars)


#: run once through a new pipeline, without budgets, so that the stages load their models and lexicons
#: before the first real article: loading is not that article's time
WARM_UP = ("Berlin - Die Bundesregierung hat am Dienstag neue Hilfen beschlossen. „Wir handeln schnell“, "
           "sagte Regierungssprecher Steffen Hebestreit. Die Opposition kritisierte, das Paket komme zu spät.")


def warm_up(pipe: Pipeline, text: str | None = None) -> None:
    budget, pipe.budget = pipe.budget, Budget()
    try:
        pipe.process(Article(text=text or WARM_UP, title="Hilfen", published="2022-01-25", published_precision="day"))
    finally:
        pipe.budget = budget
        pipe.timings.clear()
        pipe.counts.clear()


def watch_run(pid: int, *, every: float = 1.0) -> threading.Thread:
    """End this worker process when the run process `pid` is gone. A pool's workers come from the fork
    server, not from the run, and each holds the ends of the pool's pipes, so after a kill -9 of the run
    nothing else would end them: they would wait for work, holding their models, for ever."""

    def loop() -> None:
        while alive(pid):
            time.sleep(every)
        os._exit(0)

    t = threading.Thread(target=loop, name="lagebild-run-watch", daemon=True)
    t.start()
    return t


def worker_init(settings: Settings, factories: tuple[tuple[str, str], ...] | None = None,
                warm: str | None = None) -> None:
    """Build this process's pipeline and load what its stages need."""
    logging.basicConfig(level=logging.WARNING)
    pipe = build_pipeline(settings, factories=factories)
    warm_up(pipe, warm)
    _WORKER["pipeline"] = pipe
    _WORKER["key"] = _pipeline_key(settings)


def lower_priority(nice: int, *, thread: bool = False) -> None:
    """Give this process (or, with `thread`, only the calling thread, as Linux allows) `nice` more niceness, so
    that what runs beside it at normal priority (a server's web readers) gets the CPU first. Where the
    system does not allow it, nothing changes."""
    if nice <= 0:
        return
    try:
        if thread:
            tid = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + nice)
        else:
            os.nice(nice)
    except (AttributeError, OSError):
        pass


def pool_worker_init(settings: Settings, factories: tuple[tuple[str, str], ...] | None, warm: str | None,
                     run_pid: int) -> None:
    """:func:`worker_init` in a pool's worker, which ends when the run process `run_pid` is gone. A pipeline
    that cannot be built (a model file missing, a setting naming what is not installed) is not a worker
    that died: every batch given to this worker then raises the error, which ends the run with its message
    (an initializer that raised would break the pool, and every restart would break it again)."""
    watch_run(run_pid)
    lower_priority(settings.worker_nice)
    _WORKER.pop("error", None)
    try:
        worker_init(settings, factories, warm)
    except LagebildError as e:
        _WORKER["error"] = e
    except Exception as e:  # noqa: BLE001 - any failure to build the stages ends the run, with its message
        _WORKER["error"] = PipelineError(f"the worker processes could not build the stages: {type(e).__name__}: "
                                         f"{e}. Fix what the message names (a setting, a model file, a "
                                         "package to install) and run the same command again")


def worker_process(batch: list[Article]) -> BatchResult:
    """Analyse one batch in this process's pipeline; the articles come back packed."""
    if "error" in _WORKER:
        raise _WORKER["error"]
    pipe = _WORKER["pipeline"]
    pipe.timings.clear()
    out = [pack(pipe.process(a)) for a in batch]
    return out, dict(pipe.timings)


def worker_ready(settings: Settings) -> None:
    """Build this process's pipeline unless one for the same settings is there."""
    if _WORKER.get("key") != _pipeline_key(settings):
        worker_init(settings)


# ------------------------------------------------------------------- executors
class Executor:
    """Maps batches to :data:`BatchResult` in order, with at most ``window`` batches in flight."""

    window: int = 1

    def map(self, batches: Iterable[list[Article]]) -> Iterator[BatchResult]:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:
        """Release workers (idempotent)."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class InlineExecutor(Executor):
    """The stages in the calling process, one batch at a time."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def map(self, batches: Iterable[list[Article]]) -> Iterator[BatchResult]:
        worker_ready(self.settings)
        for batch in batches:
            yield worker_process(batch)


def bounded(submit: Callable[[list[Article]], Any], get: Callable[[Any], BatchResult],
            batches: Iterable[list[Article]], window: int) -> Iterator[BatchResult]:
    """Submit batches while fewer than `window` are pending; yield results in submission order."""
    pending: deque[Any] = deque()
    for batch in batches:
        pending.append(submit(batch))
        while len(pending) >= window:
            yield get(pending.popleft())
    while pending:
        yield get(pending.popleft())


class PoolExecutor(Executor):
    """Local worker processes, each with its own pipeline.

    The workers are forked from a fork server (started once, before any thread of this process could hold
    a lock a forked child would inherit: Ray's gRPC threads, DuckDB's allocator), spawned where there is
    none; the stage list and the warm-up text travel with the settings. A worker is replaced by a fresh
    one after ``worker_batches`` batches, so whatever a long run leaves in a worker's heap is given back.

    A worker that dies (killed for memory, a crash inside a C extension) breaks the pool; the pool is
    started again, the batches in flight are given to it again, and the batch that was running then is
    analysed article by article: an article that ends its worker once more is returned unanalysed with
    the reason ``error-worker``. The run goes on."""

    def __init__(self, settings: Settings, jobs: int) -> None:
        self.settings, self.jobs = settings, jobs
        self.window = 2 * jobs + 1
        self._pending: deque[tuple[list[Article], Any]] = deque()
        self._pool: Any = self._start()

    def _start(self) -> Any:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
        return ProcessPoolExecutor(self.jobs, mp_context=ctx, initializer=pool_worker_init,
                                   initargs=(self.settings, STAGE_FACTORIES, WARM_UP, os.getpid()),
                                   max_tasks_per_child=self.settings.worker_batches or None)

    def _restart(self) -> None:
        log.warning("a worker process ended unexpectedly; starting the workers again")
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._start()
        self._pending = deque((b, self._pool.submit(worker_process, b)) for b, _ in self._pending)

    def map(self, batches: Iterable[list[Article]]) -> Iterator[BatchResult]:
        for batch in batches:
            self._pending.append((batch, self._pool.submit(worker_process, batch)))
            while len(self._pending) >= self.window:
                yield self._next()
        while self._pending:
            yield self._next()

    def _next(self) -> BatchResult:
        from concurrent.futures.process import BrokenProcessPool

        batch, future = self._pending.popleft()
        try:
            return future.result()
        except BrokenProcessPool:
            self._restart()
            return self._one_by_one(batch)

    def _one_by_one(self, batch: list[Article]) -> BatchResult:
        from concurrent.futures.process import BrokenProcessPool

        out: list[Packed] = []
        timings: Counter = Counter()
        for a in batch:
            try:
                packed, t = self._pool.submit(worker_process, [a]).result()
            except BrokenProcessPool:
                self._restart()
                a.meta["incomplete"] = {"stage": "analysis", "reason": "error-worker",
                                        "detail": "ended its worker process (out of memory, or a crash in a library)"}
                packed, t = [pack(a)], {}
            out.extend(packed)
            timings.update(t)
        return out, dict(timings)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
