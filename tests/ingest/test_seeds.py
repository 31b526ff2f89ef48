"""The two seed articles (read from ../shared/seeds, never copied into the repository)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.ingest import read_inputs
from lagebild.model import Article


def _read(seeds_dir: Path, prefix: str) -> Article:
    (path,) = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
    (art,) = list(read_inputs([str(path)]))
    assert isinstance(art, Article), art
    return art


@pytest.fixture(scope="module")
def taz(seeds_dir: Path) -> Article:
    return _read(seeds_dir, "004")


@pytest.fixture(scope="module")
def agency(seeds_dir: Path) -> Article:
    return _read(seeds_dir, "000")


@pytest.mark.parametrize(("field", "expected"), [
    ("title", "Gespräche im Ukrainekonflikt: Des Konflikts Kern"),
    ("source", "taz"),
    ("published", "2022-01-27"),
    ("published_precision", "day"),
    ("authors", ["Inna Hartwich"]),
    ("dateline", "Moskau"),
    ("teaser", "Russlands Außenminister Sergei Lawrow reagiert auf Brief aus den USA. Er fordert weiter, auf "
               "eine Erweiterung der Nato nach Osten zu verzichten."),
    ("language", None),
])
def test_taz_metadata(taz: Article, field: str, expected: object) -> None:
    assert getattr(taz, field) == expected


def test_taz_tags_deduplicated_in_order(taz: Article) -> None:
    assert {"Russland", "Ukraine", "Nato"} <= set(taz.tags)
    assert len(taz.tags) == len(set(taz.tags))
    assert taz.tags.index("USA") < taz.tags.index("Russland") < taz.tags.index("Ukraine") < taz.tags.index("Nato")


@pytest.mark.parametrize(("needle", "present"), [
    ("seit Wochen einforderte", True),
    ("Nato-Generalsekretär Jens Stoltenberg", True),
    ("Lawrows US-amerikanischer Amtskollege Antony Blinken", True),
    ("|", False),
    ("[1]", False),
    ("[", False),
    ("Russland streckt die Waffen", False),  # related article title
    ("Piotr Buras", False),  # related article teaser
    ("Inna Hartwich", False),  # author section
    ("27 Jan 2022", False),  # date line
    ("/Ukraine-Konflikt/", False),  # links section
    ("Bild:", False),
    ("Russische Soldaten in der südrussischen Region Rostow", False),  # caption
    ("Brief aus den USA", False),  # teaser
    ("  ", False),
    (" \n", False),
])
def test_taz_body(taz: Article, needle: str, present: bool) -> None:
    assert (needle in taz.text) is present


def test_taz_body_start_and_paragraphs(taz: Article) -> None:
    assert taz.text.startswith("Das russische Außenministerium hat am Donnerstag bestätigt,")
    assert taz.text.endswith("Umbau der europäischen Sicherheitsarchitektur.")
    paras = taz.text.split("\n\n")
    assert "\n" not in "".join(paras)
    assert len(paras) >= 5
    assert paras[0].endswith("Die Kernfrage sei ausgelassen worden.")
    assert paras[1].startswith("Moskau gehe es vor allem um die Zusage")


def test_taz_links_and_related(taz: Article) -> None:
    links = taz.meta["links"]
    assert [lk["anchor"] for lk in links] == ["seit Wochen einforderte", "Manövern in Europa",
                                              "massiven Truppenaufmarsch"]
    for lk in links:
        assert taz.text[lk["start"]:lk["end"]] == lk["anchor"]
    assert links[0]["url"] == "https://taz.de/Ukraine-Konflikt/!5832024"
    titles = [r.title for r in taz.related]
    assert "Russland auf dem G20-Gipfel: Russland streckt die Waffen" in titles
    assert len([r for r in taz.related if r.teaser]) == 5
    kriegsangst = next(r for r in taz.related if r.title.startswith("Kriegsangst in der Ukraine"))
    assert kriegsangst.url == "https://taz.de/Kriegsangst-in-der-Ukraine/!5827719"
    assert kriegsangst.teaser.startswith("Steht ein Einmarsch Russlands bevor?")
    urls = {r.url for r in taz.related if r.url}
    assert {lk["url"] for lk in links} <= urls


@pytest.mark.parametrize(("field", "expected"), [
    ("published", "2022-01"),
    ("published_precision", "month"),
    ("dateline", "Moskau"),
    ("title", "Eiszeit zwischen Russland und der Nato"),  # the caption's lead phrase
    ("source", None),  # neither the file name nor the dateline names an outlet
    ("authors", []),
])
def test_agency_metadata(agency: Article, field: str, expected: object) -> None:
    assert getattr(agency, field) == expected


@pytest.mark.parametrize(("needle", "present"), [
    ("Foto:", False),
    ("Bild:", False),
    ("schneebedeckte Kreml", False),
    ("date 2022", False),
    ("Moskau - ", False),
    ("\n\nOffizielle Anfrage angekündigt\n\n", True),
    ("«Natürlich braucht es einige Zeit, um sie zu analysieren.»", True),
])
def test_agency_body(agency: Article, needle: str, present: bool) -> None:
    assert (needle in agency.text) is present


def test_agency_body_start_and_heading(agency: Article) -> None:
    assert agency.text.startswith("Der Kreml hat verhalten auf die Antworten von Nato und USA")
    assert [agency.span_text(s, e) for s, e in agency.meta["headings"]] == ["Offizielle Anfrage angekündigt"]
    assert not any(line != line.strip() for line in agency.text.split("\n"))
