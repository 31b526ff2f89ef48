"""Merging events across the articles of a story, and the PLOVER / GDELT exports."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from lagebild.events import merge_events, refine_article_dates, to_gdelt_tsv, to_plover_jsonl
from lagebild.model import Article, Event


def _article(text: str, *, source: str, published: str, precision: str, copy_of: str | None = None,
             events: list[Event] | None = None) -> Article:
    a = Article(text=text, source=source, published=published, published_precision=precision,  # type: ignore[arg-type]
                story="s", copy_of=copy_of)
    a.events = events or []
    return a


def _ev(etype: str, src: str, tgt: str | None, date: str, gran: str, date_text: str | None = None) -> Event:
    return Event(type=etype, start=0, end=5, sentence_start=0, sentence_end=10, source=src, source_code=src,
                 target=tgt, target_code=tgt, date=date, date_granularity=gran, date_text=date_text,
                 location="Moskau", location_source="sentence")


@pytest.fixture()
def story() -> list[Article]:
    a = _article("Text eins", source="A", published="2022-01-27", precision="day",
                 events=[_ev("REJECT", "RUS", "USA", "2022-01-27", "day", "am Donnerstag")])
    b = _article("Text zwei", source="B", published="2022-01", precision="month",
                 events=[_ev("REJECT", "RUS", "USA", "2022-01", "month", "am Donnerstag"),
                         _ev("ACCUSE", "USA", "RUS", "2022-01", "month", "am Mittwoch")])
    c = _article("Text eins kopiert", source="C", published="2022-01-27", precision="day", copy_of=a.id,
                 events=[_ev("REJECT", "RUS", "USA", "2022-01-27", "day")])
    return [a, b, c]


def test_merge_counts_and_refines(story: list[Article]) -> None:
    merged = merge_events(story)
    by_type = {r["type"]: r for r in merged}
    assert set(by_type) == {"REJECT", "ACCUSE"}
    rej = by_type["REJECT"]
    assert (rej["num_articles"], rej["num_sources"], len(rej["mentions"])) == (3, 2, 3)
    assert (rej["date"], rej["date_granularity"]) == ("2022-01-27", "day")
    assert by_type["ACCUSE"]["date"] == "2022-01-26"
    assert rej["modality"] == "asserted"
    assert sorted((m["article_id"], m["idx"]) for m in rej["mentions"]) == sorted((a.id, 0) for a in story)
    assert rej["id"].startswith("e") and rej["id"] == merge_events(story)[[r["type"] for r in merged].index("REJECT")]["id"]


def test_refined_dates_reach_the_articles_own_events(story: list[Article]) -> None:
    a, b, c = story
    assert refine_article_dates(story, only=[b]) == 2
    assert [(e.date, e.date_granularity) for e in b.events] == [("2022-01-27", "day"), ("2022-01-26", "day")]
    assert (a.events[0].date, c.events[0].date) == ("2022-01-27", "2022-01-27")
    assert refine_article_dates(story) == 0  # idempotent
    lone = _article("Text drei", source="D", published="2022-01", precision="month",
                    events=[_ev("ACCUSE", "USA", "RUS", "2022-01", "month", "am Mittwoch")])
    assert refine_article_dates([lone]) == 0  # nothing in the story to refine from
    assert lone.events[0].date == "2022-01"


@pytest.mark.parametrize(
    ("a_type", "b_type", "expected"),
    [("REJECT", "REJECT", 1), ("REJECT", "ACCUSE", 2)],
)
def test_merge_key(a_type: str, b_type: str, expected: int) -> None:
    a = _article("x", source="A", published="2022-01-27", precision="day",
                 events=[_ev(a_type, "RUS", "USA", "2022-01-27", "day")])
    b = _article("y", source="B", published="2022-01-27", precision="day",
                 events=[_ev(b_type, "RUS", "USA", "2022-01-27T EV".replace(" ", ""), "part-of-day")])
    assert len(merge_events([a, b])) == expected


def test_plover_jsonl(story: list[Article]) -> None:
    fh = io.StringIO()
    n = to_plover_jsonl(merge_events(story), fh)
    recs = [json.loads(line) for line in fh.getvalue().splitlines()]
    assert n == len(recs) == 2
    rej = next(r for r in recs if r["event"] == "REJECT")
    assert rej["source"] == [{"actorText": "RUS", "code": "RUS", "actorId": "RUS"}]  # no name given: the code
    assert rej["target"][0]["code"] == "USA" and rej["eventLoc"] == "Moskau"


def test_gdelt_tsv(story: list[Article], shared_dir: Path) -> None:
    fh = io.StringIO()
    n = to_gdelt_tsv(merge_events(story), fh, cameo_dir=shared_dir / "data" / "cameo_plover_petrarch")
    lines = fh.getvalue().splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, ln.split("\t"))) for ln in lines[1:]]
    assert n == len(rows) == 2
    rej = next(r for r in rows if r["PloverType"] == "REJECT")
    assert (rej["EventRootCode"], rej["QuadClass"], rej["SQLDATE"]) == ("12", "3", "20220127")
    assert next(r for r in rows if r["PloverType"] == "ACCUSE")["EventRootCode"] == "11"
