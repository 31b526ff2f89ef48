from __future__ import annotations

import json
import pickle

import pytest

from lagebild.model import Article, Entity, Event, Quote, Sentence, Token, content_id


def test_id_is_content_addressed_and_stable():
    a = Article(text="Der Kreml hat reagiert.", source="dpa", title="T")
    b = Article(text="Der Kreml hat reagiert.", source="dpa", title="T", path="elsewhere.txt")
    assert a.id == b.id
    # a fixed value: the same text gives the same id on every machine and run
    assert a.id == content_id(source="dpa", title="T", text="Der Kreml hat reagiert.")
    assert a.id == "a" + __import__("hashlib").sha256(b"dpa\x1fT\x1fDer Kreml hat reagiert.\x1f").hexdigest()[:15]


@pytest.mark.parametrize(
    "other",
    [
        {"text": "Der Kreml hat nicht reagiert.", "source": "dpa", "title": "T"},
        {"text": "Der Kreml hat reagiert.", "source": "taz", "title": "T"},
        {"text": "Der Kreml hat reagiert.", "source": "dpa", "title": "U"},
    ],
)
def test_changed_content_changes_id(other):
    assert Article(text="Der Kreml hat reagiert.", source="dpa", title="T").id != Article(**other).id


def test_unicode_and_newlines_normalised():
    composed = Article(text="Au\u00dfenminister sagte.\r\nJa.")
    decomposed = Article(text="Au\u00dfenminister sagte.\nJa.")
    assert composed.text == "Außenminister sagte.\nJa."
    assert composed.id == decomposed.id
    assert Article(text="Ko\u0308ln").text == "Köln"


def test_to_dict_contract_fields_and_offsets():
    text = "Lawrow sagte: «Wir sind bereit.»"
    a = Article(text=text, source="x", published="2022-01", published_precision="month")
    a.sentences = [Sentence(0, len(text))]
    a.tokens = [Token(0, 6, "NE", "Lawrow")]
    a.entities = [Entity(0, 6, "PER", "per:sergej-lawrow", "RUSGOV", "Sergej Lawrow")]
    a.quotes = [Quote(start=15, end=31, kind="direct", speaker="Sergej Lawrow", speaker_start=0, speaker_end=6, cue="sagte")]
    a.events = [Event(type="CONSULT", start=7, end=12, sentence_start=0, sentence_end=len(text))]
    d = a.to_dict()
    for key in ("id", "external_id", "path", "source", "url", "title", "authors", "published", "language",
                "text", "tags", "sentences", "entities", "quotes", "events", "story"):
        assert key in d
    assert d["published"] == "2022-01"
    assert d["sentences"] == [[0, len(text)]]
    assert d["entities"][0]["text"] == "Lawrow" and d["entities"][0]["actor_code"] == "RUSGOV"
    q = d["quotes"][0]
    assert text[q["start"]:q["end"]] == q["text"] == "Wir sind bereit."
    assert q["speaker_text"] == "Lawrow"
    assert d["events"][0]["trigger"] == "sagte"
    json.dumps(d)  # serialisable
    assert "tokens" not in d and a.to_dict(tokens=True)["tokens"] == [[0, 6, "NE", "Lawrow", -1, "", ""]]


def test_article_pickles():
    a = Article(text="Hallo.", tokens=[Token(0, 5)])
    b = pickle.loads(pickle.dumps(a))
    assert b.id == a.id and b.tokens == a.tokens
