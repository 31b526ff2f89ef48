"""Read articles → chunks: the unit a run analyses, clusters and commits in one transaction.

A chunk holds up to ``size`` articles new to the store, in input order. Articles the store already
holds are only noted (by id, to print them), and an article whose id came earlier in the input is a
duplicate. Where a chunk ends depends only on the new articles: it closes at ``size`` once the next
article falls on another day in the story clusterer's order (so one day's articles meet the clusterer
together, as in a single-chunk run), and at ``max_size`` in any case. A re-run after a kill therefore
cuts the remaining input into the same chunks as the interrupted run would have.

Long stretches without new articles (a re-run over stored input) are handed on as chunks without
articles every ``size`` items, so memory stays bounded either way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from .model import Article, Rejection
from .stories.cluster import day_range

#: an undated article sorts after every dated one (as in the clusterer's stream order)
UNDATED = 10**7


@dataclass
class Chunk:
    seq: int
    articles: list[Article] = field(default_factory=list)  # new to the store, in input order
    rejections: list[Rejection] = field(default_factory=list)  # from reading this stretch of input
    known: list[str] = field(default_factory=list)  # ids of already stored articles in this stretch
    n_read: int = 0  # articles read in this stretch: new + known + duplicates
    n_duplicates: int = 0

    @property
    def empty(self) -> bool:
        return not (self.articles or self.rejections or self.known or self.n_read)


def day_key(a: Article) -> int:
    """The day the story clusterer files an article under (the last day its date may mean)."""
    return day_range(a.published)[1] or UNDATED


class Chunker:
    """Iterates the chunks of `items` (articles and rejections in input order). `known(ids)` says which ids
    the store holds; call :meth:`committed` once a chunk is in the store."""

    def __init__(self, items: Iterable[Article | Rejection], *, size: int,
                 known: Callable[[list[str]], set[str]] | None = None, lookahead: int = 256,
                 max_size: int | None = None) -> None:
        self.size = max(1, size)
        self.max_size = max_size or 4 * self.size
        self._items = iter(items)
        self._known = known
        self._lookahead = lookahead
        self._pending: set[str] = set()  # ids in chunks not yet committed
        self._done: list[str] = []  # ids committed since the last look at the store
        self._seq = 0

    def committed(self, chunk: Chunk) -> None:
        """The chunk is in the store: its ids are the store's to recognise from now on. (Without a store
        every id stays here, so a later duplicate is still one.)"""
        if self._known is not None:
            self._done.extend(a.id for a in chunk.articles)

    def _groups(self) -> Iterator[tuple[list[Article | Rejection], set[str]]]:
        while True:
            group = list(islice(self._items, self._lookahead))
            if not group:
                return
            ids = [x.id for x in group if isinstance(x, Article)]
            stored = self._known(ids) if self._known and ids else set()
            # committed ids are in the store now (asked above), so they leave the pending set only after
            self._pending.difference_update(self._done)
            self._done.clear()
            yield group, stored

    def _emit(self, c: Chunk) -> Chunk:
        self._seq += 1
        c.seq = self._seq
        return c

    def __iter__(self) -> Iterator[Chunk]:
        cur = Chunk(0)  # the chunk whose articles are being gathered
        side = Chunk(0)  # known ids, duplicates and rejections before `cur` closes
        last_day: int | None = None
        for group, stored in self._groups():
            for item in group:
                if isinstance(item, Rejection):
                    side.rejections.append(item)
                elif item.id in stored:
                    side.known.append(item.id)
                    side.n_read += 1
                elif item.id in self._pending:
                    side.n_duplicates += 1
                    side.n_read += 1
                else:
                    day = day_key(item)
                    n = len(cur.articles)
                    if n >= self.max_size or (n >= self.size and day != last_day):
                        yield from self._flush(cur, side)
                        cur, side = Chunk(0), Chunk(0)
                    cur.articles.append(item)
                    cur.n_read += 1
                    self._pending.add(item.id)
                    last_day = day
                if len(side.rejections) + len(side.known) + side.n_duplicates >= self.size:
                    yield self._emit(side)
                    side = Chunk(0)
        yield from self._flush(cur, side)

    def _flush(self, cur: Chunk, side: Chunk) -> Iterator[Chunk]:
        for c in (side, cur):
            if not c.empty:
                yield self._emit(c)
