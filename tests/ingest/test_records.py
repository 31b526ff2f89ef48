"""JSON Lines, JSON and CSV exports: usual field names, explicit mapping, dates, authors, ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lagebild.errors import InputError
from lagebild.ingest import read_inputs
from lagebild.model import Article, Rejection

TEXT = "Der Landtag hat das Gesetz beschlossen. Die Opposition stimmte dagegen."


def read(path: Path, **kw) -> list[Article | Rejection]:
    return list(read_inputs([str(path)], **kw))


@pytest.mark.parametrize(("record", "expected"), [
    ({"id": 7, "url": "https://x.example/a", "title": "T", "text": TEXT, "date": "2020-03-07"},
     {"external_id": "7", "url": "https://x.example/a", "title": "T", "published": "2020-03-07"}),
    ({"header": " \n  Schlagzeile\n ", "article": TEXT, "date_norm": "2020-02-01", "date": "2020-02-01T23:59:00+01:00",
      "source": "zeit.de", "label": "real"},
     {"title": "Schlagzeile", "published": "2020-02-01", "source": "zeit.de", "external_id": None,
      "meta": {"fields": {"date": "2020-02-01T23:59:00+01:00", "label": "real"}}}),
    ({"headline": "H", "body": TEXT, "published": "2020-03-7", "outlet": "kopp-report.de"},
     {"title": "H", "published": "2020-03-07", "published_precision": "day", "source": "kopp-report.de"}),
    ({"content": TEXT, "date_publish": "2020-02-05 09:12:33", "site": "sueddeutsche.de"},
     {"published": "2020-02-05", "source": "sueddeutsche.de"}),
    ({"text": TEXT, "date": "2021-05"}, {"published": "2021-05", "published_precision": "month"}),
    ({"text": TEXT, "date": "2021"}, {"published": "2021", "published_precision": "year"}),
    ({"text": TEXT, "date": "gestern"}, {"published": None, "published_precision": None,
                                         "meta": {"fields": {"date": "gestern"}}}),
    ({"text": TEXT, "source_name": "Beispielbote", "author": "Anna Muster, Max Beispiel"},
     {"source": "Beispielbote", "authors": ["Anna Muster", "Max Beispiel"]}),
    ({"text": TEXT, "authors": ["Anna Muster", "Anna Muster", {"name": "Max Beispiel"}]},
     {"authors": ["Anna Muster", "Max Beispiel"]}),
    ({"text": TEXT, "author": "Von Anna Muster und Max Beispiel"}, {"authors": ["Anna Muster", "Max Beispiel"]}),
    ({"text": TEXT, "tags": "Politik, Landtag; Gesetz"}, {"tags": ["Politik", "Landtag", "Gesetz"]}),
    ({"text": TEXT, "keywords": ["Politik", " Landtag "]}, {"tags": ["Politik", "Landtag"]}),
    ({"text": TEXT, "language": "DE"}, {"language": "de"}),
    ({"text": TEXT, "lang": "de-AT"}, {"language": "de"}),
    ({"text": TEXT}, {"language": None, "published": None, "external_id": None, "meta": {}}),
])
def test_jsonl_fields(tmp_path: Path, record: dict, expected: dict) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (art,) = read(p)
    assert isinstance(art, Article), art
    assert art.text == TEXT
    assert (art.path, art.record) == (str(p), 1)
    for key, value in expected.items():
        assert getattr(art, key) == value, key


@pytest.mark.parametrize(("raw", "text"), [
    ("  Erster Absatz.\n            Zweiter Absatz.\nDritter.", "Erster Absatz.\n\nZweiter Absatz.\n\nDritter."),
    ("Absatz eins\nläuft weiter.\n\nAbsatz zwei.", "Absatz eins läuft weiter.\n\nAbsatz zwei."),
    ("Nur ein Absatz.", "Nur ein Absatz."),
])
def test_record_paragraphs(tmp_path: Path, raw: str, text: str) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"text": raw}) + "\n", encoding="utf-8")
    assert read(p)[0].text == text


@pytest.mark.parametrize(("raw", "text"), [
    ("<p>Erster Absatz mit <a href='/x'>Link</a>.</p><p>Zweiter &amp; letzter.</p>",
     "Erster Absatz mit Link.\n\nZweiter & letzter."),
    ("Zeile eins<br/>Zeile zwei", "Zeile eins\n\nZeile zwei"),
    ("Kein Markup: 3 < 4 und 5 > 2.", "Kein Markup: 3 < 4 und 5 > 2."),
])
def test_record_text_as_html_fragment(tmp_path: Path, raw: str, text: str) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"text": raw}) + "\n", encoding="utf-8")
    assert read(p)[0].text == text


def test_explicit_field_mapping(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"text": "kurz", "volltext": TEXT, "wann": "2022-01-27", "nr": "x1"}) + "\n",
                 encoding="utf-8")
    (art,) = read(p, fields={"text": "volltext", "date": "wann", "id": "nr"})
    assert (art.text, art.published, art.external_id) == (TEXT, "2022-01-27", "x1")
    (rej,) = read(p, fields={"text": "fehlt"})
    assert isinstance(rej, Rejection) and rej.reason == "no-text" and "'fehlt'" in rej.message
    with pytest.raises(InputError, match="unknown article field"):
        read(p, fields={"volltext": "text"})


@pytest.mark.parametrize(("content", "n"), [
    (json.dumps([{"text": TEXT, "id": 1}, {"text": TEXT + " Zwei.", "id": 2}]), 2),
    (json.dumps({"articles": [{"text": TEXT}, {"body": TEXT + " Zwei."}, {"content": TEXT + " Drei."}]}), 3),
    (json.dumps({"title": "Einzeln", "text": TEXT}), 1),
    (json.dumps({"text": TEXT}) + "\n" + json.dumps({"text": TEXT + " Zwei."}) + "\n", 2),  # JSONL named .json
])
def test_json_documents(tmp_path: Path, content: str, n: int) -> None:
    p = tmp_path / "a.json"
    p.write_text(content, encoding="utf-8")
    arts = read(p)
    assert len(arts) == n and all(isinstance(a, Article) for a in arts)
    assert [a.record for a in arts] == list(range(1, n + 1))


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("a.csv", f'id,headline,text,date,author\n1,Titel,"{TEXT}",2022-01-27,"A, B"\n',
     {"external_id": "1", "title": "Titel", "published": "2022-01-27", "authors": ["A", "B"]}),
    ("a.csv", f'id;title;body;date\n1;"Titel; mit Semikolon";"{TEXT} Mit, Kommas, drin.";27.01.2022\n',
     {"title": "Titel; mit Semikolon", "published": "2022-01-27"}),
    ("a.tsv", f"title\ttext\tdate\nT\t{TEXT}\t2022-01\n", {"title": "T", "published": "2022-01"}),
    ("a.csv", f'title,text\r\nT,"{TEXT}\r\nZweite Zeile."\r\n', {"title": "T"}),
    # no header row: the longest cell is the text, the others are kept as numbered fields
    ("a.csv", f"Politik;'{TEXT} Er sagte: \"Nein, danke.\"'\nSport;'{TEXT} Zwei, drei.'\n",
     {"meta": {"fields": {"1": "Politik"}}}),
])
def test_csv(tmp_path: Path, name: str, content: str, expected: dict) -> None:
    p = tmp_path / name
    p.write_bytes(content.encode("utf-8"))
    arts = read(p)
    assert all(isinstance(a, Article) for a in arts), arts
    assert arts[0].text.startswith(TEXT)
    for key, value in expected.items():
        assert getattr(arts[0], key) == value, key


def test_csv_headerless_numbered_mapping(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text(f"x1,Titel,{TEXT.replace(',', '')}\n", encoding="utf-8")
    (art,) = read(p, fields={"id": "1", "title": "2", "text": "3"})
    assert (art.external_id, art.title, art.text) == ("x1", "Titel", TEXT.replace(",", ""))


def test_csv_row_without_text(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text(f"title,text\nT1,{TEXT.replace(',', '')}\nT2,\nT3,Noch ein Text.\n", encoding="utf-8")
    arts = read(p)
    assert [type(a).__name__ for a in arts] == ["Article", "Rejection", "Article"]
    assert (arts[1].reason, arts[1].record) == ("no-text", 2)
