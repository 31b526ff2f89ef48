"""Overlong sentences in windows for the quote and event rules (they scan a sentence per candidate)."""

from __future__ import annotations

from lagebild.model import Article, Sentence, Token
from lagebild.nlp.windows import windowed


def _article(n_tokens: int) -> Article:
    text = " ".join(["Wort"] * n_tokens)
    a = Article(text=text)
    a.tokens = [Token(5 * i, 5 * i + 4, "NN", "Wort", 0) for i in range(n_tokens)]
    a.sentences = [Sentence(0, len(text))]
    return a


def test_short_sentences_are_left_alone():
    a = _article(50)
    assert windowed(a, 100) is a


def test_long_sentences_are_cut_into_windows_of_the_same_text():
    a = _article(250)
    w = windowed(a, 100)
    assert w is not a and w.text is a.text and len(a.sentences) == 1  # the article keeps its sentences
    assert [len([t for t in w.tokens if t.sent == i]) for i in range(len(w.sentences))] == [100, 100, 50]
    assert (w.sentences[0].start, w.sentences[-1].end) == (0, len(a.text))
    assert [(t.start, t.end) for t in w.tokens] == [(t.start, t.end) for t in a.tokens]


def test_quotes_and_events_of_a_pathological_text_come_back(shared_dir):
    """300 KB of "Er sagte, dass" ran for many minutes; in windows it is linear (timings: docs/benchmarks.md)."""
    from lagebild.run import build_pipeline

    pipe = build_pipeline()
    text = ("Er sagte, dass " * 700)[:10_000]
    a = pipe.process(Article(text=text, title="T"))
    assert "quotes" in a.done and "events" in a.done and a.quotes
    assert all(0 <= q.start < q.end <= len(a.text) for q in a.quotes)
