"""Sentence splitting and tokenisation with exact character offsets (SoMaJo's rules).

The text is first cut into *segments* that are always sentence boundaries: paragraphs (blank lines),
lines that are their own paragraph (one paragraph per line, as in most exports), and heading lines
without final punctuation. Hard-wrapped paragraphs (lines broken mid-sentence) stay one segment.
Each segment is then split into sentences and tokens. The default engine ``"fast"``
(:mod:`lagebild.nlp.wordsplit`) applies SoMaJo's rules word by word with a cache and ports its
sentence splitter (≥ 99.5 % agreement with stock SoMaJo, several times faster); it hands a segment
where a SoMaJo rule crosses whitespace to SoMaJo whole. ``engine="somajo"`` runs stock SoMaJo on
every segment. SoMaJo's tokens are mapped back to their offsets in ``Article.text`` (SoMaJo drops a
few invisible characters, so the mapping tolerates them and falls back to SoMaJo's own offset
alignment for a segment it cannot map directly).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from ..errors import PipelineError
from ..model import Article, Sentence, Token
from ..pipeline import Stage

#: tokenizer engines: SoMaJo's rules word by word with a cache (German), or stock SoMaJo throughout
ENGINES = ("fast", "somajo")
#: SoMaJo models per ISO 639-1 language
SOMAJO_MODELS: dict[str, str] = {"de": "de_CMC", "en": "en_PTB"}

#: line endings that close a sentence (possibly followed by a closing quote or bracket)
_FINAL = re.compile(r"[.!?:;…][\"'»«“”‘’)\]]*\s*$|[\"»«“”]\s*$")
#: characters SoMaJo may silently drop inside or between tokens
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")


def _is_heading(line: str, longest: int) -> bool:
    """A short line without final punctuation: a heading or a dateline of its own."""
    s = line.strip()
    return bool(s) and not _FINAL.search(s) and len(s) < 0.5 * max(longest, 1) and len(s.split()) <= 12


def segments(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` spans of ``text`` that no sentence may cross.

    Blank lines always separate. A block of consecutive lines where most lines end a sentence is
    one paragraph per line, so every line break separates. In a hard-wrapped block (most lines stop
    mid-sentence) the lines are joined and only heading lines (short, no final punctuation, after a
    finished sentence, before a capitalised line) are cut off.
    """
    blocks: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        if text[pos:end].strip():
            cur.append((pos, end))
        elif cur:
            blocks.append(cur)
            cur = []
        if nl < 0:
            break
        pos = nl + 1
    if cur:
        blocks.append(cur)
    for blk in blocks:
        yield from _block_segments(text, blk)


def _block_segments(text: str, blk: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    if len(blk) == 1:
        yield _strip(text, *blk[0])
        return
    strs = [text[s:e] for s, e in blk]
    longest = max(len(x.strip()) for x in strs)
    ends_open = sum(1 for x in strs[:-1] if not _FINAL.search(x))
    wrapped = ends_open * 2 > len(strs) - 1
    start = blk[0][0]
    for i, (_s, e) in enumerate(blk):
        last = i == len(blk) - 1
        line = strs[i]
        if last:
            cut = True
        elif wrapped:
            # a heading inside hard-wrapped text follows a finished sentence and is much shorter
            after_sentence = i == 0 or bool(_FINAL.search(strs[i - 1]))
            nxt = strs[i + 1].lstrip()
            cut = after_sentence and _is_heading(line, longest) and nxt[:1].isupper()
        else:
            cut = True
        if cut:
            yield _strip(text, start, e)
            if not last:
                start = blk[i + 1][0]


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _fast_emoji_split(tokenizer: Any) -> None:
    """Skip SoMaJo's per-character emoji scan on text without emoji (same output, ~1.6x faster).

    SoMaJo looks at every grapheme of every chunk with an uncompiled regex; a single precompiled
    search over the chunk decides whether that scan can find anything at all. Applied to one
    tokenizer instance only.
    """
    import regex

    probe = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Presentation}\uFE0F]")
    original = tokenizer._split_emojis

    def split_emojis(node: Any, token_class: str = "emoticon") -> None:
        if probe.search(node.value.text) is None:
            return
        original(node, token_class)

    tokenizer._split_emojis = split_emojis


class Tokenize(Stage):
    """Sentences and tokens with exact offsets into ``Article.text``."""

    name: ClassVar[str] = "tokenize"
    version: ClassVar[str] = "2"
    requires: ClassVar[tuple[str, ...]] = ("language",)
    assigns: ClassVar[tuple[str, ...]] = ("sentences", "tokens")
    #: analysed languages (a language pack under lang/<code>/ must exist); SoMaJo also covers "en"
    languages: ClassVar[tuple[str, ...] | None] = ("de",)

    def __init__(self, *, engine: str = "fast", fast_emoji: bool = True) -> None:
        if engine not in ENGINES:
            raise PipelineError(f"unknown tokenizer engine {engine!r}; use one of {ENGINES}")
        self.engine = engine
        self.fast_emoji = fast_emoji
        self._somajo: dict[tuple[str, bool], Any] = {}
        self._words: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"engine": self.engine, "fast_emoji": self.fast_emoji, "_somajo": {}, "_words": None}

    def _word_splitter(self, language: str) -> Any:
        """The word-cache splitter for German, or ``None`` (engine ``somajo``, other languages)."""
        if self.engine != "fast" or language != "de":
            return None
        if self._words is None:
            from .wordsplit import WordSplitter

            self._words = WordSplitter()
        return self._words

    def _tokenizer(self, language: str, *, offsets: bool = False) -> Any:
        key = (language, offsets)
        tok = self._somajo.get(key)
        if tok is None:
            model = SOMAJO_MODELS.get(language)
            if model is None:
                raise PipelineError(
                    f"no tokenizer for language {language!r}; supported: {sorted(SOMAJO_MODELS)} "
                    "(add the SoMaJo model name to lagebild.nlp.tokenize.SOMAJO_MODELS)"
                )
            from somajo import SoMaJo

            tok = SoMaJo(model, split_camel_case=False, split_sentences=True, character_offsets=offsets)
            if self.fast_emoji:
                _fast_emoji_split(tok._tokenizer)
            self._somajo[key] = tok
        return tok

    def __call__(self, article: Article) -> Article:
        text = article.text
        spans = [sp for sp in segments(text) if sp[1] > sp[0]]
        language = article.language if article.language in SOMAJO_MODELS else "de"
        words = self._word_splitter(language)
        sentences: list[Sentence] = []
        tokens: list[Token] = []
        for seg_start, seg_end in spans:
            chunk = text[seg_start:seg_end]
            mapped = words.split(chunk) if words is not None else None
            if mapped is None:
                mapped = _align(chunk, self._somajo_sentences(language, chunk))
            if mapped is None:
                mapped = self._align_by_somajo(language, chunk)
            for sent in mapped:
                if not sent:
                    continue
                idx = len(sentences)
                for s, e in sent:
                    tokens.append(Token(seg_start + s, seg_start + e, sent=idx))
                sentences.append(Sentence(seg_start + sent[0][0], seg_start + sent[-1][1]))
        n = len(text)
        for t in tokens:
            t.space_after = t.end >= n or text[t.end].isspace()
        article.sentences = sentences
        article.tokens = tokens
        return article

    def _somajo_sentences(self, language: str, chunk: str) -> list[list[str]]:
        """Stock SoMaJo's sentences of one chunk, as lists of token strings."""
        return [[t.text for t in s] for s in self._tokenizer(language).tokenize_text([chunk])]

    def _align_by_somajo(self, language: str, chunk: str) -> list[list[tuple[int, int]]]:
        tok = self._tokenizer(language, offsets=True)
        return [[t.character_offset for t in s] for s in tok.tokenize_text([chunk])]


def _align(chunk: str, sents: list[list[str]]) -> list[list[tuple[int, int]]] | None:
    """Map token strings back to offsets in ``chunk``; ``None`` when they do not match it."""
    out: list[list[tuple[int, int]]] = []
    pos = 0
    n = len(chunk)
    for sent in sents:
        spans: list[tuple[int, int]] = []
        for tok in sent:
            while pos < n and (chunk[pos].isspace() or chunk[pos] in _INVISIBLE):
                pos += 1
            if chunk.startswith(tok, pos):
                spans.append((pos, pos + len(tok)))
                pos += len(tok)
                continue
            end = _match_loose(chunk, pos, tok)
            if end is None:
                return None
            spans.append((pos, end))
            pos = end
        out.append(spans)
    return out


def _match_loose(chunk: str, pos: int, tok: str) -> int | None:
    """Match ``tok`` at ``pos`` skipping invisible characters and whitespace inside the chunk."""
    i = pos
    n = len(chunk)
    for ch in tok:
        while i < n and chunk[i] != ch and (chunk[i] in _INVISIBLE or chunk[i].isspace()):
            i += 1
        if i >= n or chunk[i] != ch:
            return None
        i += 1
    return i
