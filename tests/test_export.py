"""Exports: every list, with the lists' filters and the confidence floor, names beside ids."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lagebild.cli import cli
from lagebild.export import EXPORTS, export
from lagebild.queries import Filters
from lagebild.queries.network import make_network_options
from lagebild.store import Store

from .web.stores import AGENT, rich_path, rich_store  # noqa: F401 - fixtures


@pytest.fixture(scope="module")
def db(rich_path: str) -> str:
    return rich_path


@pytest.mark.parametrize(("what", "fmt"), [(w, f) for w, fs in EXPORTS.items() for f in fs
                                           if not (w == "events" and f == "gdelt")])
def test_every_export_writes(db: str, tmp_path: Path, what: str, fmt: str) -> None:
    with Store(db, read_only=True) as st:
        n = export(st, what, fmt, tmp_path / f"out.{fmt}")
    assert n > 0 and (tmp_path / f"out.{fmt}").stat().st_size > 20


def test_plover_names_and_floor(db: str, tmp_path: Path) -> None:
    with Store(db, read_only=True) as st:
        n = export(st, "events", "plover", tmp_path / "e.jsonl")
        n_all = export(st, "events", "plover", tmp_path / "all.jsonl", filters=Filters(min_confidence=0))
    recs = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert (n, n_all) == (3, 4)  # the REJECT at 0.42 is below the floor
    accuse = next(r for r in recs if r["event"] == "ACCUSE")
    assert accuse["source"] == [{"actorText": "Emmanuel Macron", "code": "FRAGOV", "actorId": "per:emmanuel-macron"}]
    assert accuse["target"] == [{"actorText": "Sprachschüler", "code": "DEUEDU", "actorId": AGENT}]
    assert accuse["confidence"] == 0.8


def test_gdelt_names(db: str, tmp_path: Path, shared_dir: Path) -> None:
    with Store(db, read_only=True) as st:
        export(st, "events", "gdelt", tmp_path / "e.tsv", filters=Filters(type="AID"))
    rows = list(csv.DictReader((tmp_path / "e.tsv").open(encoding="utf-8"), delimiter="\t"))
    assert len(rows) == 1
    assert (rows[0]["Actor1Name"], rows[0]["Actor1Code"], rows[0]["Actor1Id"]) == ("Angela Merkel", "DEUGOV",
                                                                                 "per:angela-merkel")
    assert rows[0]["Actor2Name"] == "Frankreich"


def test_filters_reach_the_exports(db: str, tmp_path: Path) -> None:
    with Store(db, read_only=True) as st:
        n = export(st, "articles", "csv", tmp_path / "a.csv", filters=Filters(outlet="zeit.de", date_from="2020-11-03"))
        export(st, "actors", "jsonl", tmp_path / "actors.jsonl", filters=Filters(type="person"))
        export(st, "stories", "jsonl", tmp_path / "s.jsonl", filters=Filters(actor="Emmanuel Macron"))
        export(st, "quotes", "csv", tmp_path / "q.csv", filters=Filters(min_confidence=0))
    assert n == 1
    actors = [json.loads(x) for x in (tmp_path / "actors.jsonl").read_text().splitlines()]
    assert {a["canonical"] for a in actors} == {"Angela Merkel", "Emmanuel Macron"} and actors[0]["kind"] == "person"
    assert len((tmp_path / "s.jsonl").read_text().splitlines()) == 2
    quotes = list(csv.DictReader((tmp_path / "q.csv").open(encoding="utf-8")))
    assert len(quotes) == 3 and quotes[0]["speaker_name"]


def test_network_export_is_filtered(db: str, tmp_path: Path) -> None:
    with Store(db, read_only=True) as st:
        n_all = export(st, "network", "csv", tmp_path / "all.csv", network=make_network_options(kinds="all"))
        n = export(st, "network", "csv", tmp_path / "n.csv")
        export(st, "network", "graphml", tmp_path / "n.graphml",
               network=make_network_options(relations="events,quotes", min_weight=2))
    edges = list(csv.DictReader((tmp_path / "n.csv").open(encoding="utf-8")))
    kinds = {e["source_kind"] for e in edges} | {e["target_kind"] for e in edges}
    assert n < n_all and not kinds & {"place", "other"}
    assert int(edges[0]["weight"]) >= int(edges[-1]["weight"]) and edges[0]["source_name"]
    graph = (tmp_path / "n.graphml").read_text()
    assert "Angela Merkel" in graph and "Frankreich" in graph and 'relations' in graph


def test_cli_export_takes_the_filters(db: str, tmp_path: Path) -> None:
    out = tmp_path / "net.csv"
    res = CliRunner().invoke(cli, ["export", "network", "--db", db, "--format", "csv", "-o", str(out),
                                   "--relation", "events", "--kind", "person", "--kind", "organisation",
                                   "--from", "2020-11-03"])
    assert res.exit_code == 0, res.output
    edges = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(e["source_name"], e["target_name"], e["events"]) for e in edges] == [("Sprachschüler", "Emmanuel Macron", "1")]
    res = CliRunner().invoke(cli, ["export", "events", "--db", db, "--format", "graphml", "-o", str(out)])
    assert res.exit_code == 1 and "events exports as" in res.output


def test_the_left_out_are_counted(db: str, tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["export", "events", "--db", db, "--format", "jsonl", "-o", str(tmp_path / "e.jsonl")])
    assert res.exit_code == 0 and "wrote 3 rows" in res.output and "1 more below the confidence floor" in res.output
