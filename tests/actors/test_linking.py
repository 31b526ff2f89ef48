"""Gazetteer matching, metonyms and NER-entity linking over hand-built articles."""

from __future__ import annotations

import re

import pytest

from lagebild.actors.kb import load_kb
from lagebild.actors.linking import Linker, credit_spans
from lagebild.actors.stage import ActorStage
from lagebild.actors.translit import load_transliterator
from lagebild.model import Article, Sentence, Token

_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")


def make_article(text: str, *, published: str | None = "2022-01-27", authors: list[str] | None = None) -> Article:
    """An article tokenised by a small regex (sentences end after . ! ?), enough for the actor stage."""
    a = Article(text=text, published=published, authors=authors or [], language="de")
    sent, start = 0, 0
    for m in _TOKEN.finditer(a.text):
        a.tokens.append(Token(m.start(), m.end(), sent=sent))
        if m.group() in ".!?":
            a.sentences.append(Sentence(start, m.end()))
            sent, start = sent + 1, m.end() + 1
    if start < len(a.text):
        a.sentences.append(Sentence(start, len(a.text)))
    return a


def linked(text: str, **kw) -> list[tuple[str, str | None]]:
    a = ActorStage(use_ner=False)(make_article(text, **kw))
    return [(a.text[e.start : e.end], e.actor_id) for e in a.entities]


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker(load_kb("de"), load_transliterator("de"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sergej Lawrow traf Antony Blinken.", [("Sergej Lawrow", "per:sergej-lawrow"),
                                                ("Antony Blinken", "per:antony-blinken")]),
        ("Sergei Lawrow sprach.", [("Sergei Lawrow", "per:sergej-lawrow")]),
        ("Lawrows Antwort kam spät.", [("Lawrows", "per:sergej-lawrow")]),
        ("Russlands Wirtschaft wächst.", [("Russlands", "gpe:rus")]),
        ("Die russische Armee marschiert.", [("russische", "gpe:rus")]),
        ("Die Russen sind da.", [("Russen", "cvl:rus")]),  # people of the country (RUSCVL), not its state
        ("Die Organisation für Sicherheit und Zusammenarbeit in Europa tagt.",
         [("Organisation für Sicherheit und Zusammenarbeit in Europa", "org:osze")]),
        ("Die Nato und die EU beraten.", [("Nato", "org:nato"), ("EU", "org:eu")]),
        ("Das Weiße Haus schweigt.", [("Weiße Haus", "gov:usa")]),
        ("Der Kreml weist das zurück.", [("Kreml", "gov:rus")]),
        ("Jens Stoltenberg warnt. Stoltenberg sagt mehr.", [("Jens Stoltenberg", "per:jens-stoltenberg"),
                                                           ("Stoltenberg", "per:jens-stoltenberg")]),
    ],
)
def test_names(text: str, expected: list[tuple[str, str]]) -> None:
    assert linked(text) == expected


@pytest.mark.parametrize(
    ("text", "surface", "actor_id"),
    [
        ("Moskau hat geantwortet.", "Moskau", "gov:rus"),
        ("Lawrow sprach in Moskau.", "Moskau", "loc:moskau"),
        ("Forderungen Moskaus wurden abgelehnt.", "Moskaus", "gov:rus"),
        ("Washington droht mit Sanktionen.", "Washington", "gov:usa"),
        ("Kiew fordert Waffen.", "Kiew", "gov:ukr"),
        ("Kyjiw fordert Waffen.", "Kyjiw", "gov:ukr"),
        ("Berlin lehnt den Vorschlag aus Moskau ab.", "Berlin", "gov:deu"),
            ("Berlin verschärft die Maskenpflicht.", "Berlin", "gov:deube"),
        ("Peking protestiert.", "Peking", "gov:chn"),
        ("Die Nato rüstet auf. Brüssel reagiert.", "Brüssel", "org:nato"),
        ("Die EU verhängt Sanktionen. Brüssel reagiert.", "Brüssel", "org:eu"),
        ("Brüssel reagiert.", "Brüssel", "gov:bel"),
    ],
)
def test_metonyms(text: str, surface: str, actor_id: str) -> None:
    assert (surface, actor_id) in linked(text)


def test_dateline_capital_is_a_place() -> None:
    assert ("Moskau", "loc:moskau") in linked("Moskau - Der Kreml hat reagiert.")


def test_weak_names_need_a_plain_mention() -> None:
    assert linked("Das Bündnis tagte.") == []
    assert ("Bündnis", "org:nato") in linked("Die Nato tagte. Das Bündnis beriet.")


@pytest.mark.parametrize(
    ("text", "credit"),
    [("Der Kreml. Foto: Bai Xueqi/XinHua/dpa", "dpa"), ("(Bild: Reuters) Biden sprach.", "Reuters")],
)
def test_photo_credits_are_not_actors(text: str, credit: str) -> None:
    assert credit not in [s for s, _ in linked(text)]
    assert credit_spans(make_article(text))


def test_authors_are_not_actors() -> None:
    assert linked("Olaf Scholz schrieb.", authors=["Olaf Scholz"]) == []


@pytest.mark.parametrize(
    ("text", "label", "actor_id"),
    [
        ("Sergey Lavrov", "PER", "per:sergej-lawrow"),
        ("Sergej Lavrow", "PER", "per:sergej-lawrow"),
        ("Russlands", "LOC", "gpe:rus"),
        ("Erika Musterfrau", "PER", "per:erika-musterfrau"),
        ("Sergei Musterow", "PER", "per:sergej-musterow"),
        ("Bundesamt für Beispiele", "ORG", "org:bundesamt-fuer-beispiele"),
        ("Irgendwo", "LOC", "loc:irgendwo"),
    ],
)
def test_link_entity(linker: Linker, text: str, label: str, actor_id: str) -> None:
    assert linker.link_entity(text, label, "2022-01-27").id == actor_id


def test_local_ids_are_content_addressed(linker: Linker) -> None:
    a = linker.link_entity("Sergei Musterow", "PER", None)
    b = linker.link_entity("Sergej Musterow", "PER", "2020-01-01")
    assert a.id == b.id and a.local


@pytest.mark.parametrize(
    ("text", "actor_id", "code"),
    [("Jens Stoltenberg sprach.", "per:jens-stoltenberg", "IGOWSTNAT")],
)
@pytest.mark.parametrize(("published", "expected_code"), [("2022-01-27", None), ("2010-05-01", "NORGOV")])
def test_codes_follow_the_article_date(text: str, actor_id: str, code: str, published: str,
                                       expected_code: str | None) -> None:
    a = ActorStage(use_ner=False)(make_article(text, published=published))
    assert a.entities[0].actor_id == actor_id
    assert a.entities[0].actor_code == (expected_code or code)


@pytest.mark.parametrize(
    ("text", "surface", "actor_id"),
    [("Die Kirche in Hessen und Nassau protestiert.", "Nassau", "loc:nassau"),
     ("Ein Szenario, dem Washington und Brüssel nicht ausweichen können.", "Washington", "gov:usa")],
)
def test_coordinated_capitals(text: str, surface: str, actor_id: str) -> None:
    assert (surface, actor_id) in linked(text)
