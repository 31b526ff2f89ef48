"""A small store with variety, built by hand (no analysis stages): three days, two outlets, two stories,
facts of high and low confidence, actors of every kind (a place, a thing, an event agent without an actors
row). The texts are made up."""

from __future__ import annotations

import pytest

from lagebild.model import Article, Entity, Event, Quote, Sentence
from lagebild.store import Store

AGENT = "agent:DEUEDU:Sprachschüler"


def _article(text: str, *, source: str, published: str, story: str, title: str) -> Article:
    a = Article(text=text, source=source, title=title, published=published, published_precision="day", language="de")
    a.sentences = [Sentence(0, len(text))]
    a.story = story
    return a


def _ent(text: str, word: str, label: str, actor_id: str, code: str | None, canonical: str) -> Entity:
    i = text.index(word)
    return Entity(i, i + len(word), label, actor_id, code, canonical, "kb")


def _event(text: str, trigger: str, etype: str, source: str | None, target: str | None, date: str,
           confidence: float, *, source_code: str | None = None, target_code: str | None = None) -> Event:
    i = text.index(trigger)
    return Event(type=etype, start=i, end=i + len(trigger), sentence_start=0, sentence_end=len(text), source=source,
                 source_code=source_code, target=target, target_code=target_code, date=date,
                 date_granularity="day", confidence=confidence, shown=confidence >= 0.5)


def make_articles() -> list[Article]:
    out = []
    t = "Merkel sagte in Berlin: «Wir helfen Frankreich.» Deutschland lehnt den Euro-Plan ab."
    a = _article(t, source="zeit.de", published="2020-11-02", story="s-hilfe", title="Merkel sagt Hilfe zu")
    a.entities = [_ent(t, "Merkel", "PER", "per:angela-merkel", "DEUGOV", "Angela Merkel"),
                  _ent(t, "Berlin", "LOC", "loc:berlin", "DEU", "Berlin"),
                  _ent(t, "Frankreich", "LOC", "gpe:fra", "FRA", "Frankreich"),
                  _ent(t, "Deutschland", "LOC", "gpe:deu", "DEU", "Deutschland"),
                  _ent(t, "Euro", "MISC", "misc:euro", None, "Euro")]
    a.quotes = [Quote(start=t.index("Wir"), end=t.index("»"), kind="direct", speaker="Angela Merkel",
                      speaker_start=0, speaker_end=6, cue="sagte", speaker_actor_id="per:angela-merkel",
                      confidence=0.9, rule="direct/frame-before")]
    a.events = [_event(t, "helfen", "AID", "per:angela-merkel", "gpe:fra", "2020-11-02", 0.9,
                       source_code="DEUGOV", target_code="FRA"),
                _event(t, "lehnt", "REJECT", "gpe:deu", "misc:euro", "2020-11-02", 0.42, source_code="DEU")]
    out.append(a)
    t = "Frankreich dankte Merkel. Macron kritisierte die Sprachschüler scharf."
    a = _article(t, source="sueddeutsche.de", published="2020-11-03", story="s-hilfe", title="Frankreich dankt")
    a.entities = [_ent(t, "Frankreich", "LOC", "gpe:fra", "FRA", "Frankreich"),
                  _ent(t, "Merkel", "PER", "per:angela-merkel", "DEUGOV", "Angela Merkel"),
                  _ent(t, "Macron", "PER", "per:emmanuel-macron", "FRAGOV", "Emmanuel Macron")]
    a.quotes = [Quote(start=0, end=t.index("."), kind="indirect", speaker="Emmanuel Macron",
                      speaker_actor_id="per:emmanuel-macron", confidence=0.3, rule="indirect/weak")]
    a.events = [_event(t, "kritisierte", "ACCUSE", "per:emmanuel-macron", AGENT, "2020-11-03", 0.8,
                       source_code="FRAGOV", target_code="DEUEDU")]
    out.append(a)
    t = "Die Polizei in Paris nahm am Mittwoch zwei Männer fest. Macron sagte, man werde aufklären."
    a = _article(t, source="zeit.de", published="2020-11-04", story="s-paris", title="Festnahmen in Paris")
    a.entities = [_ent(t, "Paris", "LOC", "loc:paris", "FRA", "Paris"),
                  _ent(t, "Macron", "PER", "per:emmanuel-macron", "FRAGOV", "Emmanuel Macron")]
    a.quotes = [Quote(start=t.index("man werde"), end=len(t) - 1, kind="indirect", speaker="Emmanuel Macron",
                      speaker_actor_id="per:emmanuel-macron", confidence=0.8, rule="indirect/verb-konj1")]
    a.events = [_event(t, "nahm", "COERCE", "agent:FRACOP:Polizei", None, "2020-11-04", 0.6,
                       source_code="FRACOP")]
    out.append(a)
    return out


STORIES = [
    {"id": "s-hilfe", "title": "Merkel sagt Frankreich Hilfe zu", "summary": "Hilfe und Dank.",
     "first_date": "2020-11-02", "last_date": "2020-11-03", "n_articles": 2, "n_sources": 2,
     "outlets": ["sueddeutsche.de", "zeit.de"], "key_actors": ["Angela Merkel", "Frankreich"]},
    {"id": "s-paris", "title": "Festnahmen in Paris", "summary": "Zwei Männer festgenommen.",
     "first_date": "2020-11-04", "last_date": "2020-11-04", "n_articles": 1, "n_sources": 1,
     "outlets": ["zeit.de"], "key_actors": ["Emmanuel Macron"]},
]


def fill_rich(st: Store) -> list[Article]:
    """Write the articles, their stories and their merged events (one per mention)."""
    from lagebild.events import merge_events

    arts = make_articles()
    st.write_articles(arts)
    st.upsert_rows("stories", [{**s, "copy_groups": [], "article_ids": [a.id for a in arts if a.story == s["id"]]}
                               for s in STORIES])
    events = merge_events(arts)
    cols = ("id", "story", "type", "mode", "source", "source_code", "target", "target_code", "date",
            "date_granularity", "location", "negated", "modality", "num_articles", "num_sources", "mentions",
            "confidence", "shown")
    st.upsert_rows("events", [{c: e.get(c) for c in cols} for e in events])
    st.set_event_ids({(m["article_id"], m["idx"]): e["id"] for e in events for m in e["mentions"]})
    return arts


@pytest.fixture(scope="session")
def rich_path(tmp_path_factory) -> str:
    """The path of a store filled by :func:`fill_rich` (built once per test session)."""
    path = tmp_path_factory.mktemp("rich") / "rich.duckdb"
    with Store(path) as st:
        fill_rich(st)
    return str(path)


@pytest.fixture(scope="module")
def rich_store(rich_path: str):
    """That store opened read-only."""
    with Store(rich_path, read_only=True) as st:
        yield st
