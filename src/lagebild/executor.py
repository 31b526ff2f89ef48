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
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .config import Settings
from .model import Article
from .pipeline import Budget, Pipeline, Stage
from .serialize import Packed, pack

# (module, factory) in pipeline order; each factory returns a Stage or a list of stages
STAGE_FACTORIES: tuple[tuple[str, str], ...] = (
    ("lagebild.nlp", "default_stages"),
    ("lagebild.actors.ner", "NerStage"),
    ("lagebild.actors.stage", "ActorStage"),
    ("lagebild.quotes", "QuoteStage"),
    ("lagebild.events", "EventStage"),
)

# stage options taken from the settings, by stage factory
STAGE_OPTIONS: dict[str, Callable[[Settings], dict[str, Any]]] = {
    "ActorStage": lambda s: {"extra": tuple(s.actor_files)} if s.actor_files else {},
}

#: one batch's result: the analysed articles (packed) and the seconds each stage took on them
BatchResult = tuple[list[Packed], dict[str, float]]


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


def budget_of(settings: Settings) -> Budget:
    """The per-article stage budget of the settings (``stage_seconds``, ``stage_max_chars``; 0 = no limit).
    Language identification reads a sample of the text, so it has no size budget: every stored article
    says its language."""
    seconds = settings.stage_seconds or None
    return Budget(seconds=seconds, max_chars=settings.stage_max_chars or None, stages={"language": (seconds, None)})


def build_pipeline(settings: Settings | None = None) -> Pipeline:
    settings = settings or Settings()
    return Pipeline(build_stages(settings), budget=budget_of(settings))


# --------------------------------------------------------------------- workers
_WORKER: dict[str, Any] = {}


def _pipeline_key(settings: Settings) -> tuple[Any, ...]:
    """What a pipeline depends on in the settings."""
    return (settings.actor_files, settings.stage_seconds, settings.stage_max_chars)


#: run once through a new pipeline, without budgets, so that the stages load their models and lexicons
#: before the first real article: loading is not that article's time
WARM_UP = ("Berlin - Die Bundesregierung hat am Dienstag neue Hilfen beschlossen. „Wir handeln schnell“, "
           "sagte Regierungssprecher Steffen Hebestreit. Die Opposition kritisierte, das Paket komme zu spät.")


def warm_up(pipe: Pipeline) -> None:
    budget, pipe.budget = pipe.budget, Budget()
    try:
        pipe.process(Article(text=WARM_UP, title="Hilfen", published="2022-01-25", published_precision="day"))
    finally:
        pipe.budget = budget
        pipe.timings.clear()
        pipe.counts.clear()


def worker_init(settings: Settings) -> None:
    """Build this process's pipeline and load what its stages need."""
    logging.basicConfig(level=logging.WARNING)
    pipe = build_pipeline(settings)
    warm_up(pipe)
    _WORKER["pipeline"] = pipe
    _WORKER["key"] = _pipeline_key(settings)


def worker_process(batch: list[Article]) -> BatchResult:
    """Analyse one batch in this process's pipeline; the articles come back packed."""
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
    """Local worker processes (forked on Linux), each with its own pipeline."""

    def __init__(self, settings: Settings, jobs: int) -> None:
        import multiprocessing as mp

        self.settings = settings
        self.window = 2 * jobs + 1
        ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        self._pool = ctx.Pool(jobs, initializer=worker_init, initargs=(settings,))

    def map(self, batches: Iterable[list[Article]]) -> Iterator[BatchResult]:
        return bounded(lambda b: self._pool.apply_async(worker_process, (b,)), lambda r: r.get(), batches,
                       self.window)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
