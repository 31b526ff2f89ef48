"""The chunked pipeline under Ray (a local cluster of 2 worker CPUs) stores what the embedded run stores."""

from __future__ import annotations

import pytest

from .store_content import assert_same_content
from .test_run import stream_file  # noqa: F401 - fixture


def test_ray_run_stores_what_the_embedded_run_stores(stream_file, tmp_path):  # noqa: F811
    pytest.importorskip("ray")
    from lagebild.config import Settings
    from lagebild.run import analyze

    embedded = Settings(db=str(tmp_path / "embedded.duckdb"), jobs=1, chunk_size=3)
    on_ray = embedded.with_(db=str(tmp_path / "ray.duckdb"), jobs=2, executor="ray", batch_size=2)
    r1 = analyze([str(stream_file)], settings=embedded)
    r2 = analyze([str(stream_file)], settings=on_ray)
    assert r2.n_chunks == r1.n_chunks > 3 and r1.n_new == r2.n_new == 16
    assert [a.to_dict(tokens=True) for a in r2.articles] == [a.to_dict(tokens=True) for a in r1.articles]
    assert_same_content(embedded.db, on_ray.db)
