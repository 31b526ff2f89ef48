"""The parser model: hashed linear scorers for heads, relations and morphology, vectorised in numpy.

Three steps over all sentences of a call at once:

1. **heads** — every (head, dependent) pair of a sentence, ROOT included, is scored by
   :data:`ARC_TEMPLATES`; each token takes its best head, and sentences where that is no tree with
   one root are decoded again with Chu-Liu/Edmonds (:mod:`.decode`);
2. **relations** — each attached token gets a label from :data:`LABEL_TEMPLATES`, which also see the
   words of the token's determiner, preposition and auxiliary children;
3. **morphology** — one classifier per UD feature (:data:`MORPH_FEATURES`) reads the word, its tags,
   its relation, its head and children (the subject's pronoun decides *ich habe* against *er habe*).

Weights are averaged-perceptron weights (:mod:`.trainer`); the file format is in :mod:`.store`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..lang import quote_glyphs
from ..morph import is_konjunktiv1
from .conllu import format_feats, parse_feats
from .decode import NEG, decode_trees, padded, top_candidates
from .features import ROW, Batch, Vocab, make_batch, pair_table, set_syntax_rows
from .templates import (
    ARC2_TEMPLATES, ARC_TEMPLATES, LABEL_TEMPLATES, MORPH_TEMPLATES, Templates, bucket_index, compile_templates,
    score_sum, template_codes,
)

#: UD features the morphological tagger predicts (each its own classifier; "" = feature absent)
MORPH_FEATURES: tuple[str, ...] = ("Case", "Degree", "Gender", "Mood", "Number", "Person", "Tense", "VerbForm")

#: relations of a clause's subject, and of the function words whose clause is their head's
SUBJECT_RELS = ("nsubj", "nsubj:pass")
FUNCTION_RELS = frozenset({"aux", "aux:pass", "cop"})

#: the weight arrays of a model
WEIGHTS = ("w_arc", "w_arc2", "w_label", "w_morph")
#: pairs scored per chunk (bounds the size of the temporary index tables)
PAIR_CHUNK = 120_000


@dataclass(slots=True)
class Config:
    """Everything about a model except its weights (stored as JSON beside them)."""

    labels: list[str]
    morph_values: dict[str, list[str]]  # feature → values, "" first
    arc_templates: list[str] = field(default_factory=lambda: list(ARC_TEMPLATES))
    label_templates: list[str] = field(default_factory=lambda: list(LABEL_TEMPLATES))
    morph_templates: list[str] = field(default_factory=lambda: list(MORPH_TEMPLATES))
    arc2_templates: list[str] = field(default_factory=lambda: list(ARC2_TEMPLATES))
    topk: int = 4  # first-pass candidates per token that the second pass rescores (0: no second pass)
    stack_labels: bool = True  # the second pass also sees the first tree's relations
    arc_bits: int = 20
    arc2_bits: int = 18
    label_bits: int = 16
    morph_bits: int = 17
    seed: int = 0
    language: str = "de"
    non_heads: list[str] = field(default_factory=list)  # STTS tags never scored as heads (lang/<code>/parse.yaml)
    morph_tags: list[str] = field(default_factory=list)  # STTS tags that get features (others: none)
    konjunktiv_rule: bool = True  # the word-form rule adds Konjunktiv I where the parse has a subject for it

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Config:
        return cls(**{k: d[k] for k in cls.__slots__ if k in d})

    def morph_blocks(self) -> list[tuple[str, int, int]]:
        """``(feature, first column, end column)`` of each feature's block in the morph weights."""
        out = []
        col = 0
        for name in MORPH_FEATURES:
            n = len(self.morph_values.get(name, []))
            if n:
                out.append((name, col, col + n))
                col += n
        return out


@dataclass(slots=True)
class Candidates:
    """First-pass (head slot, dependent slot) pairs, grouped by dependent; ``rows``/``cols`` place
    each pair in the ``(tokens, width)`` score matrix of :mod:`.decode`."""

    hidx: np.ndarray
    didx: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    seg_start: np.ndarray  # first pair of each dependent
    shape: tuple[int, int]


@dataclass(slots=True)
class Parsed:
    """Heads (index inside the sentence, -1 = root), relations and UD feature strings per sentence."""

    heads: list[list[int]]
    rels: list[list[str]]
    feats: list[list[str]]


class ParserModel:
    """Templates, weights and the three prediction steps; :meth:`parse` is the entry point."""

    def __init__(self, config: Config, *, w_arc: np.ndarray | None = None, w_arc2: np.ndarray | None = None,
                 w_label: np.ndarray | None = None, w_morph: np.ndarray | None = None) -> None:
        self.config = config
        seed = config.seed
        self.arc_tpl: Templates = compile_templates(config.arc_templates, seed=seed)
        self.arc2_tpl: Templates = compile_templates(config.arc2_templates, seed=seed + 3)
        self.label_tpl: Templates = compile_templates(config.label_templates, seed=seed + 1)
        self.morph_tpl: Templates = compile_templates(config.morph_templates, seed=seed + 2)
        self.blocks = config.morph_blocks()
        n_morph = self.blocks[-1][2] if self.blocks else 0
        self.w_arc = w_arc if w_arc is not None else np.zeros(1 << config.arc_bits, dtype=np.float32)
        self.w_arc2 = w_arc2 if w_arc2 is not None else np.zeros(1 << config.arc2_bits, dtype=np.float32)
        self.w_label = (w_label if w_label is not None
                        else np.zeros((1 << config.label_bits, len(config.labels)), dtype=np.float32))
        self.w_morph = (w_morph if w_morph is not None
                        else np.zeros((1 << config.morph_bits, n_morph), dtype=np.float32))
        self.vocab = Vocab(non_heads=frozenset(config.non_heads))
        self._quotes = quote_glyphs(config.language)
        self._morph_tags = frozenset(config.morph_tags)

    def __getstate__(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("config", *WEIGHTS)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["config"], **{k: state[k] for k in WEIGHTS})

    # ------------------------------------------------------------------ inputs
    def batch(self, words: Sequence[Sequence[str]], tags: Sequence[Sequence[str]],
              lemmas: Sequence[Sequence[str]]) -> Batch:
        q = self._quotes
        words = [[('"' if w[:1] in q and all(c in q for c in w) else w) for w in ws] for ws in words]
        return make_batch(self.vocab, words, tags, lemmas)

    # ------------------------------------------------------------------ heads
    def arc_candidates(self, b: Batch) -> Candidates:
        """All (head, dependent) pairs the first pass scores: every token of the sentence that may
        head (see ``non_heads`` in lang/<code>/parse.yaml) and ROOT, for every token."""
        heads = np.flatnonzero(b.can_head)
        per_sent = np.bincount(b.slot_sent[heads], minlength=len(b.lengths))
        first = np.concatenate([[0], np.cumsum(per_sent)[:-1]]).astype(np.int64)
        dep = b.token_slot
        sent = b.slot_sent[dep]
        seg_len = per_sent[sent]
        seg_start = np.concatenate([[0], np.cumsum(seg_len)[:-1]]).astype(np.int64)
        total = int(seg_len.sum())
        within = np.arange(total) - np.repeat(seg_start, seg_len)
        hidx = heads[np.repeat(first[sent], seg_len) + within]
        rows = np.repeat(np.arange(len(dep)), seg_len)
        return Candidates(hidx=hidx, didx=dep[rows], rows=rows, cols=b.slot_pos[hidx], seg_start=seg_start,
                          shape=(len(dep), int(b.lengths.max()) + 1))

    def arc_index(self, b: Batch, c: Candidates, codes: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """``(T, M)`` weight rows of the pairs (built chunk by chunk)."""
        tpl = self.arc_tpl
        out = np.empty((len(tpl), len(c.hidx)), dtype=np.int64)
        for lo in range(0, len(c.hidx), PAIR_CHUNK):
            h, d = c.hidx[lo : lo + PAIR_CHUNK], c.didx[lo : lo + PAIR_CHUNK]
            out[:, lo : lo + len(h)] = bucket_index(tpl, b.att, h, d, pair_table(b, h, d), self.config.arc_bits,
                                                    codes=codes)
        return out

    def arc_codes(self, b: Batch) -> tuple[np.ndarray, np.ndarray]:
        return template_codes(self.arc_tpl, b.att)

    def arc_scores(self, b: Batch) -> tuple[np.ndarray, Candidates]:
        """First-pass ``(tokens, width)`` score matrix (see :mod:`.decode`) and its candidates."""
        c = self.arc_candidates(b)
        codes = self.arc_codes(b)
        scores = np.empty(len(c.hidx), dtype=np.float32)
        for lo in range(0, len(c.hidx), PAIR_CHUNK):
            h, d = c.hidx[lo : lo + PAIR_CHUNK], c.didx[lo : lo + PAIR_CHUNK]
            scores[lo : lo + len(h)] = score_sum(self.w_arc, self.arc_tpl, b.att, h, d, pair_table(b, h, d),
                                                 self.config.arc_bits, codes=codes)
        scores[c.hidx == c.didx] = NEG
        return padded(scores, c.rows, c.cols, c.shape), c

    def predict_heads(self, b: Batch) -> np.ndarray:
        """Head slot of every token slot (in ``b.token_slot`` order), a tree per sentence."""
        if not len(b.token_slot):
            return np.zeros(0, dtype=np.int64)
        mat, _c = self.arc_scores(b)
        local = decode_trees(mat.copy(), b.lengths)
        if self.config.topk:
            local = self.rescore(b, mat, local)
        return b.sent_start[b.slot_sent[b.token_slot]] + local

    def second_candidates(self, b: Batch, mat: np.ndarray, local: np.ndarray
                          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The pairs the second pass rescores: ``rows, cols, head slots, dependent slots``; sets the
        first tree's attributes on ``b``."""
        tok_sent_start = b.sent_start[b.slot_sent[b.token_slot]]
        first = tok_sent_start + local
        set_syntax_rows(b, first, None)
        if self.config.stack_labels:
            set_syntax_rows(b, first, self.predict_labels(b, first))
        rows, cols = top_candidates(mat, self.config.topk, local)
        return rows, cols, tok_sent_start[rows] + cols, b.token_slot[rows]

    def rescore(self, b: Batch, mat: np.ndarray, local: np.ndarray) -> np.ndarray:
        """Second pass: the ``topk`` best first-pass heads of each token (and its first-tree head)
        rescored with the first tree's attributes (children's words, the head's head); decoded again."""
        rows, cols, hidx, didx = self.second_candidates(b, mat, local)
        total = mat[rows, cols] + self.arc2_scores(b, hidx, didx)
        return decode_trees(padded(total, rows, cols, mat.shape), b.lengths)

    def arc2_scores(self, b: Batch, hidx: np.ndarray, didx: np.ndarray) -> np.ndarray:
        return score_sum(self.w_arc2, self.arc2_tpl, b.att, hidx, didx, pair_table(b, hidx, didx),
                         self.config.arc2_bits)

    # ------------------------------------------------------------------ labels
    def label_index(self, b: Batch, heads: np.ndarray) -> np.ndarray:
        d = b.token_slot
        return bucket_index(self.label_tpl, b.att, heads, d, pair_table(b, heads, d), self.config.label_bits)

    def label_scores(self, b: Batch, heads: np.ndarray) -> np.ndarray:
        d = b.token_slot
        return score_sum(self.w_label, self.label_tpl, b.att, heads, d, pair_table(b, heads, d),
                         self.config.label_bits)

    def predict_labels(self, b: Batch, heads: np.ndarray) -> list[str]:
        """Relation of every token (``heads`` from :meth:`predict_heads`; tree rows must be set)."""
        if not len(heads):
            return []
        sc = self.label_scores(b, heads)
        labels = self.config.labels
        is_root = b.slot_pos[heads] == 0
        if "root" in labels:
            root = labels.index("root")
            sc[:, root] = np.where(is_root, np.inf, -np.inf)
        return [labels[i] for i in sc.argmax(axis=1).tolist()]

    # ------------------------------------------------------------------ morphology
    def morph_tokens(self, tags: Sequence[str]) -> np.ndarray:
        """Indices of the tokens whose tag may carry features (``Config.morph_tags``)."""
        allowed = self._morph_tags
        return np.asarray([i for i, t in enumerate(tags) if t in allowed], dtype=np.int64)

    def morph_index(self, b: Batch, heads: np.ndarray, which: np.ndarray) -> np.ndarray:
        return bucket_index(self.morph_tpl, b.att, heads[which], b.token_slot[which], None, self.config.morph_bits)

    def predict_morph(self, b: Batch, heads: np.ndarray, tags: Sequence[str]) -> list[str]:
        """UD ``FEATS`` string of every token (tree rows and relations must be set); ``tags`` are the
        tokens' STTS tags (tokens with a tag outside ``Config.morph_tags`` get none)."""
        out = [""] * len(heads)
        which = self.morph_tokens(tags)
        if not len(which) or not self.blocks:
            return out
        sc = score_sum(self.w_morph, self.morph_tpl, b.att, heads[which], b.token_slot[which], None,
                       self.config.morph_bits)
        choice = np.empty((len(which), len(self.blocks)), dtype=np.int64)
        for j, (_name, a, e) in enumerate(self.blocks):
            choice[:, j] = sc[:, a:e].argmax(axis=1)
        values = [self.config.morph_values[name] for name, _, _ in self.blocks]
        names = [name for name, _, _ in self.blocks]
        memo: dict[tuple[int, ...], str] = {}
        for k, row in zip(which.tolist(), map(tuple, choice.tolist())):
            s = memo.get(row)
            if s is None:
                s = memo[row] = "|".join(f"{n}={v[i]}" for n, v, i in zip(names, values, row) if v[i])
            out[k] = s
        return out

    def add_konjunktiv(self, b: Batch, heads: np.ndarray, rels: list[str], feats: list[str], words: list[str],
                       tags: list[str], lemmas: list[str]) -> None:
        """Mark Konjunktiv I (``Mood=Sub``, ``Tense=Pres``) on finite verbs the classifier left
        indicative when the word-form rule (:func:`lagebild.nlp.morph.is_konjunktiv1`) reads them as
        Konjunktiv I *and* the tree gives their clause a subject that is not first person singular
        (*er gebe*, not *ich gebe*). The rule alone over-marks first-person forms; the classifier alone
        misses rare verbs (docs/parser.md)."""
        flagged = np.flatnonzero(b.att[ROW["k1"]][b.token_slot] == np.uint64(self.vocab.k1_yes))
        if not len(flagged):
            return
        slot_token = np.full(b.n_slots, -1, dtype=np.int64)
        slot_token[b.token_slot] = np.arange(len(b.token_slot))
        head_tok = slot_token[heads]
        subjects: dict[int, int] = {}
        for k in np.flatnonzero(np.isin(np.asarray(rels, dtype=object), SUBJECT_RELS)).tolist():
            subjects.setdefault(int(head_tok[k]), k)
        for k in flagged.tolist():
            f = parse_feats(feats[k])
            if f.get("Mood") == "Sub":
                continue
            pred = int(head_tok[k]) if rels[k] in FUNCTION_RELS and head_tok[k] >= 0 else k
            subj = subjects.get(pred)
            if subj is None or not is_konjunktiv1(words[k], tags[k], lemmas[k], subject=words[subj],
                                                  language=self.config.language):
                continue
            f.update(Mood="Sub", Tense="Pres")
            feats[k] = format_feats(f)

    # ------------------------------------------------------------------ all
    def parse(self, words: Sequence[Sequence[str]], tags: Sequence[Sequence[str]],
              lemmas: Sequence[Sequence[str]]) -> Parsed:
        """Heads, relations and features of tagged sentences (lists of words, STTS tags, lemmas)."""
        b = self.batch(words, tags, lemmas)
        heads = self.predict_heads(b)
        set_syntax_rows(b, heads, None)
        rels = self.predict_labels(b, heads)
        set_syntax_rows(b, heads, rels)
        flat_tags = [t for ts in tags for t in ts]
        feats = self.predict_morph(b, heads, flat_tags)
        if self.config.konjunktiv_rule:
            self.add_konjunktiv(b, heads, rels, feats, [w for ws in words for w in ws], flat_tags,
                                [lem for ls in lemmas for lem in ls])
        local = (b.slot_pos[heads] - 1).tolist()
        out = Parsed([], [], [])
        k = 0
        for n in b.lengths.tolist():
            out.heads.append(local[k : k + n])
            out.rels.append(rels[k : k + n])
            out.feats.append(feats[k : k + n])
            k += n
        return out
