"""Every command has help text; errors are one clean line, not a traceback."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from lagebild.cli import cli


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, cmd in group.commands.items():
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, prefix + (name,))


@pytest.mark.parametrize("path,cmd", list(_commands(cli)), ids=lambda x: " ".join(x) if isinstance(x, tuple) else "")
def test_every_command_has_help(path, cmd):
    assert cmd.help and len(cmd.help.strip()) > 10, f"lagebild {' '.join(path)} needs a help text"
    res = CliRunner().invoke(cli, [*path, "--help"])
    assert res.exit_code == 0 and "Usage:" in res.output


def test_missing_store_is_a_clean_error(tmp_path):
    res = CliRunner().invoke(cli, ["stats", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 1
    assert "lagebild analyze" in res.output and "Traceback" not in res.output


def test_bad_field_mapping_is_explained(tmp_path):
    res = CliRunner().invoke(cli, ["analyze", str(tmp_path), "--no-store", "--field", "textbody"])
    assert res.exit_code == 1 and "NAME=COLUMN" in res.output


def test_every_model_has_its_train_command() -> None:
    """One `train` group holds the trainer of every shipped model (a second group would hide the first)."""
    train = cli.commands["train"]
    assert isinstance(train, click.Group)
    assert {"ner", "parser", "events", "stories"} <= set(train.commands)
    for name in ("ner", "parser", "events", "stories"):
        res = CliRunner().invoke(cli, ["train", name, "--help"])
        assert res.exit_code == 0, res.output
