"""Story records an analyst reads: the title that names the event, days, key actors, why articles joined."""

from __future__ import annotations

from lagebild.model import Article, Entity
from lagebild.stories import StoryClusterer
from lagebild.stories.pairs import Rep
from lagebild.stories.records import Member, Story

from .conftest import EDITED_LEAD, FLOOD, OTHER_SAME_TOPIC, article, flood_original


def rep(aid: str, day: int, title: str, *, names: dict | None = None, live: bool = False) -> Rep:
    words = {w.lower(): 0.5 for w in title.split()}
    return Rep(aid, day, "o", words, words, words, {}, {}, frozenset(), frozenset(), live=live, names=names or {})


def test_title_prefers_a_plain_report_of_the_event() -> None:
    s = Story("s1")
    s.add(Member(rep("a1", 10, "Kommentar: Hochwasser Auenfeld"), "Kommentar: Hochwasser Auenfeld", "x"))
    s.add(Member(rep("a2", 10, "Hochwasser Auenfeld?"), "Hochwasser in Auenfeld?", "x"))
    s.add(Member(rep("a3", 11, "Hochwasser Auenfeld evakuiert"), "Hochwasser in Auenfeld: 400 evakuiert", "lead"))
    s.add(Member(rep("a4", 11, "Liveblog Hochwasser Auenfeld", live=True), "Liveblog Hochwasser Auenfeld", "x"))
    rec = s.record()
    assert rec["title"] == "Hochwasser in Auenfeld: 400 evakuiert" and rec["summary"] == "lead"
    assert rec["days"] == ["0001-01-10", "0001-01-11"]


def test_key_actors_named_by_most_members() -> None:
    s = Story("s1")
    s.add(Member(rep("a1", 1, "x", names={"Hanna Kessler": 3, "Peter Omland": 1}), "x", "x"))
    s.add(Member(rep("a2", 1, "y", names={"Peter Omland": 1}), "y", "y"))
    assert s.record()["key_actors"][:2] == ["Peter Omland", "Hanna Kessler"]


def test_joins_say_why() -> None:
    original = flood_original()
    copy = article(" ".join([EDITED_LEAD, *FLOOD[1:7]]), source="portal", title="Land unter")
    retold = article(OTHER_SAME_TOPIC, source="zeitung", title="Auenfeld wartet auf Entwarnung")
    records = StoryClusterer(threshold=0.05).add([original, copy, retold])
    (rec,) = [r for r in records if original.id in r["article_ids"]]
    joins = {j["article_id"]: j for j in rec["joins"]}
    assert joins[original.id] == {"article_id": original.id, "how": "founded"}
    assert joins[copy.id] == {"article_id": copy.id, "how": "copy", "copy_of": original.id}
    model = joins[retold.id]
    assert model["how"] == "model" and 0.05 <= model["probability"] <= 1 and model["matched"] in (original.id, copy.id)
    assert model["top_features"] and all(f["contribution"] > 0 for f in model["top_features"])


def test_key_actors_from_linked_entities() -> None:
    text = "Bürgermeisterin Hanna Kessler lobte die Helfer. Kessler sprach von einer großen Leistung."
    a = Article(text=text, source="o", published="2024-03-05", title="Lob für Helfer",
                entities=[Entity(16, 29, "PER", actor_id="per:hanna-kessler", canonical="Hanna Kessler"),
                          Entity(48, 55, "PER", actor_id="per:hanna-kessler", canonical="Hanna Kessler")])
    (rec,) = StoryClusterer().add([a])
    assert rec["key_actors"] == ["Hanna Kessler"]
