"""The speech lexicon: data files per language, size, separable verbs."""

from __future__ import annotations

import pytest

from lagebild.errors import PipelineError
from lagebild.quotes import load_lexicon

from .helpers import analyse


def test_lexicon_has_at_least_150_entries() -> None:
    lex = load_lexicon("de")
    phrases = len(lex.words("source_nouns")) + len(lex.words("source_prepositions")) + len(lex.words("source_postpositions"))
    assert len(lex.verbs) >= 150
    assert len(lex.verbs) + phrases >= 200


@pytest.mark.parametrize("verb", ["sagen", "ankündigen", "zurückweisen", "mitteilen", "betonen", "offenlassen"])
def test_lexicon_verbs(verb: str) -> None:
    assert load_lexicon("de").is_speech_verb(verb)


@pytest.mark.parametrize(("text", "cue"), [
    ("Russland werde reagieren, kündigte Lawrow an.", "kündigte Lawrow an"),
    ("Die Vorwürfe seien falsch, wies der Sprecher zurück.", "wies der Sprecher zurück"),
    ("Der Konzern teilte mit, dass das Werk schließe.", "teilte mit"),
])
def test_separable_verbs_in_v2_order(text: str, cue: str) -> None:
    a = analyse(text)
    assert [q.cue for q in a.quotes] == [cue]


def test_missing_language_says_how_to_fix() -> None:
    with pytest.raises(PipelineError, match="create .*speech"):
        load_lexicon("xx")
