"""A fast tokenizer and sentence splitter that follows SoMaJo (``de_CMC``) word by word.

SoMaJo runs about sixty regular expressions over every paragraph, node by node; that is most of
the cost of tokenisation. Almost all of its rules look only inside one whitespace-separated word,
so the tokens of a word do not depend on the words around it. This module therefore:

1. cuts a segment into words at whitespace (SoMaJo's ``\\s``);
2. tokenises each *distinct* word once with SoMaJo's own rules (a word alone in a paragraph) and
   caches the result: token offsets inside the word, token text, token class, space after;
3. splits sentences over the joined tokens with a port of SoMaJo's sentence splitter
   (:func:`sentence_ends`), which needs only token text, space after and the emoticon class.

The few SoMaJo rules that see across whitespace (XML tags, e-mail with `` [at] ``, text faces
with spaces, ``: )``, ``'quoted words'``, ``_underlined words_``, arrows with spaces, ISBNs with
spaces, ``5 ps.``, ``<3`` after a number, ``(in)``, a measurement unit after a number followed by
more characters) are detected per segment with cheap probes; such a segment goes to SoMaJo
whole (``None`` from :meth:`WordSplitter.split`). Agreement with stock SoMaJo is measured by
``python -m lagebild.nlp.tokcheck`` (docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import regex

#: a word: what SoMaJo keeps between runs of whitespace (regex module ``\s`` as SoMaJo uses it)
_WORD = regex.compile(r"\S+")
#: words made only of Latin letters: always one "regular" token, unless one of the letter emoticons
_PLAIN = regex.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]+")
_LETTER_EMOTICON = regex.compile(r"[Xx]D+|oO|emojiQ\p{L}{3,}")
#: segments where a SoMaJo rule may cross whitespace (see the module doc)
_CROSS = regex.compile(
    r"[<@`_\\^\uFE0F\u0000-\u0008\u000e-\u001f\u007f-\u009f]|\]\(|(?i:\[at\]|doi:|\d[ ]ps\.|\bArt.\s?\d)"
    r"|[:;] [()]|-\s+>|(?<!\S)\(in\)|'[^']*\s[^']*'"
)
#: a word as leading punctuation + a letter/hyphen or digit core + trailing punctuation + a final dot
_LETTERS = r"[A-Za-zÀ-ÖØ-öø-ɏ]"
_PARTS = regex.compile(
    r"(?P<lead>[„“”\"»«‚‹›(\[]*)(?P<core>" + _LETTERS + r"+(?:-" + _LETTERS + r"+)*|(?P<digits>\d+))"
    r"(?P<trail>[,;:!?“”\"»«‹›)\]]*)(?P<dot>\.?)"
)
_PUNCT_TOKENS = regex.compile(r"[!?]+|.")
#: SoMaJo rules that split single characters; every other rule could make a word's final dot part of a token
_CHAR_RULES = frozenset({"dot", "dot_without_space", "other_punctuation", "quest_exclam", "spaces", "spaces_or_empty",
                         "controls", "stranded_variation_selector", "other_nasties", "all_parens", "de_slash",
                         "en_other_punctuation", "en_quotation_marks", "en_hyphen", "ellipsis"})
_ISBN_PROBE = regex.compile(r"\d[ -]\d")
_ISBN_WORD = regex.compile(r"isbn", regex.IGNORECASE)

# ------------------------------------------------------------------ sentence splitting (SoMaJo port)
_SENT_END = regex.compile(r"^(?:\.+|…+\.*|[!?]+)$")
_OPENING = regex.compile(r"^(?:['\"¿¡\p{Pi}\p{Ps}–—]|-{2,})$")
_CLOSING = regex.compile(r"^(?:['\"\p{Pf}\p{Pe}])$")
_MENTION = regex.compile(r"^[@]\w+$")
_HASHTAG = regex.compile(r"^[#]\w(?:[\w-]*\w)?$")
#: ``problematic_quotes`` of SoMaJo's German sentence splitter
_PROBLEMATIC_DE = frozenset({'"', "»", "«", "›", "‹", "“", "‘"})
#: first characters of tokens that can end a sentence (cheap pre-test before the regex)
_END_CHARS = frozenset(".…!?")


def _eos_abbreviations() -> frozenset[str]:
    from somajo import utils

    return frozenset(utils.read_abbreviation_file("eos_abbreviations.txt"))


def sentence_ends(
    texts: Sequence[str], space_after: Sequence[bool], emoticon: Sequence[bool], eos_abbreviations: frozenset[str]
) -> list[int]:
    """End indices (exclusive) of the sentences of one paragraph, as SoMaJo's splitter finds them.

    A port of ``SentenceSplitter._split_token_objects`` for text without markup: a token that can end
    a sentence ends one when the next token that is not an opening/closing quote or bracket (or an
    emoticon after it) starts upper-case, is a number, a mention or a hashtag.
    """
    n = len(texts)
    if n == 0:
        return [0]
    last = [False] * n
    last[n - 1] = True
    problematic = _PROBLEMATIC_DE
    for i in range(n - 1):
        if last[i]:
            continue
        t = texts[i]
        if not ((t[:1] in _END_CHARS and _SENT_END.search(t)) or t.lower() in eos_abbreviations):
            continue
        prev_kind = None
        end_at = i
        for j in range(i + 1, n):
            tj = texts[j]
            opening = closing = False
            if tj in problematic:
                if space_after[j - 1] or _OPENING.search(texts[j - 1]):
                    opening = True
                elif j == n - 1 or space_after[j] or _CLOSING.search(texts[j + 1]):
                    closing = True
            if tj[0].isupper() or tj.isnumeric() or _MENTION.search(tj) or _HASHTAG.search(tj):
                last[end_at] = True
                break
            if emoticon[j] and prev_kind != "opening":
                end_at = j
            elif opening or (_OPENING.search(tj) and not closing):
                prev_kind = "opening"
            elif (closing or (_CLOSING.search(tj) and not opening)) and prev_kind != "opening":
                end_at = j
                prev_kind = "closing"
            else:
                break
    return [i + 1 for i in range(n) if last[i]]


# ------------------------------------------------------------------ tokenisation
#: one cached word: (start, end, SoMaJo token text, is emoticon, space after) per token
WordTokens = tuple[tuple[int, int, str, bool, bool], ...]
_CACHE_LIMIT = 300_000


class WordSplitter:
    """Tokens and sentences of German text, SoMaJo's rules applied word by word with a cache.

    ``split(segment)`` returns the sentences of a segment as lists of ``(start, end)`` offsets into
    it, or ``None`` where SoMaJo must see the whole segment (a rule that crosses whitespace, or a
    word whose tokens cannot be mapped back onto the text).
    """

    def __init__(self) -> None:
        from somajo.tokenizer import Tokenizer

        from .tokenize import _fast_emoji_split

        self._tok = Tokenizer(split_camel_case=False, language="de_CMC")
        _fast_emoji_split(self._tok)
        self._eos = _eos_abbreviations()
        self._cache: dict[str, WordTokens | None] = {}
        self._units: Any = None
        self._unit_ok: dict[str, bool] = {}
        self._rules: list[Any] | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()  # type: ignore[misc]

    # -------------------------------------------------------------- words
    def word(self, w: str) -> WordTokens | None:
        """SoMaJo's tokens of ``w`` alone (cached); ``None`` when they do not map back onto ``w``."""
        hit = self._cache.get(w, False)
        if hit is not False:
            return hit  # type: ignore[return-value]
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        if _PLAIN.fullmatch(w) and not _LETTER_EMOTICON.fullmatch(w):
            out: WordTokens | None = ((0, len(w), w, False, True),)
        else:
            out = self._decompose(w)
            if out is None:
                out = self._somajo_word(w)
        self._cache[w] = out
        return out

    def _decompose(self, w: str) -> WordTokens | None:
        """Tokens of punctuation + core + punctuation without SoMaJo, where its rules cannot join them.

        Every quotation mark, bracket and comma around a core is a token of its own (a run of ``!?``
        is one), unless it can form an emoticon (``:)``, ``8)``), ``(in)`` or an abbreviation with
        the core; those words, and everything else, go to SoMaJo (``None``).
        """
        m = _PARTS.fullmatch(w)
        if m is None:
            return None
        lead, core, trail, dot = m.group("lead"), m.group("core"), m.group("trail"), m.group("dot")
        if not (lead or trail or dot):
            return None
        if m.group("digits") is not None and (dot or any(c not in ',!?“”"»«' for c in trail)):
            return None  # 3. is an ordinal, 8) an emoticon
        if len(trail) + len(dot) > 1 and (":" in trail or ";" in trail):
            return None  # :) ;) ]:
        if "(" in lead and core.lower() in ("in", "inn"):
            return None
        if dot and not trail and self._dot_bound(w):
            return None  # an abbreviation, an ordinal, a URL ...
        inner = self.word(core)
        if inner is None:
            return None
        out: list[tuple[int, int, str, bool, bool]] = []
        for p in _PUNCT_TOKENS.finditer(lead):
            out.append((p.start(), p.end(), p.group(), False, False))
        base = len(lead)
        out.extend((base + s, base + e, text, emo, sp) for s, e, text, emo, sp in inner)
        base += len(core)
        for p in _PUNCT_TOKENS.finditer(trail + dot):
            out.append((base + p.start(), base + p.end(), p.group(), False, False))
        # space after: only the last token of the word is followed by whitespace
        last = out[-1]
        out = [(s, e, t, emo, False) for s, e, t, emo, _ in out[:-1]] + [(*last[:4], True)]
        return tuple(out)

    def _dot_bound(self, w: str) -> bool:
        """Whether some SoMaJo rule other than the one-character splitters takes ``w``'s final dot with it."""
        rules = self._rules
        if rules is None:
            rules = self._rules = [v for k, v in vars(self._tok).items()
                                   if isinstance(v, regex.Pattern) and k not in _CHAR_RULES]
        n = len(w)
        for rx in rules:
            for m in rx.finditer(w):
                if m.end() == n and m.start() < n - 1:
                    return True
        return False

    def _somajo_word(self, w: str) -> WordTokens | None:
        from somajo import doubly_linked_list
        from somajo.token import Token as SToken

        from .tokenize import _align

        dll = doubly_linked_list.DLL([SToken(w, first_in_sentence=True, last_in_sentence=True)])
        toks = self._tok._tokenize(dll)
        spans = _align(w, [[t.text for t in toks]])
        if spans is None:
            return None
        return tuple((s, e, t.text, t.token_class == "emoticon", t.space_after)
                     for (s, e), t in zip(spans[0], toks))

    # -------------------------------------------------------------- segments
    def crosses(self, seg: str) -> bool:
        """Whether a SoMaJo rule may join or split across whitespace in ``seg``."""
        if _CROSS.search(seg) or self._tok.textfaces_space.search(seg):
            return True
        if _ISBN_PROBE.search(seg) or _ISBN_WORD.search(seg):
            for m in self._tok.isbn.finditer(seg):
                if " " in m.group() or "-" in m.group():
                    return True
        return self._unit_crosses(seg)

    def _unit_crosses(self, seg: str) -> bool:
        """A unit after ``<number> `` is a token of its own in SoMaJo; check the word agrees."""
        if self._units is None:
            from somajo import utils

            units = utils.read_abbreviation_file("units.txt")
            self._units = regex.compile(r"(?<=\d)[ ](?P<unit>" + "|".join(regex.escape(u) for u in units) + r")(?!\w)",
                                        regex.IGNORECASE)
        for m in self._units.finditer(seg):
            end = m.end()
            if end < len(seg) and not seg[end].isspace():
                return True
            unit = m.group("unit")
            ok = self._unit_ok.get(unit)
            if ok is None:
                toks = self.word(unit)
                ok = self._unit_ok[unit] = toks is not None and len(toks) == 1 and toks[0][:2] == (0, len(unit))
            if not ok:
                return True
        return False

    def split(self, seg: str) -> list[list[tuple[int, int]]] | None:
        """Sentences of ``seg`` as token offsets, or ``None`` if SoMaJo must tokenise it whole."""
        if self.crosses(seg):
            return None
        spans: list[tuple[int, int]] = []
        texts: list[str] = []
        space: list[bool] = []
        emo: list[bool] = []
        word = self.word
        for m in _WORD.finditer(seg):
            toks = word(m.group())
            if toks is None:
                return None
            base = m.start()
            for s, e, text, is_emo, sp in toks:
                spans.append((base + s, base + e))
                texts.append(text)
                emo.append(is_emo)
                space.append(sp)
        if not spans:
            return []
        ends = sentence_ends(texts, space, emo, self._eos)
        out = []
        start = 0
        for end in ends:
            out.append(spans[start:end])
            start = end
        return out
