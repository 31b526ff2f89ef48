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
    # a one-word naming complement is an attributed phrase, also after a separable or non-speech verb
    ("Datenschützer Peter Schaar bezeichnete die Pläne als „Wortbruch“.", [("Wortbruch", "Schaar")]),
    ("Die Bundesregierung hatte den Bericht umgehend als „falsch“ zurückgewiesen.", [("falsch", "Bundesregierung")]),
    # the agent of a passive frame speaks
    ("Die Gefahr von Waldbränden wird vom Deutschen Wetterdienst als „sehr hoch“ eingestuft.",
     [("sehr hoch", "Wetterdienst")]),
    # a sentence-initial quotation framed by a verb outside the lexicon of saying
    ("„Ich trete an als ein konservativer Republikaner“, strich Romney in Arbutus heraus.",
     [("Ich trete an als ein konservativer Republikaner", "Romney")]),
    # impersonal frame with its source
    ("„Alle Anzeichen deuten auf einen Anschlag hin“, hieß es vom Abgeordneten Viktor Oserow.",
     [("Alle Anzeichen deuten auf einen Anschlag hin", "Oserow")]),
    # citing frame: the words belong to the cited person and, nested, to the citing medium
    ("Der Spiegel zitiert den Prediger Omar Bakri mit den Worten „Wir werden das Abendland besiegen.“",
     [("Wir werden das Abendland besiegen.", "Spiegel"), ("Wir werden das Abendland besiegen.", "Bakri")]),
    # chanted slogans belong to the chanting subject, even when capitalised like titles
    ("Die Bürger riefen Parolen wie „Wir sind das Volk“ und „Keine Gewalt“.",
     [("Wir sind das Volk", "Bürger"), ("Keine Gewalt", "Bürger")]),
]

# texts whose quoted spans are labels, titles or scare quotes: no quotation at all
NO_QUOTE = [
    "Das Bündnis pflegt die Kernprinzipien der „Politik der offenen Türen“.",
    "US-Außenminister Blinken hatte dabei auf «Kernprinzipien» verwiesen.",
    "Der Film „Im Westen nichts Neues“ gewann vier Preise.",
    "Die Partei nennt sich „Bündnis für Fortschritt und Gerechtigkeit in Europa“.",
    "Als Beispiele nennt der Konzern die Modelle „Touareg“ und „Phaeton“.",
    "Der wissenschaftliche Name lautet „Tiktaalik roseae“ und soll das fehlende Bindeglied sein.",
]

# quoted names, glosses and scare-quoted modifiers inside a sentence that does report speech: no direct quotation
NO_DIRECT = [
    "Wie „heise online“ berichtet, sperrten die Behörden den Zugang zu der Plattform.",
    "Die Zahl der Toten der Operation „Cast Lead“ („gegossenes Blei“) stieg auf 384, sagte ein Sprecher.",
    "So erklärte Finanzexperte Jürgen Koppelin, dass die Schulden nur wegen der „drastischen“ Steuererhöhung sinken.",
    "Der wissenschaftliche Name lautet „Tiktaalik roseae“, sagte der Forscher Neil Shubin.",
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


@pytest.mark.parametrize("text", NO_DIRECT)
def test_names_in_reported_speech_are_not_direct(text: str) -> None:
    assert [t for kind, t, _ in quotes_of(text) if kind == "direct"] == []


def test_quote_record_fields() -> None:
    text = "„Das ist falsch“, sagte Außenminister Sergej Lawrow der Agentur Interfax zufolge."
    a = analyse(text)
    q = next(q for q in a.quotes if q.kind == "direct")
    assert a.span_text(q.start, q.end) == "Das ist falsch"
    assert a.span_text(q.speaker_start, q.speaker_end).endswith("Sergej Lawrow")
    assert q.cue == "sagte" and a.span_text(q.cue_start, q.cue_end) == "sagte"
    assert q.addressee == "Interfax"
    assert 0.0 < q.confidence <= 1.0
