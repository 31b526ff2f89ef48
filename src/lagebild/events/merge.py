"""Merging events across the articles of one story, GDELT-style: one event, every mention kept.

Two mentions are the same event when source, type, target, negation and day (or coarser date) agree.
A month-precision article is dated from the story's other articles when they allow it: the day most of
them give inside that month becomes its reference date, and its date expressions are resolved again.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..model import Article, Event
from .dates import resolve


@dataclass(slots=True)
class _Mention:
    article: Article
    event: Event
    date: str | None
    granularity: str | None
    idx: int  # position of the event in article.events


def _story_day(articles: Sequence[Article], month: str) -> date | None:
    days = Counter(
        a.published for a in articles if a.published_precision == "day" and a.published and a.published.startswith(month)
    )
    if not days:
        return None
    best = sorted(days.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    y, m, d = (int(x) for x in best[:10].split("-"))
    return date(y, m, d)


def refine_dates(articles: Sequence[Article]) -> list[_Mention]:
    """Every event of ``articles`` (one story) with its date refined where the story allows it."""
    out: list[_Mention] = []
    for a in articles:
        ref = None
        if a.published_precision == "month" and a.published:
            ref = _story_day([b for b in articles if b is not a], a.published[:7])
        for idx, e in enumerate(a.events):
            d, g = e.date, e.date_granularity
            if ref is not None:
                if e.date_text:
                    got = resolve(e.date_text, ref, tense="future" if e.modality in {"future", "intent"} else "past")
                    if got is not None and (g != "day" or got[1] == "day"):
                        d, g = got
                elif g == "month" and d == a.published:
                    d, g = ref.isoformat(), "day"
            out.append(_Mention(a, e, d, g, idx))
    return out


def refine_article_dates(story_articles: Sequence[Article], only: Sequence[Article] | None = None) -> int:
    """Write the story-refined dates back onto the articles' own events (of ``only``, if given: the new
    articles of a run; stored ones keep what was stored). Returns how many event dates became finer."""
    keep = None if only is None else {id(a) for a in only}
    n = 0
    for m in refine_dates(story_articles):
        if keep is not None and id(m.article) not in keep:
            continue
        e = m.event
        if (m.date, m.granularity) != (e.date, e.date_granularity):
            e.date, e.date_granularity = m.date, m.granularity
            n += 1
    return n


def _day_key(d: str | None) -> str | None:
    return d.split("T", 1)[0] if d else None


def _event_id(key: tuple[Any, ...]) -> str:
    h = hashlib.sha256("\x1f".join("" if k is None else str(k) for k in key).encode("utf-8"))
    return "e" + h.hexdigest()[:15]


def _outlet(a: Article, by_id: dict[str, Article]) -> str:
    root = a.copy_of or a.id
    orig = by_id.get(root)
    if orig is not None and orig.source:
        return orig.source
    return a.source if not a.copy_of and a.source else root


def merge_events(articles: Sequence[Article]) -> list[dict[str, Any]]:
    """One record per distinct (story, source, type, target, negation, date, modality unless asserted) with
    all its mentions; its confidence is the highest of theirs, and it is shown when one of them is.

    Articles without a story form a story of their own. Records are sorted by date, then id.
    """
    by_story: dict[str, list[Article]] = {}
    for a in articles:
        by_story.setdefault(a.story or a.id, []).append(a)
    by_id = {a.id: a for a in articles}
    records: list[dict[str, Any]] = []
    for story, arts in by_story.items():
        groups: dict[tuple[Any, ...], list[_Mention]] = {}
        for m in refine_dates(arts):
            e = m.event
            key = (story, e.source or e.source_code, e.type, e.target or e.target_code, e.negated, _day_key(m.date))
            if e.modality != "asserted":  # a suspected or demanded act is never merged into an asserted one
                key += (e.modality,)
            groups.setdefault(key, []).append(m)
        for key, ms in groups.items():
            first = ms[0].event
            locs = Counter(m.event.location for m in ms if m.event.location and m.event.location_source == "sentence")
            if not locs:
                locs = Counter(m.event.location for m in ms if m.event.location)
            modes = Counter(m.event.mode for m in ms if m.event.mode)
            fine = max(ms, key=lambda m: len(m.date or ""))
            records.append(
                {
                    "id": _event_id(key),
                    "type": first.type,
                    "mode": modes.most_common(1)[0][0] if modes else None,
                    "source": first.source,
                    "source_code": next((m.event.source_code for m in ms if m.event.source_code), None),
                    "target": first.target,
                    "target_code": next((m.event.target_code for m in ms if m.event.target_code), None),
                    "negated": first.negated,
                    "modality": first.modality,
                    "confidence": max(m.event.confidence for m in ms),
                    "shown": any(m.event.shown for m in ms),
                    "date": fine.date,
                    "date_granularity": fine.granularity,
                    "location": locs.most_common(1)[0][0] if locs else None,
                    "story": story,
                    "num_articles": len({m.article.id for m in ms}),
                    "num_sources": len({_outlet(m.article, by_id) for m in ms}),
                    "mentions": [
                        {
                            "article_id": m.article.id,
                            "idx": m.idx,
                            "start": m.event.start,
                            "end": m.event.end,
                            "sentence_start": m.event.sentence_start,
                            "sentence_end": m.event.sentence_end,
                            "trigger": m.article.span_text(m.event.start, m.event.end),
                            "confidence": m.event.confidence,
                            "shown": m.event.shown,
                        }
                        for m in ms
                    ],
                }
            )
    records.sort(key=lambda r: (r["date"] or "", r["id"]))
    return records
