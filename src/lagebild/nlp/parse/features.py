"""Hashed feature templates of the parser, vectorised over all sentences of an article.

Every token slot (each sentence gets a ROOT slot before its first token) has a column of integer
*attributes* (tag, word form, lemma, suffixes, neighbours' tags; after attachment also the words of
its determiner, preposition, auxiliary and subject children). A template names attributes of the
head side, of the dependent side and at most one pair attribute (direction and distance, or what lies
between the two); its value is a linear hash of those attributes, and a multiply-shift hash maps it
to a weight row. Scoring is then one gather and one sum over a ``(templates, pairs)`` index table: no
per-token Python loop touches the weights.

Attribute ids are CRC-32 values of ``kind=value`` strings, so the model file carries no vocabulary
and the ids are the same in every process (Python's own ``hash`` is salted per process).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..morph import is_konjunktiv1

ROOT = "<ROOT>"
BOS = "<S>"
EOS = "</S>"
#: multiply-shift hashing constant (odd, 64 bit)
MIX = np.uint64(0x9E3779B97F4A7C15)

#: word-level attributes, computed once per word form
WORD_ROWS = ("w", "s1", "s2", "s3", "s4", "pre3", "shape")
#: tag / lemma attributes
TAG_ROWS = ("p", "cp", "l")
#: neighbour attributes (tag or word of the token k places away inside the sentence)
CONTEXT_ROWS = ("p-2", "p-1", "p+1", "p+2", "w-1", "w+1")
#: position in the sentence
POSITION_ROWS = ("first", "last")
#: the rule-based Konjunktiv I reading of a finite verb form (lagebild.nlp.morph, lang/<code>/morph.yaml)
RULE_ROWS = ("k1",)
#: attributes that need the tree: words / lemmas of some children, the token's own relation
SYNTAX_ROWS = ("det", "case", "aux", "mark", "subj", "rel", "neg", "up")
ROWS: tuple[str, ...] = ("zero", *WORD_ROWS, *TAG_ROWS, *CONTEXT_ROWS, *POSITION_ROWS, *RULE_ROWS, *SYNTAX_ROWS)
ROW: dict[str, int] = {name: i for i, name in enumerate(ROWS)}

#: pair attributes a template may add (at most one)
PAIR_KINDS = ("none", "dd", "dir", "btw")

#: STTS tags of the children whose words become the parent's ``det`` / ``case`` / ``mark`` / ``aux`` attributes
DET_TAGS = frozenset({"ART", "PDAT", "PPOSAT", "PIAT", "PWAT", "PRELAT", "PIDAT"})
CASE_TAGS = frozenset({"APPR", "APPRART", "APPO", "APZR", "KOKOM"})
MARK_TAGS = frozenset({"KOUS", "KOUI", "PTKZU"})
AUX_TAGS = frozenset({"VAFIN", "VAINF", "VAPP", "VMFIN", "VMINF", "VAIMP"})
NEG_TAGS = frozenset({"PTKNEG"})
SUBJ_RELS = frozenset({"nsubj", "nsubj:pass", "csubj", "expl"})
#: classes counted between head and dependent (``btw`` pair attribute)
FINITE_TAGS = frozenset({"VVFIN", "VAFIN", "VMFIN", "VVIMP", "VAIMP"})
PUNCT_TAGS = frozenset({"$,", "$(", "$."})
CONJ_TAGS = frozenset({"KON"})
VERB_PREFIX = "V"


def sid(text: str) -> int:
    """Stable 32-bit id of an attribute string (the same in every process and on every machine)."""
    return zlib.crc32(text.encode("utf-8")) or 1


def shape(word: str) -> str:
    """Compressed character shape: ``Kreml`` → ``Xx``, ``3,5`` → ``d,d``."""
    out: list[str] = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out[:5])


def word_attributes(word: str) -> tuple[int, ...]:
    """Ids of :data:`WORD_ROWS` for one word form."""
    low = word.lower()
    return (
        sid("w=" + low), sid("s1=" + low[-1:]), sid("s2=" + low[-2:]), sid("s3=" + low[-3:]),
        sid("s4=" + low[-4:]), sid("pre=" + low[:3]), sid("sh=" + shape(word)),
    )


#: child classes whose word (lemma for auxiliaries) becomes an attribute of the head: row per class
CHILD_CLASSES = ("", "det", "case", "mark", "aux", "neg")
_CHILD_TAGS = (frozenset(), DET_TAGS, CASE_TAGS, MARK_TAGS, AUX_TAGS, NEG_TAGS)


def child_class(tag: str) -> int:
    """Index into :data:`CHILD_CLASSES` of a dependent with this tag (0: none)."""
    for i, tags in enumerate(_CHILD_TAGS):
        if tag in tags:
            return i
    return 0


def class_bits(tag: str) -> int:
    """Bit set of the classes counted between head and dependent: finite verb, punctuation, KON, verb."""
    return (tag in FINITE_TAGS) | (tag in PUNCT_TAGS) << 1 | (tag in CONJ_TAGS) << 2 | (tag[:1] == VERB_PREFIX) << 3


def coarse_tag(tag: str) -> str:
    """First letters of an STTS tag that name its class (``VVFIN`` → ``VV``, ``$,`` → ``$``)."""
    if tag.startswith("$"):
        return "$"
    return tag[:2] if tag[:1] in "VPK" else tag[:1]


@dataclass(frozen=True, slots=True)
class Templates:
    """Compiled templates: attribute rows and random multipliers per side, the pair kind of each."""

    names: tuple[str, ...]
    head_rows: np.ndarray  # (T, K) row indices (0 = the zero row)
    dep_rows: np.ndarray
    head_mult: np.ndarray  # (T, K, 1) uint64
    dep_mult: np.ndarray
    pair_kind: np.ndarray  # (T,) index into PAIR_KINDS
    pair_mult: np.ndarray  # (T, 1) uint64
    salt: np.ndarray  # (T, 1) uint64

    def __len__(self) -> int:
        return len(self.names)


def compile_templates(names: Sequence[str], *, seed: int) -> Templates:
    """Parse template strings such as ``"h.p d.w dd"`` (head tag, dependent word, direction+distance)."""
    rng = np.random.default_rng(seed)
    heads: list[list[int]] = []
    deps: list[list[int]] = []
    kinds: list[int] = []
    for name in names:
        h: list[int] = []
        d: list[int] = []
        kind = 0
        for part in name.split():
            if part in PAIR_KINDS:
                kind = PAIR_KINDS.index(part)
                continue
            side, _, row = part.partition(".")
            if side not in ("h", "d") or row not in ROW:
                raise ValueError(f"bad template part {part!r} in {name!r}: use h.<row> / d.<row> with rows {ROWS}")
            (h if side == "h" else d).append(ROW[row])
        heads.append(h)
        deps.append(d)
        kinds.append(kind)
    k = max(1, *(len(x) for x in heads), *(len(x) for x in deps))
    t = len(names)

    def pad(rows: list[list[int]]) -> np.ndarray:
        out = np.zeros((t, k), dtype=np.int64)
        for i, r in enumerate(rows):
            out[i, : len(r)] = r
        return out

    def odd(*shape_: int) -> np.ndarray:
        return rng.integers(0, 2**63, size=shape_, dtype=np.uint64) * np.uint64(2) + np.uint64(1)

    return Templates(
        names=tuple(names), head_rows=pad(heads), dep_rows=pad(deps), head_mult=odd(t, k, 1),
        dep_mult=odd(t, k, 1), pair_kind=np.asarray(kinds, dtype=np.int64), pair_mult=odd(t, 1),
        salt=odd(t, 1),
    )


def side_codes(att: np.ndarray, rows: np.ndarray, mult: np.ndarray) -> np.ndarray:
    """``(T, slots)`` linear hash of the attribute rows of one side of every template."""
    return (att[rows] * mult).sum(axis=1, dtype=np.uint64)


def template_codes(tpl: Templates, att: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Head-side codes (salt included) and dependent-side codes of every template, per slot."""
    hc = side_codes(att, tpl.head_rows, tpl.head_mult)
    hc += tpl.salt
    return hc, side_codes(att, tpl.dep_rows, tpl.dep_mult)


def template_rows(tpl: Templates, t: int, codes: tuple[np.ndarray, np.ndarray], hidx: np.ndarray,
                  didx: np.ndarray, pairs: np.ndarray | None, bits: int) -> np.ndarray:
    """Weight rows of template ``t`` for the (head slot, dependent slot) pairs (int64 view).

    ``pairs`` is the ``(len(PAIR_KINDS), M)`` table of pair attributes, or ``None`` when no
    template uses one.
    """
    hc, dc = codes
    key = hc[t].take(hidx)
    key += dc[t].take(didx)
    kind = tpl.pair_kind[t]
    if kind and pairs is not None:
        key += pairs[kind] * tpl.pair_mult[t]
    key *= MIX
    key >>= np.uint64(64 - bits)
    return key.view(np.int64)


def bucket_index(tpl: Templates, att: np.ndarray, hidx: np.ndarray, didx: np.ndarray, pairs: np.ndarray | None,
                 bits: int, *, codes: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """``(T, M)`` weight rows of the M pairs for every template (the training view)."""
    codes = codes if codes is not None else template_codes(tpl, att)
    out = np.empty((len(tpl), len(hidx)), dtype=np.int64)
    for t in range(len(tpl)):
        out[t] = template_rows(tpl, t, codes, hidx, didx, pairs, bits)
    return out


def score_sum(w: np.ndarray, tpl: Templates, att: np.ndarray, hidx: np.ndarray, didx: np.ndarray,
              pairs: np.ndarray | None, bits: int, *, codes: tuple[np.ndarray, np.ndarray] | None = None
              ) -> np.ndarray:
    """Sum over templates of the weight rows of ``w`` for the pairs: ``(M,)`` or ``(M, classes)``."""
    codes = codes if codes is not None else template_codes(tpl, att)
    acc = None
    for t in range(len(tpl)):
        rows = w.take(template_rows(tpl, t, codes, hidx, didx, pairs, bits), axis=0)
        if acc is None:
            acc = rows
        else:
            acc += rows
    return acc


# ------------------------------------------------------------------- token table
class _Table:
    """Strings → rows of integer attributes, grown as new strings come (a per-process memo)."""

    LIMIT = 300_000

    def __init__(self, width: int, make) -> None:
        self.index: dict[str, int] = {}
        self.rows = np.zeros((256, width), dtype=np.uint64)
        self.make = make

    def ids(self, items: list[str]) -> np.ndarray:
        if len(self.index) > self.LIMIT:
            self.index.clear()
        get = self.index.get
        ix = [get(x, -1) for x in items]
        if -1 in ix:
            for k, x in enumerate(items):
                if ix[k] == -1:
                    ix[k] = self._add(x)
        return np.asarray(ix, dtype=np.int64)

    def lookup(self, items: list[str]) -> np.ndarray:
        """``(len(items), width)`` attribute rows of the strings."""
        ix = self.ids(items)
        return self.rows.take(ix, axis=0)

    def _add(self, x: str) -> int:
        hit = self.index.get(x)
        if hit is not None:
            return hit
        n = len(self.index)
        if n == len(self.rows):
            self.rows = np.vstack([self.rows, np.zeros_like(self.rows)])
        self.rows[n] = self.make(x)
        self.index[x] = n
        return n


def tag_attributes(tag: str, non_heads: frozenset[str] = frozenset()) -> tuple[int, ...]:
    """Tag id, coarse tag id, child class, class bits, pronoun flag, head flag of an STTS tag."""
    return (sid("p=" + tag), sid("cp=" + coarse_tag(tag)), child_class(tag), class_bits(tag), int(tag[:1] == "P"),
            int(tag not in non_heads))


class Vocab:
    """Per-process memo of word / tag / lemma attributes and of the Konjunktiv I rule."""

    LIMIT = 300_000

    def __init__(self, *, non_heads: frozenset[str] = frozenset()) -> None:
        self.words = _Table(len(WORD_ROWS), word_attributes)
        self.tags = _Table(6, lambda t: tag_attributes(t, non_heads))
        self.lemmas = _Table(1, lambda lem: (sid("l=" + lem.lower()),))
        self.k1: dict[tuple[str, str, str], int] = {}
        self.k1_no = sid("k1=0")
        self.k1_yes = sid("k1=1")

    def konjunktiv1(self, word: str, tag: str, lemma: str) -> int:
        """``k1`` attribute: whether the morphology rules read a finite verb as Konjunktiv I."""
        key = (word, tag, lemma)
        hit = self.k1.get(key)
        if hit is None:
            if len(self.k1) > self.LIMIT:
                self.k1.clear()
            hit = self.k1[key] = self.k1_yes if is_konjunktiv1(word, tag, lemma) else self.k1_no
        return hit


@dataclass(slots=True)
class Batch:
    """All sentences of one call, laid out as slots (ROOT + tokens per sentence).

    ``att`` is the ``(len(ROWS), slots)`` attribute table; ``sent_start`` the slot of each sentence's
    ROOT; ``token_slot`` the slot of every token (in order).
    """

    att: np.ndarray
    lengths: np.ndarray
    sent_start: np.ndarray
    token_slot: np.ndarray
    slot_sent: np.ndarray
    slot_pos: np.ndarray  # position in the sentence (0 = ROOT)
    child_class: np.ndarray  # CHILD_CLASSES index of every slot
    pronoun: np.ndarray  # whether the slot's tag is a pronoun tag (P…)
    can_head: np.ndarray  # whether the slot may head another token (ROOT slots: yes)
    cum_packed: np.ndarray  # cumulative counts of finite verbs, punctuation, KON, verbs (16 bits each)

    @property
    def n_slots(self) -> int:
        return self.att.shape[1]


def make_batch(vocab: Vocab, words: Sequence[Sequence[str]], tags: Sequence[Sequence[str]],
               lemmas: Sequence[Sequence[str]]) -> Batch:
    """The attribute table of sentences given as word, STTS tag and lemma lists."""
    sw: list[str] = []
    st: list[str] = []
    sl: list[str] = []
    for ws, ts, ls in zip(words, tags, lemmas):
        sw.append(ROOT)
        sw.extend(ws)
        st.append(ROOT)
        st.extend(ts)
        sl.append(ROOT)
        sl.extend(ls)
    lengths = np.asarray([len(s) for s in words], dtype=np.int64)
    n = len(sw)
    att = np.zeros((len(ROWS), n), dtype=np.uint64)
    wa = vocab.words.lookup(sw)
    ta = vocab.tags.lookup(st)
    for i, name in enumerate(WORD_ROWS):
        att[ROW[name]] = wa[:, i]
    att[ROW["p"]] = ta[:, 0]
    att[ROW["cp"]] = ta[:, 1]
    att[ROW["l"]] = vocab.lemmas.lookup(sl)[:, 0]
    sizes = lengths + 1
    sent_start = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    slot_sent = np.repeat(np.arange(len(sizes)), sizes)
    slot_pos = np.arange(n) - sent_start[slot_sent]
    token_slot = np.flatnonzero(slot_pos > 0)
    end = sent_start + sizes  # one past each sentence's last slot
    idx = np.arange(n)
    first_tok = sent_start[slot_sent] + 1
    last_end = end[slot_sent]
    pads = {"p": vocab.tags.lookup([BOS, EOS])[:, 0], "w": vocab.words.lookup([BOS, EOS])[:, 0]}
    for name, k, row in (("p-2", -2, "p"), ("p-1", -1, "p"), ("p+1", 1, "p"), ("p+2", 2, "p"),
                         ("w-1", -1, "w"), ("w+1", 1, "w")):
        j = idx + k
        ok = (j >= first_tok) & (j < last_end)
        pad = pads[row][0 if k < 0 else 1]
        att[ROW[name]] = np.where(ok, att[ROW[row]].take(np.clip(j, 0, n - 1)), pad)
    bits = ta[:, 3].astype(np.int64)
    k1 = np.full(n, vocab.k1_no, dtype=np.uint64)
    for i in np.flatnonzero(bits & 1).tolist():  # finite verbs
        k1[i] = vocab.konjunktiv1(sw[i], st[i], sl[i])
    att[ROW["k1"]] = k1
    att[ROW["first"]] = np.where(slot_pos == 1, np.uint64(sid("first")), np.uint64(sid("notfirst")))
    att[ROW["last"]] = np.where(slot_pos == (sizes - 1)[slot_sent], np.uint64(sid("last")), np.uint64(sid("notlast")))
    cum = np.cumsum(np.stack([(bits >> k) & 1 for k in range(4)]), axis=1)
    cum -= cum[:, sent_start[slot_sent]]  # counts inside the sentence (ROOT slots count nothing)
    cum_packed = cum[0] | cum[1] << 16 | cum[2] << 32 | np.minimum(cum[3], 0x7FFF) << 48
    return Batch(att=att, lengths=lengths, sent_start=sent_start, token_slot=token_slot, slot_sent=slot_sent,
                 slot_pos=slot_pos, child_class=ta[:, 2].astype(np.int64), pronoun=ta[:, 4].astype(bool),
                 can_head=(ta[:, 5] > 0) | (slot_pos == 0), cum_packed=cum_packed)


# --------------------------------------------------------------------- pairs
#: distance bucket of |head - dependent| = 0 … 31 (longer: the last bucket)
_DIST_BUCKET = np.searchsorted(np.asarray([1, 2, 3, 4, 5, 6, 7, 9, 12, 16, 21, 31]), np.arange(32), side="right")


def dist_code(hpos: np.ndarray, dpos: np.ndarray) -> np.ndarray:
    """Direction and bucketed distance of head and dependent positions (ROOT heads: their own code)."""
    d = dpos - hpos
    code = (d > 0) * 16 + _DIST_BUCKET.take(np.minimum(np.abs(d), 31))
    return np.where(hpos == 0, 40, code)


def pair_table(batch: Batch, hidx: np.ndarray, didx: np.ndarray) -> np.ndarray:
    """``(len(PAIR_KINDS), M)`` pair attributes of the (head slot, dependent slot) pairs."""
    hpos = batch.slot_pos[hidx]
    dpos = batch.slot_pos[didx]
    dd = dist_code(hpos, dpos)
    direction = np.where(hpos == 0, 2, (dpos > hpos).astype(np.int64))
    # counts strictly between (packed 16 bits per class, so one subtraction does all four)
    lo = np.minimum(hidx, didx)
    hi = np.maximum(hidx, didx)
    packed = batch.cum_packed
    between = packed[hi - 1] - packed[lo]
    fin = np.minimum(between & 0xFFFF, 2)
    punct = np.minimum((between >> 16) & 0xFFFF, 2)
    conj = np.minimum((between >> 32) & 0xFFFF, 1)
    verb = np.minimum(between >> 48, 2)
    btw = ((fin * 3 + punct) * 2 + conj) * 3 + verb
    btw = np.where(hpos == 0, 100 + np.minimum(packed[didx] & 0xFFFF, 3), btw)
    out = np.stack([np.zeros_like(dd), dd, direction, btw * 4 + direction])
    return out.astype(np.uint64) + np.uint64(1)


def set_syntax_rows(batch: Batch, heads: np.ndarray, rels: Sequence[str] | None) -> None:
    """Fill the tree attributes from ``heads`` (the head slot of every token slot, in
    ``batch.token_slot`` order): each slot's determiner / preposition / marker / negation child word,
    auxiliary child lemma and, with ``rels``, its subject child's word (tag unless a pronoun) and its
    own relation; ``up`` is the tag of each slot's head. With several such children the last one counts."""
    att = batch.att
    for name in SYNTAX_ROWS:
        att[ROW[name]] = np.uint64(sid(name + "=_"))
    slots = batch.token_slot
    heads = np.asarray(heads, dtype=np.int64)
    ok = (heads >= 0) & (heads < batch.n_slots)
    cls = batch.child_class[slots]
    for c, name in enumerate(CHILD_CLASSES):
        if c == 0:
            continue
        m = ok & (cls == c)
        src = att[ROW["l" if name == "aux" else "w"]]
        att[ROW[name]][heads[m]] = src[slots[m]]
    att[ROW["up"]][slots[ok]] = att[ROW["p"]][heads[ok]]
    if rels is None:
        return
    rel_ids = np.asarray([_rel_id(r) for r in rels], dtype=np.uint64)
    att[ROW["rel"]][slots] = rel_ids
    is_subj = np.asarray([r in SUBJ_RELS for r in rels], dtype=bool) & ok
    pron = batch.pronoun[slots]
    src = np.where(pron, att[ROW["w"]][slots], att[ROW["p"]][slots])
    att[ROW["subj"]][heads[is_subj]] = src[is_subj]


_REL_IDS: dict[str, int] = {}


def _rel_id(rel: str) -> int:
    hit = _REL_IDS.get(rel)
    if hit is None:
        hit = _REL_IDS[rel] = sid("rel=" + rel)
    return hit
