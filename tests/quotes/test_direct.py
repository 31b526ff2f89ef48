"""Direct quotations: mark styles, frame positions, interrupted frames, labels that are not quotes."""

from __future__ import annotations

import pytest

from .helpers import analyse, quotes_of

# (text, [(quoted text, speaker surname)]) — every direct quotation expected, in order
DIRECT = [
    ("„Wir werden das nicht hinnehmen“, sagte Außenministerin Annalena Baerbock am Montag.",
     [("Wir werden das nicht hinnehmen", "Baerbock")]),
    ("Kanzler Olaf Scholz sagte: »Die Lage ist ernst, aber wir sind vorbereitet.«",
     [("Die Lage ist ernst, aber wir sind vorbereitet.", "Scholz")]),
    ("«Das ist ein wichtiger Schritt für unser Land», erklärte Präsident Emmanuel Macron.",
     [("Das ist ein wichtiger Schritt für unser Land", "Macron")]),
    ('"Wir haben keine andere Wahl gehabt", so Gewerkschaftschef Frank Werneke.',
     [("Wir haben keine andere Wahl gehabt", "Werneke")]),
    ("‚Wir bleiben hier bis zum Ende‘, rief der Sprecher der Demonstranten Jonas Keller.",
     [("Wir bleiben hier bis zum Ende", "Keller")]),
    # interrupted frame: two quotations, one speaker
    ("„Wir sind bereit zu reden“, sagte Nato-Generalsekretär Jens Stoltenberg, „aber wir geben unsere Prinzipien nicht auf.“",
     [("Wir sind bereit zu reden", "Stoltenberg"), ("aber wir geben unsere Prinzipien nicht auf.", "Stoltenberg")]),
    # frame inside, multi-sentence quotation
    ("Die Ministerin Svenja Schulze erklärte am Abend: „Das Geld ist da. Jetzt muss es schnell bei den Menschen ankommen.“",
     [("Das Geld ist da. Jetzt muss es schnell bei den Menschen ankommen.", "Schulze")]),
    # headline style
    ("Lindner: „Die Schuldenbremse gilt auch im nächsten Jahr“",
     [("Die Schuldenbremse gilt auch im nächsten Jahr", "Lindner")]),
    # pronoun resolved to the last speaker
    ("Kremlsprecher Dmitri Peskow äußerte sich am Morgen. „Wir haben die Antwort erhalten und werden sie prüfen“, sagte er.",
     [("Wir haben die Antwort erhalten und werden sie prüfen", "Peskow")]),
]

# texts whose quoted spans are labels, titles or scare quotes: no quotation at all
NO_QUOTE = [
    "Das Bündnis pflegt die Kernprinzipien der „Politik der offenen Türen“.",
    "US-Außenminister Blinken hatte dabei auf «Kernprinzipien» verwiesen.",
    "Der Film „Im Westen nichts Neues“ gewann vier Preise.",
    "Die Partei nennt sich „Bündnis für Fortschritt und Gerechtigkeit in Europa“.",
]


@pytest.mark.parametrize(("text", "expected"), DIRECT)
def test_direct_quotes_and_speakers(text: str, expected: list[tuple[str, str]]) -> None:
    found = [(t, s) for kind, t, s in quotes_of(text) if kind == "direct"]
    assert [t for t, _ in found] == [t for t, _ in expected]
    for (_, speaker), (_, surname) in zip(found, expected):
        assert speaker is not None and surname in speaker


@pytest.mark.parametrize("text", NO_QUOTE)
def test_labels_are_not_quotations(text: str) -> None:
    assert quotes_of(text) == []


def test_quote_record_fields() -> None:
    text = "„Das ist falsch“, sagte Außenminister Sergej Lawrow der Agentur Interfax zufolge."
    a = analyse(text)
    q = next(q for q in a.quotes if q.kind == "direct")
    assert a.span_text(q.start, q.end) == "Das ist falsch"
    assert a.span_text(q.speaker_start, q.speaker_end).endswith("Sergej Lawrow")
    assert q.cue == "sagte" and a.span_text(q.cue_start, q.cue_end) == "sagte"
    assert q.addressee == "Interfax"
    assert 0.0 < q.confidence <= 1.0
