"""Every route answers malformed parameters, bodies and headers with a 4xx and a message, never a 5xx."""

from __future__ import annotations

import itertools
import re

import pytest

from lagebild.config import Settings
from lagebild.store import Store

from .stores import fill_rich

BAD = ["%", "1) OR (1=1", "\x00", "a\x00b", ".*[(?", "\\", "'", "\"", "2020-13-45", "0000-00-00", "9" * 40,
       str(2 ** 63), str(-(2 ** 63)), "-1", "NaN", "inf", "1e309", "ä€😀", "  ", "", "%00", "../../etc/passwd",
       "<script>alert(1)</script>", "true", "[]", "{}", "x" * 5000, "\u202e", "2020-02-30", "-0"]
#: the default run sends these (every route and parameter); the slow run all of BAD
QUICK = ["1) OR (1=1", "\x00"]
#: valid values for path parameters while the query parameters are probed
PATH_OK = {"article_id": None, "story_id": "s-hilfe", "actor_id": "per:angela-merkel", "what": "events", "fmt": "csv"}


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    from fastapi.testclient import TestClient

    from lagebild.web import create_app

    path = tmp_path_factory.mktemp("sweep") / "sweep.duckdb"
    with Store(path) as st:
        arts = fill_rich(st)
    st = Store(path)
    app = create_app(Settings(db=str(path), api_token="s3cret", max_request_bytes=200_000), st)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, app, {**PATH_OK, "article_id": arts[0].id}
    st.close()


def _routes(app) -> list[tuple[str, str, list[str]]]:
    """(method, path template, query parameter names) of every documented route, plus the pages."""
    out = []
    for path, ops in app.openapi()["paths"].items():
        for method, op in ops.items():
            out.append((method.upper(), path, [p["name"] for p in op.get("parameters", []) if p["in"] == "query"]))
    out += [("GET", "/", []), ("GET", "/stories/{story_id}", ["seite", "sort", "alle"]),
            ("GET", "/actors/{actor_id}", ["alle"]), ("GET", "/articles/{article_id}", []),
            ("GET", "/search", ["q"]), ("GET", "/docs", [])]
    return out


def _fill(template: str, values: dict[str, str]) -> str:
    from urllib.parse import quote

    return re.sub(r"\{(\w+)(?::path)?\}", lambda m: quote(values[m.group(1)], safe=":"), template)


def _probe(client, app, ok: dict[str, str], values: list[str]) -> list[str]:
    failures = []
    for method, template, params in _routes(app):
        if method != "GET":
            continue
        for name, value in itertools.product(params, values):
            r = client.get(_fill(template, ok), params={name: value})
            if r.status_code >= 500:
                failures.append(f"GET {template}?{name}={value[:20]!r}: {r.status_code}")
        for name in re.findall(r"\{(\w+)", template):
            for value in values:
                if not value.strip() or "/" in value:
                    continue  # an empty or slashed path segment is another route (404)
                r = client.get(_fill(template, {**ok, name: value}))
                if r.status_code >= 500:
                    failures.append(f"GET {template} {name}={value[:20]!r}: {r.status_code}")
    return failures


def test_no_5xx_for_malformed_parameters(sweep) -> None:
    client, app, ok = sweep
    assert not _probe(client, app, ok, QUICK)


@pytest.mark.slow
def test_no_5xx_for_malformed_parameters_full(sweep) -> None:
    client, app, ok = sweep
    failures = _probe(client, app, ok, BAD)
    assert not failures, failures[:20]


@pytest.mark.parametrize(("params", "param"), [
    ({"from": "%"}, "from"), ({"to": "1) OR (1=1"}, "to"), ({"from": "2020-02-30"}, "from"),
    ({"offset": str(2 ** 63)}, "offset"), ({"limit": "0"}, "limit"), ({"min_confidence": "NaN"}, "min_confidence"),
    ({"q": "a\x00b"}, "q"), ({"sort": ".*[(?"}, "sort"), ({"story": "../x"}, "story"),
    ({"from": "2020-12-01", "to": "2020-11-01"}, "from"),
])
def test_bad_values_get_422_with_a_message(sweep, params: dict, param: str) -> None:
    client, _, _ = sweep
    r = client.get("/api/events", params=params)
    assert r.status_code == 422
    body = r.json()
    assert param in body["detail"] and body["errors"][0]["loc"][-1] == param


@pytest.mark.parametrize("header", [b"", b"Bearer ", b"Bearer", b"Basic czNjcmV0", b"Bearer \xe4\xf6\xfc",
                                    b"Bearer s3cret\xff", b"\xff\xfe", b"Bearer wrong"])
def test_bad_authorization_is_401(sweep, header: bytes) -> None:
    client, _, _ = sweep
    r = client.post("/api/articles", json={"text": "Ein Text."}, headers={"Authorization": header})
    assert r.status_code == 401 and "token" in r.json()["detail"]


@pytest.mark.parametrize("payload", [
    {"text": "Am Montag sagte der Minister, am 23. Dezember beginne es. Gestern war es still.", "published": "0001-01-01"},
    {"text": "Morgen, am Dienstag, und übermorgen: nächste Woche kommt alles.", "published": "9999-12-31"},
    {"text": "Ein Text mit \x00 Nullbyte und \u202e Steuerzeichen.", "published": "2020-11-02"},
    {"text": "x", "published": "0001-01"},
])
def test_odd_articles_are_stored_or_refused_cleanly(sweep, payload: dict) -> None:
    client, _, _ = sweep
    r = client.post("/api/articles", json=payload, headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(("payload", "status"), [
    ({"text": "Ein Text.", "published": "gestern"}, 422), ({"text": ""}, 422), ({"text": 5}, 422),
    ({"text": "Ein Text.", "unknown": 1}, 422), ([], 200), ({"text": "Ein Text.", "authors": "x" * 10}, 422),
])
def test_bad_bodies(sweep, payload, status: int) -> None:
    client, _, _ = sweep
    r = client.post("/api/articles", json=payload, headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == status, r.text
