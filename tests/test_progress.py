"""Progress: a line every few seconds when stderr is not a terminal, a bar when it is, nothing with --quiet."""

from __future__ import annotations

import io

from click.testing import CliRunner

from lagebild.cli import cli
from lagebild.progress import Progress

from .test_run import GERMAN


def test_lines_name_articles_rate_rejections_and_time_left():
    out = io.StringIO()
    p = Progress(total_bytes=1000, every=0, stream=out, bar=False)
    p.read(250)  # a quarter of the input read, 80 articles taken from it, 40 of them done
    p.took(80)
    p.update(articles=40, new=38, rejected=2)
    line = out.getvalue().strip()
    assert line.startswith("progress: 40 articles (38 new)") and "/s" in line and "2 rejected" in line
    assert "12% done" in line and "left" in line
    p.update(articles=41, new=39, rejected=2)
    assert out.getvalue().count("\n") == 2
    quiet = Progress(every=3600, stream=io.StringIO(), bar=False)
    quiet.update(articles=1, new=1, rejected=0)
    assert quiet.stream.getvalue() == ""  # not yet: one line per interval


def test_bar_on_a_terminal():
    out = io.StringIO()
    p = Progress(total_bytes=1000, stream=out, bar=True)
    p.read(500)
    p.update(articles=7, new=7, rejected=1)
    p.close()
    assert "7 articles (7 new)" in out.getvalue() and "1 rejected" in out.getvalue() and "50%" in out.getvalue()


def test_quiet_silences_progress(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    monkeypatch.setenv("LAGEBILD_PROGRESS_SECONDS", "0")
    args = ["analyze", str(tmp_path), "--no-store", "--format", "none", "--jobs", "1"]
    loud = CliRunner().invoke(cli, args)
    quiet = CliRunner().invoke(cli, [*args, "--quiet"])
    assert "progress: 1 articles" in loud.stderr and "progress:" not in quiet.stderr
    assert "1 read, 0 rejected" in quiet.stderr
