"""Stages and the pipeline that runs them.

A stage is a small callable over one article: it declares which annotation layers it ``requires``
and which it ``assigns``; :class:`Pipeline` checks the order once. Stages are pure over one article
(no cross-article state, picklable), so the same pipeline runs in-process, in a process pool or
under Ray unchanged. Story clustering is the one cross-article step and is not a stage.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from .errors import PipelineError
from .model import Article

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


@dataclass
class Pipeline:
    stages: list[Stage]
    timings: Counter = field(default_factory=Counter)  # seconds per stage name
    counts: Counter = field(default_factory=Counter)  # articles per stage name

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
        for st in self.stages:
            if not st.applies(article):
                continue
            t0 = time.perf_counter()
            article = st(article)
            self.timings[st.name] += time.perf_counter() - t0
            self.counts[st.name] += 1
            article.done.append(st.name)
        return article

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        for a in articles:
            yield self.process(a)
