"""The cross-article step of a run, one chunk at a time: story clustering, story-refined event dates and
event merging.

The clusterer is incremental: its window state carries from chunk to chunk (and, through the store,
from run to run). For every story a chunk touches, the story's other members are fetched with
`members(ids)` (from the store: their events and dates only), the new articles' month-precise event
dates are refined from the story, and the story's events are merged again from all its members — so
the merged events of a story are the same whether its articles came in one chunk or in several.
Without a store, the members seen so far are kept in memory inside the story window instead (their
dates only: enough to refine dates; merged events need a store).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .chunks import day_key
from .model import Article
from .stories import StoryClusterer

Members = Callable[[list[str]], list[Article]]


@dataclass
class CrossResult:
    stories: list[dict[str, Any]] = field(default_factory=list)  # story records created or changed
    events: list[dict[str, Any]] = field(default_factory=list)  # all merged events of `event_stories`
    event_stories: list[str] = field(default_factory=list)


class CrossStep:
    """Clusters and merges chunk after chunk; :meth:`state` is what to save with each chunk."""

    def __init__(self, state: dict[str, Any] | None, *, window_days: int | None = None,
                 members: Members | None = None) -> None:
        options = {"window_days": window_days} if window_days else {}
        self.clusterer = StoryClusterer.from_state(state, **options)
        self.members = members
        self._seen: dict[str, Article] = {}  # without a store: dates of earlier members, inside the window

    def state(self) -> dict[str, Any]:
        return self.clusterer.state()

    def run(self, articles: Sequence[Article], *, clustered: Sequence[Article] = ()) -> CrossResult:
        """Cluster `articles` (sets story and copy_of), refine their event dates, merge the touched stories'
        events (with a store). `clustered` are articles the clusterer's state already holds (a repair of
        articles whose story rows were lost): their stories are written and merged again as they are."""
        from .events import merge_events, refine_article_dates

        if not articles and not clustered:
            return CrossResult()
        stories = self.clusterer.add(list(articles)) if articles else []
        have = {s["id"] for s in stories}
        stories += self._records({a.story for a in clustered if a.story and a.story not in have})
        articles = [*articles, *clustered]
        new = {a.id: a for a in articles}
        members: dict[str, list[Article]] = {}
        for a in articles:
            if a.story is not None:
                members.setdefault(a.story, []).append(a)
        earlier = [i for s in stories for i in s.get("article_ids", []) if i not in new]
        for a in self._earlier(earlier):
            if a.story in members:
                members[a.story].append(a)
        result = CrossResult(stories=stories)
        for sid in sorted(members):
            # the clusterer's stream order, whichever chunk brought each member
            arts = sorted(members[sid], key=lambda a: (day_key(a), -len(a.text), a.id))
            refine_article_dates(arts, only=[a for a in arts if a.id in new])
            if self.members is not None:
                result.events.extend(merge_events(arts))
        if self.members is not None:
            result.event_stories = sorted({s["id"] for s in stories})
        else:
            self._remember(articles)
        return result

    def _records(self, sids: set[str]) -> list[dict[str, Any]]:
        """Story records of active stories, from the clusterer's state."""
        from .stories.records import Story

        if not sids:
            return []
        return [Story.from_state(d).record() for d in self.clusterer.state()["stories"] if d["id"] in sids]

    def _earlier(self, ids: list[str]) -> list[Article]:
        if not ids:
            return []
        if self.members is not None:
            return self.members(ids)
        return [self._seen[i] for i in ids if i in self._seen]

    def _remember(self, articles: Sequence[Article]) -> None:
        """Keep the dates of these articles while their stories can still grow (no store)."""
        for a in articles:
            self._seen[a.id] = Article(text="", id=a.id, published=a.published,
                                       published_precision=a.published_precision, source=a.source,
                                       story=a.story, copy_of=a.copy_of)
        horizon = self.clusterer.clock - self.clusterer.window_days - self.clusterer.max_span_days
        for i in [i for i, a in self._seen.items() if day_key(a) < horizon]:
            del self._seen[i]
