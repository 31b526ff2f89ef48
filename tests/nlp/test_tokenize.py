"""Sentences and tokens: offsets, segment boundaries, seed articles."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from lagebild.model import Article
from lagebild.nlp.tokenize import Tokenize, segments


@pytest.fixture(scope="module")
def tok() -> Tokenize:
    return Tokenize()


def run(tok: Tokenize, text: str) -> Article:
    return tok(Article(text=text, language="de"))


OFFSET_TEXTS = [
    "«Sie haben gestern die Erklärungen gehört», sagte Peskow am 3. Okt. 2022.",
    "„Wir sind bereit“, hatte Nato-Generalsekretär Jens Stoltenberg gesagt. Das kostet 3,5 Mio. Euro.",
    "Siehe https://www.taz.de/!5832024 oder schreib an info@example.org :-) 👍🏽 Danke!",
    "Die Ver\u00adhandlungen laufen. Zero\u200bwidth stört nicht.",
    "Der Kreml hat verhalten reagiert.\n\nOffizielle Anfrage angekündigt\n\nRussland werde demnächst schicken.",
    "Eine positive Antwort\ndiesbezüglich habe Russland nicht erhalten. Aber wir\nwurden nicht gehört.",
    "   führende Leerzeichen\tund\u00a0geschützte Leerzeichen …  und Ellipsen...",
    "",
]


@pytest.mark.parametrize("text", OFFSET_TEXTS)
def test_offsets_round_trip(tok: Tokenize, text: str) -> None:
    art = run(tok, text)
    for t in art.tokens:
        piece = art.text[t.start : t.end]
        assert piece and piece == piece.strip()
        assert art.sentences[t.sent].start <= t.start < t.end <= art.sentences[t.sent].end
    assert [t.start for t in art.tokens] == sorted(t.start for t in art.tokens)
    # every non-space character is inside a token (tokens may span invisible characters)
    words = "".join(art.text[t.start : t.end] for t in art.tokens)
    assert re.sub(r"[\s\u00ad\u200b]", "", words) == re.sub(r"[\s\u00ad\u200b]", "", text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("«Sie haben es gehört», sagte Peskow. Die Nato schwieg.",
         ["«", "Sie", "haben", "es", "gehört", "»", ",", "sagte", "Peskow", ".", "Die", "Nato", "schwieg", "."]),
        ("Es kostet 3,5 Mio. Euro.", ["Es", "kostet", "3,5", "Mio.", "Euro", "."]),
        ("US-Außenminister Blinken (USA) sprach.", ["US-Außenminister", "Blinken", "(", "USA", ")", "sprach", "."]),
    ],
)
def test_tokens(tok: Tokenize, text: str, expected: list[str]) -> None:
    art = run(tok, text)
    assert [art.token_text(t) for t in art.tokens] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # paragraph break is a boundary even without punctuation
        ("Er sagte\n\ndas nicht", ["Er sagte", "das nicht"]),
        # heading line of its own
        ("Der Kreml reagiert.\nOffizielle Anfrage angekündigt\nRussland werde schicken.",
         ["Der Kreml reagiert.", "Offizielle Anfrage angekündigt", "Russland werde schicken."]),
        # quotation marks stay with their sentence
        ("«Es gibt keine Reaktion.» Präsident Putin habe es gelesen.",
         ["«Es gibt keine Reaktion.»", "Präsident Putin habe es gelesen."]),
        ("„Wir\nhaben gepflegt. Aber wir\nwurden nicht gehört“, sagte er. Es ist so.",
         ["„Wir\nhaben gepflegt.", "Aber wir\nwurden nicht gehört“, sagte er.", "Es ist so."]),
        # hard-wrapped paragraph: line breaks inside sentences are not boundaries
        ("Lawrows US-amerikanischer Amtskollege Antony\nBlinken sagte, Spielraum gebe es etwa bei\n"
         "Manövern in Europa oder bei der Rüstungskontrolle. Die Nato\nschwieg dazu.",
         ["Lawrows US-amerikanischer Amtskollege Antony\nBlinken sagte, Spielraum gebe es etwa bei\n"
          "Manövern in Europa oder bei der Rüstungskontrolle.", "Die Nato\nschwieg dazu."]),
        # one paragraph per line (exports)
        ("Erster Absatz ohne Punkt\nZweiter Absatz.\nDritter.", ["Erster Absatz ohne Punkt", "Zweiter Absatz.", "Dritter."]),
    ],
)
def test_sentence_boundaries(tok: Tokenize, text: str, expected: list[str]) -> None:
    art = run(tok, text)
    assert [art.text[s.start : s.end] for s in art.sentences] == expected


def test_segments_skip_blank_lines() -> None:
    text = "\n\n  A b.\n\n\n C d \n"
    assert [text[s:e] for s, e in segments(text)] == ["A b.", "C d"]


def test_space_after_and_sentence_index(tok: Tokenize) -> None:
    art = run(tok, "Er kam, sah.\nSie ging.")
    assert [(art.token_text(t), t.space_after, t.sent) for t in art.tokens] == [
        ("Er", True, 0), ("kam", False, 0), (",", True, 0), ("sah", False, 0), (".", True, 0),
        ("Sie", True, 1), ("ging", False, 1), (".", True, 1),
    ]


@pytest.mark.parametrize("text", ["Gut 👍🏽 und 😀😀 schön ❤️!", "Ein Text ohne Emoji, aber mit :-) Smiley.", "A ™ © ®"])
def test_fast_emoji_scan_gives_the_same_tokens(text: str) -> None:
    fast = Tokenize(fast_emoji=True)(Article(text=text, language="de"))
    slow = Tokenize(fast_emoji=False)(Article(text=text, language="de"))
    assert [(t.start, t.end, t.sent) for t in fast.tokens] == [(t.start, t.end, t.sent) for t in slow.tokens]


def test_stage_pickles_after_use(tok: Tokenize) -> None:
    run(tok, "Ein Satz.")
    clone = pickle.loads(pickle.dumps(tok))
    assert len(run(clone, "Noch ein Satz. Und noch einer.").sentences) == 2


# ---------------------------------------------------------------- seeds
def seed_body(path: Path) -> str:
    """The body of a seed article with its layout stripped (minimal, for this test only)."""
    raw = path.read_text(encoding="utf-8")
    if raw.lstrip().startswith("|"):
        lines = [re.sub(r"\s*\|\s*\|\s*$", "", re.sub(r"^\| ?", "", ln)) for ln in raw.splitlines()]
        i = next(k for k, ln in enumerate(lines) if re.match(r"^\w+ taz \| ", ln))
        j = next(k for k, ln in enumerate(lines) if re.fullmatch(r"\d{1,2} \w{3} \d{4}", ln.strip()))
        body = re.sub(r"^\w+ taz \| ", "", "\n".join(lines[i:j]))
        return re.sub(r"\[\d+\]\[([^\]]*)\]", r"\1", body).strip()
    first_blank = raw.index("\n\n")
    body = raw[first_blank:].strip()
    return re.sub(r"^\w+ - ", "", body)


#: first words of every sentence, checked by hand against the seed articles
SEED_SENTENCE_STARTS = {
    "000": ["Der Kreml hat", "«Sie haben gestern", "«Auf dieser Grundlage", "Ich würde aber",
            "Präsident Wladimir Putin", "Wann genau Moskau", "«Natürlich braucht es", "Außenminister Sergej Lawrow",
            "Es gibt keine", "Offizielle Anfrage angekündigt", "Russland werde den", "Es gab bereits",
            "Die Nato und", "Bei der russischen", "US-Außenminister Blinken hatte", "Moskau sieht sich",
            "Insbesondere will der", "Die USA und", "Der Kreml weist", "Parallel zu den"],
    "004": ["Das russische Außenministerium", "Genau das, was", "Er erkenne darin", "Aber: Die Kernfrage",
            "Moskau gehe es", "Russland fühle sich", "„Wir haben eine", "Eine positive Antwort",
            "Eine positive Antwort", "„Wir sind bereit,", "Dazu gehöre aber", "Lawrows US-amerikanischer Amtskollege",
            "Moskau sind die", "Man testet allerdings", "Auf allen Kanälen,", "Moskau hat dadurch",
            "Die Mittel für", "Den Russen ist", "Sie sind auch", "Das macht die", "Und der Schwebezustand",
            "„Es wird keinen", "„Wir haben die", "Aber wir wurden", "Es ist zum", "Es gehe nicht",
            "Moskau geht es"],
}


@pytest.mark.parametrize("prefix", sorted(SEED_SENTENCE_STARTS))
def test_seed_sentence_boundaries(tok: Tokenize, seeds_dir: Path, prefix: str) -> None:
    (path,) = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
    art = run(tok, seed_body(path))
    got = [" ".join(art.text[s.start : s.end].split()) for s in art.sentences]
    expected = SEED_SENTENCE_STARTS[prefix]
    assert len(got) == len(expected), got
    for sentence, start in zip(got, expected):
        assert sentence.startswith(start), (sentence, start)
        assert sentence[-1] in ".?!»“" or sentence == "Offizielle Anfrage angekündigt", sentence


def test_dropped_control_character_falls_back_to_somajo_offsets(tok: Tokenize) -> None:
    art = run(tok, "Ein\x07 Steuerzeichen. Und\x07 noch eins.")
    assert [art.token_text(t) for t in art.tokens] == ["Ein", "Steuerzeichen", ".", "Und", "noch", "eins", "."]
    assert len(art.sentences) == 2
