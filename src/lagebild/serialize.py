"""Rebuild :class:`Article` objects from stored rows (the inverse of the store's writes)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .model import Article, Entity, Event, Quote, Related, Sentence, Token

if TYPE_CHECKING:
    from .store import Store


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


def articles_from_store(store: Store, ids: Sequence[str] | None = None) -> list[Article]:
    where, params = "", []
    if ids is not None:
        if not ids:
            return []
        where = f"WHERE {{col}} IN ({', '.join('?' for _ in ids)})"
        params = list(ids)

    def q(table: str, col: str, order: str) -> Any:
        return store.query(f"SELECT * FROM {table} {where.format(col=col)} ORDER BY {order}", params)

    arts = q("articles", "id", "published_date NULLS LAST, id")
    children: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for table in ("sentences", "tokens", "entities", "quotes", "event_mentions"):
        for row in q(table, "article_id", "article_id, idx").to_dict("records"):
            children[row["article_id"]][table].append(row)
    out = []
    for r in arts.to_dict("records"):
        c = children[r["id"]]
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
        out.append(a)
    return out
