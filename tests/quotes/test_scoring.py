"""The quotation scorer: token-overlap matching, exact spans, speaker rule."""

from __future__ import annotations

import pytest

from lagebild.eval.quotes import _trim, match, speaker_right
from lagebild.model import Quote


@pytest.mark.parametrize(("gold", "pred", "expected"), [
    ([{1, 2, 3, 4}], [{1, 2, 3, 4}], [(0, 0)]),
    ([{1, 2, 3, 4}], [{1, 2}], [(0, 0)]),  # half of gold, all of pred
    ([{1, 2, 3, 4}], [{1}], []),  # a quarter of gold only
    ([{1, 2}], [{1, 2, 3, 4, 5}], []),  # pred mostly outside gold
    ([{1, 2, 3}, {1, 2, 3}], [{1, 2, 3}], [(0, 0)]),  # one-to-one
    ([{1, 2, 3, 4}, {5, 6}], [{5, 6}, {1, 2, 3}], [(1, 0), (0, 1)]),  # best overlap first
])
def test_token_overlap_matching(gold, pred, expected) -> None:
    got = match([frozenset(g) for g in gold], [frozenset(p) for p in pred])
    assert sorted(got) == sorted(expected)


@pytest.mark.parametrize(("text", "span", "expected"), [
    ("x „Das ist gut.“ y", (2, 16), "Das ist gut"),
    ("x Das ist gut y", (2, 13), "Das ist gut"),
])
def test_exact_span_ignores_marks_and_final_punctuation(text: str, span, expected: str) -> None:
    s, e = _trim(text, [span])
    assert text[s:e] == expected


@pytest.mark.parametrize(("gold_text", "speaker", "ok"), [
    ("Kremlsprecher Dmitri Peskow", "Dmitri Peskow", True),
    ("der Verteidigungsminister", "Boris Pistorius", False),
    ("Lawrows Sprecherin", "Sergej Lawrow", True),
    ("die Polizei", None, False),
])
def test_speaker_rule(gold_text: str, speaker: str | None, ok: bool) -> None:
    gold = {"speaker": [(100, 120)], "speaker_text": gold_text}
    assert speaker_right("", gold, Quote(start=0, end=5, kind="direct", speaker=speaker)) is ok


def test_speaker_mention_overlap_counts() -> None:
    gold = {"speaker": [(10, 20)], "speaker_text": "der Minister"}
    q = Quote(start=0, end=5, kind="direct", speaker=None, speaker_start=12, speaker_end=22)
    assert speaker_right("x" * 30, gold, q)
