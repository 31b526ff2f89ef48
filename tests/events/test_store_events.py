"""Event fields in the store: migrations 15-19, evidence and shown on mentions, confidence and shown on
merged events, modality names of older rows."""

from __future__ import annotations

from lagebild.events import merge_events
from lagebild.model import Article, Entity, Event, Sentence, Token
from lagebild.store import MIGRATIONS, Store


def _article() -> Article:
    a = Article(text="Russland fordert von der Nato Garantien.", source="t", title="T", published="2022-01-27",
                published_precision="day")
    a.sentences = [Sentence(0, 40)]
    a.tokens = [Token(0, 8, "NE", "Russland", 0), Token(9, 16, "VVFIN", "fordern", 0)]
    a.entities = [Entity(0, 8, "LOC", "gpe:rus", "RUS", "Russland", "kb")]
    a.events = [
        Event(type="REQUEST", start=9, end=16, sentence_start=0, sentence_end=40, source="gpe:rus", source_code="RUS",
              target="org:nato", target_code="IGOWSTNAT", confidence=0.91, modality="asserted", shown=True,
              evidence={"trigger": [9, 16], "source": [0, 8], "target": [26, 30], "rule": True}),
        Event(type="CONCEDE", start=31, end=39, sentence_start=0, sentence_end=40, source="org:nato",
              source_code="IGOWSTNAT", confidence=0.3, modality="demanded", shown=False,
              evidence={"trigger": [31, 39], "source": [26, 30], "target": None}),
    ]
    return a


def test_event_migrations_are_numbered_15_to_19() -> None:
    versions = [v for v, _, _ in MIGRATIONS if 15 <= v <= 19]
    assert versions == [15, 16, 17, 18, 19]


def test_mentions_keep_evidence_and_shown(tmp_path) -> None:  # noqa: ANN001 - pytest fixture
    with Store(tmp_path / "e.duckdb") as st:
        st.write_articles([_article()])
        (back,) = st.load_articles()
    got = [(e.type, e.confidence, e.modality, e.shown, e.evidence) for e in back.events]
    assert got == [(e.type, e.confidence, e.modality, e.shown, e.evidence) for e in _article().events]


def test_merged_events_carry_confidence_and_shown(tmp_path) -> None:  # noqa: ANN001 - pytest fixture
    a = _article()
    a.story = "s1"
    records = merge_events([a])
    by_type = {r["type"]: r for r in records}
    assert by_type["REQUEST"]["shown"] and by_type["REQUEST"]["confidence"] == 0.91
    assert not by_type["CONCEDE"]["shown"] and by_type["CONCEDE"]["modality"] == "demanded"
    with Store(tmp_path / "m.duckdb") as st:
        cols = ("id", "story", "type", "source", "target", "modality", "mentions", "confidence", "shown")
        st.upsert_rows("events", [{c: r.get(c) for c in cols} for r in records])
        rows = st.query("SELECT type, confidence, shown FROM events ORDER BY type").to_dict("records")
    assert [(r["type"], r["confidence"], bool(r["shown"])) for r in rows] == [("CONCEDE", 0.3, False), ("REQUEST", 0.91, True)]


def test_a_suspected_act_is_not_merged_into_an_asserted_one() -> None:
    a = _article()
    a.story = "s1"
    twin = Event(type="REQUEST", start=9, end=16, sentence_start=0, sentence_end=40, source="gpe:rus",
                 source_code="RUS", target="org:nato", target_code="IGOWSTNAT", modality="suspected", shown=False)
    a.events.append(twin)
    mods = sorted(r["modality"] for r in merge_events([a]) if r["type"] == "REQUEST")
    assert mods == ["asserted", "suspected"]


def test_older_modality_names_are_renamed(tmp_path, monkeypatch) -> None:  # noqa: ANN001 - pytest fixtures
    import lagebild.store as store_mod

    path = tmp_path / "old.duckdb"
    monkeypatch.setattr(store_mod, "MIGRATIONS", [m for m in MIGRATIONS if m[0] != 19])  # a store from before 19
    a = _article()
    a.events[0].modality = "intent"
    with store_mod.Store(path) as st:
        st.write_articles([a])
    monkeypatch.setattr(store_mod, "MIGRATIONS", MIGRATIONS)
    with store_mod.Store(path) as st:
        mods = [r[0] for r in st._x("SELECT modality FROM event_mentions ORDER BY idx")]
        assert st.schema_version() == MIGRATIONS[-1][0]
    assert mods == ["intended", "demanded"]
