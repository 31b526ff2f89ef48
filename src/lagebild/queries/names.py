"""Readable names and kinds for actor ids.

Names come from the actors table (``canonical``); ids it does not hold (event agents such as
``agent:DEUEDU:Sprachschüler``, quoted names, country codes) get a name read from the id itself.

An actor's kind is the ``actor_type`` column where the store has one (person, organisation, state,
substate, armed, place, other); until then it is read from the id's prefix and the CAMEO code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from ..errors import LagebildError
from ..model import Article
from ..store import Store
from .schema import has_column

#: CAMEO role codes (the last three letters of an actor code) of armed groups
ARMED_ROLES = ("MIL", "REB", "INS", "UAF", "SEP")
#: kinds that are not actors: the network leaves them out unless asked for
NOT_ACTORS = ("place", "other")
ACTOR_KINDS = ("person", "organisation", "state", "substate", "armed", "place", "other")
_PREFIX_KIND = {"loc": "place", "misc": "other", "per": "person", "name": "person", "gpe": "state",
                "country": "state", "gov": "state", "org": "organisation", "agent": "organisation",
                "prefix": "organisation"}
_ID = re.compile(r"^(?P<kind>[a-z]+):(?P<rest>.+)$")


def actor_kind(actor_id: str | None, code: str | None = None) -> str:
    """An actor's kind read from its id and code: ``loc:`` places, ``misc:`` things (the Euro), persons,
    states (``gpe:``, ``gov:``), armed groups (a CAMEO code ending in MIL, REB, INS, UAF, SEP), else
    organisations."""
    if code and len(code) >= 6 and code[-3:] in ARMED_ROLES:
        return "armed"
    return _PREFIX_KIND.get((actor_id or "").partition(":")[0], "other")


def actor_kind_sql(id_col: str, code_col: str) -> str:
    """:func:`actor_kind` in SQL over an id and a code column."""
    armed = " OR ".join(f"right({code_col}, 3) = '{r}'" for r in ARMED_ROLES)
    cases = " ".join(f"WHEN {id_col} LIKE '{p}:%' THEN '{k}'" for p, k in _PREFIX_KIND.items())
    return f"CASE WHEN length(coalesce({code_col}, '')) >= 6 AND ({armed}) THEN 'armed' {cases} ELSE 'other' END"


def actor_kind_column(st: Store, alias: str) -> str:
    """The kind of actors-table row `alias`: its ``actor_type`` where the store has that column, else
    :func:`actor_kind_sql` of its id and code."""
    guess = actor_kind_sql(f"{alias}.id", f"{alias}.code")
    if has_column(st, "actors", "actor_type"):
        return f"coalesce({alias}.actor_type, {guess})"
    return guess


@lru_cache(maxsize=512)
def country_name(code: str) -> str | None:
    """The German name of an ISO-3 country code from the actor lists (``DEU`` → Deutschland)."""
    try:
        from ..actors.kb import load_kb

        actor = load_kb().actors.get(f"gpe:{code.lower()}")
    except (LagebildError, ImportError, OSError):
        return None
    return actor.canonical if actor is not None else None


def fallback_name(actor_id: str | None, code: str | None = None) -> str | None:
    """A readable name for an id the actors table does not hold: the word of an event agent
    (``agent:DEUEDU:Sprachschüler`` → Sprachschüler), a quoted name, a country's name, else the code."""
    if not actor_id:
        return code
    m = _ID.match(actor_id)
    if m is None:
        return actor_id
    kind, rest = m.group("kind"), m.group("rest")
    if kind == "agent":
        head, _, word = rest.partition(":")
        return word or code or head
    if kind in ("name", "loc"):
        return rest
    if kind in ("prefix", "gpe", "country", "gov"):
        country = country_name(rest[:3]) if len(rest) >= 3 else None
        if country and kind == "gov":
            return f"Regierung {country}"
        return country or code or rest.upper()
    return rest.replace("-", " ").title()


def actor_names(st: Store, ids: Iterable[str | None]) -> dict[str, str]:
    """{actor id: readable name}: the canonical name from the actors table, else :func:`fallback_name`."""
    want = sorted({i for i in ids if i})
    if not want:
        return {}
    found: dict[str, str] = {}
    for k in range(0, len(want), 500):
        chunk = want[k:k + 500]
        rows = st.rows(f"SELECT id, canonical FROM actors WHERE id IN ({', '.join('?' for _ in chunk)})", chunk)
        found.update({r[0]: r[1] for r in rows if r[1]})
    return {i: found.get(i) or fallback_name(i) or i for i in want}


def attach_names(st: Store, rows: list[dict], pairs: Sequence[tuple[str, str, str | None]]) -> list[dict]:
    """Set a name field beside each id field: ``pairs`` of (id field, name field, code field); a row with
    no id but a code gets the code as its name."""
    names = actor_names(st, (r.get(k) for r in rows for k, _, _ in pairs))
    for r in rows:
        for id_field, name_field, code_field in pairs:
            i = r.get(id_field)
            r[name_field] = names.get(i) if i else (r.get(code_field) if code_field else None)
    return rows


def article_names(st: Store, a: Article) -> dict[str, str]:
    """Readable names for every actor id an article's entities, quotations and events use."""
    names = {e.actor_id: e.canonical for e in a.entities if e.actor_id and e.canonical}
    ids = {i for e in a.events for i in (e.source, e.target) if i} | {q.speaker_actor_id for q in a.quotes
                                                                      if q.speaker_actor_id}
    names.update(actor_names(st, ids - set(names)))
    return names


EVENT_NAMES: tuple[tuple[str, str, str | None], ...] = (
    ("source", "source_name", "source_code"), ("target", "target_name", "target_code"))
