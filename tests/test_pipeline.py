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


class Slow(Stage):
    name = "slow"
    requires = ("sentences",)
    assigns = ("quotes",)
    languages = None

    def __call__(self, a: Article) -> Article:
        import time

        a.meta["slow"] = "started"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # pure Python: interruptible between bytecodes
            pass
        return a


class Boom(Stage):
    name = "boom"
    requires = ("sentences",)
    assigns = ("events",)
    languages = None

    def __call__(self, a: Article) -> Article:
        a.sentences.append(Sentence(0, 1))
        raise OverflowError("date value out of range")


class After(Stage):
    name = "after"
    requires = ("quotes",)
    assigns = ("after",)
    languages = None

    def __call__(self, a: Article) -> Article:
        a.meta["after"] = True
        return a


def test_a_stage_over_its_time_budget_is_stopped_and_its_dependants_skipped():
    from lagebild.pipeline import Budget

    p = Pipeline([Sents(), Slow(), After()], budget=Budget(seconds=0.2))
    a = p.process(Article(text="Ja."))
    assert a.done == ["sents"] and a.sentences == [Sentence(0, 3)]
    assert "slow" not in a.meta and "after" not in a.meta  # the stage's half-done changes are undone
    assert a.meta["incomplete"]["reason"] == "budget-slow"
    b = p.process(Article(text="Nein."))  # the next article runs normally again
    assert b.meta["incomplete"]["reason"] == "budget-slow" and b.done == ["sents"]


def test_a_failing_stage_and_a_size_budget_leave_what_was_done():
    from lagebild.pipeline import Budget

    a = Pipeline([Sents(), Boom()]).process(Article(text="Ja."))
    assert a.done == ["sents"] and a.sentences == [Sentence(0, 3)]
    assert a.meta["incomplete"]["reason"] == "error-boom" and "OverflowError" in a.meta["incomplete"]["detail"]
    big = Pipeline([Sents(), Needs()], budget=Budget(max_chars=10, stages={"sents": (None, None)}))
    b = big.process(Article(text="Ein Satz, der länger ist als zehn Zeichen.", language="de"))
    assert b.done == ["sents"] and b.meta["incomplete"]["reason"] == "budget-needs"
    assert "over its budget of 10" in b.meta["incomplete"]["detail"]
