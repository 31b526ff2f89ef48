"""The two seed articles: every quotation with its speaker, no quotation for labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.ingest.files import read_inputs
from lagebild.model import Article

from lagebild.run import build_pipeline

# (seed file prefix, start of the quotation text, speaker surname)
EXPECTED = [
    ("000_", "Sie haben gestern die Erklärungen", "Peskow"),
    ("000_", "Auf dieser Grundlage gibt es nicht so viele Gründe", "Peskow"),
    ("000_", "Präsident Wladimir Putin habe das US-Schreiben bereits gelesen", "Peskow"),
    ("000_", "Natürlich braucht es einige Zeit", "Peskow"),
    ("000_", "Es gibt darin eine Reaktion", "Lawrow"),
    ("000_", "Russland werde den USA und allen westlichen OSZE-Staaten", "Lawrow"),
    ("004_", "Er erkenne darin die Bereitschaft", "Lawrow"),
    ("004_", "Die Kernfrage sei ausgelassen worden", "Lawrow"),
    ("004_", "Wir haben eine klare Position zur Unzulässigkeit", "Lawrow"),
    ("004_", "Wir sind bereit, uns die Sorgen Russlands anzuhören", "Stoltenberg"),
    ("004_", "Dazu gehöre aber auch das Recht aller Staaten", "Stoltenberg"),
    ("004_", "Verhandlungsspielraum mit Moskau gebe es", "Blinken"),
    ("004_", "Es wird keinen Rückzug geben", "Medwedew"),
    ("004_", "Wir haben die Beziehungen zur Nato stets in guter Absicht gepflegt", "Medwedew"),
    ("004_", "Es gehe nicht um die Ukraine", "Medwedew"),
]
LABELS = ["Politik der offenen Türen", "Kernprinzipien"]


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, Article]:
    out = {}
    pipe = build_pipeline()
    for item in read_inputs([str(p) for p in sorted(seeds_dir.glob("*.txt"))]):
        if not isinstance(item, Article):
            pytest.fail(f"seed not readable: {item}")
        item = pipe.process(item)  # the whole default pipeline: what users get
        out[Path(item.path or "").name[:4]] = item
    return out


@pytest.mark.parametrize(("seed", "start", "speaker"), EXPECTED)
def test_seed_quotation_and_speaker(seeds: dict[str, Article], seed: str, start: str, speaker: str) -> None:
    a = seeds[seed]
    hits = [q for q in a.quotes if a.span_text(q.start, q.end).startswith(start)]
    assert hits, f"no quotation starting {start!r}; found {[a.span_text(q.start, q.end)[:40] for q in a.quotes]}"
    assert hits[0].speaker is not None and speaker in hits[0].speaker


def test_seventy_one_year_old_is_lawrow(seeds: dict[str, Article]) -> None:
    a = seeds["004_"]
    q = next(q for q in a.quotes if a.span_text(q.start, q.end).startswith("Wir haben eine klare Position"))
    assert a.span_text(q.speaker_start, q.speaker_end) == "der 71-Jährige"
    assert q.cue == "wiederholte" and "Lawrow" in (q.speaker or "")


@pytest.mark.parametrize("label", LABELS)
def test_labels_in_seeds_are_not_quotations(seeds: dict[str, Article], label: str) -> None:
    for a in seeds.values():
        assert all(label not in a.span_text(q.start, q.end) or len(a.span_text(q.start, q.end)) > 3 * len(label)
                   for q in a.quotes)
        assert not any(a.span_text(q.start, q.end) == label for q in a.quotes)
