"""The fast tokenizer gives stock SoMaJo's tokens and sentences on a fixed set of hard cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.model import Article
from lagebild.nlp.tokenize import Tokenize
from lagebild.nlp.wordsplit import WordSplitter

from .test_tokenize import SEED_SENTENCE_STARTS, seed_body


@pytest.fixture(scope="module")
def engines() -> tuple[Tokenize, Tokenize]:
    return Tokenize(engine="fast"), Tokenize(engine="somajo")


def spans(tok: Tokenize, text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    art = tok(Article(text=text, language="de"))
    return [(t.start, t.end) for t in art.tokens], [(s.start, s.end) for s in art.sentences]


#: texts where SoMaJo's rules see abbreviations, numbers, emoticons, quotes, units or cross whitespace
TEXTS = [
    "Es kostet 3,5 Mio. Euro. Der Preis stieg um 12 % auf 1.000,50 Euro am 12.03.2020 um 14:30 Uhr.",
    "Dr. Müller, d.h. der Arzt, sagte z. B. am 3. Okt. etwas, u.a. über Art. 5 GG und die Hauptstr. 7.",
    "„Wir sind bereit“, hatte Nato-Generalsekretär Jens Stoltenberg gesagt. «Nein!», rief er. (Er ging.)",
    "Die Lehrer(innen) und Schüler (in) kamen. Ein Smiley :) und ;-) und 8) und XD sowie Hallo:) oder ]:",
    "Er fuhr 120 km/h und 5 km. weit, dann 30 m. Die ISBN 3 12 345678 9 und 978-3-16-148410-0 stehen da.",
    "Sie sagte 'das geht nicht' und ging. Er schrieb an info@example.org oder info [at] example [dot] org.",
    "Siehe https://www.taz.de/!5832024 oder www.rki.de/covid, tagesschau.de-App und _ganz wichtig_ hier.",
    "Corona- und Grippeviren, US-Präsident Joe Biden? Ja!? Nein... Vielleicht… Das DC. Die VI. Kammer.",
    "Es gab 5 ps. mehr und <3 für alle, aber 5 <3 nicht. Das Ende - > hier. Mehr -->> dort.",
    "Die Zahl stieg von 1.500 auf 2.000 (plus 33 Prozent). Am 1. Januar 2021 galt: „Maske auf!“",
    "Er sagte: „Das ist falsch.“ Dann ging er. Sie fragte: „Warum?“ – und keiner antwortete.",
    "Zwischen 2019-2020 und 3-4 Mal, 10:1 und 1/2 Liter, 2x täglich, 3D-Drucker und 5G-Netz.",
    "#Corona und @rki_de twitterten: Der R-Wert liegt bei 0,9. Das RKI meldet 12.345 neue Fälle.",
    "Die Ver\u00adhandlungen laufen. Zero\u200bwidth stört nicht. Das ist ein Satz\u00a0mit geschütztem Leerzeichen.",
    "WHO-Chef Tedros Adhanom Ghebreyesus sagte am Mittwoch in Genf. Das sei \"sehr ernst\". Alle 16 Länder.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_fast_engine_equals_somajo(engines: tuple[Tokenize, Tokenize], text: str) -> None:
    fast, stock = engines
    assert spans(fast, text) == spans(stock, text)


#: single words of every shape the fast path splits without SoMaJo, and some it must leave to SoMaJo
WORDS = [
    "Menschen,", "Menschen.", "„Menschen", "Menschen“,", "(Menschen)", "(Menschen).", "Menschen!?", "Menschen“.",
    "(in)", "(In)", "(inn)", "Hallo:)", "Hallo;)", "8)", "(8)", "12,", "12.", "3.", "(2020)", "„12“", "Mio.",
    "bzw.", "Dr.", "z.", "DC.", "VI.", "Hauptstr.", "Art.", "Nato-Staaten,", "Corona-", "E-Mail.", "XD,", "oO.",
    "»Nein«", "›Ja‹.", "[Menschen]", "Menschen]:", "Menschen:", "Menschen;", "\"Menschen\",", "Menschen'",
    "ps.", "etc.", "usw.", "Co.", "Abs.", "Nr.", "St.", "Okt.", "Jan.", "Prof.", "ca.", "vs.", "Mrd.",
]


@pytest.fixture(scope="module")
def ws() -> WordSplitter:
    return WordSplitter()


@pytest.mark.parametrize("word", WORDS)
def test_word_tokens_equal_somajo(ws: WordSplitter, word: str) -> None:
    assert ws.word(word) == ws._somajo_word(word)


@pytest.mark.parametrize("text", [TEXTS[1], TEXTS[4], TEXTS[5], TEXTS[6], TEXTS[8]])
def test_segments_with_cross_word_rules_go_to_somajo(ws: WordSplitter, text: str) -> None:
    assert ws.split(text) is None


@pytest.mark.parametrize("prefix", sorted(SEED_SENTENCE_STARTS))
def test_seed_boundaries_equal_somajo(engines: tuple[Tokenize, Tokenize], seeds_dir: Path, prefix: str) -> None:
    fast, stock = engines
    (path,) = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
    text = seed_body(path)
    assert spans(fast, text) == spans(stock, text)


def test_unknown_engine_is_refused() -> None:
    from lagebild.errors import PipelineError

    with pytest.raises(PipelineError, match="engine"):
        Tokenize(engine="nope")
