"""The parser's model file: a byte-reproducible ``.npz`` (zip of ``.npy`` arrays plus ``config.json``).

Weights are stored sparse: the positions of the non-zero entries (delta-coded, so they compress) and
their values as float16. Zip entries carry a fixed timestamp, so training twice with the same data and
seed writes the same bytes. Metadata for people (data, figures, command) sits beside it in
``<name>.json`` and is not read at run time.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import ModelMissingError
from .model import WEIGHTS, Config, ParserModel

FORMAT = "lagebild-parser-1"
_EPOCH = (1980, 1, 1, 0, 0, 0)


def _npy(arr: np.ndarray) -> bytes:
    buf = io.BytesIO()
    np.lib.format.write_array(buf, np.ascontiguousarray(arr), allow_pickle=False)
    return buf.getvalue()


def _entry(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data, compresslevel=9)


def sparse(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Delta-coded flat positions (uint32) and float16 values of the non-zero entries of ``w``."""
    flat = w.ravel()
    values = flat.astype(np.float16)
    pos = np.flatnonzero(values)
    deltas = np.diff(pos, prepend=0).astype(np.uint32)
    return deltas, values[pos]


def dense(deltas: np.ndarray, values: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Inverse of :func:`sparse` (float32)."""
    out = np.zeros(int(np.prod(shape)), dtype=np.float32)
    out[np.cumsum(deltas.astype(np.int64))] = values.astype(np.float32)
    return out.reshape(shape)


def save(model: ParserModel, path: Path, *, meta: dict[str, Any] | None = None) -> None:
    """Write ``path`` (weights + config) and, with ``meta``, ``path.with_suffix('.json')``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    config = {"format": FORMAT, **model.config.to_dict()}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        _entry(zf, "config.json", json.dumps(config, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        for name in WEIGHTS:
            w = getattr(model, name)
            deltas, values = sparse(w)
            _entry(zf, f"{name}.pos.npy", _npy(deltas))
            _entry(zf, f"{name}.val.npy", _npy(values))
            _entry(zf, f"{name}.shape.npy", _npy(np.asarray(w.shape, dtype=np.int64)))
    path.write_bytes(buf.getvalue())
    if meta is not None:
        info = {"format": FORMAT, "model_file": path.name, **meta}
        path.with_suffix(".json").write_text(json.dumps(info, indent=1, ensure_ascii=False) + "\n", "utf-8")


def load(path: Path) -> ParserModel:
    """Read a model written by :func:`save`."""
    if not path.is_file():
        raise ModelMissingError(
            f"parser model {path} not found; train it with `lagebild train parser` (or `make train-parser`)")
    with zipfile.ZipFile(path) as zf:
        config = json.loads(zf.read("config.json").decode("utf-8"))
        if config.get("format") != FORMAT:
            raise ModelMissingError(
                f"{path} is a {config.get('format')!r} model; this code reads {FORMAT!r}: retrain it with "
                "`lagebild train parser`")
        weights = {}
        for name in WEIGHTS:
            arrays = [np.load(io.BytesIO(zf.read(f"{name}.{part}.npy"))) for part in ("pos", "val", "shape")]
            weights[name] = dense(arrays[0], arrays[1], tuple(int(x) for x in arrays[2]))
    return ParserModel(Config.from_dict(config), **weights)
