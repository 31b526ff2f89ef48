"""Helpers: dates with precision, authors, re-wrapping, the layout vocabulary."""

from __future__ import annotations

import datetime as dt

import pytest

from lagebild.ingest.common import (
    clean_paragraphs, continues, is_wrapped, join_lines, normalise_date, rejoin_wrapped, split_authors,
)
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
    ("A\nb.\n\nC.", {}, "A b.\n\nC."),
    ("A.\nB.\n\nC.", {"lines_are_paragraphs": True}, "A.\n\nB.\n\nC."),
    ("\n\n  \n", {}, ""),
    # a paragraph break inside a sentence is joined again
    ("Die Regierung hat\n\nbeschlossen, dass es weitergeht.", {}, "Die Regierung hat beschlossen, dass es weitergeht."),
    ("Sie sprach mit der\nKanzlerin.", {"lines_are_paragraphs": True}, "Sie sprach mit der Kanzlerin."),
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


# hard wraps that arrived as paragraph breaks (FANG-COVID's zeit.de texts): the cases are made up, modelled on
# the kinds of breaks measured in tests/ingest/test_hardwrap_fang.py
WRAPPED = [
    "ZEIT ONLINE: Herr Burst, die Zahl der Verdachtsfälle steigt. Was erleben",
    "Sie in diesen Tagen in der Notaufnahme der Uniklinik?",
    "Volker Burst: Seit vorgestern behandeln wir zusätzlich zu den Patientinnen und",
    "den Patienten, die ohnehin jeden Tag zu uns kommen, ungefähr 30 Menschen, die",
    "vermuten, erkrankt zu sein. In der Stadt gelten nach wie vor die strengen",
    "Beschränkungen. Das Gremium trifft sich rund 1000",
    "Mal im Jahr.",
    "Offizielle Anfrage angekündigt",
    "Russland werde den USA eine Anfrage schicken.",
    "ZEIT",
    "ONLINE: Und was sagen Sie dazu?",
]


def test_rejoin_wrapped_lines() -> None:
    assert is_wrapped(WRAPPED)
    assert rejoin_wrapped(WRAPPED) == [
        "ZEIT ONLINE: Herr Burst, die Zahl der Verdachtsfälle steigt. Was erleben Sie in diesen Tagen in der "
        "Notaufnahme der Uniklinik?",
        "Volker Burst: Seit vorgestern behandeln wir zusätzlich zu den Patientinnen und den Patienten, die ohnehin "
        "jeden Tag zu uns kommen, ungefähr 30 Menschen, die vermuten, erkrankt zu sein. In der Stadt gelten nach "
        "wie vor die strengen Beschränkungen. Das Gremium trifft sich rund 1000 Mal im Jahr.",
        "Offizielle Anfrage angekündigt",  # a heading stays
        "Russland werde den USA eine Anfrage schicken.",
        "ZEIT ONLINE: Und was sagen Sie dazu?",
    ]


@pytest.mark.parametrize(("line", "nxt", "wrapped", "expected"), [
    ("Sie sagte", "gestern, es gehe weiter.", False, True),  # lower case goes on
    ("Die Lage ist ernst.", "dann kam es anders.", False, False),  # a sentence end stays
    ("„Wir sind bereit“", "sagte er.", False, True),  # a closing quotation mark does not end the sentence
    ("Die Zahlen stiegen bis zum", "Freitag an.", False, True),  # an open word
    ("Live-Ergebnisse der Wahl 2020", "5.01 Uhr – Auszählung", False, False),  # in a text not hard-wrapped
    ("Live-Ergebnisse der Wahl 2020", "5.01 Uhr – Auszählung", True, True),
    ("Wilde Zahlen zur Wahl", "https://example.org/zahlen", True, False),  # links are a list
    ("Kampf der Künste", "Die Markthalle ist eine Ruine.", True, False),  # a heading
    ("Die Folgen sind noch unklar, sagte er am Rande der", "Sitzung.", True, True),
])
def test_continues(line: str, nxt: str, wrapped: bool, expected: bool) -> None:
    assert continues(line, nxt, wrapped=wrapped) is expected
