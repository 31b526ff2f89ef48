"""Indirect speech: verbs of saying with clauses, prepositional frames, Konjunktiv I continuation."""

from __future__ import annotations

import pytest

from .helpers import quotes_of

# (text, [(reported clause, speaker surname or source word)]) — indirect quotations expected, in order
INDIRECT = [
    ("Der Minister Boris Pistorius sagte, dass die Bundeswehr mehr Geld brauche.",
     [("dass die Bundeswehr mehr Geld brauche", "Pistorius")]),
    ("Die Polizei teilte mit, ob es Verletzte gebe, sei noch unklar.",
     [("ob es Verletzte gebe, sei noch unklar", "Polizei")]),
    ("Außenministerin Annalena Baerbock erklärte, man werde die Gespräche fortsetzen.",
     [("man werde die Gespräche fortsetzen", "Baerbock")]),
    ("Russland werde eine offizielle Anfrage schicken, kündigte Außenminister Sergej Lawrow an.",
     [("Russland werde eine offizielle Anfrage schicken", "Lawrow")]),
    ("Die Vorwürfe seien haltlos, wies Regierungssprecher Steffen Hebestreit die Kritik zurück.",
     [("Die Vorwürfe seien haltlos", "Hebestreit")]),
    ("Laut Polizei wurden bei dem Unfall drei Menschen verletzt.",
     [("wurden bei dem Unfall drei Menschen verletzt", "Polizei")]),
    ("Der Agentur Interfax zufolge ist die Antwort bereits eingetroffen.",
     [("ist die Antwort bereits eingetroffen", "Interfax")]),
    ("Die Verhandlungen seien gescheitert, so ein Sprecher der Gewerkschaft Verdi.",
     [("Die Verhandlungen seien gescheitert", "Verdi")]),
    ("Nach Angaben der Feuerwehr brach das Feuer im Keller aus.",
     [("brach das Feuer im Keller aus", "Feuerwehr")]),
    ("Wie das Innenministerium mitteilte, wurden zwei Verdächtige festgenommen.",
     [("wurden zwei Verdächtige festgenommen", "Innenministerium")]),
    ("Die Opposition forderte die Regierung auf, den Haushalt neu vorzulegen.",
     [("den Haushalt neu vorzulegen", "Opposition")]),
    ("Wann genau Moskau antworten werde, ließ Kremlsprecher Dmitri Peskow offen.",
     [("Wann genau Moskau antworten werde", "Peskow")]),
    # split separable verb with an apposition between verb and particle
    ("Ministerpräsident Hashim Thaçi geht nach einem Treffen mit dem Leiter der Mission, Joachim Rücker, davon aus, "
     "dass die Europäische Union die Unabhängigkeit anerkennen werde.",
     [("dass die Europäische Union die Unabhängigkeit anerkennen werde", "Thaçi")]),
    # noun frames of opinion
    ("Pressesprecher Steven McNamara ist der Meinung, dass die Gebühr nicht eingeführt werde.",
     [("dass die Gebühr nicht eingeführt werde", "McNamara")]),
    # a source frame inside a relative clause reports that clause only
    ("Die Behörden wollen den Mann ausweisen, der laut Justizministerium im Lager Befehle ausgeführt habe, "
     "und prüfen weitere Fälle.",
     [("der laut Justizministerium im Lager Befehle ausgeführt habe", "Justizministerium")]),
    # parenthetical "so X weiter": the whole sentence is reported
    ("Sein Rivale McCain, so Obama weiter, würde massiv Spenden von Lobbygruppen erhalten.",
     [("Sein Rivale McCain, so Obama weiter, würde massiv Spenden von Lobbygruppen erhalten", "Obama")]),
    # a report inside a report: the magazine reports the announcement, the IWF announces
    ("Laut Informationen des Nachrichtenmagazins Der Spiegel hat der IWF angekündigt, keine Hilfe mehr leisten zu wollen.",
     [("hat der IWF angekündigt, keine Hilfe mehr leisten zu wollen", "Spiegel"),
      ("keine Hilfe mehr leisten zu wollen", "IWF")]),
    # a coordinated new frame ends the report
    ("Nicolas Sarkozy sagte, Europa brauche die Engländer und fügte hinzu: „Wer kann glauben, es gehe ohne sie?“",
     [("Europa brauche die Engländer", "Sarkozy")]),
    # "damit" in V2 order is an adverb, not a subordinator
    ("Generalstabschef Zakari Nandja erklärte, damit solle ein Machtvakuum vermieden werden.",
     [("damit solle ein Machtvakuum vermieden werden", "Nandja")]),
    # reported words around a partial direct quotation are reported speech too
    ("Der Gewerkschafter Frank Biermann sagte, es sei „unfassbar, mit welcher Kälte hier vorgegangen wird“.",
     [("es sei „unfassbar, mit welcher Kälte hier vorgegangen wird“", "Biermann")]),
    # a semicolon opens a new clause: the source frame at its start reports the rest of that clause
    ("Die Tat sei gegen den Rektor gerichtet; nach Behördenangaben stecke aber keine terroristische Absicht dahinter.",
     [("stecke aber keine terroristische Absicht dahinter", "Behörden")]),
    # "nach Angaben von X, apposition," — the source with its apposition is the frame
    ("Nach Angaben von Kristján Loftsson, einem Manager der Firma, wurde eine Schiffsbesatzung zusammengestellt.",
     [("wurde eine Schiffsbesatzung zusammengestellt", "Loftsson")]),
    # a V2 clause whose article the tagger may read as a relative pronoun
    ("Bei einem Treffen der Außenminister sagte Rice, die USA hielten sich an die Konvention, im Inland wie im Ausland.",
     [("die USA hielten sich an die Konvention, im Inland wie im Ausland", "Rice")]),
]

# agentless frames: reported speech without a speaker
NO_SPEAKER = [
    ("Allerdings wurde inzwischen bekannt, dass auf dem Flughafen kein Windradar vorhanden ist.",
     "dass auf dem Flughafen kein Windradar vorhanden ist"),
]

NOT_INDIRECT = [
    "Nachdem die Sitzung beendet war, gingen die Abgeordneten nach Hause.",
    "Danach fand ein Treffen der beiden Delegationen statt.",
    "Der Zug fuhr um acht Uhr ab, um rechtzeitig in Berlin anzukommen.",
]


@pytest.mark.parametrize(("text", "expected"), INDIRECT)
def test_indirect_speech(text: str, expected: list[tuple[str, str]]) -> None:
    found = [(t, s) for kind, t, s in quotes_of(text) if kind == "indirect"]
    assert [t for t, _ in found] == [t for t, _ in expected]
    for (_, speaker), (_, source) in zip(found, expected):
        assert speaker is not None and source in speaker


@pytest.mark.parametrize(("text", "clause"), NO_SPEAKER)
def test_agentless_frame(text: str, clause: str) -> None:
    assert quotes_of(text) == [("indirect", clause, None)]


@pytest.mark.parametrize("text", NOT_INDIRECT)
def test_narrative_is_not_reported_speech(text: str) -> None:
    assert quotes_of(text) == []


# continuation: Konjunktiv I sentences keep the last speaker until the narrative switches back
CONTINUATION = [
    ("Außenminister Sergej Lawrow sagte, er erkenne darin Bereitschaft. Die Kernfrage sei ausgelassen worden. "
     "Moskau hat bereits reagiert.",
     ["er erkenne darin Bereitschaft", "Die Kernfrage sei ausgelassen worden"], "Lawrow"),
    ("„Wir sind bereit“, hatte Generalsekretär Jens Stoltenberg gesagt. Dazu gehöre aber auch das Recht aller Staaten, "
     "selbst zu entscheiden. Die Gespräche gehen weiter.",
     ["Wir sind bereit", "Dazu gehöre aber auch das Recht aller Staaten, selbst zu entscheiden"], "Stoltenberg"),
]


@pytest.mark.parametrize(("text", "expected", "speaker"), CONTINUATION)
def test_konjunktiv_continuation(text: str, expected: list[str], speaker: str) -> None:
    found = quotes_of(text)
    assert [t for _, t, _ in found] == expected
    assert all(s is not None and speaker in s for _, _, s in found)
