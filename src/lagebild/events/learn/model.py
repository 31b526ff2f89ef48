"""The trained event model: vocabularies and weights of the type classifier, the source and target rankers
and the modality classifier, the trigger words of the training split, the calibration and the default
threshold. Files: ``models/events-<lang>.npz`` (weights) and ``models/events-<lang>.json`` (vocabularies,
labels, calibration, threshold and the model card figures). Loaded once per process."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import PipelineError
from .linear import Csr, Vocab, load_arrays

MODELS_DIR = Path(__file__).resolve().parents[2] / "models"
NONE = "NONE"
CLIP = 1e-3  # probabilities are read to three decimals


def traits(typ: str, modality: str, *, rule: bool, source: bool, noun: bool) -> list[str]:
    """What calibration reads of an event besides the classifier's probability: whether the rule coder coded
    it too, whether it has a source, whether its trigger is a noun, its modality and its type."""
    out = [f"type={typ}"]
    if rule:
        out.append("rule")
    if source:
        out.append("source")
    if noun:
        out.append("noun")
    if modality != "asserted":
        out.append(f"modality={modality}")
    return out


def model_paths(language: str = "de", *, models_dir: Path | None = None) -> tuple[Path, Path]:
    base = (models_dir or MODELS_DIR) / f"events-{language}"
    return base.with_suffix(".npz"), base.with_suffix(".json")


@dataclass(slots=True)
class EventModel:
    types: list[str]  # labels of the type classifier; index 0 is NONE
    modalities: list[str]
    type_vocab: Vocab
    type_w: np.ndarray
    type_b: np.ndarray
    source_vocab: Vocab
    source_w: np.ndarray
    target_vocab: Vocab
    target_w: np.ndarray
    modality_vocab: Vocab
    modality_w: np.ndarray
    modality_b: np.ndarray
    lemmas: frozenset[str]
    #: Platt scaling extended by what the event looks like: sigmoid(logit · logit(p) + bias + Σ trait weights)
    calibration: dict[str, float] = field(default_factory=lambda: {"logit": 1.0, "bias": 0.0})
    threshold: float = 0.5
    emit: float = 0.5  # a candidate becomes an event when its best type has at least this probability
    keep: float = 0.1  # a rule event stays when the model gives its type at least this probability
    rule_args: bool = True  # a kept rule event keeps the rule coder's source and target
    meta: dict[str, Any] = field(default_factory=dict)
    _plain: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)

    # ------------------------------------------------------------------ scoring
    def type_probs(self, feats: list[str]) -> np.ndarray:
        return self.type_probs_all([feats])[0]

    def type_probs_all(self, rows: list[list[str]]) -> np.ndarray:
        """Type probabilities (one row per candidate, columns in :attr:`types`) of several candidates at once."""
        if not rows:
            return np.zeros((0, len(self.types)))
        z = Csr([self.type_vocab.ids(r) for r in rows], len(self.type_vocab)).dot(self.type_w) + self.type_b
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def _weights(self, name: str) -> dict[str, Any]:
        """Feature → weight (or weights per label) as plain Python, for scoring a few rows without numpy."""
        got = self._plain.get(name)
        if got is None:
            vocab, w = {"source": (self.source_vocab, self.source_w), "target": (self.target_vocab, self.target_w),
                        "modality": (self.modality_vocab, self.modality_w)}[name]
            got = self._plain[name] = dict(zip(vocab.names, w.tolist()))
        return got

    def rank(self, slot: str, rows: list[list[str]]) -> list[float]:
        """Probabilities of the candidates (one feature list each) for ``slot`` (source | target)."""
        w = self._weights(slot)
        s = [sum(w.get(f, 0.0) for f in set(r)) for r in rows]
        top = max(s)
        e = [math.exp(x - top) for x in s]
        total = sum(e)
        return [x / total for x in e]

    def modality_probs(self, feats: list[str]) -> list[float]:
        w = self._weights("modality")
        z = list(self.modality_b.tolist())
        for f in set(feats):
            row = w.get(f)
            if row is not None:
                z = [a + b for a, b in zip(z, row)]
        top = max(z)
        e = [math.exp(x - top) for x in z]
        total = sum(e)
        return [x / total for x in e]

    def confidence(self, p: float, traits: Iterable[str] = ()) -> float:
        """The calibrated probability that an event is of the right type: from the classifier's probability
        ``p`` of its type and the event's :func:`traits`."""
        w = self.calibration
        p = min(max(p, CLIP), 1 - CLIP)
        z = w.get("logit", 1.0) * math.log(p / (1 - p)) + w.get("bias", 0.0) + sum(w.get(t, 0.0) for t in traits)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    # ------------------------------------------------------------------ files
    def arrays(self) -> dict[str, np.ndarray]:
        return {"type_w": self.type_w.astype(np.float32), "type_b": self.type_b.astype(np.float32),
                "source_w": self.source_w.astype(np.float32), "target_w": self.target_w.astype(np.float32),
                "modality_w": self.modality_w.astype(np.float32), "modality_b": self.modality_b.astype(np.float32)}

    def header(self) -> dict[str, Any]:
        return {"format": 1, "types": self.types, "modalities": self.modalities,
                "calibration": dict(sorted(self.calibration.items())), "threshold": self.threshold, "emit": self.emit,
                "keep": self.keep, "rule_args": self.rule_args,
                "lemmas": sorted(self.lemmas),
                "vocab": {"type": self.type_vocab.names, "source": self.source_vocab.names,
                          "target": self.target_vocab.names, "modality": self.modality_vocab.names},
                **self.meta}


def read_model(npz: Path, header: Path) -> EventModel:
    if not npz.is_file() or not header.is_file():
        raise PipelineError(f"event model {npz.name} / {header.name} not found in {npz.parent}: "
                            "train it with `lagebild train events`")
    h = json.loads(header.read_text(encoding="utf-8"))
    a = load_arrays(npz)
    meta = {k: v for k, v in h.items() if k not in {"format", "types", "modalities", "calibration", "threshold",
                                                    "emit", "keep", "rule_args", "lemmas", "vocab"}}
    return EventModel(
        types=list(h["types"]), modalities=list(h["modalities"]),
        type_vocab=Vocab(h["vocab"]["type"]), type_w=a["type_w"].astype(np.float64), type_b=a["type_b"].astype(np.float64),
        source_vocab=Vocab(h["vocab"]["source"]), source_w=a["source_w"].astype(np.float64),
        target_vocab=Vocab(h["vocab"]["target"]), target_w=a["target_w"].astype(np.float64),
        modality_vocab=Vocab(h["vocab"]["modality"]), modality_w=a["modality_w"].astype(np.float64),
        modality_b=a["modality_b"].astype(np.float64), lemmas=frozenset(h["lemmas"]),
        calibration={str(k): float(v) for k, v in h["calibration"].items()}, threshold=float(h["threshold"]),
        emit=float(h["emit"]), keep=float(h["keep"]), rule_args=bool(h["rule_args"]), meta=meta,
    )


@lru_cache(maxsize=2)
def load_model(language: str = "de") -> EventModel | None:
    """The shipped model for ``language`` (cached per process), or None when there is none."""
    npz, header = model_paths(language)
    if not npz.is_file():
        return None
    return read_model(npz, header)
