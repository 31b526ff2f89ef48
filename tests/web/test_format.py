"""German numbers in the pages: agreement, thousands separators, percentages, links that keep parameters."""

from __future__ import annotations

import pytest

from lagebild.web.apidocs import operations
from lagebild.web.format import count, number, percent, with_params


@pytest.mark.parametrize(("n", "noun", "plural", "expected"), [
    (1, "Quelle", None, "1\u00a0Quelle"), (2, "Quelle", None, "2\u00a0Quellen"), (0, "Quelle", None, "0\u00a0Quellen"),
    (1, "Artikel", None, "1\u00a0Artikel"), (7000, "Artikel", None, "7.000\u00a0Artikel"),
    (1, "Ereignis", None, "1\u00a0Ereignis"), (3, "Ereignis", None, "3\u00a0Ereignisse"),
    (1, "Geschichte", None, "1\u00a0Geschichte"), (1234567, "Erwähnung", None, "1.234.567\u00a0Erwähnungen"),
    (1, "unabhängige Quelle", "unabhängige Quellen", "1\u00a0unabhängige Quelle"), (None, "Zitat", None, "0\u00a0Zitate"),
])
def test_count(n, noun: str, plural: str | None, expected: str) -> None:
    assert count(n, noun, plural) == expected


def test_number_and_percent() -> None:
    assert (number(44044), number(None), percent(0.816), percent(None)) == ("44.044", "0", "82\u00a0%", "–")


def test_with_params() -> None:
    assert with_params("/stories/s1", {"alle": 1, "sort": None}, seite=2) == "/stories/s1?alle=1&seite=2"
    assert with_params("/stories/s1", {"alle": 1}, alle=None) == "/stories/s1"


def test_api_reference_lists_every_route(client) -> None:
    ops = operations(client.app.openapi())
    paths = {(o["method"], o["path"]) for o in ops}
    assert ("GET", "/api/events") in paths and ("POST", "/api/articles") in paths
    events = next(o for o in ops if o["path"] == "/api/events")
    params = {p["name"]: p for p in events["params"]}
    assert {"from", "to", "actor", "min_confidence", "sort", "offset", "limit"} <= set(params)
    assert "≤ 500" in params["limit"]["limits"] and all(o["summary"] for o in ops)
    page = client.get("/docs")
    assert page.status_code == 200 and "/api/events" in page.text and "cdn" not in page.text.lower()
