"""German text helpers for the templates: numbers with agreement ("1 Quelle", "2 Quellen"), thousands
separators, confidence as a percentage, and links that keep or change query parameters."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment

#: singular → plural of the nouns the pages count
PLURALS = {
    "Artikel": "Artikel", "Quelle": "Quellen", "Geschichte": "Geschichten", "Zitat": "Zitate",
    "Ereignis": "Ereignisse", "Erwähnung": "Erwähnungen", "Akteur": "Akteure", "Tag": "Tage",
    "Medium": "Medien", "Kopie": "Kopien", "Woche": "Wochen",
}


def number(n: Any) -> str:
    """1234567 → '1.234.567' (German thousands separator); None → '0'."""
    try:
        return f"{int(n or 0):,}".replace(",", ".")
    except (TypeError, ValueError):
        return str(n)


def count(n: Any, singular: str, plural: str | None = None) -> str:
    """'1 Quelle', '2 Quellen', '1.204 Artikel': the noun agrees with the number."""
    k = int(n or 0)
    word = singular if k == 1 else (plural or PLURALS.get(singular, singular + "e"))
    return f"{number(k)}\u00a0{word}"


def percent(v: Any) -> str:
    """0.82 → '82 %' (no value → '–')."""
    if v is None:
        return "–"
    try:
        return f"{round(float(v) * 100)}\u00a0%"
    except (TypeError, ValueError):
        return "–"


def with_params(base: str, current: dict[str, Any] | None = None, **changes: Any) -> str:
    """`base` with the query parameters of `current` changed by `changes` (None removes one)."""
    params = {k: v for k, v in (current or {}).items() if v is not None}
    for k, v in changes.items():
        if v is None:
            params.pop(k, None)
        else:
            params[k] = v
    return base + ("?" + urlencode(params) if params else "")


def install_filters(env: Environment) -> None:
    env.filters["num"] = number
    env.filters["count"] = count
    env.filters["percent"] = percent
    env.globals["with_params"] = with_params
