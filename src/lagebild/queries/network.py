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

The full network (:func:`actor_network`) is for exports; the actor page asks for one actor's
neighbourhood (:func:`ego_network`), which reads only that actor's rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..store import Store
from .lists import confidence_clause
from .names import ACTOR_KINDS, NOT_ACTORS, actor_kind, actor_kind_sql, actor_names
from .params import Filters, QueryError, show

RELATIONS = ("events", "quotes", "stories")


@dataclass(frozen=True, slots=True)
class NetworkOptions:
    relations: tuple[str, ...] = RELATIONS
    min_weight: int = 1
    top: int = 0  # keep the N actors mentioned in most articles (0: all)
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
    from .params import int_param

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
    if f.date_from:
        conds.append(f"{alias}.published_date >= CAST(? AS DATE)")
        params.append(f.date_from)
    if f.date_to:
        conds.append(f"{alias}.published_date <= CAST(? AS DATE)")
        params.append(f.date_to)
    if f.outlet:
        conds.append(f"lower({alias}.source) = lower(?)")
        params.append(f.outlet)
    if f.story:
        conds.append(f"{alias}.story = ?")
        params.append(f.story)
    return (" AND ".join(conds) or "TRUE"), params


def _kind_cond(column: str, kinds: tuple[str, ...]) -> str:
    """SQL: the actor id in `column` is of one of `kinds` (read from the actors table where it has the
    actor, else from the id)."""
    if set(kinds) >= set(ACTOR_KINDS):
        return "TRUE"
    listed = ", ".join(f"'{k}'" for k in kinds)
    guess = actor_kind_sql(column, f"(SELECT code FROM actors WHERE id = {column})")
    return f"({guess}) IN ({listed})"


def _relation_rows(st: Store, relation: str, o: NetworkOptions, *, actor: str | None = None) -> list[tuple]:
    """(a, b, n) pairs for one relation; with `actor`, only the pairs that include it."""
    f = o.filters
    art, art_params = _article_conds(f, "a")
    if relation == "events":
        conf, conf_params = confidence_clause(st, "event_mentions", f, "m.confidence")
        mine = "AND (m.source = ? OR m.target = ?)" if actor else ""
        return st.rows(
            "SELECT least(m.source, m.target), greatest(m.source, m.target), "
            "count(DISTINCT coalesce(m.event_id, m.article_id || ':' || m.idx)) FROM event_mentions m "
            "JOIN articles a ON a.id = m.article_id WHERE m.source IS NOT NULL AND m.target IS NOT NULL "
            f"AND m.source <> m.target AND {art} AND {conf} {mine} GROUP BY 1, 2",
            [*art_params, *conf_params, *([actor, actor] if actor else [])])
    if relation == "quotes":
        conf, conf_params = confidence_clause(st, "quotes", f, "q.confidence")
        mine = "WHERE (s = ? OR o = ?)" if actor else ""
        return st.rows(
            "WITH qa AS (SELECT q.article_id, q.idx, q.speaker_actor_id AS s, q.start_char, q.end_char, q.addressee "
            "FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker_actor_id IS NOT NULL "
            f"AND {art} AND {conf}), "
            "pairs AS (SELECT qa.article_id, qa.idx, qa.s, e.actor_id AS o FROM qa JOIN entities e "
            "ON e.article_id = qa.article_id AND e.start_char >= qa.start_char AND e.end_char <= qa.end_char "
            "WHERE e.actor_id IS NOT NULL AND e.actor_id <> qa.s "
            "UNION SELECT qa.article_id, qa.idx, qa.s, t.id AS o FROM qa JOIN actors t "
            "ON lower(t.canonical) = lower(qa.addressee) WHERE t.id <> qa.s) "
            f"SELECT least(s, o), greatest(s, o), count(DISTINCT article_id || ':' || idx) FROM pairs {mine} GROUP BY 1, 2",
            [*art_params, *conf_params, *([actor, actor] if actor else [])])
    if actor:
        return st.rows(
            "WITH mine AS (SELECT DISTINCT a.story FROM entities e JOIN articles a ON a.id = e.article_id "
            f"WHERE e.actor_id = ? AND a.story IS NOT NULL AND {art}), "
            "x AS (SELECT DISTINCT a.story, e.actor_id FROM entities e JOIN articles a ON a.id = e.article_id "
            f"WHERE a.story IN (SELECT story FROM mine) AND e.actor_id IS NOT NULL AND e.actor_id <> ? AND {art}) "
            "SELECT least(?, actor_id), greatest(?, actor_id), count(*) FROM x GROUP BY 1, 2",
            [actor, *art_params, actor, *art_params, actor, actor])
    return st.rows(
        "WITH x AS (SELECT DISTINCT a.story, e.actor_id FROM entities e JOIN articles a ON a.id = e.article_id "
        f"WHERE a.story IS NOT NULL AND e.actor_id IS NOT NULL AND {art} "
        "AND e.actor_id IN (SELECT id FROM _nodes)) "
        "SELECT x1.actor_id, x2.actor_id, count(*) FROM x x1 JOIN x x2 "
        "ON x1.story = x2.story AND x1.actor_id < x2.actor_id GROUP BY 1, 2", art_params)


def _candidates(st: Store, o: NetworkOptions) -> dict[str, int]:
    """Actors of the chosen kinds with the number of articles (under the filters) that mention them or
    code them as an event's source or target."""
    art, art_params = _article_conds(o.filters, "a")
    rows = st.rows(
        "WITH m AS (SELECT actor_id AS id, article_id FROM entities WHERE actor_id IS NOT NULL "
        "UNION SELECT source, article_id FROM event_mentions WHERE source IS NOT NULL "
        "UNION SELECT target, article_id FROM event_mentions WHERE target IS NOT NULL) "
        f"SELECT m.id, count(DISTINCT m.article_id) FROM m JOIN articles a ON a.id = m.article_id WHERE {art} "
        "GROUP BY 1", art_params)
    counts = {r[0]: int(r[1]) for r in rows}
    kinds = _kinds(st, list(counts))
    keep = {i: n for i, n in counts.items() if kinds[i] in o.kinds}
    if o.top:
        keep = dict(sorted(keep.items(), key=lambda kv: (-kv[1], kv[0]))[:o.top])
    return keep


def _kinds(st: Store, ids: list[str]) -> dict[str, str]:
    """{id: kind}: the ``actor_type`` column where the store has one, else read from id and code."""
    from .schema import has_column

    typed = has_column(st, "actors", "actor_type")
    info: dict[str, tuple[str | None, str | None]] = {}
    want = sorted(set(ids))
    for k in range(0, len(want), 1000):
        chunk = want[k:k + 1000]
        cols = "id, code, actor_type" if typed else "id, code, NULL"
        for i, code, kind in st.rows(f"SELECT {cols} FROM actors WHERE id IN ({', '.join('?' for _ in chunk)})", chunk):
            info[i] = (code, kind)
    return {i: (info.get(i, (None, None))[1] or actor_kind(i, info.get(i, (None, None))[0])) for i in want}


def actor_network(st: Store, o: NetworkOptions | None = None) -> Network:
    """The network under options `o`: nodes of the chosen kinds (the top N by articles when `top` is set),
    edges between them with per-relation weights, at least `min_weight` in total."""
    import pandas as pd

    o = o or NetworkOptions()
    nodes = _candidates(st, o)
    edges: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {r: 0 for r in RELATIONS})
    with st.reader_frame("_nodes", pd.DataFrame({"id": sorted(nodes) or [""]})):
        for rel in o.relations:
            for a, b, n in _relation_rows(st, rel, o):
                if a in nodes and b in nodes:
                    edges[(a, b)][rel] += int(n)
    kept = {}
    for pair, w in edges.items():
        w["weight"] = sum(w[r] for r in o.relations)
        if w["weight"] >= o.min_weight:
            kept[pair] = dict(w)
    return Network(_node_attrs(st, nodes), kept)


def _node_attrs(st: Store, counts: dict[str, int]) -> dict[str, dict[str, Any]]:
    names = actor_names(st, counts)
    kinds = _kinds(st, list(counts))
    codes = {}
    want = sorted(counts)
    for k in range(0, len(want), 1000):
        chunk = want[k:k + 1000]
        codes.update(dict(st.rows(f"SELECT id, code FROM actors WHERE id IN ({', '.join('?' for _ in chunk)})", chunk)))
    return {i: {"label": names.get(i, i), "code": codes.get(i) or "", "kind": kinds[i], "articles": n}
            for i, n in counts.items()}


def ego_network(st: Store, actor_id: str, *, limit: int = 25, o: NetworkOptions | None = None) -> dict[str, Any]:
    """The actors one actor interacts with most (by the weights above), as nodes and edges for the page."""
    o = o or NetworkOptions()
    weights: dict[str, dict[str, int]] = defaultdict(lambda: {r: 0 for r in RELATIONS})
    for rel in o.relations:
        for a, b, n in _relation_rows(st, rel, o, actor=actor_id):
            other = b if a == actor_id else a
            if other != actor_id:
                weights[other][rel] += int(n)
    kinds = _kinds(st, list(weights))
    scored = [(other, w, sum(w[r] for r in o.relations)) for other, w in weights.items() if kinds[other] in o.kinds]
    top = sorted((s for s in scored if s[2] >= o.min_weight), key=lambda s: (-s[2], s[0]))[:limit]
    names = actor_names(st, [actor_id, *(t[0] for t in top)])
    return {
        "nodes": [{"id": actor_id, "label": names.get(actor_id, actor_id), "center": True}]
        + [{"id": other, "label": names.get(other, other), "kind": kinds[other]} for other, _, _ in top],
        "edges": [{"source": actor_id, "target": other, "weight": total, **w} for other, w, total in top],
    }
