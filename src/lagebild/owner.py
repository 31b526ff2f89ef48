"""Who owns a store: the spool folder beside it names the live ``lagebild serve`` that writes it.

Kept apart from :mod:`lagebild.service` so that the store can name the owner in its error message
without importing the service.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def spool_dir(db: str) -> Path:
    return Path(f"{db}.spool")


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write JSON atomically: a reader sees the old file or the whole new one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def read_json(path: Path) -> dict[str, Any] | None:
    """The JSON object in `path`, or None when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def alive(pid: int) -> bool:
    """Whether process `pid` runs (a zombie, dead but not yet reaped, does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def owner(db: str) -> dict[str, Any] | None:
    """The live serving process that owns the store `db` ({pid, url, started}), or None."""
    if db == ":memory:":
        return None
    info = read_json(spool_dir(db) / "owner.json")
    if not info or not isinstance(info.get("pid"), int) or not alive(info["pid"]):
        return None
    return info
