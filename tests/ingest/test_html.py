"""HTML pages (hand-written fixtures in tests/fixtures/ingest/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.ingest import read_inputs
from lagebild.ingest.html import byline_authors
from lagebild.model import Article, Rejection

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def read_one(name: str) -> Article | Rejection:
    (item,) = list(read_inputs([str(FIXTURES / name)]))
    return item


@pytest.mark.parametrize(("name", "expected"), [
    ("article_meta.html", {
        "title": "Stadtrat beschließt neuen Radweg",
        "url": "https://www.beispielbote.example/lokal/stadtrat-radweg-1234.html",  # canonical, not og:url
        "source": "Beispielbote",
        "authors": ["Petra Probe"],
        "published": "2023-05-17",
        "published_precision": "day",
        "teaser": "Nach langer Debatte gibt es eine Mehrheit für den Ausbau entlang der Ringstraße.",
        "tags": ["Verkehr", "Stadtrat"],
        "language": None,
    }),
    ("article_byline.html", {
        "title": "Hochwasser im Tal: Pegel steigt weiter",
        "authors": ["Jonas Beispiel", "Mara Muster"],  # from the byline: no author metadata
        "published": "2024-02-03",
    }),
])
def test_html_metadata(name: str, expected: dict) -> None:
    art = read_one(name)
    assert isinstance(art, Article), art
    for key, value in expected.items():
        assert getattr(art, key) == value, key


@pytest.mark.parametrize(("name", "start", "absent"), [
    ("article_meta.html", "Der Stadtrat von Musterstadt hat am Dienstagabend",
     ["Impressum", "Lokales", "Alle Rechte vorbehalten", "Stadtrat beschließt neuen Radweg\n"]),
    ("article_byline.html", "Der Pegel des Flusses ist in der Nacht zum Samstag", ["Regionalzeitung", "<p"]),
])
def test_html_body(name: str, start: str, absent: list[str]) -> None:
    art = read_one(name)
    assert art.text.startswith(start)
    assert len(art.text.split("\n\n")) == 3
    for a in absent:
        assert a not in art.text


def test_html_declared_language_kept_in_meta() -> None:
    assert read_one("article_meta.html").meta["declared_language"] == "de"


def test_html_without_article_is_rejected() -> None:
    rej = read_one("script_only.html")
    assert isinstance(rej, Rejection) and rej.reason == "no-text"
    assert "script_only.html" in rej.message


@pytest.mark.parametrize(("html", "authors"), [
    ('<div class="author-box"><a>Von Anna Muster</a></div><p>Text von Menschen.</p>', ["Anna Muster"]),
    ("<p>Von Anna Muster und Max Beispiel</p>", ["Anna Muster", "Max Beispiel"]),
    ("<p>Von Anna Muster, Max Beispiel</p>", ["Anna Muster", "Max Beispiel"]),
    ("<p>Autorin: Lea von Beispiel</p>", ["Lea von Beispiel"]),
    ("<p>Der Bericht wurde von der Regierung vorgelegt.</p>", []),
    ("<script>var x = 'Von Anna Muster';</script><p>Kein Autor.</p>", []),
])
def test_byline_fallback(html: str, authors: list[str]) -> None:
    assert byline_authors(html) == authors
