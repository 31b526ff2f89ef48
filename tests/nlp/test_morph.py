"""Konjunktiv I from word forms."""

from __future__ import annotations

import pytest

from lagebild.nlp.morph import is_konjunktiv1

CASES = [
    # (word, pos, lemma, expected)
    ("sei", "VAFIN", "sein", True),
    ("seien", "VAFIN", "sein", True),
    ("seiest", "VAFIN", "sein", True),
    ("Sei", "VAFIN", "sein", True),
    ("habe", "VAFIN", "haben", True),
    ("werde", "VAFIN", "werden", True),
    ("könne", "VMFIN", "können", True),
    ("müsse", "VMFIN", "müssen", True),
    ("wolle", "VMFIN", "wollen", True),
    ("solle", "VMFIN", "sollen", True),
    ("dürfe", "VMFIN", "dürfen", True),
    ("möge", "VMFIN", "mögen", True),
    ("gebe", "VVFIN", "geben", True),
    ("liege", "VVFIN", "liegen", True),
    ("fordere", "VVFIN", "fordern", True),
    ("wisse", "VVFIN", "wissen", True),
    ("arbeite", "VVFIN", "arbeiten", True),
    ("kündige", "VVFIN", "ankündigen", True),
    ("erkenne", "VVFIN", "erkennen", True),
    ("gehe", "VVFIN", "gehen", True),
    ("tue", "VVFIN", "tun", True),
    ("plane", "VVFIN", "planen", True),
    ("wechsle", "VVFIN", "wechseln", False),  # contracted form: not recognised (documented limit)
    # indicative, Konjunktiv II and other word classes
    ("ist", "VAFIN", "sein", False),
    ("sind", "VAFIN", "sein", False),
    ("hat", "VAFIN", "haben", False),
    ("wird", "VAFIN", "werden", False),
    ("kann", "VMFIN", "können", False),
    ("gibt", "VVFIN", "geben", False),
    ("fordert", "VVFIN", "fordern", False),
    ("arbeitet", "VVFIN", "arbeiten", False),
    ("sagte", "VVFIN", "sagen", False),
    ("arbeitete", "VVFIN", "arbeiten", False),
    ("hätte", "VAFIN", "haben", False),
    ("wäre", "VAFIN", "sein", False),
    ("würde", "VAFIN", "werden", False),
    ("könnte", "VMFIN", "können", False),
    ("müssten", "VMFIN", "müssen", False),
    ("geben", "VVFIN", "geben", False),  # plural = indicative
    ("gebe", "VVINF", "geben", False),  # not finite
    ("Grenze", "NN", "Grenze", False),
    ("gerade", "ADV", "gerade", False),
    ("sei", "", "sein", True),  # unknown tag accepted
    ("gebe", "VVFIN", "", False),  # no lemma: only the irregular forms
]


@pytest.mark.parametrize(("word", "pos", "lemma", "expected"), CASES)
def test_is_konjunktiv1(word: str, pos: str, lemma: str, expected: bool) -> None:
    assert is_konjunktiv1(word, pos, lemma) is expected


@pytest.mark.parametrize(("subject", "expected"), [("ich", False), ("Ich", False), ("er", True), (None, True)])
def test_first_person_subject_rules_out(subject: str | None, expected: bool) -> None:
    assert is_konjunktiv1("gebe", "VVFIN", "geben", subject=subject) is expected
