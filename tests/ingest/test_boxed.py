"""Boxed text exports (`| … |` frame, `# host -- title`, sections) built by hand."""

from __future__ import annotations

import pytest

from lagebild.ingest.boxed import is_boxed, unbox
from lagebild.ingest.text import read_text


def box(*lines: str) -> str:
    return "\n".join(f"| {ln} | |" for ln in lines) + "\n"


ARTICLE = box(
    "# beispiel.de -- Haushalt: Streit um die Schuldenbremse",
    "> Die Koalition ringt um den Etat. Die Opposition",
    "> fordert Neuwahlen.",
    "Bild: Der Bundestag in Berlin bei der",
    "Haushaltsdebatte, 3. März 2023",
    # body wrapped greedily at 66 columns (textwrap), a sub-heading between paragraphs
    "Berlin beispiel | Im Streit um den Haushalt hat der Finanzminister",
    "am Mittwoch [1][neue Zahlen vorgelegt]. Ein Sprecher des Nato-",
    "Generalsekretärs war nicht geladen. Die Sitzung dauerte bis in die",
    "Nacht.",
    "Die Opposition will nun vor das Verfassungsgericht ziehen. Sie",
    "hält den Etat für verfassungswidrig [2].",
    "Reaktionen der Länder",
    "„Wir werden klagen“, sagte die Fraktionschefin am Abend vor",
    "Journalisten in Berlin.",
    "3 Mär 2023",
    "## LINKS",
    "[1] /Haushalt-Zahlen/!100",
    "[2] https://example.org/gutachten",
    "[3] /Verfassungsgericht-Klage/!300",
    "## AUTOREN",
    "Anna Muster",
    "Max Beispiel",
    "## TAGS",
    "Haushalt",
    "Bundestag",
    "Haushalt",
    "## ARTIKEL ZUM THEMA",
    "Verfassungsgericht Klage: Karlsruhe prüft den Etat",
    "Die Richter wollen im Sommer entscheiden. Beide",
    "Seiten rechnen mit einem langen Verfahren.",
    "Bundestag: Debatte ohne Ende",
    "Die Sitzung zog sich bis nach Mitternacht.",
    "## LESERKOMMENTARE",
    "Ein Kommentar, der nicht in den Text gehört.",
)


@pytest.fixture(scope="module")
def art():
    return read_text(ARTICLE, path="x.txt")


@pytest.mark.parametrize(("field", "expected"), [
    ("title", "Haushalt: Streit um die Schuldenbremse"),
    ("source", "beispiel"),
    ("teaser", "Die Koalition ringt um den Etat. Die Opposition fordert Neuwahlen."),
    ("dateline", "Berlin"),
    ("published", "2023-03-03"),
    ("published_precision", "day"),
    ("authors", ["Anna Muster", "Max Beispiel"]),
    ("tags", ["Haushalt", "Bundestag"]),
])
def test_metadata(art, field: str, expected: object) -> None:
    assert getattr(art, field) == expected


def test_body_paragraphs(art) -> None:
    assert art.text.split("\n\n") == [
        "Im Streit um den Haushalt hat der Finanzminister am Mittwoch neue Zahlen vorgelegt. Ein Sprecher "
        "des Nato-Generalsekretärs war nicht geladen. Die Sitzung dauerte bis in die Nacht.",
        "Die Opposition will nun vor das Verfassungsgericht ziehen. Sie hält den Etat für verfassungswidrig.",
        "Reaktionen der Länder",
        "„Wir werden klagen“, sagte die Fraktionschefin am Abend vor Journalisten in Berlin.",
    ]
    assert [art.span_text(s, e) for s, e in art.meta["headings"]] == ["Reaktionen der Länder"]


def test_links_related_and_extra_sections(art) -> None:
    (mark,) = art.meta["links"]
    assert (mark["anchor"], mark["url"], art.span_text(mark["start"], mark["end"])) == (
        "neue Zahlen vorgelegt", "https://beispiel.de/Haushalt-Zahlen/!100", "neue Zahlen vorgelegt")
    by_title = {r.title: r for r in art.related}
    karlsruhe = by_title["Verfassungsgericht Klage: Karlsruhe prüft den Etat"]
    assert karlsruhe.url == "https://beispiel.de/Verfassungsgericht-Klage/!300"
    assert karlsruhe.teaser == ("Die Richter wollen im Sommer entscheiden. Beide Seiten rechnen mit einem "
                                "langen Verfahren.")
    assert by_title["Bundestag: Debatte ohne Ende"].teaser == "Die Sitzung zog sich bis nach Mitternacht."
    assert by_title["neue Zahlen vorgelegt"].url == "https://beispiel.de/Haushalt-Zahlen/!100"
    assert "https://example.org/gutachten" in {r.url for r in art.related}
    assert art.meta["sections"] == {"LESERKOMMENTARE": ["Ein Kommentar, der nicht in den Text gehört."]}
    assert "Kommentar" not in art.text


@pytest.mark.parametrize(("line", "content"), [
    ("| Moskau taz | Das russische Außenministerium hat | |", "Moskau taz | Das russische Außenministerium hat"),
    ("| Moskau taz | | |", "Moskau taz |"),
    ("| Kurze Zeile |", "Kurze Zeile"),
    ("|  | |", ""),
    ("ohne Rahmen", "ohne Rahmen"),
])
def test_unbox(line: str, content: str) -> None:
    assert unbox(line) == [content]


@pytest.mark.parametrize(("text", "boxed"), [
    (ARTICLE, True),
    ("| a | |\n| b | |\n", False),  # too short to tell
    ("Ein | Text | mit Strichen.\nZweite Zeile.\nDritte Zeile.\n", False),
])
def test_is_boxed(text: str, boxed: bool) -> None:
    assert is_boxed(text) is boxed


def test_no_dateline_caption_is_one_line() -> None:
    art = read_text(box("# Nur ein Titel", "Bild: Ein Foto", "Der Text beginnt hier und geht", "weiter bis zum Ende."),
                    path="x.txt")
    assert (art.title, art.source, art.dateline) == ("Nur ein Titel", None, None)
    assert art.text == "Der Text beginnt hier und geht weiter bis zum Ende."


def test_date_line_only_at_the_end_of_the_body() -> None:
    lines = ("# Titel", "Der erste Absatz endet hier.", "27 Jan 2022", "Der zweite Absatz folgt.", "## TAGS", "Recht")
    art = read_text(box(*lines), path="x.txt")
    assert art.published is None
    assert "hier. 27 Jan 2022 Der zweite" in art.text.replace("\n\n", " ")


def test_dateline_at_line_end() -> None:
    art = read_text(box("# taz.de -- Titel", "Moskau taz |", "Der Text beginnt in der zweiten Zeile."), path="x.txt")
    assert (art.dateline, art.text) == ("Moskau", "Der Text beginnt in der zweiten Zeile.")
