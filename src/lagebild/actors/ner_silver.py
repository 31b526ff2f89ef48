"""Silver NER training sentences: the actor knowledge base projected onto unlabelled news text.

Only high-precision matches label a token: country and place names (LOC), full person names (PER),
organisation acronyms and multi-word organisation names (ORG), country adjectives in lower case and
demonyms (``LOCderiv``, as GermEval marks "russische" and "Russen"). A sentence is kept only when
every other capitalised token looks like a common noun by the corpus statistics of the word-cluster
map (it often follows a determiner), so unlabelled names do not teach the model "O". Deterministic
for a fixed seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from pathlib import Path

from .ner_clusters import corpus_texts, tokenize_plain
from .ner_data import TaggedSentence, tags_from_spans
from .ner_features import NerResources

#: determiner-rate classes (second letter of the cluster capitalisation class) that mark common nouns
NOUN_DET_CLASSES = frozenset("23")
#: sentence-final tokens for splitting the plain-tokenised corpus
_SENT_END = frozenset(".!?")


def _is_acronym(name: str) -> bool:
    return sum(c.isupper() for c in name) >= 2


def silver_lexicon(*, lang: str = "de") -> tuple[dict[tuple[str, ...], str], set[tuple[str, ...]]]:
    """(token tuple → GermEval label for the high-precision KB names, every KB name as token tuple).

    The second set holds all KB surface forms: a sentence containing one that got no silver label is
    dropped, since its label is uncertain.
    """
    from .kb import load_kb, split_name

    kb = load_kb(lang)
    labels: dict[tuple[str, ...], str] = {}
    every: set[tuple[str, ...]] = set()
    for name, ids in kb.names.items():
        toks = split_name(name)
        if not toks or "(" in name:
            continue
        every.add(toks)
        if name in kb.weak_names:
            continue
        types = {kb.actors[a].type for a in ids if a in kb.actors}
        if len(types) != 1:
            continue
        typ = types.pop()
        multi = sum(t[:1].isupper() for t in toks) >= 2
        if typ in ("GPE", "LOC") and toks[0][:1].isupper():
            labels[toks] = "LOC"
        elif typ == "PER" and len(toks) >= 2 and multi:
            labels[toks] = "PER"
        elif typ == "ORG" and (_is_acronym(name) or multi):
            labels[toks] = "ORG"
    for form in kb.capitals:
        labels.setdefault(split_name(form), "LOC")
    for form in kb.adjectives:
        every.add((form,))
        every.add((form[:1].upper() + form[1:],))
        labels[(form,)] = "LOCderiv"
    for form in kb.demonyms:
        toks = split_name(form)
        every.add(toks)
        labels[toks] = "LOCderiv"
    return labels, every


def _sentences(texts: Iterable[str]) -> Iterable[list[str]]:
    for text in texts:
        for line in text.split("\n"):
            cur: list[str] = []
            for tok in tokenize_plain(line):
                cur.append(tok)
                if tok in _SENT_END:
                    yield cur
                    cur = []
            if cur:
                yield cur


def label_sentence(
    words: Sequence[str],
    *,
    labels: dict[tuple[str, ...], str],
    every: set[tuple[str, ...]],
    res: NerResources,
    max_len: int = 8,
) -> list[tuple[int, int, str]] | None:
    """Silver spans of ``words`` or None when the sentence is not safe to use (see module doc)."""
    n = len(words)
    spans: list[tuple[int, int, str]] = []
    covered = [False] * n
    i = 0
    while i < n:
        hit = None
        for k in range(min(max_len, n - i), 0, -1):
            key = tuple(words[i : i + k])
            if key in labels:
                hit = (k, labels[key])
                break
            if key in every:
                return None  # a KB name without a trustworthy label
        if hit is None:
            i += 1
            continue
        k, lab = hit
        spans.append((i, i + k, lab))
        covered[i : i + k] = [True] * k
        i += k
    if not spans:
        return None
    for j, w in enumerate(words):
        if covered[j] or not w[:1].isupper():
            continue
        cl = res.clusters.get(w)
        if j == 0 and (cl is None or cl[0][0] != "U"):
            cl_low = res.clusters.get(w.lower())
            if cl_low is not None and cl_low[0][0] != "U":
                continue  # sentence-initial common word
        if cl is None or cl[0][0] != "U" or cl[0][1] not in NOUN_DET_CLASSES:
            return None
    return spans


def silver_sentences(
    shared_data: Path, *, res: NerResources, lang: str = "de", n: int = 1000, seed: int = 13, min_len: int = 6
) -> list[TaggedSentence]:
    """Up to ``n`` silver-labelled sentences from the unlabelled news corpus, seeded sample."""
    labels, every = silver_lexicon(lang=lang)
    max_len = max(len(t) for t in labels)
    pool: list[TaggedSentence] = []
    seen: set[tuple[str, ...]] = set()
    for words in _sentences(corpus_texts(shared_data)):
        if len(words) < min_len or len(words) > 60:
            continue
        key = tuple(words)
        if key in seen:
            continue
        seen.add(key)
        spans = label_sentence(words, labels=labels, every=every, res=res, max_len=max_len)
        if spans is not None:
            pool.append(TaggedSentence(list(words), tags_from_spans(len(words), spans), source="silver"))
    random.Random(seed).shuffle(pool)
    return pool[:n]
