"""Speaker resolution: the fullest name in the article for names, pronouns, descriptions, abbreviations and
documents; never an abstract noun, a fragment or the addressee (lagebild.quotes.resolve, .referents)."""

from __future__ import annotations

from functools import lru_cache

import pytest

from lagebild.model import Article
from lagebild.run import build_stages

from .helpers import analyse


def speakers(text: str) -> list[str | None]:
    return [q.speaker for q in analyse(text).quotes]


@lru_cache(maxsize=1)
def _full_stages() -> tuple:
    return tuple(st for st in build_stages() if st.name not in ("language", "events"))


def full(text: str, *, published: str | None = None) -> Article:
    """``text`` through the default pipeline up to quotations (parse, NER and actors included)."""
    a = Article(text=text, published=published)
    a.language = "de"
    for st in _full_stages():
        a = st(a)
    return a


@pytest.mark.parametrize(("text", "speaker"), [
    # a description in front of the name is no part of it
    ("„Die Lage ist ernst“, sagte Ifo-Präsident Clemens Fuest.", "Clemens Fuest"),
    ("„Wir sind überrascht“, sagte Vorstand Markus Wahl von der Vereinigung Cockpit.", "Markus Wahl"),
    # a surname names the person by the fullest name the article gives, as the article writes it
    ("Sergei Lawrow reiste nach Genf. „Wir warten ab“, sagte Lawrow am Freitag.", "Sergei Lawrow"),
    # a name after a comma names the description it follows
    ("„Langfristig können wir das Land nicht lahmlegen“, sagte der Hauptgeschäftsführer des "
     "Städtebunds, Gerd Landsberg, der Zeitung.", "Gerd Landsberg"),
])
def test_name_forms(text: str, speaker: str) -> None:
    got = speakers(text)
    assert got and got[-1] == speaker, got


@pytest.mark.parametrize(("text", "speaker"), [
    # the source's bearer, in the nominative; an unnamed person keeps its article
    ("Nach Angaben des Bundesarbeitsministeriums steigt die Zahl der Anträge.", "Bundesarbeitsministerium"),
    ("Nach Angaben eines Vertreters der EU-Kommission wird darüber beraten.", "ein Vertreter der EU-Kommission"),
    ("Das Erdbeben war laut Süddeutscher Zeitung schwerer als erwartet.", "Süddeutsche Zeitung"),
    # speakers named by a "-kreise" compound are those circles
    ("Aus Verhandlungskreisen hieß es, dass Kanzlerin Angela Merkel die Lage geschildert habe.", "Verhandlungskreise"),
])
def test_oblique_phrases_in_the_nominative(text: str, speaker: str) -> None:
    assert speakers(text)[0] == speaker


def test_abbreviation_is_the_organisation() -> None:
    text = ("Die Organisation „Reporter ohne Grenzen“ (ROG) veröffentlichte ihre Jahresbilanz. "
            "Laut ROG wurden in China zwei Blogger verhaftet.")
    assert speakers(text)[-1] == "Reporter ohne Grenzen"


def test_report_speaks_for_its_issuer() -> None:
    text = ("Laut einem Bericht der Organisation Amnesty International nimmt die Zahl der Morde zu. "
            "Dem Bericht zufolge wurden im letzten Jahr 665 Frauen ermordet.")
    assert speakers(text) == ["Amnesty International", "Amnesty International"]


def test_abstract_noun_without_bearer_is_never_the_speaker() -> None:
    got = speakers("Nach ersten Angaben wurden drei Menschen verletzt.")
    assert got and got[0] != "Angaben"
    text = ("Polizeisprecher Jan Weber sagte, die Lage sei ruhig. Den Angaben zufolge wurden drei Menschen "
            "festgenommen.")
    assert speakers(text)[-1] == "Jan Weber"


def test_addressee_is_never_the_speaker() -> None:
    got = speakers("„Wir bleiben hart“, sagte der Minister der Zeitung „Bild“.")
    assert got and got[0] is not None and "Zeitung" not in got[0] and "Bild" not in got[0]


def test_definite_description_refers_to_the_named_organisation() -> None:
    text = ("Der Konzern AstraZeneca hat die Lieferungen gekürzt. Der Konzern teilte mit, dass die Produktion "
            "in Belgien stocke.")
    assert speakers(text)[-1] == "AstraZeneca"


def test_feminine_pronoun_skips_the_man_named_last() -> None:
    text = ("Die Ministerin Anna Schmidt traf am Montag den Gewerkschafter Peter Müller. "
            "Sie sagte danach, die Gespräche seien gut verlaufen.")
    assert speakers(text)[-1] == "Anna Schmidt"


def test_demonstrative_takes_the_last_person_named() -> None:
    text = ("Die Staatsanwaltschaft gibt an, Spector werde durch seinen Fahrer Adriano De Souza belastet. "
            "Dieser behaupte, Spector sei ihm mit einer Pistole entgegengekommen.")
    assert speakers(text)[-1] == "Adriano De Souza"


def test_speaker_gets_the_actor_of_its_referent() -> None:
    a = full("Der Kreml hat verhalten reagiert. „Sie haben die Erklärungen gehört“, sagte Kremlsprecher "
             "Dmitri Peskow der Agentur Interfax. Er fügte hinzu, man werde die Antworten prüfen.",
             published="2022-01-27")
    qs = a.quotes
    assert qs[0].speaker == "Dmitri Peskow" and qs[0].speaker_actor_id == "per:dmitri-peskow"
    assert qs[-1].speaker == "Dmitri Peskow" and qs[-1].speaker_actor_id == "per:dmitri-peskow"


def test_own_statements_belong_to_the_clause_subject() -> None:
    a = full("Die Bundesagentur für Arbeit hat die Zahl der Bedarfsgemeinschaften nach eigenen Angaben auf "
             "2,8 Millionen hochgerechnet.")
    got = [q.speaker for q in a.quotes]
    assert got and got[0] == "Bundesagentur für Arbeit", got


def test_indefinite_pronoun_speaks_as_written() -> None:
    a = full("Johnson war zuvor kritisiert worden. Viele werfen ihm vor, die Krise unterschätzt zu haben.")
    assert [q.speaker for q in a.quotes] == ["Viele"]


def test_place_after_an_organisation_noun_is_part_of_the_name() -> None:
    a = full("Die Staatsanwaltschaft Oslo teilte mit, dass der Mann festgenommen worden sei.")
    assert [q.speaker for q in a.quotes][:1] == ["Staatsanwaltschaft Oslo"]
