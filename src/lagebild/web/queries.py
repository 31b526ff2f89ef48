"""What the pages and the detail routes show, built on the shared lists (:mod:`lagebild.queries`)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..queries import Filters, Listing, Paging, fallback_name, listing, loads
from ..queries.derived import registered
from ..queries.lists import build, run_query
from ..queries.names import NOT_ACTORS, actor_kind, actor_kind_column, article_names
from ..queries.network import ego_network
from ..store import Store

TIMELINE_EVENTS = 10
EVENTS_PER_PAGE = 25
QUOTES_PER_PAGE = 20
CHART_MAX_DAYS = 120  # longer ranges are drawn per week


# ---------------------------------------------------------------- articles
def get_article(st: Store, article_id: str) -> dict | None:
    """The article's output record with a name beside every actor id (``source_name``, ``target_name``,
    ``speaker_name``)."""
    arts = st.load_articles([article_id])
    if not arts:
        return None
    a = arts[0]
    d = a.to_dict()
    names = article_names(st, a)
    for e in d["events"]:
        e["source_name"] = names.get(e["source"]) if e["source"] else e.get("source_code")
        e["target_name"] = names.get(e["target"]) if e["target"] else e.get("target_code")
    for q in d["quotes"]:
        q["speaker_name"] = q.get("speaker") or q.get("speaker_text")
    d["n_quotes"], d["n_events"] = len(a.quotes), len(a.events)
    return d


def article_page(st: Store, article_id: str) -> dict | None:
    arts = st.load_articles([article_id])
    if not arts:
        return None
    a = arts[0]
    names = article_names(st, a)
    events = [{"type": e.type, "mode": e.mode, "date": e.date, "modality": e.modality, "negated": e.negated,
               "confidence": e.confidence, "trigger": a.span_text(e.start, e.end),
               "source": e.source, "target": e.target,
               "source_name": names.get(e.source) if e.source else e.source_code,
               "target_name": names.get(e.target) if e.target else e.target_code} for e in a.events]
    story = None
    if a.story:
        found = st.records("SELECT id, title, n_articles FROM stories WHERE id = ?", [a.story])
        story = found[0] if found else None
    copy_of = None
    if a.copy_of:
        found = st.records("SELECT id, title, source, published FROM articles WHERE id = ?", [a.copy_of])
        copy_of = found[0] if found else None
    return {"article": a, "names": names, "events": events, "story": story, "copy_of": copy_of}


# ----------------------------------------------------------------- stories
def get_story(st: Store, story_id: str, *, min_confidence: float | None = None, events: Paging | None = None,
              quotes: Paging | None = None) -> dict | None:
    """A story for its page and the API: what happened (title, summary, key actors, outlets, days), its
    articles, a compact timeline (the top events by confidence and sources), then its events and quotations
    as paged lists."""
    found = st.records("SELECT * FROM stories WHERE id = ?", [story_id])
    if not found:
        return None
    s = found[0]
    for k in ("outlets", "key_actors", "copy_groups", "article_ids"):
        s[k] = loads(s.get(k), [])
    f = Filters(story=story_id, min_confidence=min_confidence)
    s["articles"] = listing(st, "articles", Filters(story=story_id), Paging(limit=500, sort="date")).rows
    titles = {a["id"]: a for a in s["articles"]}
    s["copy_groups"] = [{**g, "original_article": titles.get(g.get("original")),
                         "copy_articles": [titles[c] for c in g.get("copies", []) if c in titles]}
                        for g in s["copy_groups"]]
    s["days"] = sorted({a["published"][:10] for a in s["articles"] if a.get("published")})
    s["events"] = listing(st, "events", f, events or Paging(limit=EVENTS_PER_PAGE))
    s["quotes"] = listing(st, "quotes", f, quotes or Paging(limit=QUOTES_PER_PAGE))
    kind = actor_kind_column(st, "t")
    sql = (f"SELECT x.actor_id AS id, coalesce(t.canonical, x.canonical) AS canonical, t.code, {kind} AS kind, "
           "x.mentions FROM _story_actors x LEFT JOIN actors t ON t.id = x.actor_id WHERE x.story = ? "
           "ORDER BY x.mentions DESC, canonical LIMIT 60")
    with registered(st, sql):
        s["actors"] = [r for r in st.records(sql, [story_id]) if r["kind"] not in NOT_ACTORS][:24]
    q = build(st, "events", f, mentions=True)
    top = run_query(st, "events", q, select="*", order="confidence DESC NULLS LAST, num_sources DESC, num_articles DESC, id",
                    limit=TIMELINE_EVENTS).rows
    s["timeline"] = sorted(top, key=lambda e: (e.get("date_start") or "9999", e["id"]))
    for e in s["timeline"]:
        first = (e.get("mentions") or [{}])[0]
        e["article_id"] = first.get("article_id")
        e["article"] = titles.get(first.get("article_id"))
    return s


def story_api(s: dict) -> dict:
    """The story page's data as JSON: lists as {data, count, hidden}."""
    out = dict(s)
    for k in ("events", "quotes"):
        lst: Listing = s[k]
        out[k] = lst.rows
        out[f"n_{k}"] = lst.total
        out[f"hidden_{k}"] = lst.hidden
    out["timeline"] = [{k: v for k, v in e.items() if k not in ("mentions", "article")} for e in s["timeline"]]
    out["copy_groups"] = [{"original": g.get("original"), "copies": g.get("copies", [])} for g in s["copy_groups"]]
    return out


# ------------------------------------------------------------------ actors
def get_actor(st: Store, actor_id: str, *, min_confidence: float | None = None) -> dict | None:
    """One actor: its record, quotations, events as source and as target (names beside ids), stories and
    the actors it interacts with most. Reads only this actor's rows (no whole-network build)."""
    kind = actor_kind_column(st, "t")
    rows = st.records(f"SELECT t.id, t.canonical, t.code, t.type AS label, {kind} AS kind, t.country, t.mentions, "
                      "t.articles, t.variants, t.roles FROM actors t WHERE t.id = ?", [actor_id])
    if rows:
        a = rows[0]
        a["variants"] = sorted(loads(a["variants"], []))[:30]
        a["roles"] = loads(a["roles"], [])
    elif st.rows("SELECT 1 FROM events WHERE source = ? OR target = ? LIMIT 1", [actor_id, actor_id]):
        code = st.rows("SELECT coalesce(any_value(CASE WHEN source = ? THEN source_code END), "
                       "any_value(CASE WHEN target = ? THEN target_code END)) FROM events "
                       "WHERE source = ? OR target = ?", [actor_id] * 4)[0][0]
        a = {"id": actor_id, "canonical": fallback_name(actor_id, code), "code": code, "label": None,
             "kind": actor_kind(actor_id, code), "country": None, "mentions": 0, "articles": 0, "variants": [],
             "roles": []}
    else:
        return None
    f = Filters(actor=actor_id, min_confidence=min_confidence)
    a["quotes"] = listing(st, "quotes", f, Paging(limit=QUOTES_PER_PAGE, sort="-date"))
    a["events_as_source"] = listing(st, "events", Filters(min_confidence=min_confidence),
                                   Paging(limit=50, sort="-date"), source=actor_id)
    a["events_as_target"] = listing(st, "events", Filters(min_confidence=min_confidence),
                                   Paging(limit=50, sort="-date"), target=actor_id)
    a["stories"] = listing(st, "stories", Filters(actor=actor_id), Paging(limit=10, sort="-size"))
    a["network"] = ego_network(st, actor_id)
    return a


def actor_api(a: dict) -> dict:
    out = dict(a)
    for k in ("quotes", "events_as_source", "events_as_target", "stories"):
        lst: Listing = a[k]
        out[k] = lst.rows
        out[f"n_{k}"] = lst.total
        if k in ("quotes", "events_as_source", "events_as_target"):
            out[f"hidden_{k}"] = lst.hidden
    return out


# --------------------------------------------------------------- overview
def robust_range(st: Store) -> tuple[str, str] | None:
    """The span of the stored articles' publication days without stray dates: the 1st to the 99th
    percentile of their days."""
    row = st.rows("SELECT quantile_disc(published_date, 0.01), quantile_disc(published_date, 0.99) FROM articles "
                  "WHERE published_date IS NOT NULL")
    if not row or row[0][0] is None:
        return None
    return row[0][0].isoformat(), row[0][1].isoformat()


def events_chart(st: Store) -> dict[str, Any]:
    """Shown events per day (per ISO week over more than :data:`CHART_MAX_DAYS` days) inside the robust
    range of the articles' dates, zeros included, and how many dated events fall outside it."""
    span = robust_range(st)
    if span is None:
        return {"unit": "day", "series": [], "outside": 0}
    lo, hi = date.fromisoformat(span[0]), date.fromisoformat(span[1])
    q = build(st, "events", Filters())
    cond = " AND ".join(q.where) or "TRUE"
    c_sql, c_params = q.confidence or ("TRUE", [])
    with registered(st, q.view):
        rows = st.rows(f"SELECT left(date_start, 10) AS day, count(*) FROM {q.view} WHERE ({cond}) AND {c_sql} "
                       "AND date_granularity IN ('day', 'part-of-day') AND date_start IS NOT NULL GROUP BY 1",
                       [*q.view_params, *q.params, *c_params])
    counts = {date.fromisoformat(d): int(n) for d, n in rows}
    inside = {d: n for d, n in counts.items() if lo <= d <= hi}
    weekly = (hi - lo).days + 1 > CHART_MAX_DAYS
    series: dict[date, int] = {}
    day = lo - timedelta(days=lo.weekday()) if weekly else lo
    while day <= hi:
        series[day] = 0
        day += timedelta(days=7 if weekly else 1)
    for d, n in inside.items():
        key = d - timedelta(days=d.weekday()) if weekly else d
        series[key] = series.get(key, 0) + n
    return {"unit": "week" if weekly else "day", "from": span[0], "to": span[1],
            "series": [{"day": d.isoformat(), "n": n} for d, n in sorted(series.items())],
            "outside": sum(counts.values()) - sum(inside.values())}


def overview(st: Store) -> dict:
    kind = actor_kind_column(st, "t")
    not_actors = ", ".join(f"'{k}'" for k in NOT_ACTORS)
    actors = st.records(f"SELECT id, canonical, code, mentions FROM (SELECT t.*, {kind} AS kind FROM actors t) "
                        f"WHERE mentions > 0 AND kind NOT IN ({not_actors}) ORDER BY mentions DESC, id LIMIT 12")
    return {"latest": listing(st, "stories", Filters(), Paging(limit=8, sort="-date")).rows,
            "largest": listing(st, "stories", Filters(), Paging(limit=8)).rows,
            "actors": actors, "chart": events_chart(st),
            "counts": {t: st.count(t) for t in ("articles", "stories", "quotes", "events", "entities")}}


def search(st: Store, q: str, *, limit: int = 30) -> dict:
    f = Filters(q=q)
    arts = listing(st, "articles", f, Paging(limit=limit))
    quotes = listing(st, "quotes", f, Paging(limit=limit))
    actors = listing(st, "actors", f, Paging(limit=limit))
    return {"q": q, "articles": arts.rows, "n_articles": arts.total, "quotes": quotes.rows, "n_quotes": quotes.total,
            "hidden_quotes": quotes.hidden, "actors": actors.rows, "n_actors": actors.total}
