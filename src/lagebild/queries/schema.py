"""Which optional columns a store has (looked up once per open store).

Columns that other parts of lagebild add by migration — ``events.shown`` and ``events.confidence``
(calibrated), ``actors.actor_type`` — are used as soon as a store has them.
"""

from __future__ import annotations

import weakref

from ..store import Store

_COLUMNS: weakref.WeakKeyDictionary[Store, dict[str, frozenset[str]]] = weakref.WeakKeyDictionary()


def has_column(st: Store, table: str, column: str) -> bool:
    """Whether `table` has `column` in this store."""
    cache = _COLUMNS.setdefault(st, {})
    if table not in cache:
        cache[table] = st.columns(table)
    return column in cache[table]
