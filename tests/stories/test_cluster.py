"""Stream clustering: determinism, state round trip, re-adding, seeds, dates, records."""

from __future__ import annotations

import json
from copy import deepcopy
from pathlib import Path

import pytest

from lagebild.errors import PipelineError
from lagebild.model import Article
from lagebild.stories import StoryClusterer, story_id
from lagebild.stories.cluster import day_range

from .conftest import EDITED_LEAD, FLOOD, OTHER_SAME_TOPIC, UNRELATED, article, flood_original

RECORD_KEYS = {"id", "title", "summary", "first_date", "last_date", "article_ids", "outlets", "n_articles",
               "n_sources", "key_actors", "copy_groups", "days", "joins"}


def synthetic_stream() -> list[Article]:
    return [
        flood_original(),
        article(" ".join([EDITED_LEAD, *FLOOD[1:7]]), source="portal", title="Land unter"),
        article(UNRELATED, source="stadtblatt", title="Lindholm beschließt Haushalt"),
        article(OTHER_SAME_TOPIC, source="zeitung", published="2024-03-06", title="Auenfeld wartet auf Entwarnung"),
        article(UNRELATED.replace("Montag", "Dienstag") + " Die Bürger können Einwände bis Ende April einreichen.",
                source="anzeiger", published="2024-03-06", title="Haushalt in Lindholm"),
    ]


def assignments(arts: list[Article]) -> dict[str, tuple[str | None, str | None]]:
    return {a.id: (a.story, a.copy_of) for a in arts}


def fang_days(shared_dir: Path, first: str, last: str) -> list[Article]:
    from lagebild.stories.corpus import fang_articles

    return fang_articles(shared_dir / "data" / "fang_covid_de_news" / "fang_covid_sample.jsonl", first, last)


def test_same_input_same_ids() -> None:
    a, b = synthetic_stream(), synthetic_stream()
    ra = StoryClusterer().add(a)
    rb = StoryClusterer().add(list(reversed(b)))
    assert assignments(a) == assignments(b)
    assert json.dumps(ra, sort_keys=True) == json.dumps(rb, sort_keys=True)


def test_story_id_from_founding_article() -> None:
    arts = synthetic_stream()
    StoryClusterer().add(arts)
    assert arts[0].story == story_id(arts[0].id)
    assert story_id("a1") == story_id("a1") != story_id("a2")


def test_records_shape_and_copy_group() -> None:
    arts = synthetic_stream()
    records = StoryClusterer().add(arts)
    assert records and all(set(r) == RECORD_KEYS for r in records)
    flood = next(r for r in records if arts[0].id in r["article_ids"])
    assert arts[1].copy_of == arts[0].id
    assert flood["copy_groups"] == [{"original": arts[0].id, "copies": [arts[1].id]}]
    assert flood["n_sources"] == flood["n_articles"] - 1
    assert flood["first_date"] == "2024-03-05"
    assert flood["outlets"] == sorted(flood["outlets"])
    json.dumps(records)  # JSON-serialisable


def test_state_round_trip_equals_one_pass() -> None:
    day1 = [a for a in synthetic_stream() if a.published == "2024-03-05"]
    day2 = [a for a in synthetic_stream() if a.published == "2024-03-06"]
    once = synthetic_stream()
    StoryClusterer().add(once)
    first = StoryClusterer()
    first.add(day1)
    state = json.loads(json.dumps(first.state()))
    StoryClusterer.from_state(state).add(day2)
    expected = {a.id: (a.story, a.copy_of) for a in once if a.published == "2024-03-06"}
    assert assignments(day2) == expected


def test_state_round_trip_on_stream(shared_dir: Path) -> None:
    whole = fang_days(shared_dir, "2020-10-26", "2020-10-29")
    parts = deepcopy(whole)
    StoryClusterer().add(whole)
    clusterer = StoryClusterer()
    clusterer.add([a for a in parts if a.published <= "2020-10-27"])
    later = [a for a in parts if a.published > "2020-10-27"]
    StoryClusterer.from_state(json.loads(json.dumps(clusterer.state()))).add(later)
    assert assignments(later) == {a.id: (a.story, a.copy_of) for a in whole if a.published > "2020-10-27"}


def test_readding_known_articles_changes_nothing() -> None:
    arts = synthetic_stream()
    c = StoryClusterer()
    c.add(arts)
    before = assignments(arts)
    state = json.dumps(c.state(), sort_keys=True)
    again = synthetic_stream()
    for a in again:
        a.story = "something-else"
    assert c.add(again) == []
    assert json.dumps(c.state(), sort_keys=True) == state
    assert assignments(arts) == before
    assert {a.story for a in again} == {"something-else"}


def test_window_ends_stories_and_bounds_state() -> None:
    c = StoryClusterer(window_days=3)
    c.add([flood_original()])
    late = article(OTHER_SAME_TOPIC, source="zeitung", published="2024-03-20")
    c.add([late])
    state = c.state()
    assert [w[0] for w in state["window"]] == [late.id]
    assert [s["id"] for s in state["stories"]] == [late.story]
    assert late.story == story_id(late.id)


def test_seed_articles_one_story(seeds_dir: Path) -> None:
    from lagebild.ingest import read_inputs

    arts = [a for a in read_inputs([str(p) for p in sorted(seeds_dir.glob("*.txt"))]) if isinstance(a, Article)]
    assert len(arts) == 2
    (record,) = StoryClusterer().add(arts)
    assert arts[0].story == arts[1].story == record["id"]
    assert record["n_sources"] == 2 and arts[0].copy_of is None and arts[1].copy_of is None
    assert any("Lawrow" in a for a in record["key_actors"])


@pytest.mark.parametrize(("published", "span"), [
    ("2022-01-27", (0, 0)),
    ("2022-01", (0, 30)),
    ("2020-02", (0, 28)),
    ("2021", (0, 364)),
])
def test_day_range(published: str, span: tuple[int, int]) -> None:
    lo, hi = day_range(published)
    assert (0, hi - lo) == span


@pytest.mark.parametrize("published", [None, "", "gestern", "2022-13-01"])
def test_day_range_unreadable(published: str | None) -> None:
    assert day_range(published) == (0, 0)


@pytest.mark.parametrize(("options", "message"), [
    ({"window_days": 0}, "window_days"),
    ({"threshold": 1.5}, "threshold"),
])
def test_bad_options_say_what_to_do(options: dict, message: str) -> None:
    with pytest.raises(PipelineError, match=message):
        StoryClusterer(**options)


def test_bad_state_says_what_to_do() -> None:
    with pytest.raises(PipelineError, match="re-cluster"):
        StoryClusterer.from_state({"version": 99})


def test_state_of_the_previous_clusterer_starts_an_empty_window(caplog: pytest.LogCaptureFixture) -> None:
    old = {"version": 1, "options": {"threshold": 0.1, "member_weight": 0.0}, "clock": 5, "window": [], "stories": []}
    with caplog.at_level("WARNING"):
        c = StoryClusterer.from_state(old)
    assert c.state()["window"] == [] and c.clock == 0 and "previous clusterer" in caplog.text


def test_featurize_gives_the_clusterers_representations() -> None:
    from lagebild.stories.cluster import featurize

    arts = synthetic_stream()
    reps = {r.id: r for r in featurize(arts)}
    c = StoryClusterer()
    c.add(synthetic_stream())
    for s in c.state()["stories"]:
        for m in s["members"]:
            assert m["rep"] == reps[m["rep"]["id"]].to_state()


def test_state_options_keep_the_threshold() -> None:
    c = StoryClusterer(threshold=0.6)
    c.add(synthetic_stream()[:2])
    assert StoryClusterer.from_state(json.loads(json.dumps(c.state()))).threshold == 0.6
