"""The same pipeline under Ray gives the same articles as in local processes."""

from __future__ import annotations

import pytest

from .test_run import ENGLISH, GERMAN


def test_ray_executor_matches_local(tmp_path):
    pytest.importorskip("ray")
    import lagebild

    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ENGLISH, encoding="utf-8")
    local = lagebild.analyze(str(tmp_path), jobs=1)
    on_ray = lagebild.analyze(str(tmp_path), jobs=2, executor="ray", batch_size=1)
    assert [a.to_dict(tokens=True) for a in on_ray] == [a.to_dict(tokens=True) for a in local]
