"""The third round on type recall and precision: German expressions for AGREE, SANCTION, CONCEDE, AID and
COOPERATE written from the PLOVER definitions and their CAMEO codes, and meeting nouns that are only the
occasion of something else. Hand-written sentences; one ("Bei den Tarifverhandlungen stehen die Zeichen auf
Streik.") is a shortened development-set (dev2) sentence, none is from the test split."""

from __future__ import annotations

import pytest

from .helpers import analyse

CASES = [
    # AGREE: agreements reached, proposals and offers accepted
    ("Die Regierung nahm den Vorschlag der Opposition an.", "AGREE"),
    ("Beide Staaten trafen eine Vereinbarung über den Grenzverkehr.", "AGREE"),
    ("Die Parteien erzielten eine Übereinkunft.", "AGREE"),
    # SANCTION: sentences, dismissals, entry bans
    ("Der Oppositionelle wurde zu vier Jahren Arbeitslager verurteilt.", "SANCTION"),
    ("Der Präsident hat den Innenminister seines Amtes enthoben.", "SANCTION"),
    ("Die Regierung verhängte ein Einreiseverbot gegen den Diplomaten.", "SANCTION"),
    ("Die Kommission setzte die Zusammenarbeit mit der Behörde aus.", "SANCTION"),
    # CONCEDE: faults admitted, measures eased, property returned
    ("Die Ministerin räumte Fehler ein.", "CONCEDE"),
    ("Der Landrat lockerte die Beschränkungen.", "CONCEDE"),
    ("Das Museum gab die Kunstwerke an Mexiko zurück.", "CONCEDE"),
    # AID: helpers and vaccine sent for help
    ("Deutschland schickte Helfer nach Italien.", "AID"),
    ("China lieferte Impfstoff an Serbien.", "AID"),
    # COOPERATE: joint work
    ("Deutschland beginnt eine Kooperation mit Frankreich.", "COOPERATE"),
]


@pytest.mark.parametrize(("text", "typ"), CASES)
def test_type_is_coded(text: str, typ: str) -> None:
    a = analyse(text)
    assert typ in {e.type for e in a.events}, [(e.type, a.span_text(e.start, e.end)) for e in a.events]


@pytest.mark.parametrize("text", [
    "Bei den Tarifverhandlungen stehen die Zeichen auf Streik.",
    "Beim Gipfeltreffen in Brüssel wurde über Zölle gestritten.",
    "Der Bürgermeister sagte im Gespräch mit der Zeitung, die Lage sei ernst.",
])
def test_known_meeting_as_occasion_is_no_consult(text: str) -> None:
    a = analyse(text)
    assert "CONSULT" not in {e.type for e in a.events}, [(e.type, a.span_text(e.start, e.end)) for e in a.events]


def test_new_meeting_in_a_bei_phrase_is_coded() -> None:
    # "Bei einem Treffen der Minister …": an indefinite meeting is news, not a known occasion
    a = analyse("Bei einem Treffen der Außenminister in Wien sagte der Minister, man sei zufrieden.")
    assert "CONSULT" in {e.type for e in a.events}


def test_a_statement_conceded_is_no_concession() -> None:
    # "räumt ein: …" reports what someone says; only a fault admitted is a concession
    a = analyse("Der Sprecher räumte ein, dass die Zahlen noch vorläufig seien.")
    assert "CONCEDE" not in {e.type for e in a.events}


@pytest.mark.parametrize("text", [
    "Beim Eintreffen der Polizei flüchteten die Feiernden.",
    "Der Minister sprach auf der Jahrespressekonferenz des Landratsamtes.",
])
def test_endings_that_are_no_meeting(text: str) -> None:
    # "Eintreffen" ends in "Treffen", "Jahrespressekonferenz" in "Konferenz": neither is a meeting of actors
    a = analyse(text)
    assert "CONSULT" not in {e.type for e in a.events}, [(e.type, a.span_text(e.start, e.end)) for e in a.events]


def test_cooperation_without_partners_is_no_event() -> None:
    a = analyse("Impfen ist ein Akt der Kooperation.")
    assert "COOPERATE" not in {e.type for e in a.events}


def test_lexicon_diff_names_the_missing_folder(tmp_path) -> None:
    from lagebild.errors import PipelineError
    from lagebild.events.lexicon_diff import lexicon_diff

    with pytest.raises(PipelineError, match="verbs.yaml not found"):
        lexicon_diff(tmp_path / "old")


def test_lexicon_diff_of_the_same_lexicon_is_empty(shared_dir, tmp_path) -> None:
    import shutil

    from lagebild.events.lexicon_diff import lexicon_diff
    from lagebild.nlp.lang import LANG_DIR

    old = tmp_path / "events"
    shutil.copytree(LANG_DIR / "de" / "events", old)
    assert lexicon_diff(old, sample=3, shared_data=shared_dir / "data") == []
