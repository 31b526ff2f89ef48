"""Integrity of the held-out gold files: the story test week and the second annotation of the event gold."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import heldout_agreement as agreement  # noqa: E402

STORY_FILE = HERE / "stories_test_2020-03-15_week.jsonl"
WEEK_START = dt.date(2020, 3, 15)
FANG = Path("data/fang_covid_de_news/fang_covid_sample.jsonl")
README = HERE.parent / "README.md"
PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
EVENT_FIELDS = {
    "type", "mode", "source", "source_name", "source_code", "target", "target_name", "target_code", "trigger",
    "negated", "modality", "claimant", "date_text",
}


@pytest.fixture(scope="module")
def stories() -> list[dict]:
    return agreement.load_jsonl(STORY_FILE)


@pytest.fixture(scope="module")
def second() -> list[dict]:
    return agreement.load_jsonl(agreement.SECOND)


def test_story_records_hold_only_ids_labels_and_headline(stories: list[dict]) -> None:
    assert stories, f"{STORY_FILE} is empty"
    for rec in stories:
        assert set(rec) == {"id", "story", "outlet", "date", "title"}, rec
        assert re.fullmatch(r"[a-z0-9äöüß-]+", rec["story"]), rec["story"]
        if rec["story"].startswith("single-"):
            assert rec["story"] == f"single-{rec['id']}"
    assert len({r["id"] for r in stories}) == len(stories)


def test_story_week_is_seven_days_outside_the_reserved_ranges(stories: list[dict]) -> None:
    days = {dt.date.fromisoformat(r["date"]) for r in stories}
    assert min(days) >= WEEK_START and max(days) < WEEK_START + dt.timedelta(days=7)
    assert not any(d.year == 2020 and d.month == 11 for d in days)
    assert 120 <= len(stories) <= 200


def test_story_week_covers_every_article_of_the_week(stories: list[dict], shared_dir: Path) -> None:
    days = {str(WEEK_START + dt.timedelta(days=i)) for i in range(7)}
    with (shared_dir / FANG).open(encoding="utf-8") as handle:
        week = {r["id"]: r for r in map(json.loads, handle) if r["date_norm"] in days}
    assert {r["id"] for r in stories} == set(week)
    for rec in stories:
        assert rec["outlet"] == week[rec["id"]]["source"]
        assert rec["date"] == week[rec["id"]]["date_norm"]


@pytest.mark.parametrize(
    ("id_a", "id_b", "same"),
    [
        ("13957", "5567", True),  # German border controls of 15.03, two outlets
        ("14152", "26702", True),  # UK change of course, zeit.de and tagesspiegel.de
        ("20521", "22538", True),  # Bavaria's Ausgangsbeschränkungen of 20.03
        ("20521", "30545", False),  # Bavaria's own measure vs the nationwide curfew debate
        ("9630", "29624", False),  # two different Kurzarbeit items
    ],
)
def test_story_labels_of_documented_decisions(stories: list[dict], id_a: str, id_b: str, same: bool) -> None:
    label = {r["id"]: r["story"] for r in stories}
    assert (label[id_a] == label[id_b]) is same


def test_second_annotation_is_the_seeded_sample(second: list[dict]) -> None:
    first = agreement.load_jsonl(agreement.FIRST)
    expected = [first[i] for i in agreement.sample_indices(len(first))]
    assert [(r["doc"], r["sent_id"], r["text"], r["context"]) for r in second] == [
        (r["doc"], r["sent_id"], r["text"], r["context"]) for r in expected
    ]


def test_second_annotation_events_are_well_formed(second: list[dict]) -> None:
    for rec in second:
        for event in rec["events"]:
            assert set(event) == EVENT_FIELDS, event
            assert event["type"] in PLOVER_TYPES
            assert event["modality"] in {"asserted", "future", "hypothetical"}
            assert isinstance(event["negated"], bool)


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ([{"type": "AGREE"}], [{"type": "AGREE"}], (1, 1, 1)),
        ([{"type": "AGREE"}, {"type": "AGREE"}], [{"type": "AGREE"}], (1, 1, 2)),
        ([], [{"type": "ACCUSE"}], (0, 1, 0)),
        ([{"type": "SANCTION"}], [{"type": "ACCUSE"}], (0, 1, 1)),
    ],
)
def test_multiset_scores(gold: list[dict], pred: list[dict], expected: tuple[int, int, int]) -> None:
    assert agreement.multiset_scores([(gold, pred)], view=agreement.VIEWS["type"]) == expected


def test_readme_reports_the_current_agreement() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Held-out week and agreement", 1)[-1]
    for name in ("type", "triple (full codes)", "triple (country root)"):
        f1 = agreement.report(agreement.paired())[name][2]
        assert f"{f1:.3f}" in section, f"README section lacks the {name} F1 {f1:.3f}; rerun heldout_agreement.py"
