"""Speaker subjects found by clause structure: prefield noun phrases with appositions, the governing
verb of a zu-infinitive, relative clauses, coordinated verb phrases, object-first sentences."""

from __future__ import annotations

import pytest

from .helpers import analyse

# (text, expected speaker mention text, expected word in the resolved speaker name or None)
SUBJECTS = [
    ("Der BBC-Korrespondent in Mexiko-Stadt, Will Grant, berichtete, dass in der Hauptstadt die Erde gewackelt habe.",
     "Der BBC-Korrespondent in Mexiko-Stadt, Will Grant", "Grant"),
    ("Der Nachfolger des am Montag zurückgetretenen Airbus-Chefs Christian Streiff, Louis Gallois, hat angekündigt, "
     "die Sanierung von Airbus werde Arbeitsplätze kosten.",
     "Der Nachfolger des am Montag zurückgetretenen Airbus-Chefs Christian Streiff, Louis Gallois", "Gallois"),
    ("Der Sprecher des Weißen Hauses und andere Mitarbeiter der Außenministerin beeilten sich, gegenüber Journalisten "
     "zu erklären, die Äußerungen stellten keinen Politikwechsel dar.",
     "Der Sprecher des Weißen Hauses und andere Mitarbeiter der Außenministerin", None),
    ("Am Donnerstag sagte General Michael Hagee, Kommandant des US-Marine-Corps, ohne auf einen Vorfall zu verweisen, "
     "dass ihn die Anschuldigungen zutiefst besorgt hätten.",
     "General Michael Hagee, Kommandant des US-Marine-Corps", "Hagee"),
    ("Verteidigungsminister wird Heereskommandeur Abdel Kader Dschassim, der in einer ersten Stellungnahme vor dem "
     "Parlament betonte, er gehöre keiner der Parteien an.", "der", "Dschassim"),
    ("Medvedev bedankte sich bei seinem Team nach dem Spielende und sagte: „Ich bin mir sicher, dass meine Frau zuschaut.“",
     "Medvedev", "Medvedev"),
    ("Der Vorsitzende des Bauhauptverbands, Michael Knipper, kritisierte die Entscheidung der BaFin scharf: "
     "„Die BaFin muss sich fragen lassen, warum sie den Weg frei macht.“",
     "Der Vorsitzende des Bauhauptverbands, Michael Knipper", "Knipper"),
    ("Erst vergangene Woche kündigte der Konzern an, sämtliche Check-In-Schalter zu schließen.", "der Konzern", "Konzern"),
    ("Die Vorwürfe wies der Minister Peter Müller zurück, er habe nichts gewusst.", "der Minister Peter Müller", "Müller"),
    ("Den Unmut der CDU über die Äußerungen brachte die gesundheitspolitische Sprecherin der Unionsfraktion, "
     "Annette Widmann-Mauz, zum Ausdruck: „Es gibt keinen Grund, Positionen aufzugeben.“",
     "die gesundheitspolitische Sprecherin der Unionsfraktion, Annette Widmann-Mauz", "Widmann-Mauz"),
    ("Nach den Worten der innenpolitischen Sprecherin der FDP-Bundesfraktion, Gisela Piltz, fehle es „an einem "
     "durchgreifenden Konzept zur Bekämpfung der Gewalt“.",
     "der innenpolitischen Sprecherin der FDP-Bundesfraktion, Gisela Piltz", "Piltz"),
    # a focus particle before the prefield subject
    ("Auch die Delegationsleiterin beim Klimagipfel, Sharon Hayes, äußerte sich zufrieden: „Wir haben viel erreicht.“",
     "die Delegationsleiterin beim Klimagipfel, Sharon Hayes", "Hayes"),
    # the agent of a passive frame
    ("Die Gefahr wird vom Deutschen Wetterdienst als „sehr hoch“ eingestuft.", "Deutschen Wetterdienst", "Wetterdienst"),
]

# passive and impersonal frames have no speaking subject in the sentence
NO_SUBJECT = [
    "Am Montag wurde mitgeteilt, dass die Grenze geschlossen bleibe.",
]


@pytest.mark.parametrize(("text", "mention", "name"), SUBJECTS)
def test_speaker_subject(text: str, mention: str, name: str | None) -> None:
    a = analyse(text)
    assert a.quotes, f"no quotation found in {text!r}"
    # the direct quotation when there is one ("fehle es „…“" is also reported speech around it)
    q = next((q for q in a.quotes if q.kind == "direct"), a.quotes[0])
    assert a.span_text(q.speaker_start, q.speaker_end) == mention
    if name is not None:
        assert q.speaker is not None and name in q.speaker


@pytest.mark.parametrize("text", NO_SUBJECT)
def test_passive_frame_has_no_subject(text: str) -> None:
    a = analyse(text)
    assert all(q.speaker_start is None for q in a.quotes)


# one-word quotations as the naming complement of a verb outside the lexicon of saying
NAMING = [
    ("Der Geschäftsführer wies alle Vorwürfe als „haltlos“ zurück.", "haltlos"),
]


@pytest.mark.parametrize(("text", "quoted"), NAMING)
def test_naming_complement_is_a_quotation(text: str, quoted: str) -> None:
    a = analyse(text)
    assert [a.span_text(q.start, q.end) for q in a.quotes if q.kind == "direct"] == [quoted]


# short quoted words inside reported speech are partial quotations of the reporting speaker
PARTIAL = [
    ("Minister Sathit Wongnongtoey erklärte, die Lage bleibe dennoch weiterhin „kritisch“.", "kritisch", "Wongnongtoey"),
    ("Nach Angaben der Polizeigewerkschaft sollen „fünf bis sechs Farmen“ gestürmt worden sein.",
     "fünf bis sechs Farmen", "Polizeigewerkschaft"),
    ("„Wir prüfen den Fall“, sagte Anwältin Gülsen Celebi. Der Mann sei „nicht aggressiv oder so“.",
     "nicht aggressiv oder so", "Celebi"),
]

# verbless spans with every content word capitalised are titles, also when long
TITLES = [
    "Die Auslosung der Viertelfinale des „XXXII Championnat du Monde de Pétanque“ in Grenoble ergab folgende Paarungen.",
    "Unter dem Motto „1.270 Jahre vergehen – Lolls bleibt bestehen“ wird in Bad Hersfeld wieder gefeiert.",
    "Er war zu Gast beim „2. Deutschen Klimakongress der EnBW Energie Baden-Württemberg AG“ in Berlin.",
]


@pytest.mark.parametrize(("text", "quoted", "speaker"), PARTIAL)
def test_partial_quotation_in_reported_speech(text: str, quoted: str, speaker: str) -> None:
    a = analyse(text)
    found = [(a.span_text(q.start, q.end), q.speaker) for q in a.quotes if q.kind == "direct"]
    assert any(t == quoted and s is not None and speaker in s for t, s in found), found


@pytest.mark.parametrize("text", TITLES)
def test_long_titles_are_not_quotations(text: str) -> None:
    a = analyse(text)
    assert [q for q in a.quotes if q.kind == "direct"] == []
