"""Headline+lead embeddings: quantised state round trip, similarity order, thread-independent vectors."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lagebild.errors import PipelineError
from lagebild.stories import StoryClusterer
from lagebild.stories.embed import EMBED_CHARS, _encode, decode_state, embed_many, embed_text, embedding, encode_state

from .conftest import EDITED_LEAD, FLOOD, OTHER_SAME_TOPIC, UNRELATED, article, flood_original


@pytest.mark.parametrize(("title", "teaser", "text", "expected"), [
    ("Kopf", None, "Text  mit\nZeilen.", "Kopf. Text mit Zeilen."),
    (None, "Anriss", "Text.", "Anriss. Text."),
    (None, None, "x" * (EMBED_CHARS + 50), "x" * EMBED_CHARS),
])
def test_embed_text(title: str | None, teaser: str | None, text: str, expected: str) -> None:
    a = article(text, source="s", title=title)
    a.teaser = teaser
    assert embed_text(a) == expected


def test_quantised_vector_survives_state_text() -> None:
    vec = embedding(flood_original())
    assert vec.shape == (512,) and abs(float(np.linalg.norm(vec)) - 1.0) < 0.02
    assert np.array_equal(decode_state(encode_state(vec)), vec)
    assert len(encode_state(vec)) == 684


def test_same_story_closer_than_unrelated() -> None:
    base = embedding(flood_original())
    same = embedding(article(OTHER_SAME_TOPIC, source="zeitung", title="Auenfeld wartet auf Entwarnung"))
    other = embedding(article(UNRELATED, source="stadtblatt", title="Lindholm beschließt Haushalt"))
    assert float(base @ same) > float(base @ other) + 0.1


def test_embedding_state_round_trip_equals_one_pass() -> None:
    def stream() -> list:
        return [
            flood_original(),
            article(" ".join([EDITED_LEAD, *FLOOD[1:7]]), source="portal", title="Land unter"),
            article(UNRELATED, source="stadtblatt", title="Lindholm beschließt Haushalt"),
            article(OTHER_SAME_TOPIC, source="zeitung", published="2024-03-06", title="Auenfeld wartet"),
        ]

    once = stream()
    StoryClusterer().add(once)
    parts = stream()
    first = StoryClusterer()
    first.add(parts[:3])
    state = json.loads(json.dumps(first.state()))
    assert all(isinstance(m["rep"]["emb"], str) for s in state["stories"] for m in s["members"])
    StoryClusterer.from_state(state).add(parts[3:])
    assert [(a.story, a.copy_of) for a in parts] == [(a.story, a.copy_of) for a in once]


def test_batch_encoding_in_threads_gives_the_same_vectors() -> None:
    arts = [flood_original(), article(UNRELATED, source="stadtblatt", title="Lindholm beschließt Haushalt"),
            article(OTHER_SAME_TOPIC, source="zeitung", title="Auenfeld wartet")]
    alone = [embedding(a) for a in arts]
    _encode.cache_clear()
    embed_many(arts, workers=2)
    assert all(np.array_equal(embedding(a), v) for a, v in zip(arts, alone))


def test_unknown_option_says_what_to_do() -> None:
    with pytest.raises(PipelineError, match="unknown StoryClusterer option"):
        StoryClusterer(embed_weigth=0.5)
    StoryClusterer(embed_weight=0.5, outlet_factor=2.0)  # options of the previous clusterer: accepted, ignored
