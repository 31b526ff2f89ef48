"""Shared fixtures. `shared_dir` locates ../shared (the data beside the clone).

Outside CI a missing ../shared skips the test with a clear message; under CI (CI=true) it is an error.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_path() -> Path | None:
    return SHARED if (SHARED / "data").is_dir() else None


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder; skips (or fails under CI=true) when it is missing."""
    path = shared_path()
    if path is None:
        msg = (
            f"{SHARED} not found: tests that read the shared data need the 'shared' folder beside the "
            "repository clone"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg + " (CI=true: this is an error, not a skip)")
        pytest.skip(msg)
    return path


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"
