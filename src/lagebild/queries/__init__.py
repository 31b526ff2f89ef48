"""The one query vocabulary behind every CLI list command, API route, page and export.

``make_filters`` / ``make_paging`` validate what a user typed (``QueryError`` names the parameter);
``listing(store, kind, filters, paging)`` returns a page of articles, stories, actors, quotations or
events with names beside ids, the total and the number hidden below the confidence floor.
"""

from __future__ import annotations

from .lists import Listing, build, confidence_clause, like, listing, loads, resolve_actor, select_all
from .names import ACTOR_KINDS, NOT_ACTORS, actor_kind, actor_names, attach_names, fallback_name
from .params import (
    DEFAULT_MIN_CONFIDENCE, KINDS, MAX_LIMIT, SORTS, Filters, Paging, QueryError, make_filters, make_paging,
    parse_day,
)
from .schema import has_column

__all__ = [
    "ACTOR_KINDS", "DEFAULT_MIN_CONFIDENCE", "KINDS", "MAX_LIMIT", "NOT_ACTORS", "SORTS", "Filters", "Listing",
    "Paging", "QueryError", "actor_kind", "actor_names", "attach_names", "build", "confidence_clause",
    "fallback_name", "has_column", "like", "listing", "loads", "make_filters", "make_paging", "parse_day",
    "resolve_actor", "select_all",
]
