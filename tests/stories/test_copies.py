"""Copy detection: edited copies of one text are found, a retold article on the same topic is not."""

from __future__ import annotations

import pytest

from lagebild.stories import StoryClusterer, containment, signature

from .conftest import EDITED_LEAD, FLOOD, OTHER_SAME_TOPIC, UNRELATED, article, flood_original

VARIANTS = {
    "verbatim on another portal": " ".join(FLOOD),
    "changed lead": " ".join([EDITED_LEAD, *FLOOD[1:]]),
    "cut ending": " ".join(FLOOD[:7]),
    "changed lead and cut ending": " ".join([EDITED_LEAD, *FLOOD[1:7]]),
    "changed lead, cut ending, extra sentence": " ".join(
        [EDITED_LEAD, *FLOOD[1:7], "Weitere Informationen folgen im Laufe des Tages."]),
}


@pytest.mark.parametrize(("text", "is_copy"), [
    *[(t, True) for t in VARIANTS.values()],
    (OTHER_SAME_TOPIC, False),
    (UNRELATED, False),
], ids=[*VARIANTS, "same topic retold", "unrelated"])
def test_copy_found_or_not(text: str, is_copy: bool) -> None:
    original = flood_original()
    other = article(text, source="portal", published="2024-03-06", title="Land unter an der Wendel")
    StoryClusterer().add([other, original])  # batch order must not matter: the earlier one is the original
    assert original.copy_of is None
    assert (other.copy_of == original.id) is is_copy
    if is_copy:
        assert other.story == original.story


def test_copy_group_counts_one_source() -> None:
    original = flood_original()
    original.published = "2024-03-04"  # the earliest is the original (a same-day verbatim copy would tie)
    copies = [article(t, source=f"portal{i}", published="2024-03-05", title=f"Titel {i}")
              for i, t in enumerate(VARIANTS.values())]
    records = StoryClusterer().add([*copies, original])
    (rec,) = [r for r in records if original.id in r["article_ids"]]
    assert rec["n_articles"] == 1 + len(copies)
    assert rec["n_sources"] == 1
    assert rec["copy_groups"] == [{"original": original.id, "copies": sorted(c.id for c in copies)}]
    assert all(c.copy_of == original.id for c in copies)


def test_original_is_earliest_then_longest() -> None:
    short = article(" ".join(FLOOD[:7]), source="kurz", published="2024-03-05")
    long = article(" ".join(FLOOD), source="lang", published="2024-03-05")
    late = article(" ".join(FLOOD), source="spaet", published="2024-03-06")
    StoryClusterer().add([late, short, long])
    assert long.copy_of is None
    assert short.copy_of == long.id and late.copy_of == long.id


@pytest.mark.parametrize(("jaccard", "n_a", "n_b", "expected"), [
    (1.0, 100, 100, 1.0),
    (0.5, 100, 50, 1.0),  # B inside A: |A∩B| = 50
    (60 / 110, 100, 70, 60 / 70),  # changed lead + cut ending
    (0.0, 100, 100, 0.0),
    (0.5, 0, 10, 0.0),
])
def test_containment(jaccard: float, n_a: int, n_b: int, expected: float) -> None:
    assert containment(jaccard, n_a, n_b) == pytest.approx(expected, abs=1e-9)


def test_signature_is_stable() -> None:
    a, n = signature(" ".join(FLOOD))
    b, m = signature(" ".join(FLOOD))
    assert n == m > 100 and (a == b).all()
    # pinned: the same signature in every process and on every machine (CRC-32 word hashes, fixed hash family)
    assert n == 122
    assert [int(x) for x in a[:4]] == [4904723, 31309402, 4088160, 193773860]
