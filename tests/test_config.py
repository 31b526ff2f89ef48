from __future__ import annotations

import pytest

from lagebild.config import load_settings
from lagebild.errors import LagebildError


def test_precedence_defaults_file_env_cli(tmp_path, monkeypatch):
    cfg = tmp_path / "l.toml"
    cfg.write_text('[lagebild]\ndb = "file.duckdb"\njobs = 3\nport = 9000\n')
    monkeypatch.setenv("LAGEBILD_JOBS", "5")
    s = load_settings(cfg, port=None, db="cli.duckdb")
    assert s.db == "cli.duckdb" and s.jobs == 5 and s.port == 9000 and s.host == "127.0.0.1"


def test_unknown_setting_is_named(tmp_path):
    cfg = tmp_path / "l.toml"
    cfg.write_text("dbb = 1\n")
    with pytest.raises(LagebildError, match="unknown settings \\['dbb'\\]"):
        load_settings(cfg)
