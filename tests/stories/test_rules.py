"""Story rules beyond the model: daily reports stay on their day; live blogs are flagged."""

from __future__ import annotations

import pytest

from lagebild.errors import PipelineError
from lagebild.stories import StoryClusterer
from lagebild.stories.features import is_daily_report

from .conftest import article

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


#: far below the model's threshold, so that only the rule decides (the model itself gives daily reports of
#: different days a very low probability: its ``daily_other_day`` feature)
LOW = 0.0001


def test_daily_reports_of_different_days_are_different_stories() -> None:
    joined = reports()
    StoryClusterer(daily=False, threshold=LOW).add(joined)
    assert joined[0].story == joined[1].story  # similar enough at this threshold: only the rule keeps them apart
    kept = reports()
    StoryClusterer(threshold=LOW).add(kept)
    assert kept[0].story != kept[1].story
    assert kept[0].copy_of is None and kept[1].copy_of is None
    default = reports()
    StoryClusterer().add(default)
    assert default[0].story != default[1].story


def test_daily_reports_of_one_day_may_join() -> None:
    arts = reports()
    arts[1] = article(REPORT_2, source="landeszeitung", published="2024-03-05", title=arts[1].title)
    StoryClusterer(threshold=LOW).add(arts)
    assert arts[0].story == arts[1].story


@pytest.mark.parametrize(("headline", "live"), [
    ("Corona-Liveblog: Alle Entwicklungen des Tages", True),
    ("+++ Corona-News +++ Kliniken am Limit", True),
    ("Bund und Länder beschließen Teil-Lockdown", False),
    (None, False),
])
def test_live_blog_headlines(headline: str | None, live: bool) -> None:
    from lagebild.stories.pairs import is_live_blog

    assert is_live_blog(headline) is live


def test_bad_daily_pattern_says_what_to_do() -> None:
    from lagebild.stories.features import _daily_pattern

    with pytest.raises(PipelineError, match="daily_reports.*fix or remove"):
        _daily_pattern("de", ["(unclosed"])
    assert _daily_pattern("de", []) is None
