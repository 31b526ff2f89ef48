"""Story features from text alone and from the other stages' layers."""

from __future__ import annotations

import pytest

from lagebild.model import Article, Entity, Token
from lagebild.stories.features import lead_sentence, names, term_counts


@pytest.mark.parametrize(("text", "expected"), [
    ("Am Mittwoch sagte Nato-Generalsekretär Jens Stoltenberg in Brüssel, man bleibe gesprächsbereit.",
     {"Nato-Generalsekretär Jens Stoltenberg"}),
    ("Das bestätigte Kremlsprecher Dmitri Peskow. Dmitri Peskow sagte außerdem, man prüfe die Antwort.",
     {"Kremlsprecher Dmitri Peskow"}),  # sentence-initial sequences are not taken
    ("Die Forderungen Moskaus seien bekannt, hieß es aus Moskau.", set()),  # noun + genitive place
    ("Der Stadtrat tagte am Abend, die Sitzung dauerte lange.", set()),
])
def test_names_from_text(text: str, expected: set[str]) -> None:
    assert set(names(Article(text=text))) == expected


def test_names_prefer_entity_canonical() -> None:
    text = "Lawrow traf Blinken in Genf."
    a = Article(text=text, entities=[Entity(0, 6, "PER", canonical="Sergej Lawrow"),
                                     Entity(12, 19, "PER", canonical="Antony Blinken")])
    assert names(a) == {"Antony Blinken": 1, "Sergej Lawrow": 1}


def test_terms_are_the_same_after_the_tagger() -> None:
    """Regex words and simplemma lemmas on every path: tokens and entities do not change the terms
    (the story model reads linked actors as features of their own, lagebild.stories.pairs)."""
    text = "Lawrows Antwort kam schnell."
    toks = [Token(0, 7, pos="NE", lemma="Lawrow"), Token(8, 15, pos="NN", lemma="Antwort"),
            Token(16, 19, pos="VVFIN", lemma="kommen"), Token(20, 27, pos="ADJD", lemma="schnell"),
            Token(27, 28, pos="$.", lemma=".")]
    a = Article(text=text, tokens=toks, entities=[Entity(0, 7, "PER", canonical="Sergej Lawrow")])
    counts = term_counts(a)
    assert counts == term_counts(Article(text=text))
    assert counts["antwort"] > counts["schnell"]  # nouns weigh more than other content words
    assert not any(t.startswith("E:") for t in counts)


@pytest.mark.parametrize(("title", "text", "stop_word"), [
    ("Der Kreml reagiert", "Der Kreml hat am Donnerstag reagiert.", "donnerstag"),
    ("Neue Zahlen", "Das RKI meldet neue Zahlen und sagte, sie seien hoch.", "sagte"),
])
def test_stop_words_are_not_terms(title: str, text: str, stop_word: str) -> None:
    counts = term_counts(Article(text=text, title=title))
    assert stop_word not in counts and "der" not in counts
    assert "kreml" in counts or "rki" in counts


@pytest.mark.parametrize(("teaser", "text", "expected"), [
    (None, "Der Kreml hat verhalten reagiert. Das sagte Peskow.", "Der Kreml hat verhalten reagiert."),
    ("Lawrow reagiert auf Brief. Er fordert mehr.", "Text.", "Lawrow reagiert auf Brief."),
    (None, "Ein Satz ohne Ende", "Ein Satz ohne Ende"),
])
def test_lead_sentence(teaser: str | None, text: str, expected: str) -> None:
    assert lead_sentence(Article(text=text, teaser=teaser)) == expected
