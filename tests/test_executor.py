"""Local executor: worker priority (a server's stage workers yield to its web readers)."""

from __future__ import annotations

import os
import sys
import threading

import pytest

import lagebild.executor as ex
from lagebild.config import Settings
from lagebild.model import Article
from lagebild.serialize import unpack

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread niceness is Linux's")


class _NiceStage:
    """Records the niceness of the process it runs in."""

    name, version, requires, assigns, languages = "nice", "0", (), ("nice",), None

    def applies(self, article: Article) -> bool:
        return True

    def __call__(self, article: Article) -> Article:
        article.meta["nice"] = os.nice(0)
        return article


def nice_stages() -> list[_NiceStage]:
    return [_NiceStage()]


def test_a_thread_is_lowered_alone() -> None:
    before = os.nice(0)
    seen: dict[str, int] = {}

    def body() -> None:
        ex.lower_priority(4, thread=True)
        seen["thread"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    t = threading.Thread(target=body)
    t.start()
    t.join()
    assert seen["thread"] == min(before + 4, 19)
    assert os.nice(0) == before  # the process (this thread) keeps its priority


def test_pool_workers_take_the_configured_niceness(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ex, "STAGE_FACTORIES", (("tests.test_executor", "nice_stages"),))
    monkeypatch.setattr(ex, "WARM_UP", "Warm.")
    before = os.nice(0)
    pool = ex.PoolExecutor(Settings(worker_nice=5), 1)
    try:
        ((packed, _),) = list(pool.map([[Article(text="Meldung.")]]))
    finally:
        pool.close()
    assert unpack(packed[0]).meta["nice"] == min(before + 5, 19)
    assert os.nice(0) == before
