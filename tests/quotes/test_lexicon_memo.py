"""The lexicon's memoised look-ups give what a fresh computation gives."""

from __future__ import annotations

from lagebild.quotes.lexicon import load_lexicon

WORDS = ["Außenminister", "außenminister", "Minister", "Regierungssprecherin", "Sprecher", "Haus", "Ministers",
         "Kanzlerin", "Präsident", "US-Präsident", "", "x"]


def test_role_of_is_memoised_without_change() -> None:
    lex = load_lexicon("de")
    for _ in range(2):
        for w in WORDS:
            want = next((r for r in lex.roles if w.lower().endswith(r)), None)
            assert lex.role_of(w) == want


def test_word_lists_and_suffixes() -> None:
    lex = load_lexicon("de")
    for key in ("medium_nouns", "source_nouns", "so_words", "no_such_list"):
        want = frozenset(str(w).lower() for w in lex.frames.get(key, []) or [])
        assert lex.words(key) == want and lex.words(key) is lex.words(key)
        assert set(lex.suffixes(key)) == want
