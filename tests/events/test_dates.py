"""Temporal expressions: resolution against the publication date and detection in running text."""

from __future__ import annotations

from datetime import date

import pytest

from lagebild.events.dates import find_date_expressions, parse_reference, resolve

THU = date(2022, 1, 27)  # a Thursday

PAST = [
    # weekdays: news reads in the past; the publication weekday is that day
    ("am Donnerstag", ("2022-01-27", "day")),
    ("am Mittwoch", ("2022-01-26", "day")),
    ("am Montag", ("2022-01-24", "day")),
    ("am Freitag", ("2022-01-21", "day")),
    ("am Sonntag", ("2022-01-23", "day")),
    ("am Sonnabend", ("2022-01-22", "day")),
    ("Dienstag", ("2022-01-25", "day")),
    ("letzten Freitag", ("2022-01-21", "day")),
    ("letzten Donnerstag", ("2022-01-20", "day")),
    ("vergangenen Dienstag", ("2022-01-25", "day")),
    ("kommenden Montag", ("2022-01-31", "day")),
    ("nächsten Donnerstag", ("2022-02-03", "day")),
    ("diesen Freitag", ("2022-01-28", "day")),
    # day words
    ("heute", ("2022-01-27", "day")),
    ("gestern", ("2022-01-26", "day")),
    ("vorgestern", ("2022-01-25", "day")),
    ("morgen", ("2022-01-28", "day")),
    ("übermorgen", ("2022-01-29", "day")),
    ("Gestern", ("2022-01-26", "day")),
    # parts of the day
    ("Dienstagabend", ("2022-01-25TEV", "part-of-day")),
    ("am Mittwochabend", ("2022-01-26TEV", "part-of-day")),
    ("Donnerstagmorgen", ("2022-01-27TMO", "part-of-day")),
    ("Montagnachmittag", ("2022-01-24TAF", "part-of-day")),
    ("in der Nacht zum Mittwoch", ("2022-01-25TNI", "part-of-day")),
    ("in der Nacht auf Donnerstag", ("2022-01-26TNI", "part-of-day")),
    ("gestern Abend", ("2022-01-26TEV", "part-of-day")),
    ("heute Morgen", ("2022-01-27TMO", "part-of-day")),
    ("gestern früh", ("2022-01-26TMO", "part-of-day")),
    # absolute dates
    ("27. Januar 2022", ("2022-01-27", "day")),
    ("27 Jan 2022", ("2022-01-27", "day")),
    ("27.01.2022", ("2022-01-27", "day")),
    ("3.10.", ("2021-10-03", "day")),
    ("am 3. Oktober", ("2021-10-03", "day")),
    ("am 12. Januar", ("2022-01-12", "day")),
    ("1. Februar", ("2022-02-01", "day")),  # five days ahead: coming, not last year's
    ("24. Februar 2022", ("2022-02-24", "day")),
    ("2022-01-27", ("2022-01-27", "day")),
    ("9. November 1989", ("1989-11-09", "day")),
    ("3. Okt. 2021", ("2021-10-03", "day")),
    ("15.3.21", ("2021-03-15", "day")),
    # weeks, months, years
    ("vergangene Woche", ("2022-W03", "week")),
    ("in der vergangenen Woche", ("2022-W03", "week")),
    ("letzte Woche", ("2022-W03", "week")),
    ("diese Woche", ("2022-W04", "week")),
    ("kommende Woche", ("2022-W05", "week")),
    ("nächste Woche", ("2022-W05", "week")),
    ("am Wochenende", ("2022-W03-WE", "weekend")),
    ("vergangenes Wochenende", ("2022-W03-WE", "weekend")),
    ("im März", ("2022-03", "month")),  # five weeks ahead is nearer than ten months back
    ("im Januar", ("2022-01", "month")),
    ("seit Dezember", ("2021-12", "month")),
    ("Januar 2022", ("2022-01", "month")),
    ("im Oktober 2021", ("2021-10", "month")),
    ("Anfang Februar", ("2022-02", "month")),  # next month: coming
    ("Mitte Dezember", ("2021-12", "month")),
    ("Ende des Monats", ("2022-01", "month")),
    ("Ende nächsten Monats", ("2022-02", "month")),
    ("Anfang der Woche", ("2022-W04", "week")),
    ("vergangenen Monat", ("2021-12", "month")),
    ("im vergangenen Jahr", ("2021", "year")),
    ("letztes Jahr", ("2021", "year")),
    ("im kommenden Jahr", ("2023", "year")),
    ("Ende 2021", ("2021", "year")),
    ("im Jahr 2014", ("2014", "year")),
    # counted offsets
    ("vor zwei Tagen", ("2022-01-25", "day")),
    ("vor 3 Tagen", ("2022-01-24", "day")),
    ("vor einer Woche", ("2022-W03", "week")),
    ("vor drei Wochen", ("2022-W01", "week")),
    ("vor zwei Monaten", ("2021-11", "month")),
    ("vor einem Jahr", ("2021", "year")),
    ("in zwei Wochen", ("2022-W06", "week")),
    ("in drei Tagen", ("2022-01-30", "day")),
]


@pytest.mark.parametrize(("expr", "expected"), PAST)
def test_resolve_past(expr: str, expected: tuple[str, str]) -> None:
    assert resolve(expr, THU) == expected


FUTURE = [
    ("am Montag", ("2022-01-31", "day")),
    ("am Donnerstag", ("2022-01-27", "day")),
    ("im März", ("2022-03", "month")),
    ("Anfang Februar", ("2022-02", "month")),
    ("am 3. Oktober", ("2022-10-03", "day")),
    ("am Wochenende", ("2022-W04-WE", "weekend")),
    ("am 29. Februar", None),  # 2022 and 2023 have none
]


@pytest.mark.parametrize(("expr", "expected"), FUTURE)
def test_resolve_future(expr: str, expected: tuple[str, str] | None) -> None:
    assert resolve(expr, THU, tense="future") == expected


NEAR_FUTURE = [
    # a day or month without a year (sentence tense unknown or present) is the nearer of its last and its
    # coming occurrence
    (date(2020, 10, 28), "ab dem 2. November", ("2020-11-02", "day")),
    (date(2020, 10, 28), "im November", ("2020-11", "month")),
    (date(2020, 10, 28), "im Dezember", ("2020-12", "month")),
    (date(2020, 10, 28), "am 20. Dezember", ("2020-12-20", "day")),
    (date(2020, 10, 28), "am 31. Januar", ("2021-01-31", "day")),  # 95 days ahead, 271 back
    (date(2020, 10, 28), "am 15. März", ("2021-03-15", "day")),  # 138 ahead, 227 back
    (date(2020, 10, 28), "am 15. April", ("2021-04-15", "day")),  # 169 ahead, 196 back
    (date(2020, 10, 28), "am 15. Mai", ("2020-05-15", "day")),  # 199 ahead, 166 back
    (date(2020, 10, 28), "im Mai", ("2020-05", "month")),
    (date(2021, 12, 30), "am 2. Januar", ("2022-01-02", "day")),
    (date(2021, 12, 20), "im Januar", ("2022-01", "month")),
    (date(2021, 12, 20), "im Februar", ("2022-02", "month")),
    (date(2020, 12, 5), "am 23. Dezember", ("2020-12-23", "day")),  # the case: not 2019-12-23
]


@pytest.mark.parametrize(("ref", "expr", "expected"), NEAR_FUTURE)
def test_resolve_near_future_in_past_reading(ref: date, expr: str, expected: tuple[str, str]) -> None:
    assert resolve(expr, ref) == expected


MONTH_REF = [
    ("am Donnerstag", ("2022-01", "month")),
    ("gestern", ("2022-01", "month")),
    ("vergangene Woche", ("2022-01", "month")),
    ("27. Januar 2022", ("2022-01-27", "day")),
    ("im Dezember", ("2021-12", "month")),
]


@pytest.mark.parametrize(("expr", "expected"), MONTH_REF)
def test_resolve_month_precision(expr: str, expected: tuple[str, str]) -> None:
    assert resolve(expr, date(2022, 1, 1), ref_precision="month") == expected


@pytest.mark.parametrize("expr", ["Forderung", "die Nato", "3,5 Prozent", "Mai Thi Nguyen", ""])
def test_resolve_rejects_non_dates(expr: str) -> None:
    assert resolve(expr, THU) is None


FIND = [
    ("Peskow sagte am Donnerstag der Agentur Interfax zufolge.", ["am Donnerstag"]),
    ("Die Nato hatte am Mittwoch geantwortet.", ["am Mittwoch"]),
    ("Sie haben gestern die Erklärungen gehört.", ["gestern"]),
    ("Am Morgen trafen sich die Minister.", []),
    ("Morgen reist Scholz nach Kiew.", ["Morgen"]),
    ("Das Treffen ist für Anfang Februar geplant.", ["Anfang Februar"]),
    ("Am 3. Oktober 1990 und im März 2021.", ["3. Oktober 1990", "im März 2021"]),
    ("Dienstagabend gab es Gespräche, vergangene Woche nicht.", ["Dienstagabend", "vergangene Woche"]),
    ("Die Inflation stieg auf 3.5 Prozent.", []),
    ("Bild: Russische Soldaten in Rostow, 26. Januar 2022", ["26. Januar 2022"]),
    ("In der Nacht zum Freitag fielen Schüsse.", ["In der Nacht zum Freitag"]),
]


@pytest.mark.parametrize(("text", "expected"), FIND)
def test_find_date_expressions(text: str, expected: list[str]) -> None:
    found = find_date_expressions(text)
    assert [e for _, _, e in found] == expected
    assert all(text[s:e] == x for s, e, x in found)


@pytest.mark.parametrize(
    ("published", "expected"),
    [("2022-01-27", (date(2022, 1, 27), "day")), ("2022-01", (date(2022, 1, 1), "month")),
     ("2022", (date(2022, 1, 1), "year")), (None, None), ("kein Datum", None)],
)
def test_parse_reference(published: str | None, expected: object) -> None:
    assert parse_reference(published) == expected


@pytest.mark.parametrize(("ref", "expr", "expected"), [
    # a past-tense sentence reads the last occurrence, unless that lies more than 300 days back: then the
    # sentence reports a plan ("hatten gefordert, die Stichwahl am 22. März zu verschieben")
    (date(2020, 10, 28), "am 15. März", ("2020-03-15", "day")),  # 227 back (the present reading goes ahead)
    (date(2020, 10, 28), "am 15. April", ("2020-04-15", "day")),
    (date(2020, 10, 28), "am 3. Oktober", ("2020-10-03", "day")),
    (date(2020, 10, 28), "am 15. Januar", ("2020-01-15", "day")),  # 287 back
    (date(2020, 10, 28), "am 15. Dezember", ("2020-12-15", "day")),  # 318 back would be too far
    (date(2020, 10, 28), "ab dem 2. November", ("2020-11-02", "day")),
    (date(2020, 10, 28), "im November", ("2020-11", "month")),
    (date(2020, 10, 28), "im Januar", ("2020-01", "month")),
    (date(2020, 12, 30), "am 2. Januar", ("2021-01-02", "day")),
    (date(2020, 12, 5), "am 23. Dezember", ("2020-12-23", "day")),
])
def test_past_tense_sentence_reads_yearless_dates_back_within_300_days(ref: date, expr: str,
                                                                        expected: tuple[str, str]) -> None:
    assert resolve(expr, ref, near_future=False) == expected


def test_weekday_expressions_at_the_ends_of_the_calendar_do_not_resolve():
    """0001-01-01 and 9999-12-31 with "am Montag" / "nächste Woche": no date, no OverflowError."""
    from datetime import date

    from lagebild.events.dates import resolve

    for ref in (date(1, 1, 1), date(9999, 12, 31)):
        for expr in ("am Montag", "nächste Woche", "am Dienstagabend", "vor zwei Wochen", "übermorgen", "gestern"):
            for tense in ("past", "future"):
                got = resolve(expr, ref, tense=tense)
                assert got is None or isinstance(got[0], str), (expr, ref, tense, got)
    assert resolve("am Sonntag", date(1, 1, 1)) is None  # the Sunday before the first day of the calendar


@pytest.mark.parametrize(("ref", "expr", "expected"), [
    # after "seit" the date lies in the past, however far back
    (date(2020, 9, 4), "Seit 4. Februar", ("2020-02-04", "day")),
    (date(2020, 11, 12), "seit dem 10. Januar", ("2020-01-10", "day")),  # 307 back: the text says so
    (date(2020, 9, 4), "seit Dezember", ("2019-12", "month")),
])
def test_since_reads_back(ref: date, expr: str, expected: tuple[str, str]) -> None:
    assert resolve(expr, ref) == expected
    assert resolve(expr, ref, near_future=False) == expected


def test_since_is_part_of_the_expression() -> None:
    text = "Seit dem 4. Februar gibt es 1764 Fälle, die Wahl findet am 3. November statt."
    assert [e for _, _, e in find_date_expressions(text)] == ["Seit dem 4. Februar", "3. November"]


@pytest.mark.parametrize(("ref", "expr"), [(date(1, 1, 1), "am Sonntag"), (date(1, 1, 1), "gestern"),
                                           (date(9999, 12, 31), "morgen"), (date(9999, 12, 31), "nächste Woche"),
                                           (date(1, 1, 3), "am 23. Dezember"), (date(9999, 12, 30), "vor zwei Tagen")])
def test_dates_at_the_ends_of_the_calendar_do_not_raise(ref: date, expr: str) -> None:
    got = resolve(expr, ref)
    assert got is None or 1 <= int(got[0][:4]) <= 9999
