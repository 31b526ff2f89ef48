"""Transliteration of English romanisations of Cyrillic names into German spelling."""

from __future__ import annotations

import pytest

from lagebild.actors.translit import load_transliterator

PAIRS = [
    ("Sergey Lavrov", "RUS", "Sergej Lawrow"),
    ("Sergei Lavrov", "RUS", "Sergej Lawrow"),
    ("Dmitry Medvedev", "RUS", "Dmitri Medwedew"),
    ("Dmitry Peskov", "RUS", "Dmitri Peskow"),
    ("Volodymyr Zelensky", "UKR", "Wolodymyr Selenskyj"),
    ("Mikhail Gorbachev", "RUS", "Michail Gorbatschow"),
    ("Nikita Khrushchev", "RUS", "Nikita Chruschtschow"),
    ("Viktor Yanukovych", "UKR", "Viktor Janukowytsch"),
    ("Arseniy Yatsenyuk", "UKR", "Arseni Jazenjuk"),
    ("Yulia Tymoshenko", "UKR", "Julia Tymoschenko"),
    ("Maria Zakharova", "RUS", "Maria Sacharowa"),
    ("Sergei Shoigu", "RUS", "Sergej Schoigu"),
    ("Alexei Navalny", "RUS", "Alexej Nawalny"),
    ("Mikhail Khodorkovsky", "RUS", "Michail Chodorkowski"),
    ("Vladimir Zhirinovsky", "RUS", "Wladimir Schirinowski"),
    ("Nursultan Nazarbayev", "KAZ", "Nursultan Nasarbajew"),
    ("Boris Yeltsin", "RUS", "Boris Jelzin"),
    ("Mikhail Kasyanov", "RUS", "Michail Kassjanow"),
    ("Valery Gerasimov", "RUS", "Waleri Gerassimow"),
    ("Nikolai Patrushev", "RUS", "Nikolai Patruschew"),
    ("Sergei Ryabkov", "RUS", "Sergej Rjabkow"),
    ("Valentina Matviyenko", "RUS", "Valentina Matwijenko"),
    ("Sergey Sobyanin", "RUS", "Sergej Sobjanin"),
    ("Alexander Lukashenko", "BLR", "Alexander Lukaschenko"),
    ("Yevgeny Prigozhin", "RUS", "Jewgeni Prigoschin"),
    ("Igor Sechin", "RUS", "Igor Setschin"),
    ("Petro Poroshenko", "UKR", "Petro Poroschenko"),
    ("Vitaliy Klychko", "UKR", "Vitali Klitschko"),
    ("Vladimir Putin", "RUS", "Wladimir Putin"),
    ("Ramzan Kadyrov", "RUS", "Ramsan Kadyrow"),
]


@pytest.mark.parametrize(("english", "country", "german"), PAIRS)
def test_transliterate(english: str, country: str, german: str) -> None:
    assert load_transliterator("de").transliterate(english, country=country) == german


@pytest.mark.parametrize(
    ("english", "country", "variant"),
    [
        ("Sergey Lavrov", "RUS", "Sergei Lawrow"),
        ("Mikhail Gorbachev", "RUS", "Michail Gorbatschew"),
        ("Alexei Navalny", "RUS", "Alexej Nawalni"),
        ("Vladimir Zhirinovsky", "RUS", "Wladimir Schirinowskij"),
    ],
)
def test_variants_include_other_spellings(english: str, country: str, variant: str) -> None:
    assert variant in load_transliterator("de").name_variants(english, country=country)


@pytest.mark.parametrize(("country", "expected"), [("RUS", True), ("UKRGOV", True), ("USA", False), (None, False)])
def test_applies_only_to_cyrillic_countries(country: str | None, expected: bool) -> None:
    assert load_transliterator("de").applies_to(country) is expected


def test_missing_language_says_how_to_fix() -> None:
    with pytest.raises(FileNotFoundError, match="translit.yaml"):
        load_transliterator("xx")
