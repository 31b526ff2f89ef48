"""The labelled story weeks as streams, with the per-article stages run first (and cached).

A labelled week (``data/stories/<split>.jsonl``, loader :func:`lagebild.eval.data.story_weeks`) is the
seven days from its first day. Its stream is the FANG-COVID articles of those days and of
``context_days`` before them (the stories that are already running when the week starts), reserved
ids left out (``RESERVED_IDS.txt``). Articles after the week cannot change an assignment inside it (the
stream never revisits an article), so there is no context after the week.

The story model uses what the actor and event stages find (linked actor ids, event signatures), so the
trainer and the evaluation run the default per-article pipeline over the stream first, as ``analyze``
does. That costs about 0.2–0.8 s per article on the shared machine; the annotations the story features
read (entities, events) are cached per article id under ``.cache/stories/`` (git-ignored), keyed by the
stages' versions, so a second run reads them back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article, Entity, Event

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO.parent / "shared"
FANG = SHARED / "data" / "fang_covid_de_news" / "fang_covid_sample.jsonl"
CACHE_DIR = REPO / ".cache" / "stories"
WEEK_DAYS = 7
CONTEXT_DAYS = 3

_ENTITY_FIELDS = ("start", "end", "label", "actor_id", "actor_code", "canonical", "source", "confidence")
_EVENT_FIELDS = ("type", "start", "end", "sentence_start", "sentence_end", "mode", "source", "source_code",
                 "target", "target_code", "date", "date_granularity", "negated", "modality")


def fang_articles(data: str | Path, first: str, last: str, *, reserved: bool = False) -> list[Article]:
    """FANG-COVID records with ``date_norm`` in [first, last] as Articles (the project's record reader),
    in file order; the reserved ids (``RESERVED_IDS.txt``) are left out unless `reserved`."""
    from ..eval.data.sources import reserved_fang_ids
    from ..ingest.records import record_to_article

    path = Path(data)
    if not path.is_file():
        raise InputError(f"{path} not found: put the FANG-COVID sample at ../shared/data/fang_covid_de_news "
                         "or pass data=PATH")
    skip = frozenset() if reserved else reserved_fang_ids(path.parent.parent)
    out: list[Article] = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            head = line[:400]
            i = head.find('"date_norm": "')
            d = head[i + 14 : i + 24] if i >= 0 else None
            if d is not None and not first <= d <= last:
                continue
            a = record_to_article(json.loads(line), path=str(path), record=n, fields=None)
            if isinstance(a, Article) and first <= (a.published or "") <= last and a.external_id not in skip:
                out.append(a)
    return out


def week_days(week: str, *, context_days: int = CONTEXT_DAYS) -> tuple[str, str]:
    """First (context included) and last day of a labelled week's stream."""
    d0 = date.fromisoformat(week)
    return (d0 - timedelta(days=context_days)).isoformat(), (d0 + timedelta(days=WEEK_DAYS - 1)).isoformat()


def week_stream(week: str, *, data: str | Path = FANG, context_days: int = CONTEXT_DAYS,
                stages: bool = True) -> list[Article]:
    """The stream of one labelled week (with `context_days` before it), after the per-article stages
    when `stages` (cached, :func:`with_stages`)."""
    first, last = week_days(week, context_days=context_days)
    arts = fang_articles(data, first, last)
    return with_stages(arts) if stages else arts


def gold_labels(weeks: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """``{week: {fang external id: story}}`` from :func:`lagebild.eval.data.story_weeks` (``fang-<id>`` keys)."""
    return {w: {d.removeprefix("fang-"): s for d, s in m.items()} for w, m in weeks.items()}


# ------------------------------------------------------------------ stage cache
def _versions_key() -> str:
    from ..run import build_pipeline

    versions = build_pipeline().versions
    return hashlib.sha256(json.dumps(versions, sort_keys=True).encode()).hexdigest()[:12]


def _cache_path(cache_dir: Path) -> Path:
    return cache_dir / f"stages-{_versions_key()}.jsonl"


def _read_cache(path: Path) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    if path.is_file():
        with path.open(encoding="utf-8") as f:
            for line in f:
                try:
                    d = json.loads(line)
                except json.JSONDecodeError:  # a line cut by an interrupted run: computed again
                    continue
                out[d["id"]] = d
    return out


def _entry(a: Article) -> dict[str, Any]:
    return {"id": a.id, "language": a.language, "done": list(a.done),
            "entities": [[getattr(e, k) for k in _ENTITY_FIELDS] for e in a.entities],
            "events": [[getattr(e, k) for k in _EVENT_FIELDS] for e in a.events]}


def _apply(a: Article, d: dict[str, Any]) -> Article:
    a.language = d.get("language") or a.language
    a.done = list(d.get("done", []))
    a.entities = [Entity(**dict(zip(_ENTITY_FIELDS, row))) for row in d["entities"]]
    a.events = [Event(**dict(zip(_EVENT_FIELDS, row))) for row in d["events"]]
    return a


def with_stages(articles: Iterable[Article], *, cache_dir: Path | None = CACHE_DIR,
                progress: bool = False) -> list[Article]:
    """The articles with the entities and events the default per-article pipeline gives them (only the
    layers the story features read; tokens and sentences are not kept). Annotations are read from and
    added to the stage cache (`cache_dir`, None: no cache)."""
    arts = list(articles)
    cache: dict[str, dict[str, Any]] = {}
    path = None
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        path = _cache_path(cache_dir)
        cache = _read_cache(path)
    todo = [a for a in arts if a.id not in cache]
    if todo:
        from ..run import build_pipeline

        pipeline = build_pipeline()
        out = path.open("a", encoding="utf-8") if path else None
        try:
            for i, a in enumerate(todo, 1):
                b = pipeline.process(Article(**{k: getattr(a, k) for k in (
                    "text", "id", "external_id", "path", "record", "source", "url", "title", "teaser",
                    "dateline", "published", "published_precision")}))
                cache[a.id] = _entry(b)
                if out:
                    out.write(json.dumps(cache[a.id], ensure_ascii=False) + "\n")
                    out.flush()
                if progress and i % 50 == 0:
                    print(f"stages: {i}/{len(todo)}", flush=True)
        finally:
            if out:
                out.close()
    return [_apply(a, cache[a.id]) for a in arts]
