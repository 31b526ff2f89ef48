"""Actor types of entity mentions: the hand-checked table (tests/actors/actor_types.tsv) and the rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.actors.actor_types import actor_type, is_region_code
from lagebild.actors.kb import Actor, load_kb
from lagebild.eval.actors import _Pipe, mention_type, read_table
from lagebild.model import ACTOR_TYPES, ENTITY_TYPES

TABLE = read_table(Path(__file__).with_name("actor_types.tsv"))


@pytest.fixture(scope="module")
def pipe() -> _Pipe:
    return _Pipe()


@pytest.mark.parametrize(("sentence", "mention", "expected"), TABLE, ids=[f"{m}-{t}" for _, m, t in TABLE])
def test_typing_table(pipe: _Pipe, sentence: str, mention: str, expected: str) -> None:
    assert mention_type(pipe(sentence, date="2020-11-15"), mention) == expected


def test_table_covers_every_type() -> None:
    assert {t for _, _, t in TABLE} == set(ENTITY_TYPES)
    assert ACTOR_TYPES < set(ENTITY_TYPES)


def test_region_codes() -> None:
    kb = load_kb("de")
    assert kb.actors["gpe:deuby"].code == "DEUBY" and is_region_code("DEUBYGOV") and is_region_code("DEUBYGOVHLH")
    assert kb.actors["gov:deuby"].code == "DEUBYGOV"
    assert not is_region_code("RUSGOV") and not is_region_code("DEU") and not is_region_code("USAMIL")
    assert is_region_code("USAMI") and not is_region_code("DEUGOV")
    for code in ("DEUBW", "DEUBY", "DEUBE", "DEUBB", "DEUHB", "DEUHH", "DEUHE", "DEUMV", "DEUNI",
                 "DEUNW", "DEURP", "DEUSL", "DEUSN", "DEUST", "DEUSH", "DEUTH"):
        assert f"gpe:{code.lower()}" in kb.actors  # all 16 Länder


def test_rules_without_text() -> None:
    gov = Actor("gov:rus", "Russland (Regierung)", "RUSGOV", "RUS", "GOV", "ORG")
    assert actor_type(gov) == "state"
    assert actor_type(Actor("org:x", "Freie Miliz", "SYRREB", "SYR", None, "ORG")) == "armed"
    assert actor_type(Actor("gpe:rus", "Russland", "RUS", "RUS", None, "GPE"), locative=True) == "place"
    assert actor_type(Actor("misc:euro", "Euro", None, None, None, "ORG", local=True), text="Euro") == "other"
    assert actor_type(Actor("loc:x", "Kleinstadt", None, None, None, "LOC", local=True)) == "place"


def test_surname_alone_links_to_the_one_office_holder(tmp_path: Path) -> None:
    from lagebild.actors.kb import load_kb
    from lagebild.actors.linking import Linker
    from lagebild.actors.translit import load_transliterator

    p = tmp_path / "mine.yaml"
    p.write_text(
        "actors:\n"
        "  - {id: per:erika-landmann, canonical: Erika Landmann, country: DEU,\n"
        "     roles: [{code: DEUSNGOV, title: Ministerpräsidentin, start: 2017-12-13}]}\n",
        encoding="utf-8")
    linker = Linker(load_kb("de", [p]), load_transliterator("de"))
    assert linker.link_entity("Landmann", "PER", "2020-05-02").id == "per:erika-landmann"
    assert linker.link_entity("Landmanns", "PER", "2020-05-02").id == "per:erika-landmann"
    assert linker.link_entity("Landmann", "PER", "2016-05-02").local  # no role then: a name of its own
    assert actor_type(linker.kb.actors["per:erika-landmann"]) == "person"


@pytest.mark.parametrize(
    ("sentence", "name", "expected"),
    [("Die Stiftung erhielt Fördergelder von Gates für das Projekt.", "Gates", "Gates"),
     ("Ursula von der Leyen sprach am Mittwoch in Straßburg.", "Ursula von der Leyen", "Ursula von der Leyen")],
)
def test_ner_spans_lose_leading_common_nouns(pipe: _Pipe, sentence: str, name: str, expected: str) -> None:
    from lagebild.actors.stage import _trim_common_nouns
    from lagebild.model import Entity

    a = pipe(sentence)
    at = sentence.index(name)
    start = at if name != "Gates" else sentence.index("Fördergelder")
    tok_at = {t.start: i for i, t in enumerate(a.tokens)}
    e = _trim_common_nouns(a, Entity(start, at + len(name), "PER"), tok_at, lambda w: False)
    assert a.text[e.start : e.end] == expected
