"""The actor network: weights per relation, actors only by default, filters, and one actor's neighbourhood."""

from __future__ import annotations

import pytest

from lagebild.queries import QueryError
from lagebild.queries.network import actor_network, ego_network, make_network_options

from ..web.stores import AGENT, rich_path, rich_store  # noqa: F401 - fixtures


@pytest.fixture(scope="module")
def st(rich_store):
    return rich_store


def test_weights_per_relation(st) -> None:
    net = actor_network(st, make_network_options(kinds="all"))
    merkel_fra = net.edges[("gpe:fra", "per:angela-merkel")]
    # one AID event, one quotation by Merkel naming France, one shared story
    assert merkel_fra == {"events": 1, "quotes": 1, "stories": 1, "weight": 3}
    assert net.edges[(AGENT, "per:emmanuel-macron")]["events"] == 1
    assert net.edges[("gpe:deu", "misc:euro")]["events"] == 0  # its REJECT event is below the confidence floor


def test_actors_only_by_default(st) -> None:
    net = actor_network(st)
    kinds = {n["kind"] for n in net.nodes.values()}
    assert kinds <= {"person", "organisation", "state", "armed", "substate"}
    assert "loc:berlin" not in net.nodes and "misc:euro" not in net.nodes
    assert AGENT in net.nodes and net.nodes[AGENT]["label"] == "Sprachschüler"


def test_filters(st) -> None:
    only_events = actor_network(st, make_network_options(relations="events"))
    assert all(w["stories"] == 0 and w["quotes"] == 0 and w["weight"] == w["events"] for w in only_events.edges.values())
    strong = actor_network(st, make_network_options(min_weight=3))
    assert list(strong.edges) == [("gpe:fra", "per:angela-merkel")]
    top2 = actor_network(st, make_network_options(top=2))
    assert len(top2.nodes) == 2
    late = actor_network(st, make_network_options(filters=__import__("lagebild.queries", fromlist=["Filters"]).Filters(
        date_from="2020-11-04")))
    assert set(late.nodes) == {"per:emmanuel-macron", "agent:FRACOP:Polizei"} and not late.edges
    persons = actor_network(st, make_network_options(kinds="person"))
    assert {n["kind"] for n in persons.nodes.values()} == {"person"}


def test_ego_network_matches_the_whole(st) -> None:
    net = actor_network(st)
    ego = ego_network(st, "per:angela-merkel")
    assert ego["nodes"][0] == {"id": "per:angela-merkel", "label": "Angela Merkel", "center": True}
    for e in ego["edges"]:
        pair = tuple(sorted(("per:angela-merkel", e["target"])))
        assert {k: e[k] for k in ("events", "quotes", "stories", "weight")} == net.edges[pair]
    assert {e["target"] for e in ego["edges"]} == {b if a == "per:angela-merkel" else a for a, b in net.edges
                                                  if "per:angela-merkel" in (a, b)}


@pytest.mark.parametrize(("kw", "param"), [({"relations": "friends"}, "relation"), ({"kinds": "planet"}, "kind"),
                                           ({"min_weight": "0"}, "min_weight"), ({"top": "-3"}, "top")])
def test_bad_options(kw: dict, param: str) -> None:
    with pytest.raises(QueryError) as e:
        make_network_options(**kw)
    assert e.value.param == param
