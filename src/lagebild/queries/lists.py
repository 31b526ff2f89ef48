"""The lists: articles, stories, actors, quotations and events under one set of filters.

Each kind has one query builder (:func:`build`) that turns :class:`Filters` into a view and conditions;
:func:`listing` pages it for the CLI, the API and the pages, :func:`select_all` gives every matching row
for the exports. Quotations and events below the confidence floor are left out and counted
(``Listing.hidden``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..store import Store, search_terms
from .names import EVENT_NAMES, actor_kind_column, attach_names
from .derived import registered
from .params import DEFAULT_MIN_CONFIDENCE, KINDS, Filters, Paging, QueryError, show, sort_sql
from .schema import has_column


@dataclass(slots=True)
class Listing:
    rows: list[dict[str, Any]]
    total: int  # rows matching the filters (before paging)
    hidden: int = 0  # further rows matching every filter but the confidence floor
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Query:
    """A list as SQL: ``SELECT … FROM {view} WHERE {where}``; ``confidence`` is the floor condition."""

    view: str
    view_params: list = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)
    confidence: tuple[str, list] | None = None

    def add(self, cond: str, *values: Any) -> None:
        self.where.append(cond)
        self.params.extend(values)

    def add_in(self, cond: str, values: list[str], *more: Any) -> None:
        """`cond` with ``{in}`` standing for ``IN (?, ?, …)`` over `values`."""
        self.where.append(cond.replace("{in}", "IN (" + ", ".join("?" for _ in values) + ")"))
        self.params.extend(values)
        self.params.extend(more)


# ------------------------------------------------------------------ helpers
def like(s: str) -> str:
    """A LIKE pattern for `s` as a substring (its %, _ and \\ taken literally; use with ESCAPE '\\')."""
    return "%" + s.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def loads(v: Any, default: Any) -> Any:
    if v is None:
        return default
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return default
    return v


def _words(q: Query, text: str | None, column: str) -> None:
    """Every word of `text` must be in the article (word index: token forms, lemmas, title words)."""
    for w in search_terms(text or "")[:8]:
        q.add(f"{column} IN (SELECT article_id FROM terms WHERE term = ?)", w)


def resolve_actor(st: Store, value: str) -> list[str]:
    """The actor ids a user's ``actor`` value means: the id itself, else the actors named so (ignoring
    case), else those whose name contains it. An id the actors table lacks (event agents) is kept as is."""
    if st.rows("SELECT 1 FROM actors WHERE id = ?", [value]):
        return [value]
    named = [r[0] for r in st.rows("SELECT id FROM actors WHERE lower(canonical) = lower(?) "
                                   "ORDER BY mentions DESC, id LIMIT 50", [value])]
    if not named and len(value) >= 3:
        named = [r[0] for r in st.rows("SELECT id FROM actors WHERE lower(canonical) LIKE ? ESCAPE '\\' "
                                       "ORDER BY mentions DESC, id LIMIT 50", [like(value)])]
    return named or [value]


def confidence_clause(st: Store, kind: str, f: Filters, column: str) -> tuple[str, list]:
    """The condition a fact meets to be shown: ``confidence >= min_confidence`` when one is given (0 shows
    all); by default the ``shown`` flag where the table has one — rows written before that column existed
    (``shown`` NULL) by confidence ≥ :data:`DEFAULT_MIN_CONFIDENCE`, as everywhere else. A fact without a
    confidence counts as certain."""
    if f.min_confidence is not None:
        return f"coalesce({column}, 1.0) >= ?", [f.min_confidence]
    if has_column(st, kind, "shown"):
        return f"coalesce(shown, coalesce({column}, 1.0) >= ?)", [DEFAULT_MIN_CONFIDENCE]
    return f"coalesce({column}, 1.0) >= ?", [DEFAULT_MIN_CONFIDENCE]


def article_filters(q: Query, f: Filters, alias: str, *, outlet_column: str = "source") -> None:
    """Publication date range, outlet and story of the article (`alias`)."""
    if f.date_from:
        q.add(f"{alias}.published_date >= CAST(? AS DATE)", f.date_from)
    if f.date_to:
        q.add(f"{alias}.published_date <= CAST(? AS DATE)", f.date_to)
    if f.outlet:
        q.add(f"lower({alias}.{outlet_column}) = lower(?)", f.outlet)
    if f.story:
        q.add(f"{alias}.story = ?", f.story)


# ----------------------------------------------------------------- builders
def _articles(st: Store, f: Filters) -> Query:
    q = Query("articles a")
    article_filters(q, f, "a")
    if f.actor:
        q.add_in("a.id IN (SELECT article_id FROM entities WHERE actor_id {in})", resolve_actor(st, f.actor))
    if f.type:
        q.add("a.id IN (SELECT article_id FROM event_mentions WHERE upper(type) = upper(?))", f.type)
    _words(q, f.q, "a.id")
    return q


def _stories(st: Store, f: Filters) -> Query:
    q = Query("stories")
    if f.date_from:
        q.add("last_date >= ?", f.date_from)
    if f.date_to:
        q.add("first_date <= ?", f.date_to)
    if f.q:
        q.add("(lower(title) LIKE ? ESCAPE '\\' OR lower(coalesce(summary, '')) LIKE ? ESCAPE '\\')", like(f.q), like(f.q))
    if f.outlet:
        q.add("list_contains(CAST(CAST(lower(CAST(outlets AS VARCHAR)) AS JSON) AS VARCHAR[]), lower(?))", f.outlet)
    if f.story:
        q.add("id = ?", f.story)
    if f.actor:  # the stories' actors are derived once per store state (queries.derived)
        q.add_in("id IN (SELECT story FROM _story_actors WHERE actor_id {in})", resolve_actor(st, f.actor))
    if f.type:
        q.add("id IN (SELECT story FROM events WHERE upper(type) = upper(?))", f.type)
    return q


def _actors(st: Store, f: Filters) -> Query:
    kind = actor_kind_column(st, "t")
    if not (f.story or f.date_from or f.date_to or f.outlet):
        q = Query(f"(SELECT t.*, {kind} AS kind FROM actors t WHERE t.mentions > 0) t")
    else:
        inner = Query("")
        article_filters(inner, f, "a")
        q = Query(f"(SELECT t.id, t.canonical, t.code, t.type, t.country, t.variants, t.roles, {kind} AS kind, "
                  "c.mentions, c.articles FROM actors t JOIN (SELECT e.actor_id, count(*) AS mentions, "
                  "count(DISTINCT e.article_id) AS articles FROM entities e JOIN articles a ON a.id = e.article_id "
                  "WHERE e.actor_id IS NOT NULL AND " + " AND ".join(inner.where) + " GROUP BY 1) c "
                  "ON c.actor_id = t.id) t", inner.params)
    if f.q:
        q.add("(lower(t.canonical) LIKE ? ESCAPE '\\' OR lower(CAST(t.variants AS VARCHAR)) LIKE ? ESCAPE '\\')",
              like(f.q), like(f.q))
    if f.actor:
        q.add_in("t.id {in}", resolve_actor(st, f.actor))
    if f.type:
        q.add("(lower(t.kind) = lower(?) OR upper(coalesce(t.type, '')) = upper(?))", f.type, f.type)
    return q


QUOTE_VIEW = ("(SELECT q.article_id, q.idx, q.kind, q.text, q.speaker, q.speaker_actor_id, q.speaker_text, q.cue, "
              "q.addressee, q.confidence, q.rule, q.start_char AS start, q.end_char AS \"end\", "
              "coalesce(q.speaker, q.speaker_text) AS speaker_name, a.source, a.published, a.published_date, "
              "a.title, a.story FROM quotes q JOIN articles a ON a.id = q.article_id) q")


def _quotes(st: Store, f: Filters) -> Query:
    q = Query(QUOTE_VIEW)
    article_filters(q, f, "q")
    if f.actor:  # the speaker's actor, or (for a name) a speaker whose name contains it
        ids = resolve_actor(st, f.actor)
        if ids == [f.actor] and st.rows("SELECT 1 FROM actors WHERE id = ?", [f.actor]):
            q.add("q.speaker_actor_id = ?", f.actor)
        elif ids == [f.actor]:
            q.add_in("(q.speaker_actor_id {in} OR lower(q.speaker) = lower(?))", ids, f.actor)
        else:
            q.add_in("(q.speaker_actor_id {in} OR lower(q.speaker) LIKE ? ESCAPE '\\')", ids, like(f.actor))
    if f.q:
        # quotations whose text holds every word (candidates from the word index), or whose speaker matches
        inner = Query("")
        _words(inner, f.q, "article_id")
        for w in search_terms(f.q)[:8]:
            inner.add("lower(text) LIKE ? ESCAPE '\\'", like(w))
        q.add("(q.article_id, q.idx) IN (SELECT article_id, idx FROM quotes WHERE " + (" AND ".join(inner.where) or "FALSE")
              + " UNION SELECT article_id, idx FROM quotes WHERE lower(coalesce(speaker, '')) LIKE ? ESCAPE '\\')",
              *inner.params, like(f.q))
    if f.type:
        if f.type.lower() not in ("direct", "indirect"):
            raise QueryError("type", f"{show(f.type)}: a quotation is direct or indirect")
        q.add("q.kind = ?", f.type.lower())
    q.confidence = confidence_clause(st, "quotes", f, "q.confidence")
    return q


#: an event date's first and last day (dates are days, parts of days, ISO weeks, weekends, months or years);
#: read from the value's shape with string functions (no regular expression per row)
_DAY = "(length({c}) >= 10 AND substr({c}, 8, 1) = '-')"
_WEEK = "substr({c}, 6, 1) = 'W'"
DATE_START = (f"CASE WHEN {_DAY} THEN left({{c}}, 10) "
              f"WHEN {_WEEK} THEN strftime(strptime(left({{c}}, 8) || '-1', '%G-W%V-%u'), '%Y-%m-%d') "
              "WHEN length({c}) = 7 THEN {c} || '-01' WHEN length({c}) = 4 THEN {c} || '-01-01' END")
DATE_END = (f"CASE WHEN {_DAY} THEN left({{c}}, 10) "
            f"WHEN {_WEEK} THEN strftime(strptime(left({{c}}, 8) || '-7', '%G-W%V-%u'), '%Y-%m-%d') "
            "WHEN length({c}) = 7 THEN strftime(last_day(CAST({c} || '-01' AS DATE)), '%Y-%m-%d') "
            "WHEN length({c}) = 4 THEN {c} || '-12-31' END")


#: the columns of a merged event in the lists (the mentions JSON only for exports)
EVENT_FIELDS = ("id, story, type, mode, source, source_code, target, target_code, date, date_granularity, location, "
                "negated, modality, num_articles, num_sources")


def event_view(st: Store, *, mentions: bool = False, names: bool = False) -> str:
    """Merged events with first/last day and confidence from the derived table ``_event_rows``; ``mentions``
    adds the mentions JSON (exports), ``names`` the actors' canonical names (for a text search over them;
    pages get names after paging, :func:`_finish`)."""
    if not (mentions or names):
        return "_event_rows ev"
    cols, join = "", ""
    if mentions:
        cols += ", m.mentions"
        join += "LEFT JOIN events m ON m.id = ev.id "
    if names:
        cols += ", sa.canonical AS source_canonical, ta.canonical AS target_canonical"
        join += "LEFT JOIN actors sa ON sa.id = ev.source LEFT JOIN actors ta ON ta.id = ev.target "
    return f"(SELECT ev.*{cols} FROM _event_rows ev {join}) ev"


def event_rows_sql(st: Store) -> str:
    """SQL of the derived table ``_event_rows``: each merged event with its first and last day and its
    confidence (the events' own column where the store has one, else the best of its mentions'), and its
    ``shown`` flag where the store has one."""
    own = has_column(st, "events", "confidence")
    shown = ", ev.shown" if has_column(st, "events", "shown") else ""
    fields = ", ".join(f"ev.{c.strip()}" for c in EVENT_FIELDS.split(","))
    return (f"SELECT {fields}, {'ev.confidence' if own else 'c.confidence'} AS confidence{shown}, "
            f"{DATE_START.format(c='ev.date')} AS date_start, {DATE_END.format(c='ev.date')} AS date_end "
            "FROM events ev" + ("" if own else
                                " LEFT JOIN (SELECT event_id, max(confidence) AS confidence FROM event_mentions "
                                "WHERE event_id IS NOT NULL GROUP BY 1) c ON c.event_id = ev.id"))


def _events(st: Store, f: Filters, *, source: str | None = None, target: str | None = None,
            mentions: bool = False) -> Query:
    q = Query(event_view(st, mentions=mentions, names=bool(f.q)))
    if f.type:
        q.add("upper(ev.type) = upper(?)", f.type)
    if f.story:
        q.add("ev.story = ?", f.story)
    if f.actor:
        ids = resolve_actor(st, f.actor)
        q.add_in("(ev.source {in} OR ev.target {in})", ids, *ids)
    if source:
        q.add("ev.source = ?", source)
    if target:
        q.add("ev.target = ?", target)
    if f.date_from:
        q.add("ev.date_end >= ?", f.date_from)
    if f.date_to:
        q.add("ev.date_start <= ?", f.date_to)
    if f.outlet:
        q.add("ev.id IN (SELECT m.event_id FROM event_mentions m JOIN articles a ON a.id = m.article_id "
              "WHERE lower(a.source) = lower(?))", f.outlet)
    if f.q:
        for w in f.q.lower().split()[:8]:
            q.add("(lower(ev.type) = ? OR lower(coalesce(ev.source_canonical, ev.source, '')) LIKE ? ESCAPE '\\' OR "
                  "lower(coalesce(ev.target_canonical, ev.target, '')) LIKE ? ESCAPE '\\' OR "
                  "lower(coalesce(ev.location, '')) LIKE ? ESCAPE '\\')", w, like(w), like(w), like(w))
    q.confidence = confidence_clause(st, "events", f, "ev.confidence")
    return q


BUILDERS = {"articles": _articles, "stories": _stories, "actors": _actors, "quotes": _quotes, "events": _events}

N_QUOTES = "(SELECT count(*) FROM quotes q WHERE q.article_id = a.id)"
N_EVENTS = "(SELECT count(*) FROM event_mentions e WHERE e.article_id = a.id)"
#: the columns each list returns
COLUMNS = {
    "articles": "a.id, a.external_id, a.source, a.url, a.title, a.published, a.language, a.story, a.copy_of, "
                f"{N_QUOTES} AS n_quotes, {N_EVENTS} AS n_events",
    "stories": "id, title, summary, first_date, last_date, n_articles, n_sources, outlets, key_actors",
    "actors": "t.id, t.canonical, t.code, t.type AS label, t.kind, t.mentions, t.articles, t.variants",
    "quotes": "article_id, idx, kind, text, speaker, speaker_name, speaker_actor_id, speaker_text, cue, addressee, "
              "confidence, rule, source, published, title, story, start, \"end\"",
    "events": EVENT_FIELDS + ", confidence",
}


def _finish(st: Store, kind: str, rows: list[dict]) -> list[dict]:
    """Decode JSON columns and add names beside ids."""
    if kind == "stories":
        for r in rows:
            for k in ("outlets", "key_actors", "copy_groups", "article_ids"):
                if k in r:
                    r[k] = loads(r[k], [])
    elif kind == "actors":
        for r in rows:
            if "variants" in r:
                r["variants"] = sorted(loads(r["variants"], []))[:30]
            if "roles" in r:
                r["roles"] = loads(r["roles"], [])
    elif kind == "events":
        for r in rows:
            r.pop("source_canonical", None)
            r.pop("target_canonical", None)
            if isinstance(r.get("mentions"), str):
                r["mentions"] = loads(r["mentions"], [])
        attach_names(st, rows, EVENT_NAMES)
    return rows


def _run(st: Store, kind: str, q: Query, *, select: str, order: str, offset: int = 0,
         limit: int | None = None) -> Listing:
    base = " AND ".join(q.where) or "TRUE"
    if q.confidence is None:
        total, hidden = int(st.rows(f"SELECT count(*) FROM {q.view} WHERE {base}", [*q.view_params, *q.params])[0][0]), 0
        cond, cparams = base, list(q.params)
    else:
        c_sql, c_params = q.confidence
        n_all, n_shown = st.rows(f"SELECT count(*), count(*) FILTER (WHERE {c_sql}) FROM {q.view} WHERE {base}",
                                 [*q.view_params, *c_params, *q.params])[0]
        total, hidden = int(n_shown), int(n_all) - int(n_shown)
        cond, cparams = f"({base}) AND {c_sql}", [*q.params, *c_params]
    page = "" if limit is None else " LIMIT ? OFFSET ?"
    rows = st.records(f"SELECT {select} FROM {q.view} WHERE {cond} ORDER BY {order}{page}",
                      [*q.view_params, *cparams, *([limit, offset] if limit is not None else [])])
    return Listing(_finish(st, kind, rows), total, hidden)


def run_query(st: Store, kind: str, q: Query, **kw: Any) -> Listing:
    """Rows of `q` with their total and hidden counts; `limit` None returns every row."""
    with registered(st, q.view + " ".join(q.where)):
        return _run(st, kind, q, **kw)


def build(st: Store, kind: str, f: Filters, **options: Any) -> Query:
    if kind not in BUILDERS:
        raise QueryError("what", f"{show(kind)} is not a list; use one of {', '.join(KINDS)}")
    return BUILDERS[kind](st, f, **options)


def listing(st: Store, kind: str, f: Filters, p: Paging = Paging(), **options: Any) -> Listing:
    """One page of list `kind` (articles, stories, actors, quotes, events) under filters `f`."""
    out = run_query(st, kind, build(st, kind, f, **options), select=COLUMNS[kind],
                    order=sort_sql(kind, p.sort) or "1", offset=p.offset, limit=p.limit)
    out.params = f.as_params()
    return out


def select_all(st: Store, kind: str, f: Filters, *, select: str = "*", sort: str | None = None,
               **options: Any) -> Listing:
    """Every row of list `kind` under filters `f` (for exports), with the columns `select`."""
    return run_query(st, kind, build(st, kind, f, **options), select=select, order=sort_sql(kind, sort) or "1")


def list_articles(st: Store, f: Filters, p: Paging = Paging()) -> Listing:
    return listing(st, "articles", f, p)


def list_stories(st: Store, f: Filters, p: Paging = Paging()) -> Listing:
    return listing(st, "stories", f, p)


def list_actors(st: Store, f: Filters, p: Paging = Paging()) -> Listing:
    return listing(st, "actors", f, p)


def list_quotes(st: Store, f: Filters, p: Paging = Paging()) -> Listing:
    return listing(st, "quotes", f, p)


def list_events(st: Store, f: Filters, p: Paging = Paging(), *, source: str | None = None,
                target: str | None = None) -> Listing:
    return listing(st, "events", f, p, source=source, target=target)
