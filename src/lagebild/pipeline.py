"""Stages and the pipeline that runs them.

A stage is a small callable over one article: it declares which annotation layers it ``requires``
and which it ``assigns``; :class:`Pipeline` checks the order once. Stages are pure over one article
(no cross-article state, picklable), so the same pipeline runs in-process, in a process pool or
under Ray unchanged. Story clustering is the one cross-article step and is not a stage.
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .errors import PipelineError
from .model import Article, Entity, Event, Quote, Sentence

#: layers an article has when a reader made it
BASE_LAYERS = frozenset({"text", "meta"})


class Stage:
    """Base class: subclasses set ``name``, ``version``, ``requires``, ``assigns``; implement ``__call__``."""

    name: ClassVar[str] = "stage"
    version: ClassVar[str] = "0"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()
    #: stages that only make sense for analysed languages skip other articles
    languages: ClassVar[tuple[str, ...] | None] = ("de",)

    def applies(self, article: Article) -> bool:
        return self.languages is None or article.language in self.languages

    def __call__(self, article: Article) -> Article:  # pragma: no cover - interface
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}@{self.version}>"


@dataclass(frozen=True, slots=True)
class Budget:
    """What one stage may spend on one article: CPU seconds per call (None: no limit) and characters of
    text it is given (None: no limit). ``stages`` overrides both per stage name."""

    seconds: float | None = None
    max_chars: int | None = None
    stages: dict[str, tuple[float | None, int | None]] = field(default_factory=dict)

    def of(self, stage: str) -> tuple[float | None, int | None]:
        return self.stages.get(stage, (self.seconds, self.max_chars))


class StageOverBudget(Exception):  # noqa: N818 - raised into a stage's thread by the watchdog
    """A stage ran past its time budget (raised inside the stage's thread)."""


class _Watchdog:
    """One thread per process that interrupts a stage call past its budget by raising
    :class:`StageOverBudget` in the calling thread (checked between Python bytecodes, so a long call into
    C code stops when it returns). The budget is the calling thread's CPU time where the system can tell
    it (Linux), so a loaded machine does not cut stages a quiet one lets finish; wall time elsewhere."""

    TICK = 0.05  # seconds between two looks at the armed threads' clocks

    def __init__(self) -> None:
        self._cv = threading.Condition()
        self._armed: dict[int, tuple[Any, float, int]] = {}  # thread id -> (clock, deadline, token)
        self._fired: set[int] = set()  # tokens whose exception was raised
        self._token = 0
        self._thread: threading.Thread | None = None

    @staticmethod
    def _clock(tid: int) -> Any:
        try:
            return time.pthread_getcpuclockid(tid)
        except (AttributeError, OSError):
            return None

    @staticmethod
    def _now(clock: Any) -> float:
        return time.clock_gettime(clock) if clock is not None else time.monotonic()

    def arm(self, seconds: float) -> int:
        tid = threading.get_ident()
        clock = self._clock(tid)
        with self._cv:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="lagebild-stage-budget", daemon=True)
                self._thread.start()
            self._token += 1
            self._armed[tid] = (clock, self._now(clock) + seconds, self._token)
            self._cv.notify()
            return self._token

    def disarm(self, token: int) -> None:
        tid = threading.get_ident()
        with self._cv:
            if tid in self._armed and self._armed[tid][2] == token:
                del self._armed[tid]
            if token in self._fired:
                self._fired.discard(token)
                _async_raise(tid, None)  # not delivered yet: take it back

    def _loop(self) -> None:
        with self._cv:
            while True:
                for tid, (clock, deadline, token) in list(self._armed.items()):
                    try:
                        over = self._now(clock) >= deadline
                    except OSError:  # the thread is gone
                        del self._armed[tid]
                        continue
                    if over:
                        del self._armed[tid]
                        self._fired.add(token)
                        _async_raise(tid, StageOverBudget)
                self._cv.wait(timeout=self.TICK if self._armed else 60)


def _async_raise(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


_WATCHDOG = _Watchdog()


def _snapshot(article: Article, stage: Stage) -> tuple[Any, ...]:
    """What a stage may change, to put back when it does not finish (lists are copied; token tags and
    entity links, changed in place by the tagger and the actors stage, are copied too)."""
    tags = [(t.pos, t.lemma) for t in article.tokens] if {"pos", "lemmas"} & set(stage.assigns) else None
    return (list(article.sentences), list(article.tokens), tags, [_copy(e) for e in article.entities],
            list(article.quotes), list(article.events), dict(article.meta), article.language,
            article.language_confidence)


def _copy(o: Entity | Quote | Event | Sentence) -> Any:
    return type(o)(*(getattr(o, f) for f in o.__slots__))


def _restore(article: Article, snap: tuple[Any, ...]) -> None:
    (article.sentences, article.tokens, tags, article.entities, article.quotes, article.events, article.meta,
     article.language, article.language_confidence) = snap
    if tags is not None:
        for t, (pos, lemma) in zip(article.tokens, tags):
            t.pos, t.lemma = pos, lemma


@dataclass
class Pipeline:
    stages: list[Stage]
    timings: Counter = field(default_factory=Counter)  # seconds per stage name
    counts: Counter = field(default_factory=Counter)  # articles per stage name
    budget: Budget = field(default_factory=Budget)

    def __post_init__(self) -> None:
        have = set(BASE_LAYERS)
        for st in self.stages:
            missing = [r for r in st.requires if r not in have]
            if missing:
                raise PipelineError(
                    f"stage {st.name!r} needs {missing} but no earlier stage assigns them; "
                    f"put a stage that assigns {missing} before {st.name!r}"
                )
            have.update(st.assigns)

    @property
    def versions(self) -> dict[str, str]:
        return {st.name: st.version for st in self.stages}

    def process(self, article: Article) -> Article:
        missing: set[str] = set()  # layers a stage over budget did not assign
        for st in self.stages:
            if not st.applies(article) or missing & set(st.requires):
                continue
            seconds, max_chars = self.budget.of(st.name)
            if max_chars is not None and len(article.text) > max_chars:
                _incomplete(article, st, "budget", f"was not run: the text has {len(article.text):,} characters, "
                            f"over its budget of {max_chars:,}")
                missing.update(st.assigns)
                continue
            snap = _snapshot(article, st)
            t0 = time.perf_counter()
            try:
                token = _WATCHDOG.arm(seconds) if seconds is not None else None
                try:
                    article = st(article)
                finally:
                    if token is not None:
                        _WATCHDOG.disarm(token)
            except StageOverBudget:
                _restore(article, snap)
                _incomplete(article, st, "budget", f"was stopped after its budget of {seconds:g} CPU seconds")
                missing.update(st.assigns)
                continue
            except Exception as e:  # noqa: BLE001 - one article's failure is recorded; the run goes on
                _restore(article, snap)
                _incomplete(article, st, "error", f"failed ({type(e).__name__}: {str(e)[:200]})")
                missing.update(st.assigns)
                continue
            finally:
                self.timings[st.name] += time.perf_counter() - t0
            self.counts[st.name] += 1
            article.done.append(st.name)
        return article

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        for a in articles:
            yield self.process(a)


def _incomplete(article: Article, stage: Stage, kind: str, detail: str) -> None:
    """Note the first stage that did not finish on ``article.meta["incomplete"]``."""
    article.meta.setdefault("incomplete", {"stage": stage.name, "reason": f"{kind}-{stage.name}", "detail": detail})
