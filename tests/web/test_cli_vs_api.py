"""Every CLI list command takes the API's filters, sorting and paging, and answers with the same rows."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from lagebild.cli import cli
from lagebild.config import Settings

from .stores import rich_path, rich_store  # noqa: F401 - fixtures

# (API parameter, CLI option)
OPTIONS = {"from": "--from", "to": "--to", "actor": "--actor", "outlet": "--outlet", "story": "--story",
           "type": "--type", "q": "--q", "min_confidence": "--min-confidence", "sort": "--sort",
           "offset": "--offset", "limit": "--limit"}

CASES = [
    ("articles", {}), ("articles", {"from": "2020-11-03"}), ("articles", {"to": "2020-11-03", "outlet": "zeit.de"}),
    ("articles", {"actor": "Angela Merkel"}), ("articles", {"type": "ACCUSE"}), ("articles", {"q": "Polizei"}),
    ("articles", {"story": "s-hilfe", "sort": "title"}), ("articles", {"sort": "-events", "limit": 1, "offset": 1}),
    ("stories", {}), ("stories", {"actor": "per:emmanuel-macron"}), ("stories", {"outlet": "sueddeutsche.de"}),
    ("stories", {"from": "2020-11-04"}), ("stories", {"type": "AID", "sort": "title"}), ("stories", {"q": "paris"}),
    ("actors", {}), ("actors", {"type": "person"}), ("actors", {"story": "s-paris"}),
    ("actors", {"from": "2020-11-03", "to": "2020-11", "sort": "name"}), ("actors", {"q": "merk"}),
    ("quotes", {}), ("quotes", {"min_confidence": "0"}), ("quotes", {"actor": "Emmanuel Macron", "min_confidence": "0"}),
    ("quotes", {"type": "indirect", "sort": "-confidence"}), ("quotes", {"outlet": "zeit.de", "from": "2020-11-04"}),
    ("quotes", {"q": "helfen"}),
    ("events", {}), ("events", {"min_confidence": "0.4", "sort": "-confidence"}), ("events", {"actor": "Deutschland",
                                                                                                "min_confidence": "0"}),
    ("events", {"type": "ACCUSE"}), ("events", {"from": "2020-11-03", "to": "2020-11-03"}),
    ("events", {"outlet": "zeit.de", "story": "s-paris"}), ("events", {"q": "Sprachschüler"}),
    ("events", {"sort": "sources", "limit": 2}),
]


@pytest.fixture(scope="module")
def rich(rich_path: str, rich_store):
    from fastapi.testclient import TestClient

    from lagebild.web import create_app

    with TestClient(create_app(Settings(db=rich_path), rich_store)) as client:
        yield rich_path, client


@pytest.mark.parametrize(("kind", "params"), CASES, ids=lambda v: v if isinstance(v, str) else json.dumps(v))
def test_cli_matches_api(rich, kind: str, params: dict) -> None:
    path, client = rich
    api = client.get(f"/api/{kind}", params=params)
    assert api.status_code == 200, api.text
    args = [kind, "--db", path, "--format", "json"]
    for k, v in params.items():
        args += [OPTIONS[k], v]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    cli_page, api_page = json.loads(res.output), api.json()
    assert cli_page["data"] == api_page["data"]
    assert (cli_page["count"], cli_page["hidden"]) == (api_page["count"], api_page["hidden"])


def test_cases_cover_every_list_and_filter() -> None:
    assert {k for k, _ in CASES} == {"articles", "stories", "actors", "quotes", "events"}
    assert {p for _, ps in CASES for p in ps} == set(OPTIONS)


@pytest.mark.parametrize(("args", "message"), [
    (["events", "--from", "%"], "from: '%' is not a date"),
    (["quotes", "--type", "REJECT"], "direct or indirect"),
    (["articles", "--sort", "size"], "not a sort key for articles"),
    (["actors", "--min-confidence", "2"], "outside 0–1"),
    (["stories", "--offset", "-1"], "offset"),
])
def test_cli_rejects_bad_values_in_one_line(rich, args: list[str], message: str) -> None:
    path, _ = rich
    res = CliRunner().invoke(cli, [*args, "--db", path])
    assert res.exit_code != 0 and message in res.output and "Traceback" not in res.output


def test_tables_show_names_not_ids(rich) -> None:
    path, _ = rich
    out = CliRunner().invoke(cli, ["events", "--db", path, "--min-confidence", "0"]).output
    assert "Angela Merkel" in out and "Sprachschüler" in out and "agent:" not in out and "per:" not in out
    out = CliRunner().invoke(cli, ["events", "--db", path]).output
    assert "1 more below the confidence floor" in out


def test_api_export_counts_the_left_out(rich) -> None:
    _, client = rich
    r = client.get("/api/export/events.jsonl")
    assert r.status_code == 200 and r.headers["x-lagebild-hidden"] == "1" and len(r.text.splitlines()) == 3
    r = client.get("/api/export/events.jsonl", params={"min_confidence": "0"})
    assert r.headers["x-lagebild-hidden"] == "0" and len(r.text.splitlines()) == 4
