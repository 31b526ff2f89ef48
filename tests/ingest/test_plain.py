"""Plain-text reader: agency layout (date header, caption, dateline), titles, sub-headings, re-wrapping."""

from __future__ import annotations

import pytest

from lagebild.ingest.text import read_text

BODY = "Die Regierung hat am Montag ein neues Gesetz vorgestellt. Es soll im Sommer in Kraft treten."


@pytest.mark.parametrize(("raw", "published", "precision"), [
    (f"date 2021-03-05\n\n{BODY}", "2021-03-05", "day"),
    (f"date 2021-03\n\n{BODY}", "2021-03", "month"),
    (f"date 2021\n\n{BODY}", "2021", "year"),
    (f"Datum: 2021-03-05\n\n{BODY}", "2021-03-05", "day"),
    (f"{BODY}", None, None),
    (f"date 2021-13\n\n{BODY}", None, None),
])
def test_date_header(raw: str, published: str | None, precision: str | None) -> None:
    art = read_text(raw, path="x.txt")
    assert (art.published, art.published_precision) == (published, precision)
    assert art.text == BODY


@pytest.mark.parametrize(("first", "dateline", "agency", "start"), [
    ("Moskau - Der Kreml hat reagiert.", "Moskau", None, "Der Kreml hat reagiert."),
    ("Berlin (dpa) - Die Regierung tagt.", "Berlin", "dpa", "Die Regierung tagt."),
    ("KIEW/MOSKAU (AFP) – Die Lage bleibt ernst.", "KIEW/MOSKAU", "AFP", "Die Lage bleibt ernst."),
    ("Frankfurt am Main — Die Börse schloss fester.", "Frankfurt am Main", None, "Die Börse schloss fester."),
    ("Die Nato-Staaten - so heißt es - beraten.", None, None, "Die Nato-Staaten - so heißt es - beraten."),
    ("Der Kreml hat reagiert.", None, None, "Der Kreml hat reagiert."),
    ("Zwickau - Die Polizei ermittelt.", "Zwickau", None, "Die Polizei ermittelt."),
    ("NRW/Bielefeld - Die Polizei ermittelt.", "NRW/Bielefeld", None, "Die Polizei ermittelt."),
    ("KLEINDORF - Die Polizei ermittelt.", "KLEINDORF", None, "Die Polizei ermittelt."),
    ("Kleindorf (epd) - Die Polizei ermittelt.", "Kleindorf", "epd", "Die Polizei ermittelt."),
    # kickers and openings before a dash are no places
    ("Corona - Die Zahlen steigen wieder.", None, None, "Corona - Die Zahlen steigen wieder."),
    ("Mehr Masken - das fordern die Ärzte.", None, None, "Mehr Masken - das fordern die Ärzte."),
    ("Kleindorf - Die Polizei ermittelt.", None, None, "Kleindorf - Die Polizei ermittelt."),
])
def test_dateline(first: str, dateline: str | None, agency: str | None, start: str) -> None:
    art = read_text(f"{first}\n\nZweiter Absatz mit Text.", path="x.txt")
    assert art.dateline == dateline
    assert art.meta.get("agency") == agency
    assert art.text.startswith(start)


def test_unlisted_place_with_date_header_layout() -> None:
    art = read_text(f"date 2022-01\n\nKleindorf - {BODY}", path="x.txt")
    assert (art.dateline, art.text) == ("Kleindorf", BODY)


@pytest.mark.parametrize("caption", [
    "Eiszeit: Der Kreml in Moskau. Foto: Max Muster/dpa (Bild: dpa)",
    "Bild: Ein Demonstrant in Berlin",
    "Der Bundestag in Berlin. © Beispiel Agentur",
])
def test_caption_dropped(caption: str) -> None:
    art = read_text(f"date 2022-01 {caption}\n\nBerlin - {BODY}", path="x.txt")
    assert art.text == BODY
    assert art.published == "2022-01"
    art2 = read_text(f"{BODY}\n\n{caption}\n\nNoch ein Absatz.", path="x.txt")
    assert art2.text == f"{BODY}\n\nNoch ein Absatz."


@pytest.mark.parametrize("prose", [
    "Das Foto: ein Beweis für die Vorwürfe, sagte der Anwalt.",
    "„Bild: So nennt man das“, sagte sie.",
])
def test_prose_with_caption_word_is_kept(prose: str) -> None:
    assert read_text(f"{BODY}\n\n{prose}", path="x.txt").text == f"{BODY}\n\n{prose}"


@pytest.mark.parametrize(("raw", "title", "text"), [
    (f"# Neues Gesetz vorgestellt\n\n{BODY}", "Neues Gesetz vorgestellt", BODY),
    (f"Neues Gesetz vorgestellt\n\n{BODY}", "Neues Gesetz vorgestellt", BODY),
    (f"Ein ganzer Satz als Anfang.\n\n{BODY}", None, f"Ein ganzer Satz als Anfang.\n\n{BODY}"),
    # with a date header the layout is the agency one: no title line
    (f"date 2022-01\n\nKurze Zeile\n\n{BODY}", None, f"Kurze Zeile\n\n{BODY}"),
    (BODY, None, BODY),
])
def test_title(raw: str, title: str | None, text: str) -> None:
    art = read_text(raw, path="x.txt")
    assert (art.title, art.text) == (title, text)


def test_subheading_is_own_paragraph_with_span() -> None:
    raw = f"date 2022-01\n\n{BODY}\n\nOffizielle Anfrage angekündigt\n\nLawrow kündigte eine Anfrage an."
    art = read_text(raw, path="x.txt")
    assert art.text.split("\n\n") == [BODY, "Offizielle Anfrage angekündigt", "Lawrow kündigte eine Anfrage an."]
    assert [art.span_text(s, e) for s, e in art.meta["headings"]] == ["Offizielle Anfrage angekündigt"]


@pytest.mark.parametrize(("raw", "text"), [
    ("Die Regierung hat am\nMontag ein Gesetz\nvorgestellt.", "Die Regierung hat am Montag ein Gesetz vorgestellt."),
    ("Der Nato-\nGeneralsekretär sprach.", "Der Nato-Generalsekretär sprach."),
    ("Er sagte -\nund ging.", "Er sagte - und ging."),
    ("Erster Absatz.\n\n\n\nZweiter   Absatz.  ", "Erster Absatz.\n\nZweiter Absatz."),
    ("Zeilen\r\nmit\r\nCRLF.\r\n\r\nNeu.", "Zeilen mit CRLF.\n\nNeu."),
    ("  Einrückung\tund\u00a0Leerzeichen. \n \n Ende. ", "Einrückung und Leerzeichen.\n\nEnde."),
])
def test_rewrap(raw: str, text: str) -> None:
    assert read_text(raw, path="x.txt").text == text


def test_markdown_subheading() -> None:
    art = read_text(f"# Titel\n\n{BODY}\n\n## Reaktionen\n\nDie Opposition protestierte.", path="x.md")
    assert art.title == "Titel"
    assert art.text == f"{BODY}\n\nReaktionen\n\nDie Opposition protestierte."
    assert [art.span_text(s, e) for s, e in art.meta["headings"]] == ["Reaktionen"]


def test_one_paragraph_per_line() -> None:
    long1, long2 = BODY + " " + BODY, "Die Opposition kritisierte das Vorhaben scharf. " * 4
    art = read_text(f"{long1}\nZwischenzeile ohne Punkt\n{long2}", path="x.txt")
    assert art.text.split("\n\n") == [long1, "Zwischenzeile ohne Punkt", long2.strip()]
    assert [art.span_text(s, e) for s, e in art.meta["headings"]] == ["Zwischenzeile ohne Punkt"]


def test_nfc() -> None:
    decomposed = "Gru\u0308ße aus Mu\u0308nchen."
    assert read_text(decomposed, path="x.txt").text == "Grüße aus München."


@pytest.mark.parametrize(("raw", "path", "title", "source"), [
    # the agency layout: the caption's lead phrase is the title; the dateline's agency or the file name the outlet
    (f"date 2022-01 Eiszeit: Der Kreml in Moskau. Foto: Max Muster/dpa (Bild: dpa)\n\nMoskau - {BODY}",
     "in/0001.txt", "Eiszeit", None),
    (f"date 2022-01 Eiszeit: Der Kreml in Moskau. Foto: Max Muster/dpa\n\nBerlin (dpa) - {BODY}",
     "in/0001.txt", "Eiszeit", "dpa"),
    (f"date 2022-01 Foto: Max Muster/dpa\n\nBerlin (AFP) - {BODY}", "in/0001.txt", None, "AFP"),
    (f"date 2022-01-27\n\nBerlin - {BODY}", "in/dpa_2022-01-27_gesetz.txt", None, "dpa"),
    (f"date 2022-01-27\n\nBerlin - {BODY}", "in/update_2022.txt", None, None),
    # a caption in a text without the date header gives no title
    (f"{BODY}\n\nEiszeit: Der Kreml. Foto: Max Muster\n\nNoch ein Absatz.", "in/x.txt", None, None),
])
def test_agency_title_and_outlet(raw: str, path: str, title: str | None, source: str | None) -> None:
    art = read_text(raw, path=path)
    assert (art.title, art.source) == (title, source)
    assert art.meta.get("title_from") == ("caption" if title else None)
