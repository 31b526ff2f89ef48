"""Sentences too long for rules that look at a whole sentence per candidate.

Real news sentences stay far below :data:`MAX_SENTENCE_TOKENS` (the longest of 1,000 FANG-COVID
articles has 150 tokens), but a text without sentence ends (300 KB of "Er sagte, dass …", a list, a
table flattened into one line) can make one sentence of tens of thousands of tokens, and a rule that
scans its sentence for each candidate then takes time quadratic in that length. The quote and event
stages run such sentences in windows of at most :data:`MAX_SENTENCE_TOKENS` tokens.
"""

from __future__ import annotations

import copy

from ..model import Article, Sentence, Token

MAX_SENTENCE_TOKENS = 400


def windowed(article: Article, max_tokens: int = MAX_SENTENCE_TOKENS) -> Article:
    """`article` itself when no sentence is longer than `max_tokens` tokens; else a shallow copy whose long
    sentences are cut into windows of `max_tokens` tokens (its tokens renumbered, the text the same, so
    character offsets found on the copy hold for the article)."""
    sizes: dict[int, int] = {}
    for t in article.tokens:
        sizes[t.sent] = sizes.get(t.sent, 0) + 1
    if not sizes or max(sizes.values()) <= max_tokens:
        return article
    by_sent: list[list[Token]] = [[] for _ in article.sentences]
    for t in article.tokens:
        if 0 <= t.sent < len(by_sent):
            by_sent[t.sent].append(t)
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    for s, toks in zip(article.sentences, by_sent):
        if not toks:
            sentences.append(Sentence(s.start, s.end))
            continue
        for k in range(0, len(toks), max_tokens):
            part = toks[k:k + max_tokens]
            idx = len(sentences)
            sentences.append(Sentence(part[0].start if k else s.start,
                                      part[-1].end if k + max_tokens < len(toks) else s.end))
            tokens.extend(Token(t.start, t.end, t.pos, t.lemma, idx, t.space_after) for t in part)
    proxy = copy.copy(article)
    proxy.sentences, proxy.tokens = sentences, tokens
    return proxy
