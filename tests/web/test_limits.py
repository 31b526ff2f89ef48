"""The body limit holds for bodies sent without a Content-Length (chunked transfer) too."""

from __future__ import annotations


def _chunks(n: int, size: int = 10_000):
    for _ in range(n):
        yield b"x" * size


def test_chunked_body_over_the_limit_is_refused(client):
    h = {"Authorization": "Bearer s3cret", "Content-Type": "application/json"}
    r = client.post("/api/articles", content=_chunks(30), headers=h)  # 300 kB, limit 100 kB, no length
    assert r.status_code == 413 and "smaller batches" in r.json()["detail"]


def test_chunked_body_under_the_limit_is_read(client):
    h = {"Authorization": "Bearer s3cret", "Content-Type": "application/json"}
    body = b'{"title": "no text"}'
    r = client.post("/api/articles", content=iter([body[:7], body[7:]]), headers=h)
    assert r.status_code == 422  # read whole and validated (the text is missing)
