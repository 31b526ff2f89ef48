"""The event pattern data loads, uses only PLOVER types, and the stage stays picklable."""

from __future__ import annotations

import pickle

import pytest

from lagebild.errors import PipelineError
from lagebild.events import EventStage
from lagebild.events.patterns import PLOVER_TYPES, _pattern, load_lexicon


def test_lexicon_types_are_plover() -> None:
    lex = load_lexicon("de")
    pats = [*lex.verbs.values(), *lex.nouns.values(), *(c.pattern for c in lex.constructions)]
    assert len(pats) > 100
    assert {p.type for p in pats} <= PLOVER_TYPES
    assert {p.type for p in pats} == PLOVER_TYPES  # every type has at least one cue


@pytest.mark.parametrize(
    ("noun", "verb", "expected"),
    [("Truppe", "zusammenziehen", "MOBILIZE"), ("Sanktion", "verhängen", "SANCTION"),
     ("Forderung", "zurückweisen", "REJECT"), ("Sanktion", "drohen", "THREATEN"),
     ("Antwort", "übergeben", "CONSULT"), ("Wirtschaftssanktion", "verhängen", "SANCTION"),
     ("Herausforderung", "stellen", None), ("Tisch", "verhängen", None)],
)
def test_constructions(noun: str, verb: str, expected: str | None) -> None:
    c = load_lexicon("de").construction(noun, verb)
    assert (c.pattern.type if c else None) == expected


@pytest.mark.parametrize(
    ("lemma", "expected"),
    [("Forderung", "REQUEST"), ("Sicherheitsforderung", "REQUEST"), ("Herausforderung", None),
     ("Truppenaufmarsch", "MOBILIZE"), ("Wirtschaftssanktion", "SANCTION"), ("Tisch", None)],
)
def test_nouns(lemma: str, expected: str | None) -> None:
    hit = load_lexicon("de").noun(lemma)
    assert (hit[1].type if hit else None) == expected


def test_unknown_type_is_an_error_that_names_the_fix() -> None:
    with pytest.raises(PipelineError, match="use one of"):
        _pattern({"type": "DEMANDS"}, "verbs.yaml:x")


def test_missing_language_names_the_file() -> None:
    with pytest.raises(PipelineError, match="create it"):
        load_lexicon("xx")


def test_stage_pickles() -> None:
    st = pickle.loads(pickle.dumps(EventStage(lookup_actors=True)))
    assert st.name == "events" and st.assigns == ("events",) and st.lookup_actors
