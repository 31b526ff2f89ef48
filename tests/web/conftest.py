"""A small store built by hand (no analysis stages), with hostile strings in every text field."""

from __future__ import annotations

import pytest

from lagebild.config import Settings
from lagebild.model import Article, Entity, Event, Quote, Sentence
from lagebild.store import Store

XSS = '<script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=2">'


def make_articles() -> list[Article]:
    t1 = "Lawrow sagte: «Wir sind bereit.» Die Nato weist das zurück."
    a1 = Article(text=t1, source="taz", title="Gespräche: Des Konflikts Kern", published="2022-01-27",
                 published_precision="day", authors=["Inna Hartwich"], tags=["Nato"], language="de")
    a1.sentences = [Sentence(0, 32), Sentence(33, len(t1))]
    a1.entities = [Entity(0, 6, "PER", "per:sergej-lawrow", "RUSGOV", "Sergej Lawrow", "kb"),
                   Entity(37, 41, "ORG", "org:nato", "NATO", "NATO", "kb")]
    a1.quotes = [Quote(start=15, end=31, kind="direct", speaker="Sergej Lawrow", speaker_start=0,
                       speaker_end=6, cue="sagte", speaker_actor_id="per:sergej-lawrow")]
    a1.events = [Event(type="REJECT", start=42, end=47, sentence_start=33, sentence_end=len(t1),
                       source="org:nato", source_code="NATO", target="per:sergej-lawrow", target_code="RUSGOV",
                       date="2022-01-27", date_granularity="day")]
    a1.story = "s-demo"
    t2 = f"Peskow sagte, man sei enttäuscht. {XSS} Ende."
    a2 = Article(text=t2, source=f"evil{XSS}", title=f"Titel {XSS}", published="2022-01-27",
                 published_precision="day", authors=[f"Autor {XSS}"], tags=[XSS], language="de")
    a2.sentences = [Sentence(0, 33), Sentence(34, len(t2))]
    a2.entities = [Entity(0, 6, "PER", "per:dmitri-peskow", "RUSGOV", f"Dmitri Peskow {XSS}", "kb")]
    a2.quotes = [Quote(start=14, end=32, kind="indirect", speaker=f"Dmitri Peskow {XSS}", speaker_start=0,
                       speaker_end=6, cue="sagte", speaker_actor_id="per:dmitri-peskow")]
    a2.story = "s-demo"
    return [a1, a2]


def fill(st: Store) -> list[Article]:
    arts = make_articles()
    st.write_articles(arts)
    st.upsert_rows("stories", [{"id": "s-demo", "title": f"Moskau reagiert {XSS}", "summary": XSS,
                                "first_date": "2022-01-27", "last_date": "2022-01-27", "n_articles": 2,
                                "n_sources": 2, "outlets": ["taz", f"evil{XSS}"], "key_actors": ["Sergej Lawrow"],
                                "copy_groups": [], "article_ids": [a.id for a in arts]}])
    st.upsert_rows("events", [{"id": "e1", "story": "s-demo", "type": "REJECT", "source": "org:nato",
                               "source_code": "NATO", "target": "per:sergej-lawrow", "target_code": "RUSGOV",
                               "date": "2022-01-27", "date_granularity": "day", "negated": False,
                               "modality": "asserted", "num_articles": 1, "num_sources": 1,
                               "mentions": [{"article_id": arts[0].id, "idx": 0}]}])
    st.set_event_ids({(arts[0].id, 0): "e1"})
    return arts


@pytest.fixture
def web_store(tmp_path):
    path = tmp_path / "web.duckdb"
    with Store(path) as st:
        arts = fill(st)
    yield path, arts


@pytest.fixture
def client(web_store):
    from fastapi.testclient import TestClient

    from lagebild.web import create_app

    path, arts = web_store
    st = Store(path)
    app = create_app(Settings(db=str(path), api_token="s3cret", max_request_bytes=100_000), st)
    with TestClient(app, raise_server_exceptions=False) as c:
        c.articles = arts
        yield c
    st.close()
