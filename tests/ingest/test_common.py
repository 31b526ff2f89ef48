"""Helpers: dates with precision, authors, re-wrapping, the layout vocabulary."""

from __future__ import annotations

import datetime as dt

import pytest

from lagebild.ingest.common import clean_paragraphs, join_lines, normalise_date, split_authors
from lagebild.ingest.layout import load_layout


@pytest.mark.parametrize(("value", "expected"), [
    ("2022-01-27", ("2022-01-27", "day")),
    ("2022-01-27T10:56:05+01:00", ("2022-01-27", "day")),
    ("2022-01-27T10:56:05Z", ("2022-01-27", "day")),
    ("2020-02-05 09:12:33", ("2020-02-05", "day")),
    ("2020-03-7", ("2020-03-07", "day")),
    ("2022-01", ("2022-01", "month")),
    ("2022", ("2022", "year")),
    ("27 Jan 2022", ("2022-01-27", "day")),
    ("27. Januar 2022", ("2022-01-27", "day")),
    ("3. März 2023", ("2023-03-03", "day")),
    ("27.01.2022", ("2022-01-27", "day")),
    ("January 27, 2022", ("2022-01-27", "day")),
    ("Januar 2022", ("2022-01", "month")),
    ("2022-02-30", (None, None)),
    ("2022-13", (None, None)),
    ("gestern", (None, None)),
    ("", (None, None)),
    (None, (None, None)),
    (dt.date(2021, 5, 4), ("2021-05-04", "day")),
    (dt.datetime(2021, 5, 4, 12, 0), ("2021-05-04", "day")),
])
def test_normalise_date(value: object, expected: tuple) -> None:
    assert normalise_date(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("Anna Muster", ["Anna Muster"]),
    ("Anna Muster, Max Beispiel", ["Anna Muster", "Max Beispiel"]),
    ("Anna Muster und Max Beispiel", ["Anna Muster", "Max Beispiel"]),
    ("Anna Muster & Max Beispiel; Lea Probe", ["Anna Muster", "Max Beispiel", "Lea Probe"]),
    ("Von Anna Muster", ["Anna Muster"]),
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
    ("Undine Sund", ["Undine Sund"]),  # 'und' inside a name is no joiner
    (["Anna Muster", "Anna Muster", ""], ["Anna Muster"]),
    (None, []),
    ("", []),
])
def test_split_authors(value: object, expected: list[str]) -> None:
    assert split_authors(value) == expected


@pytest.mark.parametrize(("lines", "expected"), [
    (["Nato-", "Generalsekretär"], "Nato-Generalsekretär"),
    (["russisch-", "ukrainischen Grenze"], "russisch-ukrainischen Grenze"),
    (["ein Wort", "und noch eins"], "ein Wort und noch eins"),
    (["Preis: 5 -", "10 Euro"], "Preis: 5 - 10 Euro"),
    (["Reise-", "oder Handelsbeschränkungen"], "Reise- oder Handelsbeschränkungen"),
    (["Nord-", "und Ostsee"], "Nord- und Ostsee"),
    (["T-", "Zellen"], "T-Zellen"),
    (["2019-", "2021"], "2019-2021"),
    (["CO₂-", "Ausstoß"], "CO₂-Ausstoß"),
    (["  viel   Platz  ", "", " hier "], "viel Platz hier"),
])
def test_join_lines(lines: list[str], expected: str) -> None:
    assert join_lines(lines) == expected


@pytest.mark.parametrize(("text", "kw", "expected"), [
    ("a\nb\n\nc", {}, "a b\n\nc"),
    ("a\nb\n\nc", {"lines_are_paragraphs": True}, "a\n\nb\n\nc"),
    ("\n\n  \n", {}, ""),
])
def test_clean_paragraphs(text: str, kw: dict, expected: str) -> None:
    assert clean_paragraphs(text, **kw) == expected


def test_layout_merges_language_folders() -> None:
    layout = load_layout()
    assert {"de", "en"} <= set(layout.languages)
    assert layout.months["januar"] == 1 and layout.months["january"] == 1
    assert layout.sections["AUTOREN"] == "authors"
    de_only = load_layout(("de",))
    assert "january" not in de_only.months
