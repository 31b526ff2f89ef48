"""Token and pair attributes of the parser, vectorised over all sentences of a call.

Every token slot (each sentence gets a ROOT slot before its first token) has a column of integer
*attributes* (tag, word form, lemma, suffixes, neighbours' tags; after attachment also the words of
its determiner, preposition, auxiliary and subject children); pairs of slots have pair attributes
(direction and distance, what lies between them). The templates of :mod:`.templates` combine them.

Attribute ids are CRC-32 values of ``kind=value`` strings, so the model file carries no vocabulary
and the ids are the same in every process (Python's own ``hash`` is salted per process).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..features import shape
from ..morph import is_konjunktiv1

ROOT = "<ROOT>"
BOS = "<S>"
EOS = "</S>"

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


def word_attributes(word: str) -> tuple[int, ...]:
    """Ids of :data:`WORD_ROWS` for one word form."""
    low = word.lower()
    return (
        sid("w=" + low), sid("s1=" + low[-1:]), sid("s2=" + low[-2:]), sid("s3=" + low[-3:]),
        sid("s4=" + low[-4:]), sid("pre=" + low[:3]), sid("sh=" + shape(word)[:5]),
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
