"""Parameter checks: every bad value names its parameter and says what to write."""

from __future__ import annotations

import pytest

from lagebild.queries import Filters, QueryError, make_filters, make_paging, parse_day


@pytest.mark.parametrize(("value", "end", "expected"), [
    ("2020-11-02", False, "2020-11-02"), ("2020-11", False, "2020-11-01"), ("2020-11", True, "2020-11-30"),
    ("2020-02", True, "2020-02-29"), ("2020", True, "2020-12-31"), ("2020-12", True, "2020-12-31"),
    ("9999-12", True, "9999-12-31"), (" 2021-03-01 ", False, "2021-03-01"), ("", False, None), (None, False, None),
])
def test_parse_day(value, end: bool, expected: str | None) -> None:
    assert parse_day(value, param="from", end=end) == expected


@pytest.mark.parametrize("value", ["%", "1) OR (1=1", "2020-13-01", "2020-02-30", "0000-01-01", "20201102", "2020-1-2",
                                   "\x00", "२०२०-११-०२", "2020-11-02T10:00"])
def test_bad_days(value: str) -> None:
    with pytest.raises(QueryError) as e:
        parse_day(value, param="from")
    assert e.value.param == "from" and "YYYY-MM-DD" in str(e.value) or "year" in str(e.value)


@pytest.mark.parametrize(("kw", "param"), [
    ({"date_from": "2020-12-01", "date_to": "2020-11"}, "from"), ({"actor": "a\x00b"}, "actor"),
    ({"outlet": "zeit.de'; DROP"}, "outlet"), ({"type": "REJECT OR 1"}, "type"), ({"story": "../s1"}, "story"),
    ({"q": "x" * 201}, "q"), ({"min_confidence": "NaN"}, "min_confidence"), ({"min_confidence": "1.5"}, "min_confidence"),
    ({"min_confidence": "viel"}, "min_confidence"),
])
def test_bad_filters(kw: dict, param: str) -> None:
    with pytest.raises(QueryError) as e:
        make_filters(**kw)
    assert e.value.param == param


def test_filters_keep_what_is_valid() -> None:
    f = make_filters(date_from="2020-11", date_to="2020-11", actor=" Angela Merkel ", outlet="zeit.de", type="REJECT",
                     q="Impfstoff Mainz", story="s-1", min_confidence="0")
    assert f == Filters("2020-11-01", "2020-11-30", "Angela Merkel", "zeit.de", "REJECT", "Impfstoff Mainz", "s-1", 0.0)
    assert f.as_params()["from"] == "2020-11-01"


@pytest.mark.parametrize(("kw", "param"), [
    ({"offset": str(2 ** 63)}, "offset"), ({"offset": "-1"}, "offset"), ({"limit": "0"}, "limit"),
    ({"limit": "abc"}, "limit"), ({"sort": "size"}, "sort"), ({"sort": ".*"}, "sort"), ({"offset": True}, "offset"),
])
def test_bad_paging(kw: dict, param: str) -> None:
    with pytest.raises(QueryError) as e:
        make_paging("events", **kw)
    assert e.value.param == param


def test_sort_keys_are_listed_in_the_message() -> None:
    with pytest.raises(QueryError, match="confidence, date, sources, type"):
        make_paging("events", sort="size")
    assert make_paging("events", sort="-sources").sort == "-sources"
