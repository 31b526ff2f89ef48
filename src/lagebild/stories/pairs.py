"""What the same-story model looks at: one article's representation, and the features of a pair.

An article is represented once, when it arrives in the stream (:class:`Rep`): TF-IDF vectors of its
lemmas (whole text with the headline ×3 and the lead ×2; the headline and lead alone; the headline
alone), idf-weighted vectors of the **linked actor ids** of its entity mentions (persons, organisations,
governments …) and of its **places** (``loc:``/``gpe:`` ids), its **event signatures**
(``type|source|target`` of the events stage, actor ids), the multilingual sentence embedding of headline
and lead (optional), its day, outlet and the daily-report and live-blog flags of its headline. Document
frequencies are those of the window at arrival, so a representation never changes afterwards and the
saved state holds it as it was scored.

:func:`pair_features` turns a new article and earlier ones into the feature rows the pair model
(:mod:`.model`) scores; :data:`FEATURES` names the columns.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from ..model import Article
from .features import WORD, _word_term, cosine, is_daily_report, lang_data, weigh

#: entity mentions inside this many characters of the body count as lead mentions (×2)
LEAD_CHARS = 600
#: ids whose prefix marks a place (the rest of the linked ids are actors)
PLACE_PREFIXES = ("loc:", "gpe:")
#: prefix of actor ids in the window's document frequencies (beside the lemma terms)
ACTOR_TERM = "@"
EVENT_TYPES_SKIPPED = frozenset()

FEATURES: tuple[str, ...] = (
    "tfidf",            # cosine of the lemma TF-IDF vectors (headline ×3, lead ×2, body)
    "lead",             # cosine of headline + lead vectors
    "title",            # cosine of the headline vectors
    "actors",           # idf-weighted cosine of linked actor ids
    "places",           # idf-weighted cosine of linked place ids
    "events",           # log(1 + shared type|source|target event signatures)
    "events_partial",   # log(1 + shared type|actor signatures)
    "embedding",        # cosine of headline+lead sentence embeddings (0 when off)
    "gap",              # days between the two articles (capped at 7)
    "same_day",
    "same_outlet",
    "daily_other_day",  # one is a daily report (case figures, markets, digest) and the days differ
    "daily_both",       # both are daily reports
    "live",             # one of them is a live blog / ticker
    "short",            # the shorter article has few terms (< 40): cosines are noisy
)


@dataclass(slots=True)
class Rep:
    """One article as the story model sees it (see the module docstring)."""

    id: str
    day: int
    outlet: str | None
    vec: dict[str, float]
    lead: dict[str, float]
    title: dict[str, float]
    actors: dict[str, float]
    places: dict[str, float]
    events: frozenset[str]
    partial: frozenset[str]
    daily: bool = False
    live: bool = False
    n_terms: int = 0
    emb: np.ndarray | None = None
    names: dict[str, int] = field(default_factory=dict)

    def to_state(self) -> dict[str, Any]:
        from .embed import encode_state

        return {"id": self.id, "day": self.day, "outlet": self.outlet, "vec": self.vec, "lead": self.lead,
                "title": self.title, "actors": self.actors, "places": self.places, "events": sorted(self.events),
                "partial": sorted(self.partial), "daily": self.daily, "live": self.live, "n_terms": self.n_terms,
                "emb": encode_state(self.emb) if self.emb is not None else None, "names": self.names}

    @classmethod
    def from_state(cls, d: Mapping[str, Any]) -> Rep:
        from .embed import decode_state

        return cls(str(d["id"]), int(d["day"]), d.get("outlet"), dict(d["vec"]), dict(d["lead"]), dict(d["title"]),
                   dict(d["actors"]), dict(d["places"]), frozenset(d["events"]), frozenset(d["partial"]),
                   bool(d["daily"]), bool(d["live"]), int(d["n_terms"]),
                   decode_state(d["emb"]) if d.get("emb") else None, dict(d.get("names") or {}))


@lru_cache(maxsize=4)
def _live_pattern(language: str) -> re.Pattern[str] | None:
    from ..nlp.lang import load

    pats = [str(p) for p in (load(language, "stories").get("live_blogs") or [])]
    return re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE) if pats else None


@lru_cache(maxsize=4096)
def is_live_blog(headline: str | None, language: str = "de") -> bool:
    """Whether a headline announces a live blog or ticker (``live_blogs`` in stories.yaml)."""
    pat = _live_pattern(language)
    return bool(headline and pat is not None and pat.search(headline[:300]))


def lead_counts(article: Article, *, language: str = "de") -> tuple[Counter[str], Counter[str]]:
    """Term counts of headline + teaser + the first LEAD_CHARS of the body, and of the headline alone."""
    lead: Counter[str] = Counter()
    title: Counter[str] = Counter()
    for text, target in ((article.title or "", title), (article.teaser or "", None),
                         (article.text[:LEAD_CHARS], None)):
        for w in WORD.findall(text):
            t = _word_term(w, language)
            if t:
                lead[t[0]] += t[1]
                if target is not None:
                    target[t[0]] += t[1]
    return lead, title


def actor_counts(article: Article) -> tuple[Counter[str], Counter[str]]:
    """Linked actor ids and place ids of the entity mentions (a mention in the lead counts twice)."""
    actors: Counter[str] = Counter()
    places: Counter[str] = Counter()
    for e in article.entities:
        if not e.actor_id:
            continue
        w = 2.0 if e.start < LEAD_CHARS else 1.0
        (places if e.actor_id.startswith(PLACE_PREFIXES) else actors)[e.actor_id] += w
    return actors, places


def event_signatures(article: Article) -> tuple[frozenset[str], frozenset[str]]:
    """``type|source|target`` of the events with both actors, and ``type|actor`` of every event with one,
    negated events left out."""
    full: set[str] = set()
    partial: set[str] = set()
    for e in article.events:
        if e.negated:
            continue
        src, tgt = e.source or e.source_code, e.target or e.target_code
        if src and tgt:
            full.add(f"{e.type}|{src}|{tgt}")
        for who in (src, tgt):
            if who:
                partial.add(f"{e.type}|{who}")
    return frozenset(full), frozenset(partial)


def idf_weighted(counts: Mapping[str, float], idf: Mapping[str, float], *, prefix: str = "") -> dict[str, float]:
    """Unit-length vector of sublinear counts × idf (idf looked up with `prefix` + key)."""
    vec = {k: (1.0 + math.log(c)) * idf[prefix + k] for k, c in counts.items() if c > 0}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {k: round(v / norm, 5) for k, v in sorted(vec.items())}


def window_terms(counts: Counter[str], actors: Counter[str], places: Counter[str]) -> list[str]:
    """The keys an article adds to the window's document frequencies: lemma terms and actor/place ids."""
    return sorted([*counts, *(ACTOR_TERM + k for k in actors), *(ACTOR_TERM + k for k in places)])


def represent(article: Article, day: int, df: Mapping[str, int], n_docs: int, *, counts: Counter[str],
              actors: Counter[str], places: Counter[str], names: dict[str, int], emb: np.ndarray | None,
              language: str = "de") -> Rep:
    """The article's :class:`Rep` with idf from the window's document frequencies `df` over `n_docs`."""
    lead, title = lead_counts(article, language=language)
    keys = set(counts) | set(lead) | {ACTOR_TERM + k for k in actors} | {ACTOR_TERM + k for k in places}
    idf = {t: math.log((n_docs + 1) / (df.get(t, 0) + 1)) + 1.0 for t in keys}
    full, partial = event_signatures(article)
    return Rep(
        id=article.id, day=day, outlet=article.source,
        vec=weigh(counts, idf, 1.0), lead=weigh(lead, idf, 1.0), title=weigh(title, idf, 1.0),
        actors=idf_weighted(actors, idf, prefix=ACTOR_TERM), places=idf_weighted(places, idf, prefix=ACTOR_TERM),
        events=full, partial=partial,
        daily=is_daily_report(article.title, language), live=is_live_blog(article.title, language),
        n_terms=len(counts), emb=emb, names=names,
    )


def pair_features(a: Rep, others: Sequence[Rep]) -> np.ndarray:
    """Feature rows (len(others) × len(FEATURES)) of the pairs (a, b) for b in `others`."""
    out = np.zeros((len(others), len(FEATURES)), dtype=np.float64)
    if not others:
        return out
    embs = [b.emb for b in others]
    if a.emb is not None and all(e is not None for e in embs):
        out[:, 7] = np.stack(embs) @ a.emb  # type: ignore[arg-type]
    for i, b in enumerate(others):
        gap = min(abs(a.day - b.day), 7) if a.day and b.day else 0
        daily_any = a.daily or b.daily
        row = out[i]
        row[0] = cosine(a.vec, b.vec)
        row[1] = cosine(a.lead, b.lead)
        row[2] = cosine(a.title, b.title)
        row[3] = cosine(a.actors, b.actors)
        row[4] = cosine(a.places, b.places)
        row[5] = math.log1p(len(a.events & b.events))
        row[6] = math.log1p(len(a.partial & b.partial))
        row[8] = gap
        row[9] = gap == 0
        row[10] = bool(a.outlet) and a.outlet == b.outlet
        row[11] = daily_any and gap > 0
        row[12] = a.daily and b.daily
        row[13] = a.live or b.live
        row[14] = min(a.n_terms, b.n_terms) < 40
    return out


__all__ = ["FEATURES", "Rep", "actor_counts", "event_signatures", "is_live_blog", "lang_data", "pair_features",
           "represent", "window_terms"]
