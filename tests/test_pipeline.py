from __future__ import annotations

import pytest

from lagebild.errors import PipelineError
from lagebild.model import Article, Sentence
from lagebild.pipeline import Pipeline, Stage


class Sents(Stage):
    name = "sents"
    requires = ("text",)
    assigns = ("sentences",)
    languages = None

    def __call__(self, a: Article) -> Article:
        a.sentences = [Sentence(0, len(a.text))]
        return a


class Needs(Stage):
    name = "needs"
    requires = ("sentences",)
    assigns = ("x",)

    def __call__(self, a: Article) -> Article:
        a.meta["x"] = len(a.sentences)
        return a


def test_order_checked_once_with_a_fixing_message():
    with pytest.raises(PipelineError, match="put a stage that assigns"):
        Pipeline([Needs(), Sents()])


def test_runs_in_order_skips_other_languages_and_times():
    p = Pipeline([Sents(), Needs()])
    de = p.process(Article(text="Ja.", language="de"))
    en = p.process(Article(text="Yes.", language="en"))
    assert de.meta["x"] == 1 and de.done == ["sents", "needs"]
    assert "x" not in en.meta and en.done == ["sents"]
    assert p.counts["sents"] == 2 and p.counts["needs"] == 1
    assert set(p.timings) == {"sents", "needs"}
    assert p.versions == {"sents": "0", "needs": "0"}
