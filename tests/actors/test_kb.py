"""The actor knowledge base: data files, indexes, date-bounded roles and user files."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.actors.kb import Role, load_kb, slug
from lagebild.actors.kb_files import KBFileError, demonym_forms


@pytest.fixture(scope="module")
def kb():
    return load_kb("de")


def test_every_file_is_versioned(kb) -> None:
    for part in ("countries", "orgs", "metonyms", "roles", "persons", "persons_2015_2026", "coref"):
        assert f"{part}=" in kb.version


def test_all_un_members_present(kb) -> None:
    countries = [a for a in kb.actors.values() if a.type == "GPE"]
    assert len(countries) >= 193


@pytest.mark.parametrize(
    ("name", "actor_id"),
    [
        ("Russland", "gpe:rus"),
        ("Russlands", "gpe:rus"),
        ("USA", "gpe:usa"),
        ("Vereinigte Staaten", "gpe:usa"),
        ("Ukraine", "gpe:ukr"),
        ("Deutschland", "gpe:deu"),
        ("China", "gpe:chn"),
        ("Nato", "org:nato"),
        ("NATO", "org:nato"),
        ("OSZE", "org:osze"),
        ("Europäische Union", "org:eu"),
        ("Vereinte Nationen", "org:un"),
        ("UNO", "org:un"),
        ("WHO", "org:who"),
        ("IWF", "org:iwf"),
        ("G7", "org:g7"),
        ("Bundeswehr", "mil:deu"),
        ("Kreml", "gov:rus"),
        ("Weißen Haus", "gov:usa"),
        ("Bundesregierung", "gov:deu"),
        ("Lawrow", "per:sergej-lawrow"),
        ("Sergei Lawrow", "per:sergej-lawrow"),
        ("Sergey Lavrov", "per:sergej-lawrow"),
        ("Lavrov", "per:sergej-lawrow"),
        ("Dmitri Peskow", "per:dmitri-peskow"),
        ("Zelensky", "per:wolodymyr-selenskyj"),
        ("Moskau", "loc:moskau"),
        ("Kiew", "loc:kiew"),
        ("Kyjiw", "loc:kiew"),
    ],
)
def test_names(kb, name: str, actor_id: str) -> None:
    assert actor_id in [a.id for a in kb.lookup(name)]


@pytest.mark.parametrize(
    ("form", "code"),
    [("russisch", "RUS"), ("russische", "RUS"), ("russischen", "RUS"), ("ukrainischer", "UKR"),
     ("amerikanisches", "USA"), ("us-amerikanischer", "USA"), ("deutschen", "DEU"), ("moskauer", "RUS")],
)
def test_adjectives(kb, form: str, code: str) -> None:
    assert kb.adjectives[form] == code


@pytest.mark.parametrize(("form", "code"), [("Russe", "RUS"), ("Russen", "RUS"), ("Russin", "RUS"),
                                            ("Amerikanerin", "USA"), ("Ukrainer", "UKR")])
def test_demonyms(kb, form: str, code: str) -> None:
    assert kb.demonyms[form] == code


@pytest.mark.parametrize(
    ("m", "forms"),
    [("Russe", ["Russe", "Russen", "Russin", "Russinnen"]), ("Ukrainer", ["Ukrainer", "Ukrainern", "Ukrainers",
                                                                           "Ukrainerin", "Ukrainerinnen"])],
)
def test_demonym_forms(m: str, forms: list[str]) -> None:
    assert demonym_forms(m) == forms


@pytest.mark.parametrize(
    ("actor_id", "date", "code", "title"),
    [
        ("per:sergej-lawrow", "2022-01-27", "RUSGOV", "Außenminister"),
        ("per:jens-stoltenberg", "2022-01", "IGOWSTNAT", "Nato-Generalsekretär"),
        ("per:jens-stoltenberg", "2010-06-01", "NORGOV", "Ministerpräsident"),
        ("per:dmitri-medwedew", "2022-01-27", "RUSGOV", "Vize-Chef des Sicherheitsrats"),
        ("per:wladimir-putin", "2010-01-01", "RUSGOV", "Regierungschef"),
        ("per:olaf-scholz", "2022-03-01", "DEUGOV", "Kanzler"),
        ("per:antony-blinken", "2022-01-27", "USAGOV", "Außenminister"),
        ("per:stefan-fule", "2010-02-25", "IGOEUREEC", "EU-Kommissar"),
        ("per:stefan-fule", "2009-10-01", "CZEGOV", "Europaminister"),
    ],
)
def test_dated_roles(kb, actor_id: str, date: str, code: str, title: str) -> None:
    actor = kb.actors[actor_id]
    assert actor.code_at(date) == code
    assert actor.title_at(date) == title


def test_persons_have_country_and_birth_year(kb) -> None:
    lawrow = kb.actors["per:sergej-lawrow"]
    assert (lawrow.country, lawrow.born, lawrow.gender, lawrow.type) == ("RUS", 1950, "m", "PER")


def test_generated_persons_from_petrarch(kb) -> None:
    generated = [a for a in kb.actors.values() if a.type == "PER" and a.born is None]
    assert len(generated) > 1000
    # transliterated names keep the English spelling as a variant
    assert any("Sergey Lavrov" == v for v in kb.actors["per:sergej-lawrow"].variants)


@pytest.mark.parametrize(
    ("noun", "sector", "country"),
    [("Außenminister", "GOV", None), ("Kremlsprecher", "GOV", "RUS"), ("Polizei", "COP", None),
     ("Demonstrant", "OPP", None), ("Verteidigungsminister", "MIL", None), ("Kanzler", "GOV", "DEU")],
)
def test_role_nouns(kb, noun: str, sector: str, country: str | None) -> None:
    rn = kb.roles[noun]
    assert (rn.sector, rn.country) == (sector, country)


@pytest.mark.parametrize(
    ("role", "date", "active"),
    [(Role("X", "2004-03-09", None), "2022-01-27", True), (Role("X", "2004-03-09", None), "2003", False),
     (Role("X", "2014-10-01", "2024-10-01"), "2024-10", True), (Role("X", "2014-10-01", "2024-10-01"), "2025", False),
     (Role("X"), None, True)],
)
def test_role_active(role: Role, date: str | None, active: bool) -> None:
    assert role.active(date) is active


@pytest.mark.parametrize(("name", "expected"), [("Antony Blinken", "antony-blinken"), ("Markus Söder", "markus-soeder"),
                                                ("António Guterres", "antonio-guterres")])
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_user_yaml(tmp_path: Path) -> None:
    p = tmp_path / "mine.yaml"
    p.write_text(
        "version: 1\nactors:\n"
        "  - canonical: Erika Musterfrau\n    names: [Musterfrau]\n    gender: f\n    born: 1970\n"
        "    roles: [{code: DEUGOV, title: Staatssekretärin, start: 2020-01-01}]\n"
        "  - canonical: Beispielverein\n    type: ORG\n    code: DEUNGO\n",
        encoding="utf-8",
    )
    kb = load_kb("de", [p])
    erika = kb.lookup("Musterfrau")[0]
    assert (erika.id, erika.code, erika.country, erika.born) == ("per:erika-musterfrau", "DEUGOV", "DEU", 1970)
    assert kb.lookup("Beispielverein")[0].id == "org:beispielverein"


def test_user_csv(tmp_path: Path) -> None:
    p = tmp_path / "mine.csv"
    p.write_text("name,type,code,country,variants,gender\nHans Beispiel,PER,AUTGOV,AUT,Beispiel;H. Beispiel,m\n",
                 encoding="utf-8")
    kb = load_kb("de", [p])
    hans = kb.lookup("H. Beispiel")[0]
    assert (hans.id, hans.code, hans.country, hans.gender) == ("per:hans-beispiel", "AUTGOV", "AUT", "m")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("bad.yaml", "actors: [\n", "not valid YAML"), ("bad.yaml", "actors:\n  - {born: 1950}\n", "needs 'canonical'"),
     ("bad.txt", "x", "use a .yaml")],
)
def test_user_file_errors(tmp_path: Path, name: str, content: str, message: str) -> None:
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    with pytest.raises(KBFileError, match=message):
        load_kb("de", [p])


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(KBFileError, match="not found"):
        load_kb("de", [tmp_path / "nope.yaml"])
