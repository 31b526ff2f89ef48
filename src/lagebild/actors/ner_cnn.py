"""The convolutional NER tagger: numpy inference over hashed token features (the fast student).

Each token is the sum of the embeddings of its features — the CRF's own word-level features
(``ner_features._own``: lower-cased word, prefix and suffixes, shape, word clusters, capitalisation
class, name lists, compound head …) plus sentence position and multi-word list matches — hashed
(CRC-32) into ``2**hash_bits`` buckets. Two convolutions (a window of 5 tokens, then of 3 over the
hidden states, ReLU) and a softmax give each token a distribution over the 9 four-class IOB tags;
a Viterbi pass that allows only valid IOB sequences decodes it. Receptive field: 3 tokens each side.

The model file (``models/ner-de.cnn.npz``) holds the embedding rows that training touched, int8 with
one scale per row, a bucket → row map, and the float16 layer weights; ``.json`` beside it holds the
settings. Training lives in ``ner_cnn_train``; inference is numpy only and tags a whole article in
one forward pass (sentences laid end to end with zero rows between them).
"""

from __future__ import annotations

import json
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ..errors import ModelMissingError
from .ner_features import NerResources, _own, phrase_matches
from .ner_silver import TAGS

#: zero rows between two sentences (the first convolution reaches 2 tokens to each side)
PAD = 2
_TRANS = np.array(
    [[-1e4 if t.startswith("I-") and p[2:] != t[2:] else 0.0 for t in TAGS] for p in TAGS], dtype=np.float32
)
_START = np.array([-1e4 if t.startswith("I-") else 0.0 for t in TAGS], dtype=np.float32)
#: label of each tag index (None for O)
_LABEL = [None if t == "O" else t[2:] for t in TAGS]


@dataclass(frozen=True, slots=True)
class CnnConfig:
    """Sizes of the network (saved with the model)."""

    hash_bits: int = 18
    dim: int = 48
    hidden1: int = 200
    hidden2: int = 100
    #: dimensions of the fixed word vectors appended to every token (0: none)
    vectors: int = 0


def word_vector_row(index: dict[str, int], word: str, first: bool) -> int:
    """Row of ``word`` in the word-vector table (the form as written, lower case, or capitalised at a
    sentence start); -1 when it has none."""
    row = index.get(word)
    if row is None:
        row = index.get(word.lower())
        if row is None and first:
            row = index.get(word.capitalize())
    return -1 if row is None else row


def bucket(feature: str, bits: int) -> int:
    """The embedding bucket of a feature string (CRC-32, stable across processes and platforms)."""
    return zlib.crc32(feature.encode("utf-8")) & ((1 << bits) - 1)


def token_feature_strings(res: NerResources, word: str, first: bool) -> list[str]:
    """The word-level features of one token (the CRF's own and shared features) and its position."""
    own, shared = _own(res, word, first)
    return [*own, *shared, "b", "BOS"] if first else [*own, *shared, "b"]


def sentence_buckets(res: NerResources, words: list[str], bits: int) -> list[list[int]]:
    """Bucket ids of every token of a sentence (training; inference memoises per word)."""
    out = [[bucket(f, bits) for f in token_feature_strings(res, w, i == 0)] for i, w in enumerate(words)]
    if out:
        out[-1].append(bucket("EOS", bits))
    for i, k, name in phrase_matches(res, words):
        out[i].append(bucket("gB=" + name, bits))
        for j in range(i + 1, i + k):
            out[j].append(bucket("gI=" + name, bits))
    return out


def layout(lengths: list[int]) -> tuple[np.ndarray, int]:
    """Row index of every token when sentences are laid end to end with ``PAD`` zero rows between
    them (and at both ends); returns (rows, total rows)."""
    starts = np.cumsum([0] + [n + PAD for n in lengths[:-1]]) + PAD
    rows = np.concatenate([np.arange(s, s + n) for s, n in zip(starts, lengths, strict=True)]) if lengths else np.zeros(0, int)
    total = int(starts[-1] + lengths[-1] + PAD) if lengths else 2 * PAD
    return rows.astype(np.int64), total


def windows(x: np.ndarray, half: int) -> np.ndarray:
    """(L × (2·half+1)·d): each row's neighbours from -half to +half, zero beyond the ends."""
    L, d = x.shape
    out = np.zeros((L, (2 * half + 1) * d), dtype=x.dtype)
    for k, off in enumerate(range(-half, half + 1)):
        if off < 0:
            out[-off:, k * d : (k + 1) * d] = x[: L + off]
        elif off > 0:
            out[: L - off, k * d : (k + 1) * d] = x[off:]
        else:
            out[:, k * d : (k + 1) * d] = x
    return out


def viterbi_batch(lp: np.ndarray, lengths: list[int]) -> list[np.ndarray]:
    """Valid-IOB Viterbi for many sentences at once: ``lp`` (sentences × max length × 9)."""
    S, T, K = lp.shape
    lens = np.asarray(lengths)
    score = lp[:, 0] + _START
    back = np.zeros((S, T, K), dtype=np.int8)
    for t in range(1, T):
        cand = score[:, :, None] + _TRANS[None]
        best = cand.argmax(axis=1)
        new = np.take_along_axis(cand, best[:, None, :], axis=1)[:, 0] + lp[:, t]
        live = (lens > t)[:, None]
        score = np.where(live, new, score)
        back[:, t] = best
    out = []
    for s, n in enumerate(lengths):
        path = np.empty(n, dtype=np.int64)
        path[n - 1] = int(score[s].argmax())
        for t in range(n - 1, 0, -1):
            path[t - 1] = back[s, t, path[t]]
        out.append(path)
    return out


class CnnModel:
    """The trained network (numpy float32) and its per-process memo of word vectors."""

    def __init__(self, config: CnnConfig, rowmap: np.ndarray, emb: np.ndarray, params: dict[str, np.ndarray],
                 vectors: tuple[dict[str, int], np.ndarray] | None = None) -> None:
        self.config = config
        if config.vectors and vectors is None:
            raise ModelMissingError("this NER network reads word vectors: models/ner-<lang>.vectors.npz (make train-ner)")
        self.vindex = vectors[0] if vectors else {}
        self.vecs = np.vstack([vectors[1][:, : config.vectors], np.zeros((1, config.vectors), np.float32)]) if vectors else None
        self.rowmap = rowmap  # bucket → row of emb (-1: no row, the zero vector)
        self.emb = np.vstack([emb.astype(np.float32), np.zeros((1, emb.shape[1]), np.float32)])
        self.W1 = params["W1"].astype(np.float32)
        self.b1 = params["b1"].astype(np.float32)
        self.W2 = params["W2"].astype(np.float32)
        self.b2 = params["b2"].astype(np.float32)
        self.Wo = params["Wo"].astype(np.float32)
        self.bo = params["bo"].astype(np.float32)
        self._cache: dict[tuple[str, bool], np.ndarray] = {}
        self._special = {name: self._vec([bucket(name, config.hash_bits)]) for name in ("EOS",)}
        self.width = emb.shape[1] + config.vectors

    # ---------------------------------------------------------------- files
    def save(self, path: Path, *, meta: dict | None = None) -> None:
        """Write the compact model file: touched embedding rows as int8 with per-row scales."""
        emb = self.emb[:-1]
        scale = np.maximum(np.abs(emb).max(axis=1), 1e-8) / 127.0
        q = np.round(emb / scale[:, None]).astype(np.int8)
        used = np.flatnonzero(self.rowmap >= 0)
        with path.open("wb") as fh:
            np.savez_compressed(
                fh, buckets=used.astype(np.uint32), rows=self.rowmap[used].astype(np.uint32), emb_q=q,
                emb_scale=scale.astype(np.float16), **{k: getattr(self, k).astype(np.float16)
                                                       for k in ("W1", "b1", "W2", "b2", "Wo", "bo")})
        info = {"kind": "cnn", **asdict(self.config), **(meta or {})}
        path.with_suffix(".json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path, *, vectors: tuple[dict[str, int], np.ndarray] | None = None) -> CnnModel:
        """Read a model written by :meth:`save`."""
        meta_path = path.with_suffix(".json")
        if not path.is_file() or not meta_path.is_file():
            raise ModelMissingError(f"NER model {path} (or its .json) not found: build it with `make train-ner`")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        config = CnnConfig(**{k: meta[k] for k in CnnConfig.__dataclass_fields__ if k in meta})
        z = np.load(path)
        rowmap = np.full(1 << config.hash_bits, -1, dtype=np.int64)
        rowmap[z["buckets"].astype(np.int64)] = z["rows"].astype(np.int64)
        emb = z["emb_q"].astype(np.float32) * z["emb_scale"].astype(np.float32)[:, None]
        if config.vectors and vectors is None:
            from .ner_clusters import read_vectors

            vpath = path.with_name(meta.get("vectors_file", ""))
            if not meta.get("vectors_file") or not vpath.is_file():
                raise ModelMissingError(f"word vectors {vpath} for {path} not found: build them with `make train-ner`")
            vectors = read_vectors(vpath)
        return cls(config, rowmap, emb, {k: z[k] for k in ("W1", "b1", "W2", "b2", "Wo", "bo")}, vectors)

    # ---------------------------------------------------------------- inference
    def _vec(self, buckets: list[int]) -> np.ndarray:
        return self.emb[self.rowmap[buckets]].sum(axis=0)

    def word_vector(self, res: NerResources, word: str, first: bool) -> np.ndarray:
        """The summed feature embedding of a word form (memoised per process)."""
        key = (word, first)
        v = self._cache.get(key)
        if v is None:
            if len(self._cache) >= 200_000:
                self._cache.clear()
            bits = self.config.hash_bits
            v = self._vec([bucket(f, bits) for f in token_feature_strings(res, word, first)])
            if self.vecs is not None:
                v = np.concatenate([v, self.vecs[word_vector_row(self.vindex, word, first)]])
            self._cache[key] = v
        return v

    def probabilities(self, res: NerResources, sentences: list[list[str]]) -> list[np.ndarray]:
        """(words × 9) tag probabilities of every sentence, in one forward pass."""
        lengths = [len(s) for s in sentences]
        rows, total = layout(lengths)
        x = np.zeros((total, self.width), dtype=np.float32)
        vecs = [self.word_vector(res, w, i == 0) for s in sentences for i, w in enumerate(s)]
        x[rows] = vecs
        bits = self.config.hash_bits
        k = 0
        for s, n in zip(sentences, lengths, strict=True):
            d = self.emb.shape[1]
            x[rows[k + n - 1], :d] += self._special["EOS"]
            for i, m, name in phrase_matches(res, s):
                x[rows[k + i], :d] += self._vec([bucket("gB=" + name, bits)])
                for j in range(i + 1, i + m):
                    x[rows[k + j], :d] += self._vec([bucket("gI=" + name, bits)])
            k += n
        mask = np.zeros((total, 1), dtype=np.float32)
        mask[rows] = 1.0
        h1 = np.maximum(windows(x, 2) @ self.W1 + self.b1, 0.0) * mask
        h2 = np.maximum(windows(h1, 1)[rows] @ self.W2 + self.b2, 0.0)
        z = h2 @ self.Wo + self.bo
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        return np.split(p, np.cumsum(lengths)[:-1]) if lengths else []

    def spans(self, res: NerResources, sentences: list[list[str]]) -> list[list[tuple[int, int, str, float]]]:
        """Decoded 4-class spans ``(start, end, label, confidence)`` of every sentence; confidence is
        the lowest probability of a chosen tag in the span."""
        keep = [i for i, s in enumerate(sentences) if s]
        out: list[list[tuple[int, int, str, float]]] = [[] for _ in sentences]
        if not keep:
            return out
        probs = self.probabilities(res, [sentences[i] for i in keep])
        lengths = [len(p) for p in probs]
        T = max(lengths)
        lp = np.full((len(probs), T, len(TAGS)), 0.0, dtype=np.float32)
        for s, p in enumerate(probs):
            lp[s, : len(p)] = np.log(np.maximum(p, 1e-12))
        for s, (i, path) in enumerate(zip(keep, viterbi_batch(lp, lengths), strict=True)):
            p = probs[s]
            chosen = p[np.arange(len(path)), path]
            spans = []
            start = -1
            for t, tag in enumerate([*path.tolist(), 0]):
                name = TAGS[tag]
                if start >= 0 and not (name.startswith("I-") and name[2:] == label):
                    spans.append((start, t, label, round(float(chosen[start:t].min()), 4)))
                    start = -1
                if name.startswith("B-") or (name.startswith("I-") and start < 0):
                    start, label = t, name[2:]
            out[i] = spans
        return out
