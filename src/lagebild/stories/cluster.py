"""Stream story clustering with copy groups, inside a sliding time window.

Articles are processed one at a time in stream order (within a batch: date, then longest text, then
id). Each article

1. is compared (MinHash containment, :mod:`.copies`) with the window's articles; an edited copy joins
   its original's story and gets ``copy_of`` = the group's original. The original of a copy group is
   the first of its members in stream order: the earliest date, then the longest text, then the
   smallest id;
2. otherwise gets a TF-IDF vector (:mod:`.features`; document frequencies counted over the articles
   inside the window, so they follow the stream and need no shipped table) and joins the active story
   whose centroid is most similar (optionally mixed with its closest member, ``member_weight``) — when
   that score, less a small penalty per day between the article and the story, reaches ``threshold`` —
   or founds a new story. Two rules come before the score: a daily report (case figures, market report,
   live blog; ``daily_reports`` in ``lang/<code>/stories.yaml``) only joins, and a story founded by one
   only takes, articles of its own day; and a story told so far by one outlet needs
   ``threshold × outlet_factor`` from another article of that same outlet (local sections, columns).

The clock is the latest article date seen. Articles older than ``window_days`` before the clock leave
the window (document frequencies, copy signatures) and stories whose last article is that old end.
Everything the next call needs is in :meth:`StoryClusterer.state` (JSON; bounded by the window), so
adding a day never recomputes history, and the same input gives the same ids.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np

from ..errors import PipelineError
from ..model import Article
from .copies import CopyIndex, signature
from .embed import embedding
from .features import cosine, is_daily_report, lead_sentence, names, term_counts, weigh
from .records import Member, Story, story_id

STATE_VERSION = 1
#: document-frequency floor: with fewer window articles the idf stays flat
MIN_DOCS = 20
#: the heaviest terms of a vector that index stories for candidate search
SALIENT = 30
#: the closest-member part of the score looks at a story's latest members only
RECENT_MEMBERS = 10


def day_range(published: str | None) -> tuple[int, int]:
    """(first, last) day ordinals an ISO date may mean: YYYY-MM-DD one day, YYYY-MM its month,
    YYYY its year; (0, 0) when missing or unreadable."""
    if not published:
        return 0, 0
    parts = published[:10].split("-")
    try:
        nums = [int(p) for p in parts]
        if len(nums) >= 3:
            d = date(nums[0], nums[1], nums[2]).toordinal()
            return d, d
        if len(nums) == 2:
            lo = date(nums[0], nums[1], 1)
            hi = date(nums[0] + (nums[1] == 12), nums[1] % 12 + 1, 1)
            return lo.toordinal(), hi.toordinal() - 1
        return date(nums[0], 1, 1).toordinal(), date(nums[0], 12, 31).toordinal()
    except (ValueError, IndexError):
        return 0, 0


def day_ordinal(published: str | None) -> int:
    """First day ordinal of an ISO date (YYYY-MM → the 1st); 0 when missing or unreadable."""
    return day_range(published)[0]


class StoryClusterer:
    """Assigns ``Article.story`` and ``Article.copy_of`` over a stream; see the module docstring."""

    def __init__(self, *, window_days: int = 7, threshold: float = 0.1, member_weight: float = 0.0,
                 day_penalty: float = 0.05, embed_weight: float = 0.0, embed_floor: float = 0.3,
                 max_span_days: int = 14, daily: bool = True, outlet_factor: float = 2.0,
                 language: str = "de") -> None:
        if window_days < 1:
            raise PipelineError(f"window_days must be at least 1 (got {window_days}); pass e.g. window_days=7")
        if not 0.0 < threshold < 1.0:
            raise PipelineError(f"threshold must lie between 0 and 1 (got {threshold}); pass e.g. threshold=0.1")
        self.window_days = window_days
        # a story takes no article dated more than this after its first article: stories end, and
        # recurring template reports (daily case counts) do not chain into one months-long story
        self.max_span_days = max_span_days
        self.threshold = threshold
        self.member_weight = member_weight
        self.day_penalty = day_penalty
        if embed_weight < 0:
            raise PipelineError(f"embed_weight must be 0 (off) or positive (got {embed_weight}); pass e.g. 0.5")
        self.embed_weight = embed_weight
        self.embed_floor = embed_floor
        if outlet_factor < 1.0:
            raise PipelineError(f"outlet_factor must be at least 1 (1: off; got {outlet_factor}); pass e.g. 2.0")
        # daily reports (``daily_reports`` in stories.yaml) join and take only articles of their own day
        self.daily = daily
        # a story told so far by one outlet only takes another article of that outlet at
        # threshold × outlet_factor (local sections, columns: one outlet's recurring vocabulary)
        self.outlet_factor = outlet_factor
        self.language = language
        self.clock = 0
        self._window: dict[str, dict[str, Any]] = {}  # id -> {date, terms, sig, n, story, copy_of}
        self._df: Counter[str] = Counter()
        self._copies = CopyIndex()
        self._stories: dict[str, Story] = {}
        self._member_story: dict[str, str] = {}
        self._postings: dict[str, set[str]] = {}  # salient term -> active stories holding it
        self._touched: set[str] = set()
        self._ended: dict[str, dict[str, Any]] = {}

    # ------------------------------------------------------------------ state
    def options(self) -> dict[str, Any]:
        return {"window_days": self.window_days, "threshold": self.threshold,
                "member_weight": self.member_weight, "day_penalty": self.day_penalty, "embed_weight": self.embed_weight,
                "embed_floor": self.embed_floor, "max_span_days": self.max_span_days, "daily": self.daily,
                "outlet_factor": self.outlet_factor, "language": self.language}

    def state(self) -> dict[str, Any]:
        """JSON-serialisable window state: window articles and active stories (bounded by the window)."""
        return {
            "version": STATE_VERSION,
            "options": self.options(),
            "clock": self.clock,
            "window": [
                [aid, w["date"], w["story"], w["copy_of"], w["n"], [int(x) for x in w["sig"]], w["terms"]]
                for aid, w in self._window.items()
            ],
            "stories": [s.to_state() for s in self._stories.values()],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any] | None, **options: Any) -> StoryClusterer:
        """A clusterer that continues from `state` (None: a fresh one). `options` override the saved ones."""
        if state is None:
            return cls(**options)
        if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
            raise PipelineError(
                f"story state version {state.get('version') if isinstance(state, dict) else state!r} is not "
                f"{STATE_VERSION}; re-cluster from the stored articles or start without a saved state"
            )
        obj = cls(**{**state.get("options", {}), **options})
        obj.clock = int(state.get("clock", 0))
        for d in state.get("stories", []):
            s = Story.from_state(d)
            obj._stories[s.id] = s
            for m in s.members:
                obj._member_story[m.id] = s.id
                obj._post(s.id, m.vec)
        for aid, day, sid, copy_of, n, sig, terms in state.get("window", []):
            obj._enter_window(aid, int(day), sid, copy_of, np.asarray(sig, dtype=np.uint32), int(n), list(terms))
        return obj

    def _enter_window(self, aid: str, day: int, sid: str, copy_of: str | None, sig: np.ndarray, n: int,
                      terms: list[str]) -> None:
        self._window[aid] = {"date": day, "story": sid, "copy_of": copy_of, "sig": sig, "n": n, "terms": terms}
        self._df.update(terms)
        self._copies.add(aid, sig, n)

    # ------------------------------------------------------------------ stream
    def known(self, article_id: str) -> bool:
        """Whether this article is already in the window or an active story."""
        return article_id in self._window or article_id in self._member_story

    def add(self, articles: Sequence[Article]) -> list[dict[str, Any]]:
        """Cluster new articles (sets ``story`` and ``copy_of`` on them); return the story records
        created or changed by this call. Articles already seen, and articles that arrive with a story
        and are older than the window, are left as they are."""
        self._touched = set()
        self._ended = {}
        todo: dict[str, Article] = {}
        for a in articles:
            if self.known(a.id):
                continue
            if a.story is not None and day_ordinal(a.published) and \
                    day_ordinal(a.published) < self.clock - self.window_days:
                continue
            todo.setdefault(a.id, a)
        # stream order: by the last day the date may mean (a month-precise date after that month's
        # day-precise ones), then longest text, then id; undated articles last
        order = sorted(todo.values(), key=lambda a: (day_range(a.published)[1] or 10**7, -len(a.text), a.id))
        for a in order:
            self._add_one(a)
        for a in articles:  # the same id twice in one batch: same assignment
            if a.id in todo and a is not todo[a.id]:
                a.story, a.copy_of = todo[a.id].story, todo[a.id].copy_of
        out = dict(self._ended)
        for sid in self._touched:
            if sid in self._stories:
                out[sid] = self._stories[sid].record()
        return [out[k] for k in sorted(out, key=lambda k: (out[k]["first_date"] or "", k))]

    def _add_one(self, a: Article) -> None:
        lo, hi = day_range(a.published)
        # an imprecise date (month, year) is placed at the clock when the clock lies inside it
        day = min(max(self.clock, lo), hi) if lo else self.clock
        if day > self.clock:
            self.clock = day
            self._evict()
        sig, n = signature(a.text)
        counts = term_counts(a, language=self.language)
        n_docs = max(len(self._window), MIN_DOCS)
        idf = {t: math.log((n_docs + 1) / (self._df.get(t, 0) + 1)) + 1.0 for t in counts}
        vec = weigh(counts, idf, 1.0)
        copy_of: str | None = None
        match = self._copies.best(sig, n)
        sid: str | None = None
        if match is not None:
            w = self._window[match.id]
            copy_of = w["copy_of"] or match.id
            sid = w["story"] if w["story"] in self._stories else None
        emb = embedding(a) if self.embed_weight > 0 else None
        if sid is None:
            sid = self._best_story(vec, day, emb, a.source, self.daily and is_daily_report(a.title, self.language))
        if sid is None:
            sid = story_id(a.id)
            self._stories[sid] = Story(sid)
        member = Member(a.id, day, a.source, (a.title or "").strip() or None, lead_sentence(a), vec,
                        names(a, language=self.language), copy_of, emb)
        self._stories[sid].add(member)
        self._member_story[a.id] = sid
        self._post(sid, vec)
        self._touched.add(sid)
        self._enter_window(a.id, day, sid, copy_of, sig, n, sorted(counts))
        a.story, a.copy_of = sid, copy_of

    def score(self, story: Story, vec: dict[str, float], day: int, emb: np.ndarray | None = None) -> float:
        """How well an article fits a story: TF-IDF centroid cosine mixed with the closest member's
        cosine among its latest RECENT_MEMBERS (``member_weight``); plus ``embed_weight`` × the part of
        the same mix over headline+lead embeddings that exceeds ``embed_floor``; less ``day_penalty``
        per day outside the story's date range."""
        recent = story.members[-RECENT_MEMBERS:]
        s = story.similarity(vec)
        if self.member_weight > 0:
            closest = max(cosine(vec, m.vec) for m in recent)
            s = (1 - self.member_weight) * s + self.member_weight * closest
        if emb is not None and self.embed_weight > 0:
            e = story.emb_similarity(emb)
            if self.member_weight > 0:
                closest_e = max((float(emb @ m.emb) for m in recent if m.emb is not None), default=0.0)
                e = (1 - self.member_weight) * e + self.member_weight * closest_e
            s += self.embed_weight * max(0.0, e - self.embed_floor)
        if day and story.first:
            gap = max(story.first - day, day - story.last, 0)
            s -= self.day_penalty * gap
        return s

    def _post(self, sid: str, vec: dict[str, float]) -> None:
        for t in list(vec)[:SALIENT]:
            self._postings.setdefault(t, set()).add(sid)

    def _best_story(self, vec: dict[str, float], day: int, emb: np.ndarray | None = None, outlet: str | None = None,
                    daily: bool = False) -> str | None:
        """The best-scoring active story sharing a salient term with `vec`, if it reaches the threshold
        (raised by ``outlet_factor`` for a one-outlet story of the article's own outlet; a daily report
        only joins, and a daily-report story only takes, articles of the same day)."""
        candidates: set[str] = set()
        for t in list(vec)[:SALIENT]:
            candidates.update(self._postings.get(t, ()))
        best: tuple[float, str] | None = None
        for sid in candidates:
            story = self._stories[sid]
            if day and story.first and (day - story.last > self.window_days or story.first - day > self.window_days
                                        or day - story.first > self.max_span_days):
                continue
            if self.daily and (daily or is_daily_report(story.members[0].title, self.language)) and \
                    not (story.first == story.last == day):
                continue
            need = self.threshold
            if self.outlet_factor != 1.0 and outlet and all(m.source == outlet for m in story.members):
                need *= self.outlet_factor
            s = self.score(story, vec, day, emb)
            if s >= need and (best is None or s > best[0] or (s == best[0] and sid < best[1])):
                best = (s, sid)
        return best[1] if best else None

    def _evict(self) -> None:
        cutoff = self.clock - self.window_days
        gone = {aid for aid, w in self._window.items() if w["date"] < cutoff}
        for aid in sorted(gone):
            w = self._window.pop(aid)
            self._df.subtract(w["terms"])
        if gone:
            self._df = +self._df
            self._copies.remove(gone)
        for sid in [sid for sid, s in self._stories.items() if s.last < cutoff]:
            story = self._stories.pop(sid)
            if sid in self._touched:
                self._ended[sid] = story.record()
            for m in story.members:
                self._member_story.pop(m.id, None)
                for t in list(m.vec)[:SALIENT]:
                    post = self._postings.get(t)
                    if post is not None:
                        post.discard(sid)
                        if not post:
                            del self._postings[t]
