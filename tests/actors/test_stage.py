"""The actors stage end to end: seed articles, NER on and off, pickling, the actor table."""

from __future__ import annotations

import pickle
import re
import sys
import types
from pathlib import Path

import pytest

from lagebild.actors.stage import ActorStage, actor_table, resolve_mention
from lagebild.model import Article, Entity, Sentence, Token
from lagebild.pipeline import Pipeline, Stage
from tests.actors.test_linking import make_article


# ----------------------------------------------------------------------------- seed articles
def _read(path: Path) -> Article:
    try:
        from lagebild.ingest import read_path
    except ImportError:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^\| ?|\s*\|\s*$", "", text, flags=re.MULTILINE)  # boxed text
        return Article(text=text.split("## LINKS")[0], published="2022-01-27")
    return next(a for a in read_path(str(path)) if isinstance(a, Article))


def _tokenise(a: Article) -> Article:
    a.language = "de"
    try:
        from lagebild.nlp.tokenize import Tokenize
    except ImportError:
        from somajo import SoMaJo

        tok = SoMaJo("de_CMC", split_camel_case=False, character_offsets=True)
        for k, sent in enumerate(tok.tokenize_text([a.text])):
            a.sentences.append(Sentence(sent[0].character_offset[0], sent[-1].character_offset[1]))
            a.tokens += [Token(*t.character_offset, sent=k) for t in sent]
        return a
    return Tokenize()(a)


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> list[Article]:
    stage = ActorStage(use_ner=False)
    return [stage(_tokenise(_read(p))) for p in sorted(seeds_dir.glob("*.txt"))]


@pytest.mark.parametrize(
    ("pattern", "actor_id", "country", "code"),
    [
        (r"Peskow", "per:dmitri-peskow", "RUS", "RUSGOV"),
        (r"Putin", "per:wladimir-putin", "RUS", "RUSGOV"),
        (r"(Sergej |Sergei )?Lawrows?", "per:sergej-lawrow", "RUS", "RUSGOV"),
        (r"(Antony )?Blinken", "per:antony-blinken", "USA", "USAGOV"),
        (r"(Jens )?Stoltenberg", "per:jens-stoltenberg", "NOR", "IGOWSTNAT"),
        (r"(Dmitri )?Medwedew", "per:dmitri-medwedew", "RUS", "RUSGOV"),
    ],
)
def test_seed_persons_are_one_actor(seeds: list[Article], pattern: str, actor_id: str, country: str,
                                    code: str) -> None:
    found = [(e, a) for a in seeds for e in a.entities
             if e.source != "coref" and re.fullmatch(pattern, a.text[e.start : e.end])]
    assert found, f"no mention of {pattern}"
    assert {e.actor_id for e, _ in found} == {actor_id}
    assert {e.actor_code for e, _ in found} == {code}
    assert {e.label for e, _ in found} == {"PER"}
    assert {a.meta["actors"][actor_id]["country"] for _, a in found} == {country}


def test_both_lawrow_spellings(seeds: list[Article]) -> None:
    spellings = {a.text[e.start : e.end] for a in seeds for e in a.entities if e.actor_id == "per:sergej-lawrow"}
    assert {"Sergej Lawrow", "Sergei Lawrow"} <= spellings


@pytest.mark.parametrize(
    ("surface", "actor_id", "code"),
    [("Nato", "org:nato", "IGOWSTNAT"), ("USA", "gpe:usa", "USA"), ("Russland", "gpe:rus", "RUS"),
     ("OSZE", "org:osze", "IGOEUROSC"), ("Ukraine", "gpe:ukr", "UKR"), ("Kreml", "gov:rus", "RUSGOV")],
)
def test_seed_places_and_organisations(seeds: list[Article], surface: str, actor_id: str, code: str) -> None:
    found = {(e.actor_id, e.actor_code) for a in seeds for e in a.entities if a.text[e.start : e.end] == surface}
    assert found == {(actor_id, code)}


@pytest.mark.parametrize("name", ["Bai Xueqi", "XinHua", "Inna Hartwich", "Hartwich"])
def test_seed_photographer_and_author_are_not_actors(seeds: list[Article], name: str) -> None:
    for a in seeds:
        assert not any(name in a.text[e.start : e.end] for e in a.entities)
        assert not any(name in rec["canonical"] for rec in a.meta["actors"].values())


@pytest.mark.parametrize(
    ("surface", "actor_id"),
    [("der 71-Jährige", "per:sergej-lawrow"), ("Kremlsprecher", "per:dmitri-peskow"),
     ("Er erkenne", "per:sergej-lawrow"), ("Das russische Außenministerium", "gov:rus"),
     ("Kremlsprecher Dmitri Peskow", "per:dmitri-peskow"), ("des Nato-Generalsekretärs", "per:jens-stoltenberg"),
     ("der russische Ex-Präsident Dmitri Medwedew", "per:dmitri-medwedew")],
)
def test_seed_coreference(seeds: list[Article], surface: str, actor_id: str) -> None:
    a = next(a for a in seeds if surface in a.text)
    start = a.text.index(surface)
    end = start + (2 if surface == "Er erkenne" else len(surface))
    actor = resolve_mention(a, start, end)
    assert actor is not None and actor.id == actor_id


# ----------------------------------------------------------------------------- NER on and off
class _FakeTagger:
    """Stands in for lagebild.actors.ner.NerTagger: tags two known names."""

    def tag_article(self, article: Article) -> list[Entity]:
        out = []
        for name, label in (("Hans Muster", "PER"), ("Muster AG", "ORG"), ("Sergei Lawrow", "PER"),
                            ("Musters", "PER"), ("Universität Wien", "ORG"), ("Lawrow", "PER")):
            for m in re.finditer(re.escape(name), article.text):
                out.append(Entity(m.start(), m.end(), label, source="ner"))
        return out


def _fake_ner_module() -> types.ModuleType:
    mod = types.ModuleType("lagebild.actors.ner")
    mod.NerTagger = _FakeTagger  # type: ignore[attr-defined]
    return mod


TEXT = ("Der 58-jährige Hans Muster kritisierte Sergei Lawrow. Der 58-Jährige ging. Die Muster AG schwieg. "
        "Musters Kritik blieb. Die Universität Wien forscht.")


def test_with_ner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "lagebild.actors.ner", _fake_ner_module())
    a = ActorStage()(make_article(TEXT))
    got = [(a.text[e.start : e.end], e.actor_id, e.source) for e in a.entities]
    assert ("Hans Muster", "per:hans-muster", "ner") in got
    assert ("Muster AG", "org:muster-ag", "ner") in got
    assert ("Sergei Lawrow", "per:sergej-lawrow", "kb") in got  # the knowledge base wins on overlap
    assert ("Der 58-Jährige", "per:hans-muster", "coref") in got
    assert ("Musters", "per:hans-muster", "ner") in got  # surname after the full name
    assert ("Universität Wien", "org:universitaet-wien", "ner") in got  # contains the KB name "Wien"
    assert not any(t == "Wien" for t, _, _ in got)
    assert a.meta["actors"]["per:hans-muster"]["local"] is True


def test_ner_entities_from_an_earlier_stage_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "lagebild.actors.ner", None)
    a = make_article(TEXT)
    a.entities = _FakeTagger().tag_article(a)
    a = ActorStage()(a)
    assert "per:hans-muster" in {e.actor_id for e in a.entities}


def test_without_ner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "lagebild.actors.ner", None)  # import fails
    a = ActorStage()(make_article(TEXT))
    ids = {e.actor_id for e in a.entities}
    assert "per:sergej-lawrow" in ids and "per:hans-muster" not in ids


def test_ner_required_but_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "lagebild.actors.ner", None)
    with pytest.raises(RuntimeError, match="use_ner=False"):
        ActorStage(use_ner=True)(make_article(TEXT))


# ----------------------------------------------------------------------------- plumbing
def test_stage_pickles_without_resources() -> None:
    st = ActorStage(use_ner=False)
    st(make_article("Der Kreml schweigt."))
    clone = pickle.loads(pickle.dumps(st))
    assert clone._state is None
    a = clone(make_article("Der Kreml schweigt."))
    assert a.entities[0].actor_id == "gov:rus"


def test_pipeline_order() -> None:
    class Tok(Stage):
        name = "tok"
        assigns = ("sentences", "tokens")

        def __call__(self, article: Article) -> Article:
            return article

    pipe = Pipeline([Tok(), ActorStage(use_ner=False)])
    a = make_article("Olaf Scholz sprach.")
    a.entities = []
    out = pipe.process(a)
    assert out.done[-1] == "actors" and out.entities[0].actor_id == "per:olaf-scholz"


def test_user_actor_file(tmp_path: Path) -> None:
    p = tmp_path / "mine.yaml"
    p.write_text("version: 1\nactors:\n  - {canonical: Erika Musterfrau, code: DEUGOV, gender: f}\n", encoding="utf-8")
    a = ActorStage(extra=[p], use_ner=False)(make_article("Erika Musterfrau sprach. Sie blieb hart."))
    assert [(e.actor_id, e.actor_code) for e in a.entities] == [("per:erika-musterfrau", "DEUGOV")] * 2


def test_actor_table() -> None:
    st = ActorStage(use_ner=False)
    arts = [st(make_article("Sergej Lawrow sprach. Lawrow ging.")), st(make_article("Sergei Lawrow kam. Er blieb."))]
    table = actor_table(arts)
    top = table[0]
    assert top["actor_id"] == "per:sergej-lawrow"
    assert (top["mentions"], top["articles"], top["code"], top["canonical"]) == (4, 2, "RUSGOV", "Sergej Lawrow")
    assert top["type"] == "person"
    assert set(top["variants"]) == {"Sergej Lawrow", "Lawrow", "Sergei Lawrow"}


class _MissingModelTagger:
    def tag_article(self, article: Article) -> list[Entity]:
        from lagebild.errors import ModelMissingError

        raise ModelMissingError("NER model not found: build it with `make train-ner`")


@pytest.mark.parametrize(("use_ner", "raises"), [(None, False), (True, True)])
def test_ner_model_file_missing(monkeypatch: pytest.MonkeyPatch, use_ner: bool | None, raises: bool) -> None:
    mod = types.ModuleType("lagebild.actors.ner")
    mod.NerTagger = _MissingModelTagger  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "lagebild.actors.ner", mod)
    stage = ActorStage(use_ner=use_ner)
    if raises:
        with pytest.raises(Exception, match="make train-ner"):
            stage(make_article(TEXT))
    else:
        assert "per:sergej-lawrow" in {e.actor_id for e in stage(make_article(TEXT)).entities}


def test_actor_table_keeps_actors_only() -> None:
    st = ActorStage(use_ner=False)
    arts = [st(make_article("Der Euro fiel. In Moskau schneite es. Moskau wies die Vorwürfe zurück."))]
    table = {r["actor_id"]: r for r in actor_table(arts)}
    assert "misc:euro" not in table and "loc:moskau" not in table
    assert table["gov:rus"]["type"] == "state"
