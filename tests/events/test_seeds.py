"""The founding example, end to end: the two seed articles about Russia's demands and the answers of Nato
and USA through the default pipeline and the shipped (learned) event coder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lagebild.events import EventStage, find_date_expressions, merge_events, resolve
from lagebild.events.dates import parse_reference
from lagebild.model import Article, Event


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> list[Article]:
    from lagebild.events.learn.data import upstream_stages
    from lagebild.ingest import read_inputs

    stages = upstream_stages()
    out = []
    for a in read_inputs([str(p) for p in sorted(seeds_dir.glob("*.txt"))]):
        if not isinstance(a, Article):
            pytest.fail(f"seed could not be read: {a}")
        for st in stages:
            if st.applies(a):
                a = st(a)
        a.story = "seed-story"
        out.append(EventStage()(a))
    return sorted(out, key=lambda a: a.published or "")


def _find(a: Article, etype: str, src: str, tgt: str | None = None) -> list[Event]:
    return [e for e in a.events if e.type == etype and (e.source_code or "").startswith(src) and not e.negated
            and (tgt is None or (e.target_code or "").startswith(tgt))]


def _show(a: Article) -> list[tuple[str, str | None, str | None, str]]:
    return [(e.type, e.source_code, e.target_code, e.modality) for e in a.events]


def test_seed_events(seeds: list[Article]) -> None:
    month, day = seeds  # 000 is dated only to the month, 004 to the day
    assert month.published_precision == "month" and day.published_precision == "day"
    assert _find(month, "REQUEST", "RUS", "IGOWSTNAT"), _show(month)  # Russia demands of Nato
    for side in ("IGOWSTNAT", "USA"):  # Nato and the USA turn the demands down: target Russia
        assert _find(month, "REJECT", side, "RUS"), _show(month)
        assert _find(month, "ACCUSE", side, "RUS"), _show(month)  # … and suspect an invasion
    assert any(_find(month, "REJECT", "RUS", side) for side in ("USA", "IGOWSTNAT")), _show(month)  # the Kremlin denies
    mob = _find(month, "MOBILIZE", "RUS", "UKR")  # troops at the border of Ukraine
    assert mob and mob[0].mode == "troops" and "Ukraine" in (mob[0].location or ""), _show(month)
    # Nato's offer of talks, inside Stoltenberg's quotation: an act offered, not a meeting held
    offer = _find(day, "CONSULT", "IGOWSTNAT", "RUS") + _find(day, "AGREE", "IGOWSTNAT", "RUS")
    assert offer and all(e.type == "AGREE" or e.modality != "asserted" for e in offer), _show(day)
    assert offer[0].claimant, _show(day)


def test_seed_suspicions_and_demands_are_not_facts(seeds: list[Article]) -> None:
    """No asserted attack (the invasion is suspected, feared or possible) and no asserted concession (what
    Russia demands of Nato is demanded)."""
    for a in seeds:
        asserted = [(e.type, a.span_text(e.start, e.end)) for e in a.events
                    if e.type in {"ASSAULT", "CONCEDE"} and e.modality == "asserted" and not e.negated]
        assert not asserted, asserted


def test_seed_events_carry_the_new_fields(seeds: list[Article]) -> None:
    for a in seeds:
        for e in a.events:
            assert 0.0 <= e.confidence <= 1.0
            assert e.modality in {"asserted", "future", "intended", "hypothetical", "demanded", "suspected"}
            s, t = e.evidence["trigger"]
            assert (s, t) == (e.start, e.end)
            for slot in ("source", "target"):
                span = e.evidence.get(slot)
                assert span is None or a.text[span[0]:span[1]].strip()
            has_actor = bool(e.source or e.source_code or e.target or e.target_code)
            assert not e.shown or has_actor  # the picture shows no event without an actor


def test_seed_thursday(seeds: list[Article]) -> None:
    day = seeds[1]
    ref = parse_reference(day.published)
    assert ref is not None
    exprs = [x for _, _, x in find_date_expressions(day.text) if x.lower() == "am donnerstag"]
    assert exprs and resolve(exprs[0], ref[0], ref_precision=ref[1]) == ("2022-01-27", "day")
    assert ref[0] == date(2022, 1, 27)


def test_seed_month_date_refined_by_story(seeds: list[Article]) -> None:
    merged = merge_events(seeds)
    assert merged and all(r["story"] == "seed-story" for r in merged)
    month_id = seeds[0].id
    from_month = [r for r in merged if any(m["article_id"] == month_id for m in r["mentions"])]
    assert from_month and all(r["date_granularity"] == "day" for r in from_month)
    assert {r["date"] for r in from_month} <= {"2022-01-26", "2022-01-27"}
    assert all(r["shown"] == any(m["shown"] for m in r["mentions"]) for r in merged)
