"""From arc scores to trees: best head per token, and maximum spanning trees where that is no tree.

The best-scoring head of each token already forms a tree for most sentences; only sentences with a
cycle or with more than one token on the root are decoded again, with Chu-Liu/Edmonds and a single
root (the root child that gives the best whole tree).
"""

from __future__ import annotations

import numpy as np

NEG = -1e9


def segment_argmax(scores: np.ndarray, seg_start: np.ndarray, seg_len: int | np.ndarray) -> np.ndarray:
    """Offset (inside its segment) of the first maximum of each segment of ``scores``."""
    seg_len = np.broadcast_to(np.asarray(seg_len), seg_start.shape)
    best = np.maximum.reduceat(scores, seg_start)
    owner = np.repeat(np.arange(len(seg_start)), seg_len)
    pos = np.arange(len(scores)) - np.repeat(seg_start, seg_len)
    key = np.where(scores >= best[owner], len(scores) - pos, 0)
    return len(scores) - np.maximum.reduceat(key, seg_start)


def bad_sentences(parent: np.ndarray, is_root: np.ndarray, slot_sent: np.ndarray, n_sents: int,
                  max_len: int) -> np.ndarray:
    """Sentences whose ``parent`` pointers (slot → slot; ROOT slots point to themselves) are no
    single-rooted tree: a token that never reaches ROOT, or not exactly one token on ROOT."""
    anc = parent.copy()
    for _ in range(int(np.ceil(np.log2(max_len + 2))) + 1):
        anc = anc[anc]
    lost = ~is_root[anc]
    root_children = (~is_root) & is_root[parent]
    per_sent = np.bincount(slot_sent[root_children], minlength=n_sents)
    bad = per_sent != 1
    bad[np.unique(slot_sent[lost])] = True
    return np.flatnonzero(bad)


def _find_cycle(heads: np.ndarray) -> np.ndarray | None:
    """A boolean mask of the nodes on one cycle of ``heads`` (node 0 is ROOT), or ``None``."""
    n = len(heads)
    color = np.zeros(n, dtype=np.int8)  # 0 new, 1 on the current path, 2 done
    color[0] = 2
    for start in range(1, n):
        if color[start]:
            continue
        path = []
        v = start
        while color[v] == 0:
            color[v] = 1
            path.append(v)
            v = int(heads[v])
        if color[v] == 1:
            cyc = np.zeros(n, dtype=bool)
            cyc[path[path.index(v):]] = True
            return cyc
        for u in path:
            color[u] = 2
    return None


def chu_liu_edmonds(scores: np.ndarray) -> np.ndarray:
    """Maximum spanning arborescence. ``scores[d, h]``: score of head ``h`` for dependent ``d``;
    node 0 is ROOT. Returns ``heads`` with ``heads[0] = 0``."""
    s = scores.copy()
    n = s.shape[0]
    np.fill_diagonal(s, NEG)
    s[0] = NEG
    s[0, 0] = 0.0
    heads = s.argmax(axis=1)
    cyc = _find_cycle(heads)
    if cyc is None:
        return heads
    inside = np.flatnonzero(cyc)
    outside = np.flatnonzero(~cyc)
    kept = s[inside, heads[inside]]  # score of each cycle node's current head
    # the contracted graph: outside nodes keep their order, the cycle is the last node
    m = len(outside)
    c = np.full((m + 1, m + 1), NEG)
    c[:m, :m] = s[np.ix_(outside, outside)]
    # outside dependent, cycle as head: best cycle node as head
    to_out = s[np.ix_(outside, inside)]
    best_in_head = to_out.argmax(axis=1)
    c[:m, m] = to_out[np.arange(m), best_in_head]
    # cycle as dependent, outside head: enter at the cycle node that loses least
    enter = s[np.ix_(inside, outside)] - kept[:, None]
    best_enter = enter.argmax(axis=0)
    c[m, :m] = enter[best_enter, np.arange(m)]
    c[m, m] = NEG
    sub = chu_liu_edmonds(c)
    out = heads.copy()
    for j, node in enumerate(outside):
        if node == 0:
            continue
        h = sub[j]
        out[node] = inside[best_in_head[j]] if h == m else outside[h]
    h = sub[m]
    out[inside[best_enter[h]]] = outside[h]
    return out


def tree_score(scores: np.ndarray, heads: np.ndarray) -> float:
    return float(scores[np.arange(1, len(heads)), heads[1:]].sum())


def best_single_root_tree(scores: np.ndarray) -> np.ndarray:
    """Chu-Liu/Edmonds with exactly one token on ROOT: the best tree over the candidate root tokens."""
    heads = chu_liu_edmonds(scores)
    on_root = np.flatnonzero(heads[1:] == 0) + 1
    if len(on_root) == 1:
        return heads
    best, best_score = heads, -np.inf
    for r in on_root:
        s = scores.copy()
        s[1:, 0] = NEG
        s[r, 0] = scores[r, 0]
        cand = chu_liu_edmonds(s)
        score = tree_score(scores, cand)
        if score > best_score:
            best, best_score = cand, score
    return best


def decode_trees(scores: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Local head (0 = ROOT, i = the i-th token) of every token of consecutive sentences.

    ``scores`` holds, sentence by sentence and token by token, the scores of the token's ``n + 1``
    candidate heads (ROOT first; the token itself should score :data:`NEG`). One token per sentence
    goes on ROOT: the one that loses least against its best other head; every other token takes
    its best non-ROOT head; sentences where that leaves a cycle are decoded with Chu-Liu/Edmonds,
    the root token kept.
    """
    lengths = np.asarray(lengths, dtype=np.int64)
    n_tok = int(lengths.sum())
    if not n_tok:
        return np.zeros(0, dtype=np.int64)
    tok_sent = np.repeat(np.arange(len(lengths)), lengths)
    seg_len = lengths[tok_sent] + 1
    seg_start = np.concatenate([[0], np.cumsum(seg_len)[:-1]]).astype(np.int64)
    root_score = scores[seg_start].copy()
    work = scores.copy()
    work[seg_start] = NEG
    best = segment_argmax(work, seg_start, seg_len)
    margin = root_score - work[seg_start + best]
    tok_start = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    has = lengths > 0
    root_tok = tok_start[has] + segment_argmax(margin, tok_start[has], lengths[has])
    heads = best.copy()
    heads[root_tok] = 0
    # slots: a ROOT slot before each sentence
    slot_start = tok_start + np.arange(len(lengths))
    tok_slot = slot_start[tok_sent] + np.arange(n_tok) - tok_start[tok_sent] + 1
    n_slots = n_tok + len(lengths)
    parent = np.arange(n_slots)
    parent[tok_slot] = slot_start[tok_sent] + heads
    is_root = np.zeros(n_slots, dtype=bool)
    is_root[slot_start] = True
    slot_sent = np.repeat(np.arange(len(lengths)), lengths + 1)
    bad = bad_sentences(parent, is_root, slot_sent, len(lengths), int(lengths.max()))
    for s in bad.tolist():
        k0 = int(tok_start[s])
        n = int(lengths[s])
        block = scores[seg_start[k0] : seg_start[k0] + n * (n + 1)].reshape(n, n + 1)
        mat = np.full((n + 1, n + 1), NEG)
        mat[1:, 1:] = block[:, 1:]
        r = int(root_tok[np.searchsorted(root_tok, k0)] - k0) + 1
        mat[r] = NEG
        mat[r, 0] = 0.0
        heads[k0 : k0 + n] = chu_liu_edmonds(mat)[1:]
    return heads
