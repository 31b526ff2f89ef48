"""Event-anchoring features measured for story clustering (resolved dates, event signatures) and the
evaluation's option sweep."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.errors import InputError
from lagebild.eval.stories import _option, date_terms, event_terms, run, sweep
from lagebild.model import Article, Event

REPO = Path(__file__).resolve().parents[2]
GOLD_AUG = REPO / "tests" / "eval" / "stories_gold_2020-08-23_week.jsonl"


def _friday(text: str, title: str = "Wie es weitergeht") -> Article:
    return Article(text=text, source="x", title=title, published="2020-10-30", published_precision="day")


def test_date_terms_resolve_to_the_nearest_reading() -> None:
    a = _friday("Bund und Länder hatten am Mittwoch beschlossen, Restaurants zu schließen. Die Regeln gelten "
                "ab dem 2. November und bis Ende November. Am Freitag berieten die Länder erneut.")
    terms = date_terms(a)
    assert terms["D:2020-10-28"] == 1  # the Wednesday before the Friday
    assert "D:2020-11-02" in terms  # a coming date, not 2 Nov of the year before
    assert "D:2019-11-02" not in terms
    assert "D:2020-10-30" not in terms  # the article's own day says nothing about the story


def test_date_terms_need_a_day_precise_publication_date() -> None:
    a = Article(text="Am Mittwoch wurde beschlossen.", source="x", published="2020-10", published_precision="month")
    assert date_terms(a) == {}
    assert date_terms(_friday("Ohne jede Zeitangabe.")) == {}


def test_event_terms_sign_dated_asserted_events() -> None:
    a = _friday("Bund und Länder beschließen einen Teil-Lockdown.")
    a.events = [
        Event(type="RESTRICT", start=0, end=5, sentence_start=0, sentence_end=40, source="agent:GOV:Bund",
              date="2020-10-28"),
        Event(type="RESTRICT", start=0, end=5, sentence_start=0, sentence_end=40, source="agent:GOV:Bund",
              date="2020-10-28"),
        Event(type="PROTEST", start=0, end=5, sentence_start=0, sentence_end=40, date=None),
        Event(type="AID", start=0, end=5, sentence_start=0, sentence_end=40, date="2020-10-29", negated=True),
    ]
    assert event_terms(a) == {"V:RESTRICT|agent:GOV:Bund|2020-10-28": 2}


def test_option_parsing() -> None:
    assert _option("threshold=0.1", "--option") == ("threshold", 0.1)
    assert _option("threshold=0.08,0.1", "--sweep", many=True) == ("threshold", [0.08, 0.1])
    assert _option("daily=false", "--option") == ("daily", False)
    for bad in ("threshold", "=0.1", "threshold=abc"):
        with pytest.raises(InputError, match="write e.g."):
            _option(bad, "--option")


@pytest.mark.slow  # two clusterings and a fresh read of the August week
def test_sweep_matches_single_runs(shared_dir: Path) -> None:
    data = shared_dir / "data" / "fang_covid_de_news" / "fang_covid_sample.jsonl"
    rows = sweep(GOLD_AUG, "threshold", [0.1, 0.2], data=data)
    assert [r["value"] for r in rows] == [0.1, 0.2]
    single = run(GOLD_AUG, data=data)  # default threshold 0.1, read afresh
    assert rows[0]["pairwise_f1"] == pytest.approx(single["pairwise"]["f1"])
    assert rows[0]["bcubed_gain"] == pytest.approx(single["bcubed"]["f1"] - single["bcubed"]["baseline_f1"])
    assert rows[1]["pairwise_f1"] != rows[0]["pairwise_f1"]  # the option reaches the clusterer
