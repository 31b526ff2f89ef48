"""A fast two-pass averaged-perceptron POS tagger (numpy; trained on silver tags).

Pass 1 scores each token from word features of itself and its neighbours (no tag history, so a
whole article is one vectorised gather-and-sum). Pass 2 adds the pass-1 tags of the neighbours as
features (stacking); its training data gets pass-1 tags by two-fold cross-prediction so that it
learns how far to trust them. Weights are trained with a mini-batch averaged perceptron.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelMissingError
from .features import BOS, CONTEXT, EOS, context_features, first_features, own_features, sentence_features

#: tag-context templates of pass 2: (relative positions) whose pass-1 tags form one feature
#: ("A" = the last clause anchor before the token, 0 = the token's own pass-1 tag)
TAG_TEMPLATES: tuple[tuple[int | str, ...], ...] = (
    (-1,), (1,), (-2,), (2,), (-1, 1), (-2, -1), (1, 2), (0,), ("A",), ("A", 0),
)
#: tags that open or fill a clause: a verb after a subordinator is finite (weil die Zahlen steigen)
ANCHOR_TAGS = frozenset({"KOUS", "KOUI", "PRELS", "PRELAT", "PWS", "PWAV", "PWAT", "VAFIN", "VMFIN", "VVFIN",
                         "$,", "$.", "KON"})
_CACHE_LIMIT = 200_000


class PosModel:
    """Feature table, tag set and the two weight matrices; tags lists of words."""

    def __init__(self, *, features: list[str], tags: list[str], w1: np.ndarray, w2: np.ndarray,
                 padded: bool = False) -> None:
        self.features = features
        self.tags = tags
        self.index = {f: i for i, f in enumerate(features)}
        # a zero row at the end: id -1 pads the per-token feature table (``load`` passes padded arrays)
        self.w1 = w1 if padded else np.vstack([w1, np.zeros((1, w1.shape[1]), dtype=np.float32)])
        self.w2 = w2 if padded else np.vstack([w2, np.zeros((1, w2.shape[1]), dtype=np.float32)])
        self._words = _WordTable()
        self._tag_offsets = _tag_offsets(len(features), len(tags))
        self._anchors = anchor_ids(tags)
        if self.w2.shape[0] - 1 != self._tag_offsets[-1]:
            raise ModelMissingError(
                "the POS model was trained with other tag-context templates than this code uses; "
                "retrain it with: .venv/bin/python scripts/train_pos.py"
            )

    # ------------------------------------------------------------------ features
    def _ids(self, feats: list[str]) -> list[int]:
        get = self.index.get
        return [i for i in map(get, feats) if i is not None]

    def _word(self, word: str) -> tuple[list[int], ...]:
        """Ids of a word form: own, as -2, -1, +1, +2 neighbour, as sentence start."""
        return (
            self._ids(own_features(word)),
            *(self._ids(context_features(word, rel)) for rel in CONTEXT),
            self._ids(first_features(word)),
        )

    def static_ids(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Flat feature ids, per-token start offsets and sentence-position codes of all tokens.

        Per token, in this order: its own features, the -2, -1, +1, +2 neighbour features (sentence
        boundaries as ``BOS``/``EOS``), the sentence-start features of the first token and ``last``
        for the last one. The ids of each word form are stored once (:class:`_WordTable`); a
        sentence's ids are gathered from there with array operations.
        """
        table = self._words
        if len(table) > _CACHE_LIMIT:
            table.clear()
        slot = table.slot
        word = self._word
        bos, eos = slot(BOS, word), slot(EOS, word)
        last_id = self.index.get("last")
        lengths = np.fromiter((len(x) for x in sentences), dtype=np.int64, count=len(sentences))
        n = int(lengths.sum())
        own = np.fromiter((slot(w, word) for sent in sentences for w in sent), dtype=np.int64, count=n)
        sent = np.repeat(np.arange(len(lengths)), lengths)
        ends = np.cumsum(lengths)
        first = np.zeros(n, dtype=bool)
        last = np.zeros(n, dtype=bool)
        nonempty = lengths > 0
        first[(ends - lengths)[nonempty]] = True
        last[(ends - 1)[nonempty]] = True
        idx = np.arange(n)

        def neighbour(rel: int) -> np.ndarray:
            j = idx + rel
            ok = (j >= 0) & (j < n)
            jj = np.where(ok, j, 0)
            ok &= sent[jj] == sent
            return np.where(ok, own[jj], bos if rel < 0 else eos)

        off, ln = table.offsets, table.lengths
        seg_off = np.stack([off[0, own], off[1, neighbour(-2)], off[2, neighbour(-1)], off[3, neighbour(1)],
                            off[4, neighbour(2)], off[5, own], np.full(n, table.last_offset(last_id))], axis=1)
        seg_len = np.stack([ln[0, own], ln[1, neighbour(-2)], ln[2, neighbour(-1)], ln[3, neighbour(1)],
                            ln[4, neighbour(2)], np.where(first, ln[5, own], 0),
                            np.where(last, int(last_id is not None), 0)], axis=1)
        per_token = seg_len.sum(axis=1)
        starts = np.cumsum(per_token) - per_token
        seg_off, seg_len = seg_off.ravel(), seg_len.ravel()
        seg_start = np.cumsum(seg_len) - seg_len
        gather = np.repeat(seg_off - seg_start, seg_len) + np.arange(int(seg_len.sum()))
        flat = table.store[gather].astype(np.int32, copy=False)
        pos = first.astype(np.int64) + 2 * last.astype(np.int64)
        return flat, starts.astype(np.int64), pos

    # ------------------------------------------------------------------ tagging
    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """STTS tags for each word of each sentence."""
        lengths = [len(s) for s in sentences]
        if not sum(lengths):
            return [[] for _ in sentences]
        flat, starts, _ = self.static_ids(sentences)
        table = _pad(flat, starts)
        first = _score(self.w1, table).argmax(axis=1)
        tag_ids = tag_context_ids(first, lengths, self._tag_offsets, len(self.tags), self._anchors)
        best = _score(self.w2, table, tag_ids).argmax(axis=1)
        names = self.tags
        out: list[list[str]] = []
        k = 0
        for n in lengths:
            out.append([names[j] for j in best[k : k + n]])
            k += n
        return out

    def tag(self, words: Sequence[str]) -> list[str]:
        """STTS tags of one sentence."""
        return self.tag_sentences([words])[0]

    # ------------------------------------------------------------------ storage
    def save(self, path: Path, *, meta: dict[str, Any] | None = None) -> None:
        """Write ``path`` (.npz, sparse float16 weights) and ``path.with_suffix('.json')`` (metadata)."""
        arrays: dict[str, np.ndarray] = {
            "features": np.frombuffer("\n".join(self.features).encode("utf-8"), dtype=np.uint8),
            "tags": np.frombuffer("\n".join(self.tags).encode("utf-8"), dtype=np.uint8),
        }
        for name, w in (("w1", self.w1[:-1]), ("w2", self.w2[:-1])):
            rows, cols = np.nonzero(w)
            arrays[f"{name}_rows"] = rows.astype(np.int32)
            arrays[f"{name}_cols"] = cols.astype(np.uint8)
            arrays[f"{name}_vals"] = w[rows, cols].astype(np.float16)
            arrays[f"{name}_shape"] = np.asarray(w.shape, dtype=np.int64)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, **arrays)
        info = {"format": "lagebild-pos-2pass-perceptron", "tags": self.tags, "features": len(self.features)}
        info.update(meta or {})
        path.with_suffix(".json").write_text(json.dumps(info, indent=1, ensure_ascii=False) + "\n", "utf-8")

    @classmethod
    def load(cls, path: Path) -> PosModel:
        """Read a model written by :meth:`save`."""
        if not path.is_file():
            raise ModelMissingError(
                f"POS model {path} not found; train it with: .venv/bin/python scripts/train_pos.py "
                "(or use Tag(engine='hanta'))"
            )
        with np.load(path) as z:
            features = bytes(z["features"]).decode("utf-8").split("\n")
            tags = bytes(z["tags"]).decode("utf-8").split("\n")
            ws = []
            for name in ("w1", "w2"):
                rows, cols = z[f"{name}_shape"]
                w = np.zeros((int(rows) + 1, int(cols)), dtype=np.float32)  # + the zero padding row
                w[z[f"{name}_rows"], z[f"{name}_cols"]] = z[f"{name}_vals"].astype(np.float32)
                ws.append(w)
        return cls(features=features, tags=tags, w1=ws[0], w2=ws[1], padded=True)


def _pad(flat: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """``(tokens, max features)`` table of feature ids, padded with -1 (the zero row)."""
    lens = np.diff(np.append(starts, len(flat)))
    table = np.full((len(starts), int(lens.max())), -1, dtype=np.int64)
    table[np.arange(table.shape[1])[None, :] < lens[:, None]] = flat
    return table


def _score(w: np.ndarray, table: np.ndarray, more: np.ndarray | None = None) -> np.ndarray:
    """Sum of the weight rows of each token's features, column by column (no big temporary), then the
    columns of ``more`` (the same sums, in the same order, as for the two tables side by side)."""
    acc = np.take(w, table[:, 0], axis=0)
    buf = np.empty_like(acc)
    for cols in (table[:, 1:], more):
        if cols is None:
            continue
        for k in range(cols.shape[1]):
            np.take(w, cols[:, k], axis=0, out=buf)
            acc += buf
    return acc


class _WordTable:
    """Feature ids of each word form seen, stored once: ``store[offsets[p, slot]:][:lengths[p, slot]]``
    are the ids of part ``p`` (own, -2, -1, +1, +2, sentence start) of the word in ``slot``."""

    PARTS = 6

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.slots: dict[str, int] = {}
        self.offsets = np.zeros((self.PARTS, 1024), dtype=np.int64)
        self.lengths = np.zeros((self.PARTS, 1024), dtype=np.int64)
        self.store = np.zeros(1 << 16, dtype=np.int32)
        self.used = 0
        self._last: tuple[int | None, int] | None = None

    def __len__(self) -> int:
        return len(self.slots)

    def _append(self, ids: list[int]) -> int:
        at = self.used
        need = at + len(ids)
        if need > len(self.store):
            self.store = np.concatenate([self.store, np.zeros(max(need, len(self.store)), dtype=np.int32)])
        self.store[at:need] = ids
        self.used = need
        return at

    def slot(self, word: str, make: Any) -> int:
        """The slot of ``word``, storing ``make(word)`` (one id list per part) the first time."""
        hit = self.slots.get(word)
        if hit is not None:
            return hit
        k = len(self.slots)
        if k >= self.offsets.shape[1]:
            grow = self.offsets.shape[1]
            self.offsets = np.concatenate([self.offsets, np.zeros((self.PARTS, grow), dtype=np.int64)], axis=1)
            self.lengths = np.concatenate([self.lengths, np.zeros((self.PARTS, grow), dtype=np.int64)], axis=1)
        for p, ids in enumerate(make(word)):
            self.offsets[p, k] = self._append(ids)
            self.lengths[p, k] = len(ids)
        self.slots[word] = k
        return k

    def last_offset(self, last_id: int | None) -> int:
        """Where the single id ``last_id`` is stored (0 when the model has no ``last`` feature)."""
        if self._last is None or self._last[0] != last_id:
            self._last = (last_id, self._append([last_id]) if last_id is not None else 0)
        return self._last[1]


def _tag_offsets(n_features: int, n_tags: int) -> list[int]:
    """First feature id of each pass-2 tag template (after the static features)."""
    size = n_tags + 1  # + boundary
    out = []
    off = n_features
    for tpl in TAG_TEMPLATES:
        out.append(off)
        off += size ** len(tpl)
    return [*out, off]


def anchor_ids(tags: list[str]) -> np.ndarray:
    """Indices of :data:`ANCHOR_TAGS` in a model's tag list."""
    return np.asarray([i for i, t in enumerate(tags) if t in ANCHOR_TAGS], dtype=np.int64)


def _last_anchor(tags: np.ndarray, sent: np.ndarray, anchors: np.ndarray, n_tags: int) -> np.ndarray:
    """Tag of the nearest anchor-tagged token before each token in its sentence (else the boundary)."""
    n = len(tags)
    idx = np.arange(n)
    mark = np.where(np.isin(tags, anchors), idx, -1)
    before = np.concatenate([[-1], np.maximum.accumulate(mark)[:-1]]) if n else mark
    ok = (before >= 0) & (sent[np.maximum(before, 0)] == sent)
    return np.where(ok, tags[np.maximum(before, 0)], n_tags)


def tag_context_ids(
    tags: np.ndarray, lengths: Sequence[int], offsets: list[int], n_tags: int, anchors: np.ndarray
) -> np.ndarray:
    """``(tokens, len(TAG_TEMPLATES))`` feature ids from pass-1 tags within each sentence."""
    n = len(tags)
    size = n_tags + 1
    sent = np.repeat(np.arange(len(lengths)), lengths)
    idx = np.arange(n)
    anchor = _last_anchor(tags, sent, anchors, n_tags)
    cols = []
    for k, tpl in enumerate(TAG_TEMPLATES):
        code = np.zeros(n, dtype=np.int64)
        for rel in tpl:
            if rel == "A":
                code = code * size + anchor
                continue
            j = idx + rel
            ok = (j >= 0) & (j < n)
            jj = np.where(ok, j, 0)
            ok &= sent[jj] == sent
            code = code * size + np.where(ok, tags[jj], n_tags)
        cols.append(offsets[k] + code)
    return np.stack(cols, axis=1)


# ---------------------------------------------------------------------- training
def _encode(index: dict[str, int], sents: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    flat: list[int] = []
    starts: list[int] = []
    for words in sents:
        for feats in sentence_features(words):
            starts.append(len(flat))
            flat.extend(index[f] for f in feats if f in index)
    return np.asarray(flat, dtype=np.int32), np.asarray(starts + [len(flat)], dtype=np.int64)


def _fit(
    flat: np.ndarray,
    bounds: np.ndarray,
    gold: np.ndarray,
    lengths: list[int],
    *,
    n_rows: int,
    n_tags: int,
    epochs: int,
    seed: int,
    ctx: np.ndarray | None = None,
    batch_sentences: int = 32,
) -> np.ndarray:
    """Mini-batch averaged perceptron; ``ctx`` are extra per-token feature ids (pass 2)."""
    rng = np.random.default_rng(seed)
    w = np.zeros((n_rows, n_tags), dtype=np.float32)
    acc = np.zeros_like(w)
    sent_start = np.concatenate([[0], np.cumsum(lengths)])
    n_batches = (len(lengths) + batch_sentences - 1) // batch_sentences
    step = 1
    for _epoch in range(epochs):
        for b in rng.permutation(n_batches):
            s0 = sent_start[b * batch_sentences]
            s1 = sent_start[min((b + 1) * batch_sentences, len(lengths))]
            if s1 <= s0:
                continue
            f0, f1 = bounds[s0], bounds[s1]
            ids = flat[f0:f1]
            local = bounds[s0:s1] - f0
            scores = np.add.reduceat(w[ids], local, axis=0)
            if ctx is not None:
                scores += w[ctx[s0:s1]].sum(axis=1)
            pred = scores.argmax(axis=1)
            g = gold[s0:s1]
            wrong = np.nonzero(pred != g)[0]
            if len(wrong):
                counts = np.diff(np.append(local, f1 - f0))
                tok = np.repeat(np.arange(s1 - s0), counts)
                mask = np.isin(tok, wrong)
                rows = ids[mask]
                gt, pt = g[tok[mask]], pred[tok[mask]]
                if ctx is not None:
                    crow = ctx[s0:s1][wrong].ravel()
                    rows = np.concatenate([rows, crow])
                    k = ctx.shape[1]
                    gt = np.concatenate([gt, np.repeat(g[wrong], k)])
                    pt = np.concatenate([pt, np.repeat(pred[wrong], k)])
                np.add.at(w, (rows, gt), 1.0)
                np.add.at(w, (rows, pt), -1.0)
                np.add.at(acc, (rows, gt), float(step))
                np.add.at(acc, (rows, pt), -float(step))
            step += 1
    return w - acc / step


def train(sentences: list[tuple[list[str], list[str]]], *, epochs: int = 6, seed: int = 0,
          min_count: int = 2) -> PosModel:
    """Train both passes on ``(words, tags)`` sentences; features seen fewer than ``min_count`` times drop."""
    counts: Counter = Counter()
    for words, _ in sentences:
        for feats in sentence_features(words):
            counts.update(feats)
    features = sorted(f for f, c in counts.items() if c >= min_count)
    index = {f: i for i, f in enumerate(features)}
    tags = sorted({t for _, ts in sentences for t in ts})
    tix = {t: i for i, t in enumerate(tags)}
    words = [w for w, _ in sentences]
    lengths = [len(w) for w in words]
    gold = np.asarray([tix[t] for _, ts in sentences for t in ts], dtype=np.int64)
    flat, bounds = _encode(index, words)
    nf, nt = len(features), len(tags)
    offsets = _tag_offsets(nf, nt)
    w1 = _fit(flat, bounds, gold, lengths, n_rows=nf, n_tags=nt, epochs=epochs, seed=seed)
    # two-fold cross-prediction gives pass 2 realistic (imperfect) pass-1 tags
    half = len(sentences) // 2
    tok_half = sum(lengths[:half])
    pred1 = np.empty_like(gold)
    for lo, hi, tlo, thi, olo, ohi, otlo, othi in (
        (0, half, 0, tok_half, half, len(sentences), tok_half, len(gold)),
        (half, len(sentences), tok_half, len(gold), 0, half, 0, tok_half),
    ):
        fl, bd = _encode(index, words[lo:hi])
        wf = _fit(fl, bd, gold[tlo:thi], lengths[lo:hi], n_rows=nf, n_tags=nt, epochs=epochs, seed=seed)
        fo, bo = _encode(index, words[olo:ohi])
        pred1[otlo:othi] = np.add.reduceat(wf[fo], bo[:-1], axis=0).argmax(axis=1)
    ctx = tag_context_ids(pred1, lengths, offsets, nt, anchor_ids(tags))
    w2 = _fit(flat, bounds, gold, lengths, n_rows=offsets[-1], n_tags=nt, epochs=epochs, seed=seed + 1,
              ctx=ctx)
    return PosModel(features=features, tags=tags, w1=w1, w2=w2)


def evaluate(model: PosModel, sentences: list[tuple[list[str], list[str]]]) -> dict[str, Any]:
    """Token agreement with the reference tags, overall and for the tags later stages rely on."""
    pred = model.tag_sentences([w for w, _ in sentences])
    hit = tot = 0
    per: Counter = Counter()
    per_tot: Counter = Counter()
    for (_, gold), p in zip(sentences, pred):
        for g, q in zip(gold, p):
            tot += 1
            per_tot[g] += 1
            if g == q:
                hit += 1
                per[g] += 1
    key = ["NN", "NE", "VVFIN", "VAFIN", "VMFIN", "VVINF", "VVPP", "VVIZU", "PPER", "ART", "APPR", "KOUS",
           "ADJA", "ADJD", "ADV"]
    return {
        "tokens": tot,
        "agreement": round(hit / max(tot, 1), 4),
        "per_tag_recall": {t: round(per[t] / per_tot[t], 3) for t in key if per_tot[t]},
    }
