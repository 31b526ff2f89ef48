"""Within-article coreference: descriptions, ages, pronouns; and resolve_mention for later stages."""

from __future__ import annotations

import re

import pytest

from lagebild.actors.stage import ActorStage, resolve_mention
from tests.actors.test_linking import make_article


def run(text: str, published: str | None = "2022-01-27"):
    return ActorStage(use_ner=False)(make_article(text, published=published))


def resolved(text: str, surface: str, *, occurrence: int = 1, published: str | None = "2022-01-27") -> str | None:
    a = run(text, published)
    found = list(re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", a.text))
    start = found[occurrence - 1].start()
    actor = resolve_mention(a, start, start + len(surface))
    return actor.id if actor else None


CASES = [
    # ages: stated in the article, or from the birth year and the article date
    ("Der 71-jährige Lawrow sprach. Der 71-Jährige blieb hart.", "Der 71-Jährige", 1, "per:sergej-lawrow"),
    ("Sergei Lawrow sprach in Moskau. „Nein“, sagte der 71-Jährige.", "der 71-Jährige", 1, "per:sergej-lawrow"),
    ("Sergei Lawrow sprach. „Nein“, sagte der 45-Jährige.", "der 45-Jährige", 1, None),
    # roles: apposition, description after a name, office holder on the article date
    ("Kremlsprecher Dmitri Peskow sagte nichts. Der Kremlsprecher schwieg.", "Der Kremlsprecher", 1,
     "per:dmitri-peskow"),
    ("Kremlsprecher Dmitri Peskow sagte nichts.", "Kremlsprecher Dmitri Peskow", 1, "per:dmitri-peskow"),
    ("Der Kremlsprecher schwieg.", "Der Kremlsprecher", 1, "per:dmitri-peskow"),
    ("Außenminister Sergej Lawrow reiste ab. Der Minister war verärgert.", "Der Minister", 1,
     "per:sergej-lawrow"),
    ("Russlands Außenminister kam.", "Russlands Außenminister", 1, "per:sergej-lawrow"),
    ("Der russische Präsident drohte.", "Der russische Präsident", 1, "per:wladimir-putin"),
    # a masculine role noun with "die" is several persons: never one antecedent
    ("Markus Söder sprach. Die Minister berieten danach.", "Die Minister", 1, None),
    ("Außenminister Sergej Lawrow reiste ab. Die Minister waren verärgert.", "Die Minister", 1, None),
    ("Die Erklärung des US-Außenministers kam.", "des US-Außenministers", 1, "per:antony-blinken"),
    ("Die Erklärung des Nato-Generalsekretärs kam.", "des Nato-Generalsekretärs", 1, "per:jens-stoltenberg"),
    ("Lawrows US-amerikanischer Amtskollege Antony Blinken sagte.", "Antony Blinken", 1, "per:antony-blinken"),
    # bodies and groups with a country
    ("Das russische Außenministerium bestätigte. Das Außenministerium schwieg.", "Das Außenministerium", 1,
     "gov:rus"),
    ("Russische Soldaten marschieren.", "Russische Soldaten", 1, "mil:rus"),
    # pronouns
    ("Sergei Lawrow sprach. Er erkenne Bereitschaft.", "Er", 1, "per:sergej-lawrow"),
    ("Dmitri Medwedew sprach über die Position, die Putin vertritt. „Nein“, sagte er.", "er", 1,
     "per:dmitri-medwedew"),
    ("Angela Merkel kam. Sie sprach lange.", "Sie", 1, "per:angela-merkel"),
    ("Die Russen drohen. Sie sind bereit.", "Sie", 1, None),
    ("Olaf Scholz kam. Sie sprach lange.", "Sie", 1, None),
    ("Er kam spät.", "Er", 1, None),
]


@pytest.mark.parametrize(("text", "surface", "occurrence", "expected"), CASES)
def test_coreference(text: str, surface: str, occurrence: int, expected: str | None) -> None:
    assert resolved(text, surface, occurrence=occurrence) == expected


def test_role_without_known_holder_is_the_government() -> None:
    # 2005: the knowledge base knows no Kremlin spokesman yet → the Russian government, not a person
    assert resolved("Der Kremlsprecher schwieg.", "Der Kremlsprecher", published="2005-01-01") == "gov:rus"


def test_coref_entities_are_marked() -> None:
    a = run("Sergei Lawrow sprach. Er erkenne Bereitschaft. Der 71-Jährige blieb hart.")
    corefs = [(a.text[e.start : e.end], e.canonical, e.actor_code) for e in a.entities if e.source == "coref"]
    assert corefs == [("Er", "Sergej Lawrow", "RUSGOV"), ("Der 71-Jährige", "Sergej Lawrow", "RUSGOV")]


@pytest.mark.parametrize(
    ("span", "code"),
    [("das russische Außenministerium", "RUSGOV"), ("ukrainische Soldaten", "UKRMIL"), ("die Polizei", None)],
)
def test_resolve_mention_reads_unseen_spans(span: str, code: str | None) -> None:
    a = make_article(span)  # the stage did not run: the span is read on its own
    actor = resolve_mention(a, 0, len(span))
    assert (actor.code if actor else None) == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Regierung unter Robert Muster will bleiben, sagte er.", None),
        ("Die Regierung unter Präsident Wladimir Putin will bleiben, sagte er.", None),
        ("Sergei Lawrow kritisierte die Regierung unter Präsident Wladimir Putin nicht, sagte er.",
         "per:sergej-lawrow"),
    ],
)
def test_pronoun_skips_names_after_prepositions(text: str, expected: str | None) -> None:
    assert resolved(text, "er") == expected


@pytest.mark.parametrize(
    ("span", "code"),
    [("die belgische Nachrichtenagentur Belga", "BELMED"), ("die Behörden in Russland", "RUSGOV"),
     ("die japanische Regierung", "JPNGOV")],
)
def test_resolve_mention_sector_codes(span: str, code: str) -> None:
    a = run(span)
    actor = resolve_mention(a, 0, len(span))
    assert actor is not None and actor.code == code


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [("Der Kremlsprecher schwieg.", "Der Kremlsprecher", "gov:rus"),
     ("Der Kremlsprecher schwieg. Er ging.", "Er", None)],
)
def test_undated_role_is_the_sector_not_a_person(text: str, surface: str, expected: str | None) -> None:
    a = run(text, published=None)
    assert ["gov:rus"] == [m[2] for m in a.meta["actor_mentions"] if m[3] == "role"]
    assert resolved(text, surface, published=None) == expected
