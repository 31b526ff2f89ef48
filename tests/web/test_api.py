from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize("path", ["/api/articles", "/api/stories", "/api/actors", "/api/quotes", "/api/events"])
def test_list_endpoints_page(client, path):
    r = client.get(path, params={"limit": 1})
    assert r.status_code == 200
    body = r.json()
    assert body["limit"] == 1 and body["offset"] == 0 and body["count"] >= 1 and len(body["data"]) == 1


def test_filters(client):
    assert client.get("/api/articles", params={"outlet": "taz"}).json()["count"] == 1
    assert client.get("/api/articles", params={"from": "2022-01-28"}).json()["count"] == 0
    assert client.get("/api/articles", params={"actor": "per:dmitri-peskow"}).json()["count"] == 1
    assert client.get("/api/articles", params={"type": "REJECT"}).json()["count"] == 1
    assert client.get("/api/quotes", params={"actor": "per:sergej-lawrow"}).json()["data"][0]["text"] == "Wir sind bereit."
    assert client.get("/api/events", params={"type": "reject"}).json()["data"][0]["source_code"] == "NATO"
    assert client.get("/api/quotes", params={"q": "enttäuscht"}).json()["count"] == 1


def test_detail_and_404(client):
    a = client.articles[0]
    d = client.get(f"/api/articles/{a.id}").json()
    assert d["quotes"][0]["speaker"] == "Sergej Lawrow" and d["text"] == a.text
    assert client.get("/api/articles/nope").status_code == 404
    s = client.get("/api/stories/s-demo").json()
    assert len(s["articles"]) == 2 and s["events"][0]["type"] == "REJECT"
    actor = client.get("/api/actors/per:sergej-lawrow").json()
    assert actor["n_quotes"] == 1 and actor["events_as_target"][0]["type"] == "REJECT"
    assert {n["id"] for n in actor["network"]["nodes"]} >= {"per:sergej-lawrow", "org:nato"}


def test_search(client):
    r = client.get("/api/search", params={"q": "Lawrow"}).json()
    assert r["n_articles"] == 1 and r["n_actors"] >= 1
    assert client.get("/api/search", params={"q": "x"}).status_code == 422


@pytest.mark.parametrize("what,fmt", [("quotes", "csv"), ("quotes", "jsonl"), ("articles", "parquet"),
                                      ("events", "plover"), ("events", "gdelt"), ("network", "graphml"),
                                      ("network", "csv")])
def test_exports(client, what, fmt):
    pytest.importorskip("lagebild.events.export") if fmt in ("plover", "gdelt") else None
    r = client.get(f"/api/export/{what}.{fmt}")
    assert r.status_code == 200 and len(r.content) > 20
    assert "attachment" in r.headers["content-disposition"]


def test_writes_need_the_token(client):
    payload = {"text": "Der Kreml hat verhalten reagiert.", "title": "t"}
    assert client.post("/api/articles", json=payload).status_code == 401
    assert client.post("/api/articles", json=payload, headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_bad_payloads_get_clear_4xx(client):
    h = {"Authorization": "Bearer s3cret"}
    r = client.post("/api/articles", json={"title": "no text"}, headers=h)
    assert r.status_code == 422 and "errors" in r.json()
    r = client.post("/api/articles", content=b"{not json", headers={**h, "Content-Type": "application/json"})
    assert r.status_code == 422
    r = client.post("/api/articles", content=json.dumps({"text": "x" * 200_000}), headers={**h, "Content-Type": "application/json"})
    assert r.status_code == 413
    assert "Traceback" not in r.text


def test_security_headers_and_no_stack_traces(client, monkeypatch):
    r = client.get("/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    import lagebild.web.app as app_module

    def boom(*a, **k):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(app_module, "listing", boom)
    r = client.get("/api/articles")
    assert r.status_code == 500 and "secret" not in r.text and "Traceback" not in r.text


@pytest.mark.parametrize("path", ["/", "/stories/s-demo", "/actors/per:dmitri-peskow", "/search?q=Titel"])
def test_pages_escape_article_strings(client, path):
    r = client.get(path)
    assert r.status_code == 200
    assert "<script>window.__pwned" not in r.text and "<img src=x" not in r.text


def test_article_page_highlights_and_escapes(client):
    a = client.articles[1]
    r = client.get(f"/articles/{a.id}")
    assert r.status_code == 200
    assert 'class="quote quote-indirect"' in r.text and 'class="speaker"' in r.text
    assert "<script>window.__pwned" not in r.text and "&lt;script&gt;" in r.text
    assert client.get("/articles/nope").status_code == 404


def test_post_analyses_and_stores_once(client):
    h = {"Authorization": "Bearer s3cret"}
    art = {"text": "Berlin - Die Regierung kündigte am Dienstag neue Hilfen an. „Wir handeln jetzt“, sagte "
                   "Regierungssprecher Steffen Hebestreit.", "title": "Hilfen", "source": "dpa",
           "published": "2022-01-25", "id": "x-1"}
    r = client.post("/api/articles", json=[art], headers=h)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["stored"] == 1 and len(body["ids"]) == 1
    assert client.post("/api/articles", json=art, headers=h).json() == {"stored": 0, "known": 1, "ids": body["ids"]}
    stored = client.get(f"/api/articles/{body['ids'][0]}").json()
    assert stored["external_id"] == "x-1" and stored["sentences"] and stored["story"]
    assert any("Hebestreit" in (q["speaker"] or "") for q in stored["quotes"])
