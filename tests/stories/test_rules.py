"""Story rules beyond the similarity score: daily reports stay on their day, one-outlet stories need more."""

from __future__ import annotations

import pytest

from lagebild.errors import PipelineError
from lagebild.stories import StoryClusterer
from lagebild.stories.features import is_daily_report

from .conftest import OTHER_SAME_TOPIC, article, flood_original

# two daily figure reports of one (fictional) health office on consecutive days: same template and
# vocabulary, different figures and wording, so no copy — and by the guideline two stories
REPORT_1 = ("Das Gesundheitsamt Wendelkreis meldet 412 Neuinfektionen binnen eines Tages. Die Inzidenz im "
            "Wendelkreis steigt damit auf 87 Fälle je 100.000 Einwohner. Besonders betroffen sind Auenfeld und "
            "Grünbach, wo mehrere Pflegeheime Ausbrüche melden. Das Gesundheitsamt verfolgt die Kontakte nach.")
REPORT_2 = ("Im Wendelkreis sind 389 weitere Neuinfektionen gemeldet worden, teilte das Gesundheitsamt mit. Die "
            "Inzidenz liegt bei 91 je 100.000 Einwohner. In Auenfeld und Grünbach bleiben die Ausbrüche in den "
            "Pflegeheimen der Schwerpunkt, die Nachverfolgung der Kontakte stößt an Grenzen.")


def reports() -> list:
    return [
        article(REPORT_1, source="kreisblatt", published="2024-03-05",
                title="Gesundheitsamt meldet 412 Neuinfektionen im Wendelkreis"),
        article(REPORT_2, source="landeszeitung", published="2024-03-06",
                title="Wendelkreis: 389 Neuinfektionen an einem Tag"),
    ]


@pytest.mark.parametrize(("headline", "daily"), [
    ("RKI meldet 8.685 Neuinfektionen in Deutschland", True),
    ("Zahl der Infektionen steigt wieder deutlich", True),
    ("Dax tief im Minus", True),
    ("Die wichtigsten Coronavirus-Nachrichten vom Montag", True),
    ("Bund und Länder beschließen Teil-Lockdown", False),
    ("Hochwasser in Auenfeld: 400 Menschen evakuiert", False),
    (None, False),
])
def test_daily_report_headlines(headline: str | None, daily: bool) -> None:
    assert is_daily_report(headline) is daily


def test_daily_reports_of_different_days_are_different_stories() -> None:
    joined = reports()
    StoryClusterer(daily=False).add(joined)
    assert joined[0].story == joined[1].story  # similar enough: only the rule keeps them apart
    kept = reports()
    StoryClusterer().add(kept)
    assert kept[0].story != kept[1].story
    assert kept[0].copy_of is None and kept[1].copy_of is None


def test_daily_reports_of_one_day_may_join() -> None:
    arts = reports()
    arts[1] = article(REPORT_2, source="landeszeitung", published="2024-03-05", title=arts[1].title)
    StoryClusterer().add(arts)
    assert arts[0].story == arts[1].story


def follow_up(source: str):
    return article(OTHER_SAME_TOPIC, source=source, published="2024-03-06", title="Auenfeld wartet auf Entwarnung")


def test_one_outlet_story_needs_more_from_that_outlet() -> None:
    # the follow-up joins the flood story at the plain threshold (outlet_factor=1) …
    same = [flood_original(), follow_up("agentur")]
    StoryClusterer(outlet_factor=1.0).add(same)
    assert same[0].story == same[1].story
    # … not when a one-outlet story asks far more of its own outlet …
    strict = [flood_original(), follow_up("agentur")]
    StoryClusterer(outlet_factor=9.0).add(strict)
    assert strict[0].story != strict[1].story
    # … while another outlet's article still joins at the plain threshold
    other = [flood_original(), follow_up("zeitung")]
    StoryClusterer(outlet_factor=9.0).add(other)
    assert other[0].story == other[1].story


def test_bad_outlet_factor_says_what_to_do() -> None:
    with pytest.raises(PipelineError, match="outlet_factor"):
        StoryClusterer(outlet_factor=0.5)


def test_bad_daily_pattern_says_what_to_do() -> None:
    from lagebild.stories.features import _daily_pattern

    with pytest.raises(PipelineError, match="daily_reports.*fix or remove"):
        _daily_pattern("de", ["(unclosed"])
    assert _daily_pattern("de", []) is None
