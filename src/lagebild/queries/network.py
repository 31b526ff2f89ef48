"""The actor network: who interacts with whom, from three kinds of evidence.

Edge weights (undirected; docs/formats.md explains them for the exports):

- ``events``: merged events with one actor as source and the other as target (each merged event once;
  an event mention not merged into an event counts once);
- ``quotes``: quotations by one actor that name the other (an entity inside the quotation) or are
  addressed to it;
- ``stories``: stories in which both are mentioned.

``weight`` is the sum over the chosen relations. Facts below the confidence floor are left out, like
everywhere else. By default only actors take part (persons, organisations, states, armed groups), not
places or things (see :mod:`lagebild.queries.names`).

Both the whole network (:func:`actor_network`, for exports) and one actor's neighbourhood
(:func:`ego_network`, for the actor page) are single SQL statements over the stored rows; the
neighbourhood reads only the rows that involve the actor, so an actor page costs the same however large
the network is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..store import Store
from .lists import confidence_clause
from .names import ACTOR_KINDS, NOT_ACTORS, actor_kind_sql
from .params import Filters, QueryError, int_param, show
from .schema import has_column

RELATIONS = ("events", "quotes", "stories")


@dataclass(frozen=True, slots=True)
class NetworkOptions:
    relations: tuple[str, ...] = RELATIONS
    min_weight: int = 1
    top: int = 0  # keep the N actors in most articles (0: all)
    kinds: tuple[str, ...] = tuple(k for k in ACTOR_KINDS if k not in NOT_ACTORS)
    filters: Filters = field(default_factory=Filters)


def make_network_options(*, relations: Any = None, min_weight: Any = None, top: Any = None, kinds: Any = None,
                         filters: Filters | None = None) -> NetworkOptions:
    """Validated options; `relations` and `kinds` are lists or comma-separated text."""
    def split(v: Any) -> list[str]:
        if v is None:
            return []
        items = v.split(",") if isinstance(v, str) else [x for part in v for x in str(part).split(",")]
        return [x.strip().lower() for x in items if x.strip()]

    rel = split(relations) or list(RELATIONS)
    bad = [r for r in rel if r not in RELATIONS]
    if bad:
        raise QueryError("relation", f"{show(bad[0])} is not a relation; use {', '.join(RELATIONS)}")
    kind_list = split(kinds)
    if kind_list == ["all"]:
        kind_list = list(ACTOR_KINDS)
    bad = [k for k in kind_list if k not in ACTOR_KINDS]
    if bad:
        raise QueryError("kind", f"{show(bad[0])} is not an actor kind; use {', '.join(ACTOR_KINDS)} or all")
    return NetworkOptions(
        relations=tuple(dict.fromkeys(rel)),
        min_weight=int_param(min_weight, param="min_weight", lo=1, hi=1_000_000, default=1),
        top=int_param(top, param="top", lo=0, hi=1_000_000, default=0),
        kinds=tuple(dict.fromkeys(kind_list)) or NetworkOptions().kinds,
        filters=filters or Filters(),
    )


@dataclass(slots=True)
class Network:
    nodes: dict[str, dict[str, Any]]  # id → {label, code, kind, articles}
    edges: dict[tuple[str, str], dict[str, int]]  # (a, b) with a < b → {events, quotes, stories, weight}


def _article_conds(f: Filters, alias: str) -> tuple[str, list]:
    conds, params = [], []
    for cond, value in ((f"{alias}.published_date >= CAST(? AS DATE)", f.date_from),
                        (f"{alias}.published_date <= CAST(? AS DATE)", f.date_to),
                        (f"lower({alias}.source) = lower(?)", f.outlet), (f"{alias}.story = ?", f.story)):
        if value:
            conds.append(cond)
            params.append(value)
    return (" AND ".join(conds) or "TRUE"), params


def _kind_of(id_col: str, actors_alias: str, st: Store) -> str:
    """SQL for the kind of the actor id in `id_col`, with `actors_alias` a LEFT JOINed actors row."""
    guess = actor_kind_sql(id_col, f"{actors_alias}.code")
    if has_column(st, "actors", "actor_type"):
        return f"coalesce({actors_alias}.actor_type, {guess})"
    return guess


def _in_kinds(o: NetworkOptions) -> str:
    return ", ".join(f"'{k}'" for k in o.kinds)


def _pairs(st: Store, relation: str, o: NetworkOptions, actor: str | None) -> tuple[str, list]:
    """SQL giving (a, b, n) for one relation: every pair (a < b), or with `actor` the pairs (actor, other)."""
    f = o.filters
    art, art_params = _article_conds(f, "a")
    if relation == "events":
        conf, conf_params = confidence_clause(st, "event_mentions", f, "m.confidence")
        if actor:
            return ("SELECT ? AS a, CASE WHEN m.source = ? THEN m.target ELSE m.source END AS b, "
                    "count(DISTINCT coalesce(m.event_id, m.article_id || ':' || m.idx)) AS n FROM event_mentions m "
                    "JOIN articles a ON a.id = m.article_id WHERE (m.source = ? OR m.target = ?) AND m.source <> m.target "
                    f"AND m.source IS NOT NULL AND m.target IS NOT NULL AND {art} AND {conf} GROUP BY 1, 2",
                    [actor, actor, actor, actor, *art_params, *conf_params])
        return ("SELECT least(m.source, m.target) AS a, greatest(m.source, m.target) AS b, "
                "count(DISTINCT coalesce(m.event_id, m.article_id || ':' || m.idx)) AS n FROM event_mentions m "
                "JOIN articles a ON a.id = m.article_id WHERE m.source IS NOT NULL AND m.target IS NOT NULL "
                f"AND m.source <> m.target AND {art} AND {conf} GROUP BY 1, 2", [*art_params, *conf_params])
    if relation == "quotes":
        conf, conf_params = confidence_clause(st, "quotes", f, "q.confidence")
        qb = ("SELECT q.article_id, q.idx, q.speaker_actor_id AS s, q.start_char, q.end_char, q.addressee FROM quotes q "
              f"JOIN articles a ON a.id = q.article_id WHERE q.speaker_actor_id IS NOT NULL AND {art} AND {conf}")
        inside = "e.article_id = qb.article_id AND e.start_char >= qb.start_char AND e.end_char <= qb.end_char"
        if not _filtered(f):  # the derived table of quotation links (queries.derived)
            if actor:
                return ("SELECT ? AS a, CASE WHEN s = ? THEN o ELSE s END AS b, count(*) AS n FROM _quote_links "
                        "WHERE s = ? OR o = ? GROUP BY 1, 2", [actor] * 4)
            return "SELECT least(s, o) AS a, greatest(s, o) AS b, count(*) AS n FROM _quote_links GROUP BY 1, 2", []
        if actor:  # quotations by the actor naming others (or addressed to them), and others' naming the actor
            sql = (f"WITH qb AS ({qb}) "
                   f"SELECT qb.article_id, qb.idx, e.actor_id AS o FROM qb JOIN entities e ON {inside} "
                   "WHERE qb.s = ? AND e.actor_id IS NOT NULL AND e.actor_id <> ? "
                   "UNION SELECT qb.article_id, qb.idx, t.id FROM qb JOIN actors t ON lower(t.canonical) = lower(qb.addressee) "
                   "WHERE qb.s = ? AND t.id <> ? "
                   f"UNION SELECT qb.article_id, qb.idx, qb.s FROM (SELECT * FROM entities WHERE actor_id = ?) e "
                   f"JOIN qb ON {inside} WHERE qb.s <> ? "
                   "UNION SELECT qb.article_id, qb.idx, qb.s FROM qb WHERE qb.s <> ? "
                   "AND lower(qb.addressee) = (SELECT lower(canonical) FROM actors WHERE id = ?)")
            return (f"SELECT ? AS a, o AS b, count(*) AS n FROM ({sql}) GROUP BY 1, 2",
                    [actor, *art_params, *conf_params, *([actor] * 8)])
        sql = (f"WITH qb AS ({qb}) SELECT qb.article_id, qb.idx, qb.s, e.actor_id AS o FROM qb JOIN entities e "
               f"ON {inside} WHERE e.actor_id IS NOT NULL AND e.actor_id <> qb.s "
               "UNION SELECT qb.article_id, qb.idx, qb.s, t.id FROM qb JOIN actors t "
               "ON lower(t.canonical) = lower(qb.addressee) WHERE t.id <> qb.s")
        return (f"SELECT least(s, o) AS a, greatest(s, o) AS b, count(*) AS n FROM ({sql}) GROUP BY 1, 2",
                [*art_params, *conf_params])
    if actor and not _filtered(f):  # from the derived table of the stories' actors
        return ("SELECT ? AS a, x.actor_id AS b, count(*) AS n FROM _story_actors x "
                "WHERE x.story IN (SELECT story FROM _story_actors WHERE actor_id = ?) AND x.actor_id <> ? GROUP BY 1, 2",
                [actor, actor, actor])
    if actor:
        return ("WITH mine AS (SELECT DISTINCT a.story FROM entities e JOIN articles a ON a.id = e.article_id "
                f"WHERE e.actor_id = ? AND a.story IS NOT NULL AND {art}), "
                "x AS (SELECT DISTINCT a.story, e.actor_id FROM entities e JOIN articles a ON a.id = e.article_id "
                f"WHERE a.story IN (SELECT story FROM mine) AND e.actor_id IS NOT NULL AND e.actor_id <> ? AND {art}) "
                "SELECT ? AS a, actor_id AS b, count(*) AS n FROM x GROUP BY 1, 2",
                [actor, *art_params, actor, *art_params, actor])
    if not _filtered(f):  # no filter: from the derived table of the stories' actors
        return ("WITH x AS (SELECT * FROM _story_actors WHERE actor_id IN (SELECT id FROM nodes)) "
                "SELECT x1.actor_id AS a, x2.actor_id AS b, count(*) AS n FROM x x1 JOIN x x2 "
                "ON x1.story = x2.story AND x1.actor_id < x2.actor_id GROUP BY 1, 2", [])
    return ("WITH x AS (SELECT DISTINCT a.story, e.actor_id FROM entities e JOIN articles a ON a.id = e.article_id "
            f"WHERE a.story IS NOT NULL AND e.actor_id IS NOT NULL AND {art} AND e.actor_id IN (SELECT id FROM nodes)) "
            "SELECT x1.actor_id AS a, x2.actor_id AS b, count(*) AS n FROM x x1 JOIN x x2 "
            "ON x1.story = x2.story AND x1.actor_id < x2.actor_id GROUP BY 1, 2", art_params)


def _filtered(f: Filters) -> bool:
    """Whether filters restrict the network (else the derived tables serve)."""
    return bool(f.date_from or f.date_to or f.outlet or f.story or f.min_confidence is not None)


def quote_links_sql(st: Store) -> tuple[str, list]:
    """SQL of every quotation link (article_id, idx, s = speaker, o = the actor named or addressed) under the
    default confidence floor: the derived table ``_quote_links``."""
    f = Filters()
    conf, conf_params = confidence_clause(st, "quotes", f, "q.confidence")
    return ("WITH qb AS (SELECT q.article_id, q.idx, q.speaker_actor_id AS s, q.start_char, q.end_char, q.addressee "
            f"FROM quotes q WHERE q.speaker_actor_id IS NOT NULL AND {conf}) "
            "SELECT qb.article_id, qb.idx, qb.s, e.actor_id AS o FROM qb JOIN entities e "
            "ON e.article_id = qb.article_id AND e.start_char >= qb.start_char AND e.end_char <= qb.end_char "
            "WHERE e.actor_id IS NOT NULL AND e.actor_id <> qb.s "
            "UNION SELECT qb.article_id, qb.idx, qb.s, t.id FROM qb JOIN actors t "
            "ON lower(t.canonical) = lower(qb.addressee) WHERE t.id <> qb.s", conf_params)


def _weights(st: Store, o: NetworkOptions, actor: str | None) -> tuple[str, list]:
    """SQL giving (a, b, events, quotes, stories, weight) summed over the chosen relations."""
    parts, params = [], []
    for rel in RELATIONS:
        if rel in o.relations:
            sql, p = _pairs(st, rel, o, actor)
            cols = ", ".join(f"n AS {r}" if r == rel else f"0 AS {r}" for r in RELATIONS)
            parts.append(f"SELECT a, b, {cols} FROM ({sql})")
            params += p
    total = " + ".join(o.relations)
    return (f"SELECT a, b, sum(events) AS events, sum(quotes) AS quotes, sum(stories) AS stories, "
            f"sum({total}) AS weight FROM ({' UNION ALL '.join(parts)}) GROUP BY a, b", params)


def _nodes_sql(st: Store, o: NetworkOptions) -> tuple[str, list]:
    """SQL giving the network's nodes (id, label, code, kind, articles): actors of the chosen kinds with the
    number of articles (under the filters) that mention them or code them in an event; the top N with `top`."""
    art, art_params = _article_conds(o.filters, "a")
    top = f"LIMIT {int(o.top)}" if o.top else ""
    return (
        "WITH m AS (SELECT actor_id AS id, article_id FROM entities WHERE actor_id IS NOT NULL "
        "UNION SELECT source, article_id FROM event_mentions WHERE source IS NOT NULL "
        "UNION SELECT target, article_id FROM event_mentions WHERE target IS NOT NULL), "
        f"c AS (SELECT m.id, count(DISTINCT m.article_id) AS articles FROM m JOIN articles a ON a.id = m.article_id "
        f"WHERE {art} GROUP BY 1) "
        f"SELECT c.id, t.canonical AS label, t.code, {_kind_of('c.id', 't', st)} AS kind, c.articles "
        f"FROM c LEFT JOIN actors t ON t.id = c.id WHERE {_kind_of('c.id', 't', st)} IN ({_in_kinds(o)}) "
        f"ORDER BY c.articles DESC, c.id {top}", art_params)


def actor_network(st: Store, o: NetworkOptions | None = None) -> Network:
    """The network under options `o`: nodes of the chosen kinds (the top N by articles when `top` is set),
    edges between them with per-relation weights and at least `min_weight` in total."""
    import pandas as pd

    from .names import fallback_name

    o = o or NetworkOptions()
    sql, params = _nodes_sql(st, o)
    node_rows = st.records(sql, params)
    nodes = {r["id"]: {"label": r["label"] or fallback_name(r["id"], r["code"]) or r["id"], "code": r["code"] or "",
                       "kind": r["kind"], "articles": int(r["articles"])} for r in node_rows}
    from .derived import registered

    wsql, wparams = _weights(st, o, None)
    with st.reader_frame("nodes", pd.DataFrame({"id": sorted(nodes) or [""]})), registered(st, wsql):
        rows = st.rows(f"SELECT a, b, events, quotes, stories, weight FROM ({wsql}) WHERE weight >= ? "
                       "AND a IN (SELECT id FROM nodes) AND b IN (SELECT id FROM nodes)", [*wparams, o.min_weight])
    edges = {(a, b): {"events": int(e), "quotes": int(q), "stories": int(s), "weight": int(w)}
             for a, b, e, q, s, w in rows}
    return Network(nodes, edges)


def ego_network(st: Store, actor_id: str, *, limit: int = 25, o: NetworkOptions | None = None) -> dict[str, Any]:
    """The actors one actor interacts with most (by the weights above), as nodes and edges for the page."""
    from .names import actor_names

    from .derived import registered

    o = o or NetworkOptions()
    wsql, params = _weights(st, o, actor_id)
    # the strongest partners first (a generous cut), then their kinds: far fewer rows to classify
    with registered(st, wsql):
        rows = st.records(
            f"WITH w AS (SELECT * FROM ({wsql}) WHERE b <> ? AND weight >= ? ORDER BY weight DESC, b LIMIT ?) "
            f"SELECT w.b AS id, {_kind_of('w.b', 't', st)} AS kind, w.events, w.quotes, w.stories, w.weight FROM w "
            f"LEFT JOIN actors t ON t.id = w.b WHERE {_kind_of('w.b', 't', st)} IN ({_in_kinds(o)}) "
            "ORDER BY w.weight DESC, w.b LIMIT ?", [*params, actor_id, o.min_weight, max(200, 20 * limit), limit])
    names = actor_names(st, [actor_id, *(r["id"] for r in rows)])
    return {
        "nodes": [{"id": actor_id, "label": names.get(actor_id, actor_id), "center": True}]
        + [{"id": r["id"], "label": names.get(r["id"], r["id"]), "kind": r["kind"]} for r in rows],
        "edges": [{"source": actor_id, "target": r["id"], "weight": int(r["weight"]), "events": int(r["events"]),
                   "quotes": int(r["quotes"]), "stories": int(r["stories"])} for r in rows],
    }
