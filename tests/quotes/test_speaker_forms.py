"""Speaker names of source frames: the bearer of a source noun ("Einschätzung eines Experten" -> Experte),
the first part of a source compound ("Behördenangaben" -> Behörden), oblique noun phrases in the
nominative, multi-word organisation names, and no last-speaker guess for an indefinite description."""

from __future__ import annotations

import pytest

from .helpers import analyse

# (text, the speaker name the indirect quotation must get)
FORMS = [
    ("Bei dem Unglück kamen laut Behördenangaben zwölf Menschen ums Leben.", "Behörden"),
    ("Nach Polizeiangaben wurden drei Personen festgenommen.", "Polizei"),
    ("Nach Unternehmensangaben sollen 500 Stellen wegfallen.", "Unternehmen"),
    ("Medienberichten zufolge ist der Minister zurückgetreten.", "Medien"),
    ("Nach Einschätzung eines Experten ist das Gebäude einsturzgefährdet.", "ein Experte"),
    ("Nach Einschätzung des Umweltbundesamtes ist die Luft sauberer geworden.", "Umweltbundesamt"),
    ("Nach Angaben der statistischen Ämter ist die Zahl der Geburten gesunken.", "statistische Ämter"),
    ("Nach Angaben von Kritikern ist das Gesetz verfassungswidrig.", "Kritiker"),
    ("Nach Angaben eines neutralen Vermittlers sind die Gespräche gescheitert.", "ein neutraler Vermittler"),
    ("Nach Angaben des Statistischen Bundesamtes ist die Arbeitslosigkeit gestiegen.", "Statistisches Bundesamt"),
    ("Nach Angaben libanesischer Sicherheitskreise wurden zwei Soldaten getötet.", "libanesische Sicherheitskreise"),
    ("Laut einer Presseerklärung der Dortmunder Staatsanwaltschaft wird gegen drei Männer ermittelt.",
     "Dortmunder Staatsanwaltschaft"),
    ("Nach Aussagen der Anwältin des späteren Opfers habe es keine Drohungen gegeben.",
     "Anwältin des späteren Opfers"),
    ("Laut der Website „icelandreview.com“ wird das Schiff im Sommer auslaufen.", "icelandreview.com"),
]


@pytest.mark.parametrize("text,speaker", FORMS)
def test_source_frame_speaker_form(text: str, speaker: str) -> None:
    a = analyse(text)
    got = [q.speaker for q in a.quotes if q.kind == "indirect"]
    assert got, f"no indirect quotation in {text!r}"
    assert got[0] == speaker


def test_source_frame_keeps_the_mention_span() -> None:
    # the mention stays the whole source phrase; only the name is the bearer
    a = analyse("Nach Angaben der Polizei wurden drei Personen festgenommen.")
    q = next(q for q in a.quotes if q.kind == "indirect")
    assert a.text[q.speaker_start : q.speaker_end].startswith("Angaben der Polizei")
    assert q.speaker == "Polizei"


def test_time_after_source_noun_is_no_bearer() -> None:
    a = analyse("Nach Informationen vom späten Abend wurden drei Personen festgenommen.")
    assert all(q.speaker != "Abend" for q in a.quotes)


@pytest.mark.parametrize("text", [
    "Der Jahresbericht der Behörde kam zu dem Schluss, dass die Mittel nicht reichten.",
])
def test_singular_report_compound_is_not_split(text: str) -> None:
    # "Jahresbericht" is the source itself, not a compound with a bearer ("Jahres")
    a = analyse(text)
    assert all(q.speaker is None or "Jahres" != q.speaker for q in a.quotes)


def test_indefinite_role_description_is_a_new_speaker() -> None:
    text = ("„Wir sind zufrieden“, sagte Peter Müller. Ein Sprecher des Finanzministeriums sagte, "
            "die Zahlen seien vorläufig.")
    a = analyse(text)
    q = next(q for q in a.quotes if q.kind == "indirect")
    assert q.speaker != "Peter Müller"
    assert "Sprecher" in (q.speaker or "")


@pytest.mark.parametrize("text,speaker", [
    ("Die Deutsche Bank kündigte an, 2000 Stellen zu streichen.", "Deutsche Bank"),
    ("Der arabische Fernsehsender al-Dschasira berichtete, der Anführer sei getötet worden.", "arabischer Fernsehsender"),
])
def test_organisation_names_are_whole(text: str, speaker: str) -> None:
    a = analyse(text)
    got = [q.speaker for q in a.quotes]
    assert got and got[0] is not None and got[0].startswith(speaker)
