"""Language identification."""

from __future__ import annotations

import pickle

import pytest

from lagebild.model import Article
from lagebild.nlp.langid import LanguageId


@pytest.fixture(scope="module")
def lid() -> LanguageId:
    return LanguageId()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der Kreml hat verhalten auf die Antworten von Nato und USA auf russische Forderungen reagiert.", "de"),
        ("Russland werde den USA demnächst eine offizielle Anfrage schicken, kündigte Lawrow an.", "de"),
        ("The Kremlin reacted cautiously to the answers from NATO and the United States on Thursday.", "en"),
        ("Le Kremlin a réagi avec prudence aux réponses de l'OTAN et des États-Unis sur les garanties.", "fr"),
        ("El Kremlin reaccionó con cautela a las respuestas de la OTAN y de Estados Unidos.", "es"),
        ("", "und"),
        ("OK 123", "und"),
        ("1.234,56 € — 7 %", "und"),
    ],
)
def test_detect(lid: LanguageId, text: str, expected: str) -> None:
    art = lid(Article(text=text))
    assert art.language == expected
    assert art.language_confidence is not None
    if expected != "und":
        assert art.language_confidence > 0.5


def test_language_set_by_reader_is_kept(lid: LanguageId) -> None:
    art = lid(Article(text="The Kremlin reacted cautiously to the answers.", language="de"))
    assert art.language == "de"


def test_runs_on_every_language() -> None:
    assert LanguageId.languages is None
    assert LanguageId().applies(Article(text="x", language="fr"))


def test_unknown_candidate_says_what_to_use() -> None:
    with pytest.raises(ValueError, match="ISO 639-1"):
        LanguageId(candidates=("de", "xx")).detect("Ein deutscher Satz mit genug Buchstaben.")


def test_pickles_after_use(lid: LanguageId) -> None:
    lid(Article(text="Ein deutscher Satz mit genug Buchstaben darin."))
    clone = pickle.loads(pickle.dumps(lid))
    assert clone(Article(text="Ein deutscher Satz mit genug Buchstaben darin.")).language == "de"
