"""Coverage of every PLOVER type by German verbs, nouns, participles and light-verb constructions, and the
argument rules added with them. Hand-written sentences (none taken from the gold files)."""

from __future__ import annotations

import pytest

from lagebild.events.patterns import load_lexicon

from .helpers import analyse, triples

CASES = [
    # verbs that need their governed preposition ("bestehen auf", "verzichten auf")
    ("Frankreich besteht auf einem Abzug aus Mali.", "REQUEST"),
    ("Die Regierung verzichtet auf weitere Luftangriffe.", "CONCEDE"),
    # one per type, by verb
    ("Die Staatsanwaltschaft verhörte den Bürgermeister.", "ACCUSE"),
    ("Der Präsident rief den Premierminister an.", "CONSULT"),
    ("Rebellen enthaupteten drei Geiseln.", "ASSAULT"),
    ("Die Behörden untersagten die Kundgebung.", "COERCE"),
    ("Das Gericht degradierte den Offizier.", "SANCTION"),
    ("Die Arbeiter rebellierten gegen die Fabrikleitung.", "PROTEST"),
    ("Der Minister lobte die Polizei.", "SUPPORT"),
    # nouns and light-verb constructions
    ("Die Gewerkschaft brach die Verhandlungen mit dem Konzern ab.", "REJECT"),
    ("Die Regierung hob die Ausgangssperre auf.", "CONCEDE"),
    ("Die Armee hat ihren Einsatz beendet.", "RETREAT"),
    ("Bei den Kämpfen kamen zwölf Menschen ums Leben.", "ASSAULT"),
    ("Der Regierungschef hat sein Rücktrittsgesuch eingereicht.", "RETREAT"),
    ("Die Opposition stellte einen Misstrauensantrag.", "ACCUSE"),
    ("Die Polizei nahm den Mann in Gewahrsam.", "COERCE"),
    ("Rebellen nahmen zwölf Touristen als Geiseln.", "ASSAULT"),
    ("Die Regierung legte Protest bei der Botschaft ein.", "ACCUSE"),
    ("Ungarn hat die Grenze zu Serbien geschlossen.", "COERCE"),
    # adjective constructions
    ("Die EU zeigte sich besorgt über das Vorgehen Russlands.", "ACCUSE"),
    ("Das Gericht sprach den Journalisten schuldig.", "SANCTION"),
    ("Polen erklärte sich mit dem Plan Deutschlands einverstanden.", "AGREE"),
]


@pytest.mark.parametrize(("text", "typ"), CASES)
def test_type_is_coded(text: str, typ: str) -> None:
    a = analyse(text)
    assert typ in {e.type for e in a.events}, [(e.type, a.span_text(e.start, e.end)) for e in a.events]


def test_needed_preposition_gates_the_verb() -> None:
    # "bestehen" without "auf" is "exist"/"pass", not a demand
    assert not analyse("Die Regierung besteht seit zwei Jahren.").events


def test_participle_codes_the_act_done_to_its_noun() -> None:
    a = analyse("Ein in Moskau festgenommener Journalist wurde verurteilt.")
    assert ("COERCE", None, "RUSMED") in triples(a) or any(e.type == "COERCE" and e.target_code for e in a.events)


def test_definite_participle_is_background() -> None:
    # "des getöteten Soldaten": an act known before, not the news of the sentence
    a = analyse("Die Familie des getöteten Soldaten sprach mit der Presse.")
    assert "ASSAULT" not in {e.type for e in a.events}


def test_partitive_group_is_the_subject() -> None:
    a = analyse("Laut Medien hat eine Gruppe von Soldaten mehrere Zivilisten erschossen.")
    assert any(e.type == "ASSAULT" and (e.source_code or "").endswith("MIL") for e in a.events), triples(a)


def test_hearsay_actor_is_not_the_source() -> None:
    a = analyse("Der Polizei zufolge wurden drei Menschen entführt.")
    assert all(not (e.source_code or "").endswith("COP") for e in a.events), triples(a)


def test_ruling_out_is_no_threat_but_not_ruling_out_is() -> None:
    assert "THREATEN" in {e.type for e in analyse("Die USA schließen Sanktionen gegen Russland nicht aus.").events}


@pytest.mark.parametrize(
    ("participle", "verb"),
    [("festgenommen", "festnehmen"), ("verwüstet", "verwüsten"), ("erschossen", "erschießen"),
     ("abgeschoben", "abschieben"), ("verboten", "verbieten"), ("getötet", "töten"), ("gesagt", None)],
)
def test_participle_to_verb(participle: str, verb: str | None) -> None:
    assert load_lexicon().participle(participle) == verb


def test_every_plover_type_has_verbs_and_nouns() -> None:
    lex = load_lexicon()
    from lagebild.events.patterns import PLOVER_TYPES

    for typ in PLOVER_TYPES:
        assert any(p.type == typ for p in lex.verbs.values()) or any(c.pattern.type == typ for c in lex.constructions), typ
        assert any(p.type == typ for p in lex.nouns.values()) or any(c.pattern.type == typ for c in lex.constructions), typ


def test_deaths_in_an_accident_are_no_event() -> None:
    assert not analyse("Bei dem Unfall kamen zwölf Menschen ums Leben.").events


# argument rules
ARGS = [
    # a compound's prefix codes a name the actor layer leaves uncoded
    ("Der US-Botschafter kritisierte die Regierung Polens.", ("ACCUSE", "USAGOV", "POLGOV")),
    # "von" after an event noun names who acts; "zwischen X und Y": each side acts on the other
    ("Es gab einen Großeinsatz von Armee und Polizei.", ("MOBILIZE", "MIL", None)),
    ("Bei Gefechten zwischen der Armee und Rebellen starben zehn Menschen.", ("ASSAULT", "REB", "MIL")),
    # a policy protested against stands for the government of the article's country
    ("In Frankreich demonstrierten Tausende gegen die Rentenreform der Regierung Frankreichs.",
     ("PROTEST", None, "FRAGOV")),
    # the object of a main clause that resumes after a relative clause
    ("Ein Attentäter tötete bei einem Anschlag auf einen Konvoi, der Flüchtlinge nach Aleppo bringen sollte, "
     "mindestens zwanzig Zivilisten.", ("ASSAULT", "CRM", "CVL")),
]


@pytest.mark.parametrize(("text", "triple"), ARGS)
def test_argument_rules(text: str, triple: tuple) -> None:
    got = {(e.type, e.source_code, e.target_code) for e in analyse(text).events}
    assert triple in got, got


def test_policy_target_without_a_named_government() -> None:
    a = analyse("Russland meldet Zahlen. In Moskau demonstrierten Tausende gegen die Rentenreform.")
    assert ("PROTEST", "RUSGOV") in {(e.type, e.target_code) for e in a.events}, triples(a)


def test_dateline_is_no_actor() -> None:
    a = analyse("Kabul – Rebellen griffen einen Stützpunkt an.")
    assert all(e.source_text != "Kabul" for e in a.events), triples(a)


def test_agent_who_attacked_stays_a_criminal() -> None:
    a = analyse("Ein Mann griff eine Frau an. Der Mann forderte Geld von der Polizei.")
    req = [e for e in a.events if e.type == "REQUEST"]
    assert req and req[0].source_code == "CRM", triples(a)


def test_headline_participle_is_passive() -> None:
    a = analyse("Zehn Zivilisten getötet")
    assert {(e.type, e.source_code, e.target_code) for e in a.events} == {("ASSAULT", None, "CVL")}, triples(a)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Frankreich forderte Russland auf, die Truppen abzuziehen.", {"REQUEST"}),
        ("Polen warf Russland vor, die Ukraine angegriffen zu haben.", {"ACCUSE"}),
        ("Die Nato drohte, Russland anzugreifen.", {"THREATEN"}),
    ],
)
def test_content_of_a_speech_act_is_not_coded(text: str, expected: set[str]) -> None:
    assert {e.type for e in analyse(text).events} == expected


def test_reported_demand_with_modal() -> None:
    from lagebild.events import EventStage
    from lagebild.model import Article

    from .helpers import real_stages

    stages = real_stages()
    if len(stages) < 4:
        pytest.skip("needs the actor and quote stages")
    a = Article(text="Polen müsse seine Politik gegenüber Russland ändern, sagte der französische Präsident.",
                published="2022-01-27", published_precision="day", language="de")
    for st in stages:
        a = st(a)
    a = EventStage()(a)
    assert any(e.type == "REQUEST" and (e.target_code or "").startswith("POL") for e in a.events), \
        [(e.type, e.source_code, e.target_code) for e in a.events]
