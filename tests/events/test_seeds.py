"""The founding example: the two seed articles about Russia's demands and the answers of Nato and USA."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lagebild.events import EventStage, find_date_expressions, merge_events, resolve
from lagebild.events.dates import parse_reference
from lagebild.model import Article

from .helpers import real_stages


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> list[Article]:
    from lagebild.ingest import read_inputs

    out = []
    for a in read_inputs([str(p) for p in sorted(seeds_dir.glob("*.txt"))]):
        if not isinstance(a, Article):
            pytest.fail(f"seed could not be read: {a}")
        a.language = "de"
        for st in real_stages():
            a = st(a)
        a.story = "seed-story"
        out.append(EventStage(lookup_actors=True)(a))  # the lookup only fills a missing entities layer
    return sorted(out, key=lambda a: a.published or "")


def _has(a: Article, etype: str, src: str, tgt: str | None = None, *, negated: bool = False) -> bool:
    return any(
        e.type == etype and (e.source_code or "").startswith(src) and e.negated == negated
        and (tgt is None or (e.target_code or "").startswith(tgt))
        for e in a.events
    )


def test_seed_events(seeds: list[Article]) -> None:
    month, day = seeds  # 000 is dated only to the month, 004 to the day
    assert month.published_precision == "month" and day.published_precision == "day"
    assert _has(month, "REQUEST", "RUS")
    assert _has(month, "REJECT", "IGOWSTNAT") and _has(month, "REJECT", "USA")
    assert _has(month, "ACCUSE", "USA", "RUS") and _has(month, "ACCUSE", "IGOWSTNAT", "RUS")
    assert _has(month, "REJECT", "RUS")
    mob = [e for e in month.events if e.type == "MOBILIZE" and (e.source_code or "").startswith("RUS")]
    assert mob and mob[0].mode == "troops" and "Ukraine" in (mob[0].location or "")
    # Nato's offer of talks: CONSULT with modality intent, inside Stoltenberg's quotation
    offer = [e for e in day.events if e.type == "CONSULT" and e.source_code == "IGOWSTNAT"]
    assert offer and offer[0].modality == "intent" and offer[0].claimant
    assert not [e for e in day.events if e.type == "AGREE" and e.source_code == "IGOWSTNAT"]


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
