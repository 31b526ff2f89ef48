"""Tables derived from the stored rows, computed once per state of the store and shared by every reading
thread: the actors of each story with their mentions there (``_story_actors``) and the actors each quotation names or addresses
(``_quote_links``), from which the network's weights are read without joining mentions again, and each
merged event with its first and last day and confidence (``_event_rows``: the best of its mentions' while the
events table has no confidence of its own), which the event lists read instead of joining mentions per request.

A derived table is rebuilt when the store's state changes (articles, events or stories written); the state
is read with one cheap query per use. Queries name a derived table like a stored one (``_story_actors``,
``_event_rows``); :func:`registered` makes the names visible to the current thread's reads.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

from typing import Any

from ..store import Store

def _event_rows_sql(st: Store) -> str:
    from .lists import event_rows_sql

    return event_rows_sql(st)


def _quote_links(st: Store) -> Any:
    from .network import quote_links_sql

    return st.arrow(*quote_links_sql(st))


_BUILDERS: dict[str, Callable[[Store], Any]] = {
    "_story_actors": lambda st: st.arrow(
        "SELECT a.story, e.actor_id, count(*) AS mentions, any_value(e.canonical) AS canonical FROM entities e "
        "JOIN articles a ON a.id = e.article_id WHERE a.story IS NOT NULL AND e.actor_id IS NOT NULL GROUP BY 1, 2"),
    "_event_rows": lambda st: st.arrow(_event_rows_sql(st)),
    "_quote_links": _quote_links,
}
NAMES = tuple(_BUILDERS)


class _Derived:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.state: tuple | None = None
        self.frames: dict[str, Any] = {}


_CACHE: weakref.WeakKeyDictionary[Store, _Derived] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()


def state(st: Store) -> tuple:
    """What the derived tables depend on: the articles (count, last write), the events (count), the stories
    (last write). Every run writes articles, then stories and events, then links mentions to events."""
    return tuple(st.rows(
        "SELECT (SELECT count(*) FROM articles), (SELECT max(stored_at) FROM articles), "
        "(SELECT count(*) FROM events), (SELECT max(updated_at) FROM stories)")[0])


def frame(st: Store, name: str) -> Any:
    """Derived table `name` for the store's current state (built on first use after a change)."""
    with _CACHE_LOCK:
        d = _CACHE.setdefault(st, _Derived())
    now = state(st)
    with d.lock:
        if d.state != now:
            d.state, d.frames = now, {}
        if name not in d.frames:
            d.frames[name] = _BUILDERS[name](st)
        return d.frames[name]


@contextmanager
def registered(st: Store, sql: str) -> Iterator[None]:
    """Make the derived tables that `sql` names visible to this thread's reads for the block."""
    with ExitStack() as stack:
        for name in NAMES:
            if name in sql:
                stack.enter_context(st.reader_frame(name, frame(st, name)))
        yield


def warm(st: Store) -> None:
    """Build every derived table now (a server does this at start, so the first page is not slower)."""
    for name in NAMES:
        frame(st, name)
