"""The lists over a small hand-built store: filters, names beside ids, the confidence floor, sorting."""

from __future__ import annotations

import pytest

from lagebild.queries import Filters, Paging, actor_kind, fallback_name, listing, resolve_actor, select_all
from lagebild.store import Store

from ..web.stores import AGENT, fill_rich, rich_path, rich_store  # noqa: F401 - fixtures


@pytest.fixture(scope="module")
def st(rich_store):
    return rich_store


def test_events_carry_names_beside_ids(st) -> None:
    rows = listing(st, "events", Filters(min_confidence=0)).rows
    by_type = {r["type"]: r for r in rows}
    assert (by_type["AID"]["source_name"], by_type["AID"]["target_name"]) == ("Angela Merkel", "Frankreich")
    assert by_type["ACCUSE"]["target"] == AGENT and by_type["ACCUSE"]["target_name"] == "Sprachschüler"
    assert by_type["COERCE"]["source_name"] == "Polizei" and by_type["COERCE"]["target_name"] is None


def test_low_confidence_is_hidden_and_counted(st) -> None:
    default = listing(st, "events", Filters())
    assert (default.total, default.hidden) == (3, 1)
    assert "REJECT" not in {r["type"] for r in default.rows}
    everything = listing(st, "events", Filters(min_confidence=0))
    assert (everything.total, everything.hidden) == (4, 0)
    quotes = listing(st, "quotes", Filters())
    assert (quotes.total, quotes.hidden) == (2, 1) and all(q["confidence"] >= 0.5 for q in quotes.rows)
    assert listing(st, "quotes", Filters(min_confidence=0.85)).total == 1


def test_event_dates_overlap_the_range(st) -> None:
    assert {r["date"] for r in listing(st, "events", Filters(date_from="2020-11-03", date_to="2020-11-03")).rows} == \
        {"2020-11-03"}
    assert listing(st, "events", Filters(date_from="2020-11-05")).total == 0


@pytest.mark.parametrize(("value", "ids"), [
    ("per:angela-merkel", ["per:angela-merkel"]), ("angela merkel", ["per:angela-merkel"]),
    ("Macron", ["per:emmanuel-macron"]), (AGENT, [AGENT]), ("xy", ["xy"]),
])
def test_actor_values(st, value: str, ids: list[str]) -> None:
    assert resolve_actor(st, value) == ids


def test_sorting_and_paging(st) -> None:
    arts = listing(st, "articles", Filters(), Paging(sort="date")).rows
    assert [a["published"] for a in arts] == ["2020-11-02", "2020-11-03", "2020-11-04"]
    newest = listing(st, "articles", Filters(), Paging(limit=1, offset=0)).rows
    assert newest[0]["published"] == "2020-11-04"
    page2 = listing(st, "articles", Filters(), Paging(limit=1, offset=1))
    assert page2.total == 3 and page2.rows[0]["published"] == "2020-11-03"
    ranked = listing(st, "events", Filters(min_confidence=0), Paging(sort="-confidence")).rows
    assert [r["confidence"] for r in ranked] == sorted((r["confidence"] for r in ranked), reverse=True)


def test_actor_kinds(st) -> None:
    kinds = {r["id"]: r["kind"] for r in listing(st, "actors", Filters()).rows}
    assert kinds == {"per:angela-merkel": "person", "per:emmanuel-macron": "person", "gpe:fra": "state",
                     "gpe:deu": "state", "loc:berlin": "place", "loc:paris": "place", "misc:euro": "other"}
    assert listing(st, "actors", Filters(type="place")).total == 2
    assert actor_kind(AGENT) == "organisation" and actor_kind("agent:SYRREB:Rebellen", "SYRREB") == "armed"


@pytest.mark.parametrize(("actor_id", "name"), [
    (AGENT, "Sprachschüler"), ("name:Hans Muster", "Hans Muster"), ("gov:deu", "Regierung Deutschland"),
    ("gpe:fra", "Frankreich"), ("prefix:NATO", "NATO"), ("org:welt-bank", "Welt Bank"),
])
def test_fallback_names(actor_id: str, name: str) -> None:
    assert fallback_name(actor_id) == name


def test_select_all_for_exports(st) -> None:
    rows = select_all(st, "events", Filters(outlet="zeit.de", min_confidence=0), mentions=True).rows
    assert len(rows) == 3 and all(r["mentions"] for r in rows) and all("source_name" in r for r in rows)


def test_optional_columns_are_picked_up(tmp_path) -> None:
    """A store whose events carry `shown` and `confidence` and whose actors carry `actor_type` (columns other
    parts of lagebild add) is read with them."""
    path = tmp_path / "cols.duckdb"
    with Store(path) as s:
        fill_rich(s)
        for table, column, sql_type in (("events", "confidence", "DOUBLE"), ("events", "shown", "BOOLEAN"),
                                        ("actors", "actor_type", "VARCHAR")):
            if column not in {r[0] for r in s._x(f"DESCRIBE {table}")}:
                s._x(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type}")
        s._x("UPDATE events SET confidence = 0.2, shown = (type <> 'AID')")
        s._x("UPDATE actors SET actor_type = 'armed' WHERE id = 'per:emmanuel-macron'")
    with Store(path, read_only=True) as s:
        default = listing(s, "events", Filters())
        assert (default.total, default.hidden) == (3, 1) and "AID" not in {r["type"] for r in default.rows}
        assert all(r["confidence"] == 0.2 for r in default.rows)  # the events' own confidence
        assert listing(s, "events", Filters(min_confidence=0.5)).total == 0
        assert {r["id"]: r["kind"] for r in listing(s, "actors", Filters(type="armed")).rows} == \
            {"per:emmanuel-macron": "armed"}
