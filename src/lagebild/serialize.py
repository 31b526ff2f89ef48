"""Articles as rows and back: the store's table rows, and a compact form for moving analysed articles
between processes.

This module knows the model and the table layouts; it does not know the store (the store imports it).

- :func:`article_rows` turns analysed articles into the rows of ``articles`` and its child tables.
- :func:`articles_from_rows` rebuilds :class:`Article` objects from such rows (the inverse).
- :func:`pack` / :func:`unpack` carry an analysed article from a worker to the parent as plain tuples and
  lists: pickling them costs about a quarter of pickling the object graph (one small object per token),
  and the pickle is half the size.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, fields
from datetime import datetime
from typing import Any

import pandas as pd

from .model import Article, Entity, Event, Quote, Related, Sentence, Token

# ------------------------------------------------------------------ table layouts
ARTICLE_COLUMNS = (
    "id", "doc_key", "external_id", "path", "record", "source", "url", "title", "teaser", "dateline",
    "published", "published_precision", "published_date", "authors", "tags", "related", "language",
    "language_confidence", "text", "n_tokens", "story", "copy_of", "meta", "stages", "run_id", "stored_at",
)
CHILD_COLUMNS: dict[str, tuple[str, ...]] = {
    "sentences": ("article_id", "idx", "start_char", "end_char"),
    "tokens": ("article_id", "idx", "sent", "start_char", "end_char", "pos", "lemma"),
    "entities": ("article_id", "idx", "start_char", "end_char", "text", "label", "actor_id", "actor_code",
                 "canonical", "source", "confidence", "actor_type"),
    "quotes": ("article_id", "idx", "start_char", "end_char", "kind", "text", "speaker", "speaker_actor_id",
               "speaker_text", "speaker_start", "speaker_end", "cue", "cue_start", "cue_end", "addressee",
               "confidence", "rule"),
    "event_mentions": ("article_id", "idx", "event_id", "type", "mode", "source", "source_code", "source_text",
                       "target", "target_code", "target_text", "date", "date_granularity", "date_text", "location",
                       "location_source", "negated", "modality", "claimant", "trigger", "start_char", "end_char",
                       "sentence_start", "sentence_end", "confidence", "evidence", "shown"),
    "terms": ("article_id", "term"),
}
#: child tables written per article (deleted with it)
ARTICLE_TABLES = tuple(CHILD_COLUMNS)
WORD = re.compile(r"\w[\w-]*\w|\w", re.UNICODE)


def search_terms(text: str) -> list[str]:
    """The index terms of a query or title: lower-cased words of two or more characters."""
    return [w for w in (m.group(0).lower() for m in WORD.finditer(text or "")) if len(w) >= 2]


def to_json(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, default=str)


def doc_key(a: Article) -> str:
    """What identifies 'the same document' across versions of its text."""
    if a.external_id:
        return f"{a.source or ''}|id:{a.external_id}"
    if a.url:
        return f"url:{a.url}"
    if a.path:
        return f"path:{a.path}#{a.record or 0}"
    return f"id:{a.id}"


def published_date(a: Article) -> str | None:
    p = a.published
    if not p:
        return None
    if len(p) == 4:
        return f"{p}-01-01"
    if len(p) == 7:
        return f"{p}-01"
    return p[:10]


def index_terms(a: Article) -> list[str]:
    """The word-index terms of one article: token forms and lemmas (plain words when not analysed) and the
    title's words."""
    words = {a.text[t.start:t.end].lower() for t in a.tokens} | {t.lemma.lower() for t in a.tokens if t.lemma}
    words.update(search_terms(a.title or ""))
    if not a.tokens:  # not analysed (other language): index the plain words
        words.update(search_terms(a.text))
    return [w for w in sorted(words) if len(w) >= 2 and any(c.isalnum() for c in w)]


def article_rows(articles: Sequence[Article], *, run_id: str | None, now: datetime) -> dict[str, pd.DataFrame]:
    """The rows of ``articles`` and every child table for `articles`, as one DataFrame per table."""
    arts: list[dict[str, Any]] = []
    rows: dict[str, list[tuple]] = {t: [] for t in CHILD_COLUMNS}
    for a in articles:
        rows["terms"].extend((a.id, w) for w in index_terms(a))
        arts.append({
            "id": a.id, "doc_key": doc_key(a), "external_id": a.external_id, "path": a.path,
            "record": a.record, "source": a.source, "url": a.url, "title": a.title,
            "teaser": a.teaser, "dateline": a.dateline, "published": a.published,
            "published_precision": a.published_precision,
            "published_date": published_date(a), "authors": to_json(a.authors),
            "tags": to_json(a.tags), "related": to_json([asdict(r) for r in a.related]),
            "language": a.language, "language_confidence": a.language_confidence,
            "text": a.text, "n_tokens": len(a.tokens), "story": a.story, "copy_of": a.copy_of,
            "meta": to_json(a.meta), "stages": to_json(a.done), "run_id": run_id, "stored_at": now,
        })
        rows["sentences"].extend((a.id, i, s.start, s.end) for i, s in enumerate(a.sentences))
        rows["tokens"].extend((a.id, i, t.sent, t.start, t.end, t.pos, t.lemma) for i, t in enumerate(a.tokens))
        rows["entities"].extend(
            (a.id, i, e.start, e.end, a.text[e.start:e.end], e.label, e.actor_id, e.actor_code, e.canonical,
             e.source, e.confidence, e.actor_type) for i, e in enumerate(a.entities))
        rows["quotes"].extend(
            (a.id, i, q.start, q.end, q.kind, a.text[q.start:q.end], q.speaker, q.speaker_actor_id,
             a.span_text(q.speaker_start, q.speaker_end) or None, q.speaker_start, q.speaker_end, q.cue,
             q.cue_start, q.cue_end, q.addressee, q.confidence, q.rule) for i, q in enumerate(a.quotes))
        rows["event_mentions"].extend(
            (a.id, i, None, e.type, e.mode, e.source, e.source_code, e.source_text, e.target, e.target_code,
             e.target_text, e.date, e.date_granularity, e.date_text, e.location, e.location_source, e.negated,
             e.modality, e.claimant, a.text[e.start:e.end], e.start, e.end, e.sentence_start, e.sentence_end,
             e.confidence, to_json(e.evidence), e.shown) for i, e in enumerate(a.events))
    art_df = pd.DataFrame(arts, columns=list(ARTICLE_COLUMNS))
    art_df["published_date"] = pd.to_datetime(art_df["published_date"], errors="coerce").dt.date
    out = {"articles": art_df}
    out.update({t: pd.DataFrame(r, columns=list(CHILD_COLUMNS[t])) for t, r in rows.items()})
    return out


# ------------------------------------------------------------------ rows → articles
def _load(v: Any, default: Any) -> Any:
    if v is None or (isinstance(v, float) and v != v):
        return default
    if isinstance(v, str):
        return json.loads(v)
    return v


def _none(v: Any) -> Any:
    """pandas gives NaN for missing numbers/strings; turn those back into None."""
    if v is None:
        return None
    try:
        if v != v:  # NaN
            return None
    except (TypeError, ValueError):
        return v
    return v


def _int(v: Any) -> int | None:
    v = _none(v)
    return None if v is None else int(v)


#: the annotation layers that can be left out when rebuilding (``layers`` of :func:`articles_from_rows`)
LAYERS = ("sentences", "tokens", "entities", "quotes", "event_mentions")

Query = Callable[[str, list], pd.DataFrame]


def articles_from_rows(query: Query, ids: Sequence[str] | None = None, *,
                       layers: Sequence[str] = LAYERS) -> list[Article]:
    """Rebuild articles from stored rows; `query(sql, params)` returns a DataFrame. `layers` names the
    annotation tables to read (the others stay empty: ``("event_mentions",)`` is what event merging needs)."""
    where, params = "", []
    if ids is not None:
        if not ids:
            return []
        where = f"WHERE {{col}} IN ({', '.join('?' for _ in ids)})"
        params = list(ids)

    def q(table: str, col: str, order: str) -> Any:
        return query(f"SELECT * FROM {table} {where.format(col=col)} ORDER BY {order}", params)

    arts = q("articles", "id", "published_date NULLS LAST, id")
    children: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for table in layers:
        for row in q(table, "article_id", "article_id, idx").to_dict("records"):
            children[row["article_id"]][table].append(row)
    return [_article(r, children[r["id"]]) for r in arts.to_dict("records")]


def _article(r: dict[str, Any], c: dict[str, list]) -> Article:
    a = Article(
        text=r["text"], id=r["id"], external_id=_none(r["external_id"]), path=_none(r["path"]),
        record=_int(r["record"]), source=_none(r["source"]), url=_none(r["url"]),
        title=_none(r["title"]), teaser=_none(r["teaser"]), dateline=_none(r["dateline"]),
        published=_none(r["published"]), published_precision=_none(r["published_precision"]),
        authors=_load(r["authors"], []), tags=_load(r["tags"], []),
        related=[Related(**x) for x in _load(r["related"], [])],
        language=_none(r["language"]), language_confidence=_none(r["language_confidence"]),
        meta=_load(r["meta"], {}), story=_none(r["story"]), copy_of=_none(r["copy_of"]),
        done=_load(r["stages"], []),
    )
    a.sentences = [Sentence(x["start_char"], x["end_char"]) for x in c["sentences"]]
    a.tokens = [
        Token(x["start_char"], x["end_char"], x["pos"] or "", x["lemma"] or "", int(x["sent"]))
        for x in c["tokens"]
    ]
    a.entities = [
        Entity(
            x["start_char"], x["end_char"], x["label"], _none(x["actor_id"]),
            _none(x["actor_code"]), _none(x["canonical"]), x["source"] or "",
            float(_none(x["confidence"]) or 0.0), _none(x.get("actor_type")),
        )
        for x in c["entities"]
    ]
    a.quotes = [
        Quote(
            start=x["start_char"], end=x["end_char"], kind=x["kind"], speaker=_none(x["speaker"]),
            speaker_start=_int(x["speaker_start"]), speaker_end=_int(x["speaker_end"]),
            cue=_none(x["cue"]), cue_start=_int(x["cue_start"]), cue_end=_int(x["cue_end"]),
            addressee=_none(x["addressee"]), speaker_actor_id=_none(x["speaker_actor_id"]),
            confidence=float(_none(x["confidence"]) or 0.0), rule=_none(x.get("rule")),
        )
        for x in c["quotes"]
    ]
    a.events = [
        Event(
            type=x["type"], start=x["start_char"], end=x["end_char"],
            sentence_start=x["sentence_start"], sentence_end=x["sentence_end"],
            mode=_none(x["mode"]), source=_none(x["source"]), source_code=_none(x["source_code"]),
            source_text=_none(x["source_text"]), target=_none(x["target"]),
            target_code=_none(x["target_code"]), target_text=_none(x["target_text"]),
            date=_none(x["date"]), date_granularity=_none(x["date_granularity"]),
            date_text=_none(x["date_text"]), location=_none(x["location"]),
            location_source=_none(x["location_source"]), negated=bool(x["negated"]),
            modality=x["modality"] or "asserted", claimant=_none(x["claimant"]),
            confidence=float(_none(x["confidence"]) or 0.0),
            evidence=_load(x.get("evidence"), {}), shown=bool(_none(x.get("shown"))),
        )
        for x in c["event_mentions"]
    ]
    return a


# ------------------------------------------------------------------ worker → parent
_SCALARS = tuple(f.name for f in fields(Article)
                 if f.name not in ("related", "sentences", "tokens", "entities", "quotes", "events"))
Packed = tuple


def _slots(o: Any) -> tuple:
    return tuple(getattr(o, f) for f in o.__slots__)


def pack(a: Article) -> Packed:
    """An analysed article as plain tuples and lists (tokens column-wise), for a cheap pickle."""
    toks = a.tokens
    columns = (
        [t.start for t in toks], [t.end for t in toks], [t.pos for t in toks], [t.lemma for t in toks],
        [t.sent for t in toks], [t.space_after for t in toks], [t.head for t in toks], [t.rel for t in toks],
        [t.feats for t in toks],
    ) if toks else None
    return (
        tuple(getattr(a, n) for n in _SCALARS), [_slots(r) for r in a.related],
        [x for s in a.sentences for x in (s.start, s.end)], columns,
        [_slots(e) for e in a.entities], [_slots(q) for q in a.quotes], [_slots(e) for e in a.events],
    )


def unpack(p: Packed) -> Article:
    """The article :func:`pack` packed (ids and text as they were: nothing is recomputed)."""
    scalars, related, sents, toks, ents, quotes, events = p
    a = Article.__new__(Article)
    for name, value in zip(_SCALARS, scalars):
        setattr(a, name, value)
    a.related = [Related(*r) for r in related]
    a.sentences = [Sentence(sents[i], sents[i + 1]) for i in range(0, len(sents), 2)]
    a.tokens = list(map(Token, *toks)) if toks else []
    a.entities = [Entity(*e) for e in ents]
    a.quotes = [Quote(*q) for q in quotes]
    a.events = [Event(*e) for e in events]
    return a
