"""Articles packed in a worker come back in the parent as they were, every layer and field included."""

from __future__ import annotations

from lagebild.model import Article, Entity, Event, Quote, Sentence, Token
from lagebild.serialize import pack, unpack


def test_pack_keeps_every_field() -> None:
    a = Article(text="Merkel sagte, Berlin helfe.", id="x1", title="T", tags=["a"], meta={"k": 1})
    a.sentences = [Sentence(0, 27)]
    a.tokens = [Token(0, 6, "NE", "Merkel", 0, True, 1, "nsubj", "Case=Nom"),
                Token(7, 12, "VVFIN", "sagen", 0, False, -1, "root", "Mood=Ind")]
    a.entities = [Entity(0, 6, "PER", "Q567", "GOV", "Angela Merkel", "kb", 0.9, "person")]
    a.quotes = [Quote(start=14, end=26, kind="indirect", speaker="Merkel", speaker_start=0, speaker_end=6)]
    a.events = [Event(type="AID", start=21, end=26, sentence_start=0, sentence_end=27, confidence=0.7,
                      evidence={"trigger": [21, 26]}, shown=False)]
    b = unpack(pack(a))
    assert b == a
    assert (b.tokens[0].head, b.tokens[0].rel, b.tokens[0].feats) == (1, "nsubj", "Case=Nom")
    assert b.entities[0].actor_type == "person" and b.events[0].evidence == {"trigger": [21, 26]}
