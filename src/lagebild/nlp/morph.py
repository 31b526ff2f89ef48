"""Verb mood from word forms: Konjunktiv I (reported speech: "er sei", "sie fordere").

No tagger here gives mood, so it is read off the form: the irregular forms of *sein*, or the lemma's
stem plus ``-e`` in a finite verb (``gebe`` from *geben*, ``fordere`` from *fordern*,
``kündige`` from *ankündigen*). The ``-e`` form is also the indicative first person singular
(*ich gebe*); pass ``subject`` when it is known to rule that out.
"""

from __future__ import annotations

from .lang import load


def _rules(language: str) -> dict:
    return load(language, "morph")["konjunktiv1"]


def is_konjunktiv1(word: str, pos: str, lemma: str, *, subject: str | None = None, language: str = "de") -> bool:
    """Whether ``word`` (tagged ``pos``, lemma ``lemma``) is a Konjunktiv I verb form.

    ``pos`` is an STTS tag (an empty string means unknown and is accepted); only finite verb tags
    qualify. Konjunktiv I plural forms identical to the indicative (*sie geben*) are not flagged,
    except *seien*.
    """
    rules = _rules(language)
    w = word.lower()
    if pos and pos not in rules["finite_tags"]:
        return False
    if subject is not None and subject.lower() in rules["first_person"]:
        return False
    if w in rules["irregular"]:
        return True
    lem = lemma.lower()
    if not lem or lem == w:
        return False
    for ending in rules["endings"]:
        if not w.endswith(ending) or len(w) <= len(ending) + 1:
            continue
        stem = w[: -len(ending)]
        for inf in rules["infinitive_endings"]:
            # lemma ends with stem+infinitive ending: separable prefixes (an|kündigen) allowed
            if lem.endswith(stem + inf) and lem != stem + ending:
                return True
    return False
