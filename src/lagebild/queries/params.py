"""Query parameters, validated once for the CLI, the API, the pages and the exports.

Every check raises :class:`QueryError` naming the parameter and saying what to write instead; the API
answers it with HTTP 422, the CLI with a one-line error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ..errors import LagebildError

#: facts (quotations, events) below this confidence are hidden unless asked for (``min_confidence``);
#: a store whose events have a ``shown`` column uses that flag for the default instead
DEFAULT_MIN_CONFIDENCE = 0.5
MAX_OFFSET = 1_000_000_000
MAX_LIMIT = 100_000
MAX_TEXT = 200

KINDS = ("articles", "stories", "actors", "quotes", "events")


class QueryError(LagebildError):
    """A query parameter that cannot be used; ``param`` names it (``from``, ``limit`` …)."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.reason = message


_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
_OUTLET = re.compile(r"^[\w.:\-/ ]+$")
_TYPE = re.compile(r"^[A-Za-z_]{1,40}$")
_STORY = re.compile(r"^[\w-]{1,64}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def show(value: object) -> str:
    """A user's value quoted for an error message, cut to a readable length."""
    s = repr(value)
    return s if len(s) <= 60 else s[:57] + "…'"


def parse_day(value: str | None, *, param: str, end: bool = False) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as an ISO day: the first day of the period, or with
    ``end`` its last day. Anything else raises QueryError."""
    if value is None or value == "":
        return None
    m = _DATE.match(value.strip()) if isinstance(value, str) else None
    if m is None:
        raise QueryError(param, f"{show(value)} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
    y, mo, d = int(m.group(1)), int(m.group(2) or (12 if end else 1)), m.group(3)
    if y < 1:
        raise QueryError(param, f"{show(value)}: the year must be 1 or later")
    try:
        if d is not None:
            day = date(y, mo, int(d))
        elif end:
            day = date(y, 12, 31) if mo == 12 else date.fromordinal(date(y, mo + 1, 1).toordinal() - 1)
        else:
            day = date(y, mo, 1)
    except ValueError:
        raise QueryError(param, f"{show(value)} is not a calendar date; write YYYY-MM-DD") from None
    return day.isoformat()


def text_param(value: object, *, param: str, pattern: re.Pattern[str] | None = None, hint: str = "",
               max_len: int = MAX_TEXT) -> str | None:
    """A text parameter trimmed; empty → None; control characters, overlong or off-pattern values rejected."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise QueryError(param, f"{show(value)} is not text")
    value = value.strip()
    if not value:
        return None
    if _CONTROL.search(value):
        raise QueryError(param, "control characters (NUL, line breaks …) are not allowed")
    if len(value) > max_len:
        raise QueryError(param, f"at most {max_len} characters")
    if pattern is not None and not pattern.match(value):
        raise QueryError(param, f"{show(value)} is not allowed here; {hint}")
    return value


def int_param(value: object, *, param: str, lo: int, hi: int, default: int) -> int:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise QueryError(param, f"{show(value)} is not a whole number")
    try:
        n = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise QueryError(param, f"{show(value)} is not a whole number") from None
    if not lo <= n <= hi:
        raise QueryError(param, f"{n} is outside {lo}–{hi}")
    return n


def confidence_param(value: object, *, param: str = "min_confidence") -> float | None:
    if value is None or value == "":
        return None
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise QueryError(param, f"{show(value)} is not a number; write a value from 0 to 1") from None
    if not 0.0 <= v <= 1.0:  # NaN fails too
        raise QueryError(param, f"{show(value)} is outside 0–1")
    return v


@dataclass(frozen=True, slots=True)
class Filters:
    """What to list. Dates are ISO days (``date_to`` inclusive); ``min_confidence`` None is the default
    policy (:func:`lagebild.queries.lists.confidence_clause`), 0 shows everything."""

    date_from: str | None = None
    date_to: str | None = None
    actor: str | None = None
    outlet: str | None = None
    type: str | None = None
    q: str | None = None
    story: str | None = None
    min_confidence: float | None = None

    def with_(self, **changes: Any) -> Filters:
        return replace(self, **changes)

    def as_params(self) -> dict[str, Any]:
        """The filters under their API/CLI parameter names (links, export metadata)."""
        out = {"from": self.date_from, "to": self.date_to, "actor": self.actor, "outlet": self.outlet,
               "type": self.type, "q": self.q, "story": self.story, "min_confidence": self.min_confidence}
        return {k: v for k, v in out.items() if v is not None}


def make_filters(*, date_from: object = None, date_to: object = None, actor: object = None,
                 outlet: object = None, type: object = None, q: object = None, story: object = None,
                 min_confidence: object = None) -> Filters:
    """Validated :class:`Filters` from raw parameter values (strings as a user typed them)."""
    f = Filters(
        date_from=parse_day(date_from, param="from"),  # type: ignore[arg-type]
        date_to=parse_day(date_to, param="to", end=True),  # type: ignore[arg-type]
        actor=text_param(actor, param="actor"),
        outlet=text_param(outlet, param="outlet", pattern=_OUTLET, hint="an outlet is a name such as zeit.de"),
        type=text_param(type, param="type", pattern=_TYPE, hint="a type is a word such as REJECT or direct"),
        q=text_param(q, param="q"),
        story=text_param(story, param="story", pattern=_STORY, hint="a story id is letters, digits and '-'"),
        min_confidence=confidence_param(min_confidence),
    )
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise QueryError("from", f"{f.date_from} is after to={f.date_to}")
    return f


#: sort keys per list: (default, {name: SQL with {d} for the direction}); "-name" sorts descending
SORTS: dict[str, tuple[str, dict[str, str]]] = {
    "articles": ("-date", {"date": "a.published_date {d} NULLS LAST, a.id",
                           "outlet": "lower(a.source) {d} NULLS LAST, a.id",
                           "title": "lower(a.title) {d} NULLS LAST, a.id", "quotes": "n_quotes {d}, a.id",
                           "events": "n_events {d}, a.id"}),
    "stories": ("-size", {"size": "n_articles {d}, last_date DESC NULLS LAST, id",
                          "date": "last_date {d} NULLS LAST, n_articles DESC, id",
                          "first": "first_date {d} NULLS LAST, id",
                          "sources": "n_sources {d}, n_articles DESC, id", "title": "lower(title) {d} NULLS LAST, id"}),
    "actors": ("-mentions", {"mentions": "mentions {d}, id", "articles": "articles {d}, mentions DESC, id",
                             "name": "lower(canonical) {d} NULLS LAST, id"}),
    "quotes": ("date", {"date": "published_date {d} NULLS LAST, article_id, idx",
                        "speaker": "lower(speaker_name) {d} NULLS LAST, article_id, idx",
                        "confidence": "confidence {d} NULLS LAST, article_id, idx"}),
    "events": ("date", {"date": "date_start {d} NULLS LAST, num_sources DESC, id",
                        "sources": "num_sources {d}, num_articles DESC, id",
                        "articles": "num_articles {d}, num_sources DESC, id",
                        "confidence": "confidence {d} NULLS LAST, num_sources DESC, id",
                        "type": "type {d}, date_start, id"}),
}


@dataclass(frozen=True, slots=True)
class Paging:
    offset: int = 0
    limit: int = 50
    sort: str | None = None


def sort_sql(kind: str, sort: str | None) -> str | None:
    """The ORDER BY of list `kind` for `sort` (None: the list's default), or None for an unknown key."""
    default, keys = SORTS[kind]
    sort = sort or default
    name = sort.lstrip("-")
    if name not in keys:
        return None
    return keys[name].format(d="DESC" if sort.startswith("-") else "ASC")


def make_paging(kind: str, *, offset: object = 0, limit: object = 50, sort: object = None,
                max_limit: int = MAX_LIMIT) -> Paging:
    """Validated paging for list `kind`; `sort` is a key of :data:`SORTS` with an optional leading '-'."""
    key = text_param(sort, param="sort", max_len=40)
    if key is not None and sort_sql(kind, key) is None:
        raise QueryError("sort", f"{show(key)} is not a sort key for {kind}; use one of "
                                 f"{', '.join(sorted(SORTS[kind][1]))} (a leading '-' sorts descending)")
    return Paging(int_param(offset, param="offset", lo=0, hi=MAX_OFFSET, default=0),
                  int_param(limit, param="limit", lo=1, hi=max_limit, default=50), key)
