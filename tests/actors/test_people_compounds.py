"""Demonyms as people, cataphoric descriptions, and compounds with an actor prefix ("US-Militär")."""

from __future__ import annotations

import re

import pytest

from lagebild.actors.stage import ActorStage, resolve_mention
from lagebild.model import Article, Entity
from tests.actors.test_linking import make_article


def run(text: str, published: str | None = "2022-01-27", ner: tuple[str, ...] = (),
        ne: tuple[str, ...] = ()) -> Article:
    """Run the stage; ``ner`` spans are given as entities of an earlier NER stage (``ne``: tagged NE)."""
    a = make_article(text, published=published)
    for surface in ner + ne:
        m = re.search(rf"(?<!\w){re.escape(surface)}(?!\w)", a.text)
        assert m is not None, surface
        a.entities.append(Entity(m.start(), m.end(), "MISC", source="ner"))
    for t in a.tokens:
        t.pos = "NE" if a.text[t.start : t.end] in ne else "NN"
    return ActorStage(use_ner=False)(a)


def entity(a: Article, surface: str, occurrence: int = 1) -> Entity | None:
    found = [e for e in a.entities if a.text[e.start : e.end] == surface]
    return found[occurrence - 1] if len(found) >= occurrence else None


def resolved(a: Article, surface: str, occurrence: int = 1) -> str | None:
    m = list(re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", a.text))[occurrence - 1]
    actor = resolve_mention(a, m.start(), m.end())
    return actor.id if actor else None


# ----------------------------------------------------------------------------- demonyms
@pytest.mark.parametrize(
    ("text", "surface", "code"),
    [
        ("Zwei Palästinenser wurden verletzt.", "Palästinenser", "PSECVL"),
        ("Die Polizei nahm drei Syrer fest.", "Syrer", "SYRCVL"),
        ("Die Demonstranten, meist Iraner, zogen weiter.", "Iraner", "IRNCVL"),
    ],
)
def test_demonym_nouns_are_civilians(text: str, surface: str, code: str) -> None:
    e = entity(run(text), surface)
    assert e is not None and e.actor_code == code and e.label == "MISC"


def test_role_noun_decides_over_the_demonym_sector() -> None:
    a = run("Palästinensische Polizisten nahmen zwei Israelis fest.")
    assert resolve_mention(a, 0, len("Palästinensische Polizisten")).code == "PSECOP"
    assert entity(a, "Palästinensische").actor_code == "PSE"  # the adjective stays the country


# ----------------------------------------------------------------------------- cataphora
def test_description_resolves_to_the_one_later_name() -> None:
    text = "Die Bundeskanzlerin forderte Gespräche. Bundeskanzlerin Angela Merkel sagte, man sei bereit."
    a = run(text, published=None)  # no date: no office holder to fall back on
    assert resolved(a, "Die Bundeskanzlerin") == "per:angela-merkel"


def test_cataphora_respects_the_knowledge_base_dates() -> None:
    text = "Die Bundeskanzlerin forderte Gespräche. Bundeskanzlerin Angela Merkel sagte, man sei bereit."
    assert resolved(run(text, published="2023-03-01"), "Die Bundeskanzlerin") != "per:angela-merkel"


def test_cataphora_needs_exactly_one_candidate() -> None:
    text = ("Der Präsident kam spät. Präsident Wladimir Putin und Präsident Joe Biden sprachen lange.")
    assert resolved(run(text, published=None), "Der Präsident") is None


def test_plural_description_is_not_one_later_person() -> None:
    text = "Die Präsidenten trafen sich. Präsident Wladimir Putin sprach lange."
    assert resolved(run(text, published=None), "Die Präsidenten") != "per:wladimir-putin"


def test_cataphoric_description_is_no_pronoun_antecedent() -> None:
    text = "Die Bundeskanzlerin kam. Sie sprach. Danach sagte Bundeskanzlerin Angela Merkel etwas."
    a = run(text, published=None)
    assert resolved(a, "Sie") is None


def test_bundes_titles_match_the_holder_title() -> None:
    text = "Angela Merkel sprach. Die Bundeskanzlerin blieb hart."
    assert resolved(run(text, published="2015-03-01"), "Die Bundeskanzlerin") == "per:angela-merkel"
    assert resolved(run("Die Bundeskanzlerin blieb hart.", published="2015-03-01"), "Die Bundeskanzlerin") == \
        "per:angela-merkel"


# ----------------------------------------------------------------------------- compounds
@pytest.mark.parametrize(
    ("text", "surface", "code", "actor_id"),
    [
        ("Das US-Militär griff an.", "US-Militär", "USAMIL", "mil:usa"),
        ("Die Nato-Truppen rückten vor.", "Nato-Truppen", "IGOWSTNAT", "org:nato"),
        ("Der Nato-Generalsekretär sprach.", "Nato-Generalsekretär", "IGOWSTNAT", "per:jens-stoltenberg"),
        ("Die US-Marine lief aus.", "US-Marine", "USAMIL", None),
        ("Der EU-Kommissar kam.", "EU-Kommissar", "IGOEUREEC", "org:eu"),
        ("Der SPD-Fraktionschef sprach.", "SPD-Fraktionschef", "DEUPTY", None),  # head by its last part
    ],
)
def test_compound_prefix_gives_the_code(text: str, surface: str, code: str, actor_id: str | None) -> None:
    e = entity(run(text, ner=(surface,)), surface)
    assert e is not None and e.actor_code == code
    if actor_id:
        assert e.actor_id == actor_id


def test_parts_of_a_sector_stay_two_parties() -> None:
    a = run("Alle US-Beamten wurden in einer Anweisung der US-Botschaft aufgefordert.",
            ner=("US-Beamten", "US-Botschaft"))
    staff, embassy = entity(a, "US-Beamten"), entity(a, "US-Botschaft")
    assert staff.actor_code == embassy.actor_code == "USAGOV"
    assert staff.actor_id != embassy.actor_id


@pytest.mark.parametrize("surface", ["NATO-Bitte", "Iran-Konflikt"])
def test_compound_with_a_non_actor_head_gets_no_code(surface: str) -> None:
    e = entity(run(f"Sie sprachen über die {surface}.", ner=(surface,)), surface)
    assert e is None or e.actor_code is None


def test_proper_name_compounds_are_not_read_as_prefix_plus_head() -> None:
    a = run("Er reiste nach US-Virginia.", ne=("US-Virginia",))
    e = entity(a, "US-Virginia")
    assert e is not None and e.actor_code is None


@pytest.mark.parametrize("text", [
    "Der Präsident begrüßte Präsident Emmanuel Macron im Weißen Haus.",
    "Der Außenminister empfing am Montag in Berlin seinen Amtskollegen, Außenminister Sergej Lawrow.",
])
def test_description_is_not_the_other_party_named_in_its_own_sentence(text: str) -> None:
    a = run(text, published="2020-01-10")
    first = text.split()[0] + " " + text.split()[1]
    assert resolved(a, first) not in {"per:emmanuel-macron", "per:sergej-lawrow"}
