"""Stream story clustering with copy groups, inside a sliding time window, decided by a learned
same-story model.

Articles are processed one at a time in stream order (within a batch: date, then longest text, then
id). Each article

1. is compared (MinHash containment, :mod:`.copies`) with the window's articles; an edited copy joins
   its original's story and gets ``copy_of`` = the group's original (the first of its members in stream
   order: the earliest date, then the longest text, then the smallest id);
2. otherwise is represented once (:func:`.pairs.represent`: TF-IDF vectors with the window's document
   frequencies, linked actor and place ids, event signatures, headline+lead embedding, flags) and compared
   with the members of the active stories inside the window that share one of its salient terms or
   linked actors. The pair model (:mod:`.model`) gives a calibrated same-story probability per pair; a
   story's probability is its best member's. The article joins the most probable story when that
   probability reaches ``threshold`` (chosen on the development weeks for pairwise precision ≥ 0.85),
   otherwise it founds a story. A daily report (case figures, market report, digest) only joins, and a
   story founded by one only takes, articles of its own day.

The clock is the latest article date seen. Articles older than ``window_days`` before the clock leave
the window (document frequencies, copy signatures, candidate index) and stories whose last article is
that old end. Everything the next call needs is in :meth:`StoryClusterer.state` (JSON; bounded by the
window), so adding a day never recomputes history, and the same input gives the same ids.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np

from ..errors import PipelineError
from ..model import Article
from .copies import CopyIndex, signature
from .embed import embed_many, embedding
from .features import is_daily_report, lead_sentence, names, term_counts
from .model import PairModel, load_model
from .pairs import ACTOR_TERM, Rep, actor_counts, pair_features, represent, window_terms
from .records import Member, Story, story_id

log = logging.getLogger(__name__)

STATE_VERSION = 2
#: document-frequency floor: with fewer window articles the idf stays flat
MIN_DOCS = 20
#: the heaviest terms of a vector that index window articles for candidate search
SALIENT = 30
#: an article is compared with at most this many window members: those with the largest overlap of
#: salient terms and linked actors (an inverted-index estimate of the TF-IDF and actor cosines)
MAX_CANDIDATES = 60
#: with ``aggregate`` other than ``max``, a candidate story is compared through its latest window members
STORY_MEMBERS = 20
AGGREGATES = ("max", "mean", "second")
#: top features kept per join (the record's ``joins``)
WHY_FEATURES = 3
#: options of the previous, hand-set clusterer: accepted (old saved states and callers) and ignored
LEGACY_OPTIONS = frozenset({"member_weight", "day_penalty", "embed_weight", "embed_floor", "outlet_factor"})


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


def stream_order(articles: Sequence[Article]) -> list[Article]:
    """Stream order: by the last day the date may mean (a month-precise date after that month's
    day-precise ones), then longest text, then id; undated articles last."""
    return sorted(articles, key=lambda a: (day_range(a.published)[1] or 10**7, -len(a.text), a.id))


class StoryClusterer:
    """Assigns ``Article.story`` and ``Article.copy_of`` over a stream; see the module docstring.

    ``model``: a :class:`.model.PairModel`, a path to a model file, or None for the shipped model;
    ``threshold``: the calibrated probability a join needs (None: the model's, chosen on dev);
    ``rep_cache``: a dict shared by several runs over **the same stream** (threshold sweeps), which keeps
    each article's representation — it depends on the window, not on the assignment — between runs;
    ``embed_workers``: threads that encode a batch's headline+lead embeddings before the (sequential)
    clustering."""

    def __init__(self, *, window_days: int = 7, threshold: float | None = None, max_span_days: int = 14,
                 daily: bool = True, model: PairModel | str | None = None, language: str = "de",
                 rep_cache: dict[str, Any] | None = None, embed_workers: int = 2, aggregate: str | None = None,
                 **legacy: Any) -> None:
        unknown = set(legacy) - LEGACY_OPTIONS
        if unknown:
            raise PipelineError(f"unknown StoryClusterer option(s) {', '.join(sorted(unknown))}; the options are "
                                "window_days, threshold, max_span_days, daily, model, language")
        if legacy:
            log.info("stories: options %s belong to the previous clusterer and are ignored", sorted(legacy))
        if window_days < 1:
            raise PipelineError(f"window_days must be at least 1 (got {window_days}); pass e.g. window_days=7")
        self.model = model if isinstance(model, PairModel) else load_model(model)
        self._model_path = model if isinstance(model, str) else None
        threshold = self.model.threshold if threshold is None else threshold
        if not 0.0 < threshold < 1.0:
            raise PipelineError(f"threshold must lie between 0 and 1 (got {threshold}); pass e.g. threshold=0.5")
        self.aggregate = aggregate or self.model.aggregate
        if self.aggregate not in AGGREGATES:
            raise PipelineError(f"aggregate must be one of {', '.join(AGGREGATES)} (got {self.aggregate!r})")
        self.window_days = window_days
        # a story takes no article dated more than this after its first article
        self.max_span_days = max_span_days
        self.threshold = threshold
        self.daily = daily
        self.language = language
        self._rep_cache = rep_cache
        self.embed_workers = embed_workers
        self.clock = 0
        self._window: dict[str, dict[str, Any]] = {}  # id -> {date, story, copy_of, sig, n, terms}
        self._df: Counter[str] = Counter()
        self._copies = CopyIndex()
        self._stories: dict[str, Story] = {}
        self._member_story: dict[str, str] = {}
        self._members: dict[str, Member] = {}  # window members by article id
        self._postings: dict[str, dict[str, float]] = {}  # salient term or actor id -> {window article: weight}
        self._touched: set[str] = set()
        self._ended: dict[str, dict[str, Any]] = {}

    # ------------------------------------------------------------------ state
    def options(self) -> dict[str, Any]:
        return {"window_days": self.window_days, "threshold": self.threshold, "max_span_days": self.max_span_days,
                "daily": self.daily, "language": self.language, "aggregate": self.aggregate,
                "model_version": self.model.version}

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
        """A clusterer that continues from `state` (None: a fresh one). `options` override the saved ones.

        A state of the previous, hand-set clusterer (version 1) holds no model representations: the
        clusterer starts with an empty window (stories stored before keep their articles; new articles
        found new stories) and logs that it did."""
        if state is None:
            return cls(**options)
        if isinstance(state, dict) and state.get("version") == 1:
            log.warning("stories: the saved story state is of the previous clusterer (version 1); starting with "
                        "an empty window (re-cluster the stored articles to join new articles to older stories)")
            return cls(**options)
        if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
            raise PipelineError(
                f"story state version {state.get('version') if isinstance(state, dict) else state!r} is not "
                f"{STATE_VERSION}; re-cluster from the stored articles or start without a saved state"
            )
        saved = {k: v for k, v in state.get("options", {}).items() if k not in LEGACY_OPTIONS | {"model_version"}}
        obj = cls(**{**saved, **options})
        obj.clock = int(state.get("clock", 0))
        for d in state.get("stories", []):
            s = Story.from_state(d)
            obj._stories[s.id] = s
            for m in s.members:
                obj._member_story[m.id] = s.id
        for aid, day, sid, copy_of, n, sig, terms in state.get("window", []):
            obj._enter_window(aid, int(day), sid, copy_of, np.asarray(sig, dtype=np.uint32), int(n), list(terms))
            story = obj._stories.get(sid)
            member = next((m for m in story.members if m.id == aid), None) if story else None
            if member is not None:
                obj._index(member)
        return obj

    def _enter_window(self, aid: str, day: int, sid: str, copy_of: str | None, sig: np.ndarray, n: int,
                      terms: list[str]) -> None:
        self._window[aid] = {"date": day, "story": sid, "copy_of": copy_of, "sig": sig, "n": n, "terms": terms}
        self._df.update(terms)
        self._copies.add(aid, sig, n)

    def _index(self, m: Member) -> None:
        self._members[m.id] = m
        for key, w in _index_keys(m.rep):
            self._postings.setdefault(key, {})[m.id] = w

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
        order = stream_order(list(todo.values()))
        if self.model.embedding:
            embed_many([a for a in order if self._rep_cache is None or self._cache_key(a) not in self._rep_cache],
                       workers=self.embed_workers)
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

    def _prepare(self, a: Article) -> tuple[int, np.ndarray, int, list[str], Rep]:
        """Advance the clock to the article's day and represent it against the current window:
        (day, MinHash signature, shingle count, window terms, representation)."""
        lo, hi = day_range(a.published)
        # an imprecise date (month, year) is placed at the clock when the clock lies inside it
        day = min(max(self.clock, lo), hi) if lo else self.clock
        if day > self.clock:
            self.clock = day
            self._evict()
        key = self._cache_key(a)
        if self._rep_cache is not None and key in self._rep_cache:
            return (day, *self._rep_cache[key])
        sig, n = signature(a.text)
        counts = term_counts(a, language=self.language)
        actors, places = actor_counts(a)
        emb = embedding(a) if self.model.embedding else None
        rep = represent(a, day, self._df, max(len(self._window), MIN_DOCS), counts=counts, actors=actors,
                        places=places, names=names(a, language=self.language), emb=emb, language=self.language)
        out = (sig, n, window_terms(counts, actors, places), rep)
        if self._rep_cache is not None:
            self._rep_cache[key] = out
        return (day, *out)

    def _cache_key(self, a: Article) -> str:
        return f"{a.id}|{self.window_days}|{self.model.embedding}"

    def _add_one(self, a: Article) -> None:
        day, sig, n, terms, rep = self._prepare(a)
        copy_of: str | None = None
        match = self._copies.best(sig, n)
        sid: str | None = None
        member = Member(rep, (a.title or "").strip() or None, lead_sentence(a))
        if match is not None:
            w = self._window[match.id]
            copy_of = w["copy_of"] or match.id
            sid = w["story"] if w["story"] in self._stories else None
            if sid is not None:
                member.how, member.copy_of = "copy", copy_of
        member.copy_of = copy_of
        if sid is None:
            best = self._best_story(rep)
            if best is not None:
                sid, member.p, member.matched, member.top = best
                member.how = "model"
        if sid is None:
            sid = story_id(a.id)
            self._stories[sid] = Story(sid)
        self._stories[sid].add(member)
        self._member_story[a.id] = sid
        self._touched.add(sid)
        self._enter_window(a.id, day, sid, copy_of, sig, n, terms)
        self._index(member)
        a.story, a.copy_of = sid, copy_of

    def candidates(self, rep: Rep) -> dict[str, list[Member]]:
        """The MAX_CANDIDATES window members that share most salient-term and actor weight with `rep`,
        by story, of the stories the rules let the article join."""
        overlap: dict[str, float] = {}
        for key, w in _index_keys(rep):
            for mid, v in self._postings.get(key, {}).items():
                overlap[mid] = overlap.get(mid, 0.0) + w * v
        best = sorted(overlap, key=lambda mid: (-overlap[mid], mid))[:MAX_CANDIDATES]
        by_story: dict[str, list[Member]] = {}
        for mid in best:
            sid = self._member_story.get(mid)
            if sid is not None and sid in self._stories:
                by_story.setdefault(sid, []).append(self._members[mid])
        day = rep.day
        out: dict[str, list[Member]] = {}
        for sid, members in by_story.items():
            story = self._stories[sid]
            if day and story.first and (day - story.last > self.window_days or story.first - day > self.window_days
                                        or day - story.first > self.max_span_days):
                continue
            if self.daily and (rep.daily or story.members[0].rep.daily) and not (story.first == story.last == day):
                continue
            if self.aggregate != "max":  # the story's other window members count too
                members = [m for m in story.members if m.id in self._members][-STORY_MEMBERS:]
            out[sid] = sorted(members, key=lambda m: (m.date, m.id))
        return out

    def _best_story(self, rep: Rep) -> tuple[str, float, str, list[tuple[str, float]]] | None:
        """The most probable candidate story if its probability reaches the threshold:
        (story id, probability, best-matching member, top features)."""
        cands = self.candidates(rep)
        if not cands:
            return None
        order = sorted(cands)
        flat = [m for sid in order for m in cands[sid]]
        X = pair_features(rep, [m.rep for m in flat])
        p = self.model.proba(X)
        best: tuple[float, str, int] | None = None
        i = 0
        for sid in order:
            k = len(cands[sid])
            j = i + int(np.argmax(p[i : i + k]))
            score = round(float(_aggregate(p[i : i + k], self.aggregate)), 6)
            if best is None or score > best[0]:
                best = (score, sid, j)
            i += k
        if best is None or best[0] < self.threshold:
            return None
        score, sid, j = best
        top = [(n, v) for n, v in self.model.contributions(X[j]) if v > 0][:WHY_FEATURES]
        return sid, score, flat[j].id, top

    def _evict(self) -> None:
        cutoff = self.clock - self.window_days
        gone = {aid for aid, w in self._window.items() if w["date"] < cutoff}
        for aid in sorted(gone):
            w = self._window.pop(aid)
            self._df.subtract(w["terms"])
            m = self._members.pop(aid, None)
            if m is not None:
                for key, _ in _index_keys(m.rep):
                    post = self._postings.get(key)
                    if post is not None:
                        post.pop(aid, None)
                        if not post:
                            del self._postings[key]
        if gone:
            self._df = +self._df
            self._copies.remove(gone)
        for sid in [sid for sid, s in self._stories.items() if s.last < cutoff]:
            story = self._stories.pop(sid)
            if sid in self._touched:
                self._ended[sid] = story.record()
            for m in story.members:
                self._member_story.pop(m.id, None)


def _aggregate(p: np.ndarray, how: str) -> float:
    """A story's probability from its members' pair probabilities: the best (``max``), their mean
    (``mean``), or the second best when there are two or more (``second``: two members must agree)."""
    if how == "mean":
        return float(p.mean())
    if how == "second" and len(p) > 1:
        return float(np.sort(p)[-2])
    return float(p.max())


def _index_keys(rep: Rep) -> list[tuple[str, float]]:
    """Candidate-search keys of a representation with their weights: its SALIENT heaviest terms and its
    linked actors."""
    return [*list(rep.vec.items())[:SALIENT], *((ACTOR_TERM + k, v) for k, v in rep.actors.items())]


def featurize(articles: Sequence[Article], *, window_days: int = 7, model: PairModel | None = None,
              embeddings: bool = True, language: str = "de") -> list[Rep]:
    """The representations the clusterer gives `articles` in stream order (document frequencies of the
    window at each arrival), without clustering: what the trainer pairs up. Every article is its own
    story here; the window's document frequencies do not depend on the assignment."""
    from .model import PairModel as _PM

    dummy = model or _PM((), np.zeros(0), np.ones(0), np.zeros(0), 0.0, embedding=embeddings)
    c = StoryClusterer(window_days=window_days, model=dummy, threshold=0.5, language=language)
    out: list[Rep] = []
    for a in stream_order(list({a.id: a for a in articles}.values())):
        day, sig, n, terms, rep = c._prepare(a)
        c._enter_window(a.id, day, a.id, None, sig, n, terms)
        out.append(rep)
    return out
