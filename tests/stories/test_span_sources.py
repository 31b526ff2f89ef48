"""Stories end (a maximum span), and independent sources count outlets with copy groups once."""

from __future__ import annotations

from lagebild.stories import StoryClusterer

from .conftest import FLOOD, article, flood_original


def test_story_takes_no_article_beyond_its_span() -> None:
    days = ["2024-03-01", "2024-03-05", "2024-03-09", "2024-03-13", "2024-03-17"]
    # the same development retold (not copies): two shared sentences, the rest each article's own
    arts = [article(" ".join([FLOOD[0], FLOOD[i + 1], f"Der Pegel der Wendel lag am {d} bei {300 + i} Zentimetern."]),
                    source=f"outlet{i}", published=d, title="Hochwasser an der Wendel") for i, d in enumerate(days)]
    StoryClusterer(max_span_days=14, threshold=0.3).add(arts)
    first_story = arts[0].story
    assert arts[1].story == first_story and arts[2].story == first_story and arts[3].story == first_story
    assert arts[4].story != first_story  # 16 days after the story began
    unlimited = [article(a.text, source=a.source, published=a.published, title=a.title) for a in arts]
    StoryClusterer(max_span_days=365, threshold=0.3).add(unlimited)
    assert len({a.story for a in unlimited}) == 1


def test_independent_sources_count_outlets_and_copies_once() -> None:
    orig = flood_original()
    copy = article(orig.text, source="portal-b", title="Land unter", published=orig.published)
    same_outlet = article(" ".join(FLOOD[:5]) + " Die Feuerwehr bleibt im Einsatz.", source=orig.source,
                          title="Hochwasser: Lage bleibt angespannt", published=orig.published)
    records = StoryClusterer().add([orig, copy, same_outlet])
    rec = next(r for r in records if r["id"] == orig.story)
    assert copy.copy_of == orig.id and same_outlet.story == orig.story
    assert rec["n_articles"] == 3 and rec["n_sources"] == 1
