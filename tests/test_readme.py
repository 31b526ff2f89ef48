"""The README's tour works as written right after `make demo`: every command of the tour block, in order, on
the store the demo writes (`lagebild serve` is left out; it would not return).

Run: pytest -m slow tests/test_readme.py (the demo corpus and the seeds are analysed).
"""

from __future__ import annotations

import glob
import os
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from lagebild.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"


def tour() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- tour -->", 1)[1].split("<!-- /tour -->", 1)[0]
    lines = block.strip().strip("`").removeprefix("sh").strip().splitlines()
    return [ln.split("  #", 1)[0].strip() for ln in lines if ln.strip() and not ln.startswith("```")]


def test_tour_is_found() -> None:
    cmds = tour()
    assert cmds[0].startswith(". .venv/bin/activate") and cmds[1] == "export LAGEBILD_DB=demo.duckdb"
    assert sum(c.startswith("lagebild ") for c in cmds) >= 12


@pytest.mark.slow
def test_tour_runs_after_make_demo(shared_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    res = runner.invoke(cli, ["demo", "--db", "demo.duckdb"])  # what `make demo` runs
    assert res.exit_code == 0, res.output
    for cmd in tour():
        if cmd.startswith(". ") or cmd == "lagebild serve":
            continue
        if cmd.startswith("export "):
            name, _, value = cmd.removeprefix("export ").partition("=")
            monkeypatch.setenv(name, value)
            continue
        cmd = cmd.replace("../shared", str(shared_dir))
        out = None
        if " > " in cmd:
            cmd, out = (x.strip() for x in cmd.split(" > ", 1))
        args = []
        for word in shlex.split(cmd)[1:]:
            args.extend(sorted(glob.glob(word)) if any(c in word for c in "*?[") else [word])
        res = runner.invoke(cli, args)
        assert res.exit_code == 0, f"{cmd}: {res.output}"
        assert res.output.strip() or out, f"{cmd} printed nothing"
        assert "Traceback" not in res.output
        if out:
            Path(out).write_text(res.output, encoding="utf-8")
    assert os.path.getsize("events.jsonl") > 100 and os.path.getsize("actors.graphml") > 100
