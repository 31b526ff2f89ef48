"""From arc scores to trees, vectorised over all sentences of a call.

Scores sit in a ``(tokens, longest sentence + 1)`` matrix: row = dependent token, column = its local
head (0 = ROOT, i = the i-th token of its sentence); heads that were not scored hold :data:`NEG`. The
best head of every token is then one ``argmax``.

A tree needs one token on ROOT and no cycle. One token per sentence goes on ROOT: the one that loses
least against its best other head; the others take their best non-ROOT head. Every cycle left is
then broken at once, at the node that loses least by moving to its best head among the tokens that
already reach ROOT (which cannot make a new cycle). This greedy repair is what a maximum spanning
tree decoder would do on most sentences, at a fraction of its cost in Python.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NEG = -1e9


@dataclass(slots=True)
class Layout:
    """Token positions of consecutive sentences: each token's sentence, its 1-based position in it,
    the first token of each sentence, the sentence lengths."""

    lengths: np.ndarray
    tok_sent: np.ndarray
    tok_pos: np.ndarray
    tok_start: np.ndarray

    @classmethod
    def of(cls, lengths: np.ndarray) -> Layout:
        lengths = np.asarray(lengths, dtype=np.int64)
        tok_sent = np.repeat(np.arange(len(lengths)), lengths)
        tok_start = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        tok_pos = np.arange(len(tok_sent)) - tok_start[tok_sent] + 1
        return cls(lengths, tok_sent, tok_pos, tok_start)

    @property
    def width(self) -> int:
        """Columns of a score matrix: ROOT plus the longest sentence."""
        return int(self.lengths.max()) + 1 if len(self.lengths) else 1


def padded(values: np.ndarray, rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int],
           fill: float = NEG) -> np.ndarray:
    """A ``(tokens, width)`` matrix with ``values`` at ``(rows, cols)`` (dependent token, local head
    column: 0 = ROOT, i = the i-th token of the sentence) and ``fill`` elsewhere."""
    out = np.full(shape, fill, dtype=np.float32)
    out[rows, cols] = values
    return out


def top_candidates(mat: np.ndarray, k: int, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(rows, cols)`` of the ``k`` best cells of each row of a score matrix, plus column
    ``keep[row]`` of every row, sorted by row then column; cells at :data:`NEG` are left out."""
    k = min(k, mat.shape[1])
    if k < mat.shape[1]:
        cols = np.argpartition(-mat, k - 1, axis=1)[:, :k]
    else:
        cols = np.tile(np.arange(k), (len(mat), 1))
    cols = np.concatenate([cols, keep[:, None]], axis=1)
    rows = np.repeat(np.arange(len(mat)), cols.shape[1])
    flat = np.unique(rows * mat.shape[1] + cols.ravel())
    rows, cols = np.divmod(flat, mat.shape[1])
    ok = mat[rows, cols] > NEG / 2
    return rows[ok], cols[ok]


def decode_trees(mat: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Local head (0 = ROOT, i = the i-th token) of every token, one single-rooted tree per sentence
    (see the module docstring). ``mat`` is the ``(tokens, width)`` score matrix; a token's own column
    and impossible heads hold :data:`NEG`. ``mat`` is changed."""
    lay = Layout.of(lengths)
    n_tok = len(lay.tok_sent)
    if not n_tok:
        return np.zeros(0, dtype=np.int64)
    rows = np.arange(n_tok)
    root_score = mat[:, 0].copy()
    mat[:, 0] = NEG
    heads = mat.argmax(axis=1)
    margin = root_score - mat[rows, heads]
    per_sent = np.full((len(lay.lengths), mat.shape[1] - 1), -np.inf, dtype=np.float32)
    per_sent[lay.tok_sent, lay.tok_pos - 1] = margin
    has = lay.lengths > 0
    root_tok = lay.tok_start[has] + per_sent[has].argmax(axis=1)
    heads[root_tok] = 0
    _break_cycles(mat, heads, lay)
    return heads


def _break_cycles(mat: np.ndarray, heads: np.ndarray, lay: Layout) -> None:
    """Reattach one node of every cycle (in place), as described in the module docstring."""
    n_tok = len(heads)
    n_sent = len(lay.lengths)
    # slots: ROOT of sentence s is slot n_tok + s; token t is slot t
    root_slot = n_tok + lay.tok_sent
    parent = np.empty(n_tok + n_sent, dtype=np.int64)
    parent[:n_tok] = np.where(heads == 0, root_slot, lay.tok_start[lay.tok_sent] + heads - 1)
    parent[n_tok:] = np.arange(n_tok, n_tok + n_sent)
    jumps = [parent]
    steps = int(np.ceil(np.log2(int(lay.lengths.max()) + 2)))
    for _ in range(steps):
        jumps.append(jumps[-1][jumps[-1]])
    far = jumps[-1]
    reach = far[:n_tok] >= n_tok
    if reach.all():
        return
    on_cycle = np.zeros(n_tok + n_sent, dtype=bool)
    on_cycle[far[:n_tok][~reach]] = True
    for anc in jumps[:-1]:
        on_cycle[anc[np.flatnonzero(on_cycle)]] = True
    # cycle id: the smallest node on the cycle (min along 2^steps ancestors)
    low = np.arange(n_tok + n_sent)
    for anc in jumps[:-1]:
        low = np.minimum(low, low[anc])
    nodes = np.flatnonzero(on_cycle[:n_tok])
    # allowed new heads: tokens of the same sentence that reach ROOT (not ROOT itself)
    reach_local = np.zeros((n_sent, mat.shape[1]), dtype=bool)
    reach_local[lay.tok_sent[reach], lay.tok_pos[reach]] = True
    allowed = reach_local[lay.tok_sent[nodes]]
    cand = np.where(allowed, mat[nodes], -np.inf)
    alt = cand.argmax(axis=1)
    loss = mat[nodes, heads[nodes]] - cand[np.arange(len(nodes)), alt]
    cyc = low[nodes]
    order = np.lexsort((loss, cyc))
    first = np.ones(len(order), dtype=bool)
    first[1:] = cyc[order][1:] != cyc[order][:-1]
    pick = order[first]
    heads[nodes[pick]] = alt[pick]
