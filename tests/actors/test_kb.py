"""The actor knowledge base: data files, indexes, date-bounded roles and user files."""

from __future__ import annotations

import re
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


# --------------------------------------------------------------- office holders 2015–2026 (persons_2015_2026*.yaml)
from lagebild.actors import kb_build  # noqa: E402
from lagebild.actors.kb import code_on, lookup_on, role_on  # noqa: E402


@pytest.fixture(scope="module")
def records():
    return kb_build.read_records(kb_build.source_files("de"))


@pytest.fixture(scope="module")
def context(records):
    """countries, names taken by other actors (office holders included) and the stoplist, for validate()."""
    reserved = kb_build.reserved_names("de")
    persons = {f: str(r["id"]) for _, r in records for f in [str(r["name"]), *kb_build.variants(r)]}
    return {"countries": kb_build.countries("de"), "reserved": {**persons, **reserved}, "stop": kb_build.stoplist("de")}


def test_office_holders_valid_and_compiled_file_current(records, context) -> None:
    reserved = {k: v for k, v in context["reserved"].items() if not v.startswith("per:")}
    problems = kb_build.validate(records, countries=context["countries"], reserved=reserved, stop=context["stop"])
    assert [str(p) for p in problems] == []
    assert len(records) >= 1500
    rows = kb_build.compile_rows(records, kb_build.generated_names(kb_build.kb_dir("de") / "persons.tsv"))
    text = kb_build.render(rows, kb_build.source_files("de"))
    assert (kb_build.kb_dir("de") / kb_build.COMPILED).read_text(encoding="utf-8") == text, (
        "persons_2015_2026.tsv is stale: run python scripts/build_actor_kb.py --curated")


def test_every_record_says_where_it_was_checked(records) -> None:
    checked = [str(r["checked"]) for _, r in records]
    assert all(c == "knowledge" or c.startswith(("http://", "https://")) for c in checked)


def _rec(**over):
    rec = {"id": "per:erika-beispiel", "name": "Erika Beispiel", "names": ["Beispiel"], "gender": "f", "country": "DEU",
           "checked": "knowledge", "roles": [{"code": "DEUGOV", "title_de": "Ministerin", "from": "2020-01-01"}]}
    rec.update(over)
    return rec


@pytest.mark.parametrize(
    ("rec", "message"),
    [
        (_rec(roles=[{"code": "DEUGOV", "title_de": "Ministerin", "from": "2021", "to": "2020-05"}]), "ends"),
        (_rec(roles=[{"code": "DEUXXGOV", "title_de": "Ministerin", "from": "2021"}]), "not country"),
        (_rec(roles=[{"code": "DEUGOV", "title_de": "Ministerin", "from": "21.3.2020"}]), "YYYY"),
        (_rec(roles=[{"code": "DEUGOV", "from": "2020"}]), "needs code, title_de and from"),
        (_rec(roles=[{"code": "DEUGOV", "title_de": "Vize-Außenministerin", "from": "2020"}]), "deputises"),
        (_rec(country="XXX"), "not a code in countries.tsv"),
        (_rec(gender="w"), "gender"),
        (_rec(checked="Wikipedia"), "checked"),
        (_rec(id="per:Erika Beispiel"), "ASCII slug"),
        (_rec(names=["Weil"]), "may not stand alone"),
        (_rec(names=["Merkel"]), "also names per:angela-merkel"),
        (_rec(names=["Russland"]), "also names gpe:rus"),
        (_rec(ambiguous=["Nobody"]), "not one of the person's names"),
        (_rec(lands=["BY"]), "unknown keys"),
    ],
)
def test_validation_rejects(context, rec, message: str) -> None:
    problems = kb_build.validate([("test", rec)], **context)
    assert any(re.search(message, p.message) for p in problems), problems


def test_validation_rejects_duplicate_ids(context) -> None:
    problems = kb_build.validate([("a", _rec()), ("b", _rec(names=[]))], countries=context["countries"])
    assert any("already used" in p.message for p in problems)


@pytest.mark.parametrize(
    ("code", "valid"),
    [("DEUGOV", True), ("DEUBYGOV", True), ("DEUNWGOVHLH", True), ("DEUBE", True), ("DEUXXGOV", False),
     ("RUSGOVMIL", True), ("IGOWSTNAT", True), ("FRABY", False), ("USAGOVFOO", False), ("ZZZGOV", False)],
)
def test_role_codes(code: str, valid: bool) -> None:
    assert kb_build.valid_code(code, kb_build.countries("de")) is valid


@pytest.mark.parametrize(("date", "end"), [("2021", "2021-12-31"), ("2024-02", "2024-02-29"), ("2023-12", "2023-12-31"),
                                          ("2021-05-06", "2021-05-06"), (None, None)])
def test_period_end(date, end) -> None:
    assert kb_build.period_end(date) == end


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Ursula von der Leyen", "von der Leyen"), ("Alexander Van der Bellen", "Van der Bellen"),
     ("Olaf Scholz", "Scholz"), ("Luigi Di Maio", "Di Maio")],
)
def test_surname(name: str, expected: str) -> None:
    assert kb_build.surname(name) == expected


@pytest.mark.parametrize(
    ("name", "folded"),
    [("Andrej Babiš", "Andrej Babis"), ("Lars Løkke Rasmussen", "Lars Lökke Rasmussen"),
     ("Radosław Sikorski", "Radoslaw Sikorski"), ("Markus Söder", "Markus Söder")],
)
def test_fold_keeps_german_umlauts(name: str, folded: str) -> None:
    assert kb_build.fold(name) == folded


# Names as German news writes them, the article date, and who (with which code) that is on that date.
NEWS = [
    ("Scholz", "2016-05-01", "per:olaf-scholz", "DEUHHGOV"),
    ("Scholz", "2019-06-01", "per:olaf-scholz", "DEUGOV"),
    ("Scholz", "2022-06-01", "per:olaf-scholz", "DEUGOV"),
    ("Scholz", "2025-09-01", "per:olaf-scholz", "DEULEG"),
    ("Baerbock", "2020-06-01", "per:annalena-baerbock", "DEUOPP"),
    ("Baerbock", "2022-06-01", "per:annalena-baerbock", "DEUGOV"),
    ("Baerbock", "2025-10-01", "per:annalena-baerbock", "IGOUNO"),
    ("Lauterbach", "2020-06-01", "per:karl-lauterbach", "DEULEG"),
    ("Lauterbach", "2022-06-01", "per:karl-lauterbach", "DEUGOVHLH"),
    ("Merkel", "2017-05-01", "per:angela-merkel", "DEUGOV"),
    ("Merkel", "2023-05-01", "per:angela-merkel", "DEUELI"),
    ("Merz", "2023-05-01", "per:friedrich-merz", "DEUOPP"),
    ("Merz", "2025-06-01", "per:friedrich-merz", "DEUGOV"),
    ("Söder", "2020-04-01", "per:markus-soeder", "DEUBYGOV"),
    ("Kretschmer", "2021-03-01", "per:michael-kretschmer", "DEUSNGOV"),
    ("Wegner", "2024-03-01", "per:kai-wegner", "DEUBEGOV"),
    ("Wüst", "2022-03-01", "per:hendrik-wuest", "DEUNWGOV"),
    ("Pistorius", "2020-03-01", "per:boris-pistorius", "DEUNIGOV"),
    ("Pistorius", "2023-06-01", "per:boris-pistorius", "DEUGOVMIL"),
    ("Faeser", "2023-02-01", "per:nancy-faeser", "DEUGOV"),
    ("Wieler", "2020-04-01", "per:lothar-wieler", "DEUGOVHLH"),
    ("Selenskyj", "2022-03-01", "per:wolodymyr-selenskyj", "UKRGOV"),
    ("Zelensky", "2022-03-01", "per:wolodymyr-selenskyj", "UKRGOV"),
    ("Selenski", "2023-03-01", "per:wolodymyr-selenskyj", "UKRGOV"),
    ("Lawrow", "2022-01-27", "per:sergej-lawrow", "RUSGOV"),
    ("Lavrov", "2017-01-27", "per:sergej-lawrow", "RUSGOV"),
    ("Schoigu", "2023-01-10", "per:sergej-schoigu", "RUSGOVMIL"),
    ("Shoigu", "2024-06-10", "per:sergej-schoigu", "RUSGOV"),
    ("Peskow", "2022-02-24", "per:dmitri-peskow", "RUSGOV"),
    ("Prigoschin", "2023-06-24", "per:jewgeni-prigoschin", "RUSPRM"),
    ("Stoltenberg", "2022-01-27", "per:jens-stoltenberg", "IGOWSTNAT"),
    ("Stoltenberg", "2025-06-01", "per:jens-stoltenberg", "NORGOV"),
    ("Rutte", "2020-06-01", "per:mark-rutte", "NLDGOV"),
    ("Rutte", "2024-11-01", "per:mark-rutte", "IGOWSTNAT"),
    ("Rutte", "2025-06-01", "per:mark-rutte", "IGOWSTNAT"),
    ("Trump", "2018-06-01", "per:donald-trump", "USAGOV"),
    ("Trump", "2022-06-01", "per:donald-trump", "USAELI"),
    ("Trump", "2025-03-01", "per:donald-trump", "USAGOV"),
    ("Biden", "2016-06-01", "per:joe-biden", "USAGOV"),
    ("Johnson", "2020-06-01", "per:boris-johnson", "GBRGOV"),
    ("Johnson", "2024-01-10", "per:mike-johnson", "USALEG"),
    ("Macron", "2020-06-01", "per:emmanuel-macron", "FRAGOV"),
    ("Erdogan", "2020-06-01", "per:recep-tayyip-erdogan", "TURGOV"),
    ("Netanjahu", "2022-01-10", "per:benjamin-netanjahu", "ISROPP"),
    ("Netanyahu", "2024-01-10", "per:benjamin-netanjahu", "ISRGOV"),
    ("Guterres", "2020-06-01", "per:antonio-guterres", "IGOUNO"),
    ("von der Leyen", "2018-06-01", "per:ursula-von-der-leyen", "DEUGOVMIL"),
    ("von der Leyen", "2021-06-01", "per:ursula-von-der-leyen", "IGOEUREEC"),
    ("Tedros", "2020-03-11", "per:tedros-adhanom-ghebreyesus", "IGOUNOWHO"),
    ("Georgieva", "2020-06-01", "per:kristalina-georgiewa", "IGOWSTIMF"),
    ("Kallas", "2022-06-01", "per:kaja-kallas", "ESTGOV"),
    ("Kallas", "2025-06-01", "per:kaja-kallas", "IGOEUREEC"),
    ("Tusk", "2016-06-01", "per:donald-tusk", "IGOEUREEC"),
    ("Tusk", "2024-06-01", "per:donald-tusk", "POLGOV"),
    ("Sebastian Kurz", "2018-06-01", "per:sebastian-kurz", "AUTGOV"),
    ("Lukaschenko", "2020-08-10", "per:alexander-lukaschenko", "BLRGOV"),
    ("Chamenei", "2022-09-20", "per:ali-chamenei", "IRNGOV"),
]


@pytest.mark.parametrize(("name", "date", "actor_id", "code"), NEWS)
def test_news_name_on_date(kb, name: str, date: str, actor_id: str, code: str) -> None:
    actor, role = lookup_on(kb, name, date)[0]
    assert (actor.id, code_on(actor, date)) == (actor_id, code)
    assert role is None or role.code == code


def test_role_on_prefers_office_over_party_post(kb) -> None:
    soeder = kb.actors["per:markus-soeder"]
    assert soeder.code_at("2020-04-01") == "DEUPTY"  # latest-starting role: CSU chairman since 2019
    assert role_on(soeder, "2020-04-01").title == "Ministerpräsident von Bayern"


def test_office_holders_replace_generated_duplicates(kb) -> None:
    assert [a.id for a in kb.lookup("Sergey Lavrov")] == ["per:sergej-lawrow"]
    assert [a.id for a in kb.lookup("Wolfgang Schaeuble")] == ["per:wolfgang-schaeuble"]
    assert kb.actors["per:wolfgang-schaeuble"].born == 1942


def test_transliterated_spellings_are_variants(kb) -> None:
    lawrow = kb.actors["per:sergej-lawrow"]
    assert {"Sergey Lavrov", "Sergei Lawrow", "Lavrov"} <= set(lawrow.variants)
    assert "Zelenskyy" in kb.actors["per:wolodymyr-selenskyj"].variants


def test_gender_for_feminine_roles(kb) -> None:
    assert kb.actors["per:annalena-baerbock"].gender == "f"
    assert kb.actors["per:annalena-baerbock"].title_at("2023-01-01") == "Außenministerin"


def test_user_file_overrides_office_holder(tmp_path: Path) -> None:
    p = tmp_path / "mine.yaml"
    p.write_text("version: 1\nactors:\n  - id: per:olaf-scholz\n    canonical: Olaf Scholz\n"
                 "    roles: [{code: DEUELI, title: Altkanzler, start: 2025-05-06}]\n", encoding="utf-8")
    kb = load_kb("de", [p])
    scholz = kb.actors["per:olaf-scholz"]
    assert scholz.code_at("2025-09-01") == "DEUELI"
    assert "Scholz" in scholz.variants  # the built-in names stay matched


def test_former_office_holders(kb) -> None:
    merkel = kb.actors["per:angela-merkel"]
    assert merkel.code == "DEUGOV"  # undated text: the last office held
    assert code_on(merkel, "2023-05-01") == "DEUELI"  # after the last office: former office holder
    assert role_on(merkel, "2021-12-08").title == "Kanzlerin"  # the handover day is still hers
    assert merkel.title_at("2023-05-01") is None  # the implicit former role has no title for descriptions
