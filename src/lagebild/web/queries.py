"""Read queries behind the API routes and the pages: one function per view, filters as keywords."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..store import Store, search_terms


@dataclass(frozen=True, slots=True)
class Filters:
    date_from: str | None = None
    date_to: str | None = None
    actor: str | None = None
    outlet: str | None = None
    type: str | None = None
    q: str | None = None
    story: str | None = None


def _loads(v: Any, default: Any) -> Any:
    if v is None:
        return default
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return default
    return v


def _page(st: Store, select: str, base: str, where: list[str], params: list, order: str,
          offset: int, limit: int) -> tuple[list[dict], int]:
    w = (" WHERE " + " AND ".join(where)) if where else ""
    total = int(st.query(f"SELECT count(*) AS n {base}{w}", params).iloc[0, 0])
    rows = st.records(f"SELECT {select} {base}{w} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset])
    return rows, total


def _like(s: str) -> str:
    return "%" + s.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _words(q: str | None, column: str, where: list[str], params: list) -> None:
    """Every word of `q` must be in the article (word index: token forms, lemmas, title words)."""
    for w in search_terms(q or "")[:8]:
        where.append(f"{column} IN (SELECT article_id FROM terms WHERE term = ?)")
        params.append(w)


def _article_where(f: Filters) -> tuple[list[str], list]:
    """Conditions on the article (alias `a`): publication date range, outlet, story."""
    where, params = [], []
    for cond, value in (("a.published_date >= CAST(? AS DATE)", f.date_from),
                        ("a.published_date <= CAST(? AS DATE)", f.date_to),
                        ("lower(a.source) = lower(?)", f.outlet), ("a.story = ?", f.story)):
        if value:
            where.append(cond)
            params.append(value)
    return where, params


# ---------------------------------------------------------------- articles
def list_articles(st: Store, f: Filters, *, offset: int = 0, limit: int = 50) -> tuple[list[dict], int]:
    where, params = _article_where(f)
    if f.actor:
        where.append("a.id IN (SELECT article_id FROM entities WHERE actor_id = ? OR lower(canonical) = lower(?))")
        params += [f.actor, f.actor]
    if f.type:
        where.append("a.id IN (SELECT article_id FROM event_mentions WHERE upper(type) = upper(?))")
        params.append(f.type)
    _words(f.q, "a.id", where, params)
    select = (
        "a.id, a.external_id, a.source, a.url, a.title, a.published, a.language, a.story, a.copy_of, "
        "(SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS n_quotes, "
        "(SELECT count(*) FROM event_mentions e WHERE e.article_id = a.id) AS n_events"
    )
    return _page(st, select, "FROM articles a", where, params, "a.published_date DESC NULLS LAST, a.id", offset, limit)


def get_article(st: Store, article_id: str) -> dict | None:
    arts = st.load_articles([article_id])
    if not arts:
        return None
    a = arts[0]
    d = a.to_dict()
    d["n_quotes"], d["n_events"] = len(a.quotes), len(a.events)
    return d


# ----------------------------------------------------------------- stories
def list_stories(st: Store, f: Filters, *, offset: int = 0, limit: int = 50, order: str = "size") -> tuple[list[dict], int]:
    where, params = [], []
    if f.date_from:
        where.append("last_date >= ?")
        params.append(f.date_from)
    if f.date_to:
        where.append("first_date <= ?")
        params.append(f.date_to)
    if f.q:
        where.append("(lower(title) LIKE ? ESCAPE '\\' OR lower(coalesce(summary, '')) LIKE ? ESCAPE '\\')")
        params += [_like(f.q), _like(f.q)]
    if f.outlet:
        where.append("list_contains(CAST(outlets AS VARCHAR[]), ?)")
        params.append(f.outlet)
    if f.actor:
        where.append("id IN (SELECT a.story FROM articles a JOIN entities e ON e.article_id = a.id "
                     "WHERE e.actor_id = ? OR lower(e.canonical) = lower(?))")
        params += [f.actor, f.actor]
    orders = {"size": "n_articles DESC, last_date DESC NULLS LAST, id",
              "latest": "last_date DESC NULLS LAST, n_articles DESC, id"}
    select = "id, title, summary, first_date, last_date, n_articles, n_sources, outlets, key_actors"
    rows, total = _page(st, select, "FROM stories", where, params, orders.get(order, orders["size"]), offset, limit)
    for r in rows:
        r["outlets"] = _loads(r["outlets"], [])
        r["key_actors"] = _loads(r["key_actors"], [])
    return rows, total


def get_story(st: Store, story_id: str) -> dict | None:
    found = st.records("SELECT * FROM stories WHERE id = ?", [story_id])
    if not found:
        return None
    s = found[0]
    for k in ("outlets", "key_actors", "copy_groups", "article_ids"):
        s[k] = _loads(s.get(k), [])
    s["articles"], _ = list_articles(st, Filters(story=story_id), limit=500)
    s["quotes"], _ = list_quotes(st, Filters(story=story_id), limit=500)
    s["events"], _ = list_events(st, Filters(story=story_id), limit=500)
    s["actors"] = st.records(
        "SELECT e.actor_id AS id, any_value(e.canonical) AS canonical, any_value(e.actor_code) AS code, "
        "count(*) AS mentions FROM entities e JOIN articles a ON a.id = e.article_id "
        "WHERE a.story = ? AND e.actor_id IS NOT NULL GROUP BY 1 ORDER BY mentions DESC, canonical LIMIT 30",
        [story_id])
    timeline: dict[str, dict[str, list]] = {}
    for q in s["quotes"]:
        timeline.setdefault(q.get("published") or "undated", {"quotes": [], "events": []})["quotes"].append(q)
    for e in s["events"]:
        timeline.setdefault(e.get("date") or "undated", {"quotes": [], "events": []})["events"].append(e)
    s["timeline"] = sorted(timeline.items(), key=lambda kv: (kv[0] == "undated", kv[0]))
    return s


# ------------------------------------------------------------------ actors
def list_actors(st: Store, f: Filters, *, offset: int = 0, limit: int = 50) -> tuple[list[dict], int]:
    if not (f.story or f.date_from or f.date_to or f.outlet):
        return _actors_from_table(st, f, offset=offset, limit=limit)
    where, params = ["e.actor_id IS NOT NULL"], []
    if f.q:
        where.append("lower(coalesce(e.canonical, e.text)) LIKE ? ESCAPE '\\'")
        params.append(_like(f.q))
    art_where, art_params = _article_where(f)
    if art_where:
        where.append(f"e.article_id IN (SELECT a.id FROM articles a WHERE {' AND '.join(art_where)})")
        params += art_params
    w = " AND ".join(where)
    total = int(st.query(f"SELECT count(DISTINCT e.actor_id) FROM entities e WHERE {w}", params).iloc[0, 0])
    out = st.records(
        "SELECT e.actor_id AS id, any_value(e.canonical) AS canonical, any_value(e.actor_code) AS code, "
        "any_value(e.label) AS label, count(*) AS mentions, count(DISTINCT e.article_id) AS articles, "
        f"list(DISTINCT e.text) AS variants FROM entities e WHERE {w} GROUP BY 1 "
        "ORDER BY mentions DESC, id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    for r in out:
        r["variants"] = sorted(set(r["variants"] or []))[:30]
    return out, total


def _actors_from_table(st: Store, f: Filters, *, offset: int, limit: int,
                       actor_id: str | None = None) -> tuple[list[dict], int]:
    """Actors with their stored mention counts (kept current at every write)."""
    where, params = ["mentions > 0"], []
    if f.q:
        where.append("(lower(canonical) LIKE ? ESCAPE '\\' OR lower(CAST(variants AS VARCHAR)) LIKE ? ESCAPE '\\')")
        params += [_like(f.q), _like(f.q)]
    if actor_id:
        where.append("id = ?")
        params.append(actor_id)
    select = "id, canonical, code, type AS label, mentions, articles, variants"
    rows, total = _page(st, select, "FROM actors", where, params, "mentions DESC, id", offset, limit)
    for r in rows:
        r["variants"] = sorted(_loads(r["variants"], []))[:30]
    return rows, total


def get_actor(st: Store, actor_id: str) -> dict | None:
    rows, _ = _actors_from_table(st, Filters(), offset=0, limit=1, actor_id=actor_id)
    if not rows:
        return None
    a = dict(rows[0])
    for rec in st.records("SELECT * FROM actors WHERE id = ?", [actor_id]):
        a["roles"] = _loads(rec.get("roles"), [])
        a["country"] = rec.get("country")
        a["kb_variants"] = _loads(rec.get("variants"), [])
    a["quotes"], a["n_quotes"] = list_quotes(st, Filters(actor=actor_id), limit=200)
    a["events_as_source"], _ = list_events(st, Filters(), limit=200, source=actor_id)
    a["events_as_target"], _ = list_events(st, Filters(), limit=200, target=actor_id)
    a["network"] = ego_network(st, actor_id)
    return a


def ego_network(st: Store, actor_id: str, *, limit: int = 25) -> dict:
    """The actors this one interacts with: shared events (either direction) and shared stories."""
    from ..export import actor_network

    nodes, ev, stw = actor_network(st)
    weights: dict[str, dict[str, int]] = {}
    for (a, b), w in ev.items():
        if actor_id in (a, b):
            weights.setdefault(b if a == actor_id else a, {"events": 0, "stories": 0})["events"] += w
    for (a, b), w in stw.items():
        if actor_id in (a, b):
            weights.setdefault(b if a == actor_id else a, {"events": 0, "stories": 0})["stories"] += w
    top = sorted(weights.items(), key=lambda kv: (-(2 * kv[1]["events"] + kv[1]["stories"]), kv[0]))[:limit]
    center = nodes.get(actor_id, {"label": actor_id})
    return {
        "nodes": [{"id": actor_id, "label": center["label"], "center": True}]
        + [{"id": n, "label": nodes.get(n, {}).get("label", n)} for n, _ in top],
        "edges": [{"source": actor_id, "target": n, **w} for n, w in top],
    }


# ------------------------------------------------------------------ quotes
def list_quotes(st: Store, f: Filters, *, offset: int = 0, limit: int = 50) -> tuple[list[dict], int]:
    where, params = _article_where(f)
    if f.actor:
        where.append("(q.speaker_actor_id = ? OR lower(q.speaker) = lower(?))")
        params += [f.actor, f.actor]
    if f.q:
        # quotations whose text holds every word (candidates from the word index), or whose speaker matches
        inner: list[str] = []
        inner_params: list = []
        _words(f.q, "article_id", inner, inner_params)
        for w in search_terms(f.q)[:8]:
            inner.append("lower(text) LIKE ? ESCAPE '\\'")
            inner_params.append(_like(w))
        cond = " AND ".join(inner) or "FALSE"
        where.append(
            "(q.article_id, q.idx) IN (SELECT article_id, idx FROM quotes WHERE " + cond
            + " UNION SELECT article_id, idx FROM quotes WHERE lower(coalesce(speaker, '')) LIKE ? ESCAPE '\\')")
        params += [*inner_params, _like(f.q)]
    if f.type:
        where.append("q.kind = ?")
        params.append(f.type.lower())
    select = ("q.article_id, q.idx, q.kind, q.text, q.speaker, q.speaker_actor_id, q.speaker_text, q.cue, "
              "q.addressee, q.confidence, q.rule, a.source, a.published, a.title, q.start_char AS start, q.end_char AS \"end\"")
    return _page(st, select, "FROM quotes q JOIN articles a ON a.id = q.article_id", where, params,
                 "a.published_date NULLS LAST, q.article_id, q.idx", offset, limit)


# ------------------------------------------------------------------ events
def list_events(st: Store, f: Filters, *, offset: int = 0, limit: int = 50, source: str | None = None,
                target: str | None = None) -> tuple[list[dict], int]:
    where, params = [], []
    if f.type:
        where.append("upper(type) = upper(?)")
        params.append(f.type)
    if f.story:
        where.append("story = ?")
        params.append(f.story)
    if f.actor:
        where.append("(source = ? OR target = ?)")
        params += [f.actor, f.actor]
    if source:
        where.append("source = ?")
        params.append(source)
    if target:
        where.append("target = ?")
        params.append(target)
    if f.date_from:
        where.append("date >= ?")
        params.append(f.date_from)
    if f.date_to:
        where.append("date <= ?")
        params.append(f.date_to)
    if f.outlet:
        where.append("id IN (SELECT m.event_id FROM event_mentions m JOIN articles a ON a.id = m.article_id "
                     "WHERE lower(a.source) = lower(?))")
        params.append(f.outlet)
    select = ("id, story, type, mode, source, source_code, target, target_code, date, date_granularity, "
              "location, negated, modality, num_articles, num_sources")
    return _page(st, select, "FROM events", where, params, "date NULLS LAST, num_sources DESC, id", offset, limit)


def events_per_day(st: Store, *, limit_days: int = 120) -> list[dict]:
    return st.records(
        "SELECT left(date, 10) AS day, type, count(*) AS n FROM events WHERE length(date) >= 10 "
        "GROUP BY 1, 2 ORDER BY 1 DESC LIMIT ?", [limit_days * 20])


def overview(st: Store) -> dict:
    latest, _ = list_stories(st, Filters(), limit=8, order="latest")
    largest, _ = list_stories(st, Filters(), limit=8, order="size")
    actors, _ = list_actors(st, Filters(), limit=12)
    return {"latest": latest, "largest": largest, "actors": actors, "per_day": events_per_day(st),
            "counts": {t: st.count(t) for t in ("articles", "stories", "quotes", "events", "entities")}}


def search(st: Store, q: str, *, limit: int = 30) -> dict:
    arts, n_arts = list_articles(st, Filters(q=q), limit=limit)
    quotes, n_quotes = list_quotes(st, Filters(q=q), limit=limit)
    actors, n_actors = list_actors(st, Filters(q=q), limit=limit)
    return {"q": q, "articles": arts, "n_articles": n_arts, "quotes": quotes, "n_quotes": n_quotes,
            "actors": actors, "n_actors": n_actors}
