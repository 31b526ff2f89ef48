"""What identifies a story in one article: weighted content terms, names, lead sentence.

Works from the text alone (regex words + simplemma lemmas, German nouns and names are the capitalised
words), also when the tagger ran, so ``analyze`` and raw text give the same terms. Entities' canonical
names give the key actors; linked actor ids are features of their own (:mod:`.pairs`).
Language knowledge (stop words, weak words, name stop words) comes from ``lang/<code>/stories.yaml``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..errors import PipelineError
from ..model import Article
from ..nlp.lang import load

WORD = re.compile(r"\w+(?:-\w+)*")
BOUNDARY = re.compile(r"[.!?:;\n\"„“”»«()]")
SENT_END = re.compile(r"(?<=[.!?])[\"'“”»«]?\s+(?=[\"„»«A-ZÄÖÜ0-9])")
#: body characters looked at for story terms (a story is told up front)
MAX_CHARS = 3000
NAME_CHARS = 1500
#: characters that count as the lead (weighted up)
LEAD_CHARS = 600
TITLE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0
LOWER_WEIGHT = 0.5  # lower-case content words (verbs, adjectives): events, but weaker evidence
WEAK_WEIGHT = 0.3
TOP_TERMS = 150  # terms kept per article vector


@dataclass(frozen=True, slots=True)
class LangData:
    stopwords: frozenset[str]
    weak: frozenset[str]
    name_stop: frozenset[str]
    daily: re.Pattern[str] | None


@lru_cache(maxsize=4)
def lang_data(language: str) -> LangData:
    """Stop words, weak words and name stop words of `language` (``lang/<language>/stories.yaml``)."""
    d = load(language, "stories")
    return LangData(
        stopwords=frozenset(str(w).lower() for w in d.get("stopwords", [])),
        weak=frozenset(str(w).lower() for w in d.get("weak_words", [])),
        name_stop=frozenset(str(w) for w in d.get("name_stop", [])),
        daily=_daily_pattern(language, d.get("daily_reports") or []),
    )


def _daily_pattern(language: str, patterns: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive regular expression of the ``daily_reports`` patterns (None when there are none)."""
    if not patterns:
        return None
    for p in patterns:
        try:
            re.compile(str(p))
        except re.error as e:
            raise PipelineError(f"daily_reports pattern {p!r} in lang/{language}/stories.yaml is not a valid "
                                f"regular expression ({e}); fix or remove it") from e
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@lru_cache(maxsize=4096)
def is_daily_report(headline: str | None, language: str = "de") -> bool:
    """Whether a headline announces a recurring daily report (case figures, market report, live
    blog): such reports of different days are different stories (``daily_reports`` in stories.yaml)."""
    pat = lang_data(language).daily
    return bool(headline and pat is not None and pat.search(headline[:300]))  # a headline's length is unbounded


@lru_cache(maxsize=200_000)
def _lemma(word: str, language: str) -> str:
    import simplemma

    return simplemma.lemmatize(word, lang=language)


@lru_cache(maxsize=300_000)
def _word_term(word: str, language: str) -> tuple[str, float] | None:
    """_term of a word with its simplemma lemma (cached per process)."""
    if len(word) < 3 or word[0].isdigit():
        return None
    return _term(word, _lemma(word, language), lang_data(language))


def _term(word: str, lemma: str, data: LangData) -> tuple[str, float] | None:
    """The term key and base weight of one word, or None for words that never identify a story."""
    low = word.lower()
    if len(word) < 3 or low in data.stopwords or word.isdigit() or word[0].isdigit():
        return None
    key = (lemma or word).lower()
    if key in data.stopwords:
        return None
    if key in data.weak or low in data.weak:
        return key, WEAK_WEIGHT
    return key, (1.0 if word[0].isupper() else LOWER_WEIGHT)


def term_counts(article: Article, *, language: str = "de") -> Counter[str]:
    """Position-weighted term counts of `article` (title ×3, lead ×2, body up to MAX_CHARS ×1)."""
    counts: Counter[str] = Counter()
    for text, weight in ((article.title or "", TITLE_WEIGHT), (article.teaser or "", LEAD_WEIGHT)):
        for w in WORD.findall(text):
            t = _word_term(w, language)
            if t:
                counts[t[0]] += t[1] * weight
    body_end = min(len(article.text), MAX_CHARS)
    lead_end = min(body_end, LEAD_CHARS)
    # regex words and simplemma lemmas on every path: an article clusters the same whether or not the
    # tagger ran before (docs/stories.md)
    for part, weight in ((article.text[:lead_end], LEAD_WEIGHT), (article.text[lead_end:body_end], 1.0)):
        for w in WORD.findall(part):
            t = _word_term(w, language)
            if t:
                counts[t[0]] += t[1] * weight
    return counts


def weigh(counts: Counter[str], idf: dict[str, float] | None, default_idf: float) -> dict[str, float]:
    """Unit-length TF-IDF vector (sublinear tf) over the TOP_TERMS heaviest terms, rounded for state."""
    vec = {t: (1.0 + math.log(c)) * (idf.get(t, default_idf) if idf is not None else 1.0)
           for t, c in counts.items() if c > 0}
    top = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TERMS]
    norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
    return {t: round(v / norm, 5) for t, v in top}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Dot product of two sparse vectors (callers pass unit vectors or divide by norms)."""
    if len(a) > len(b):
        a, b = b, a
    return sum([v * b[t] for t, v in a.items() if t in b])


def lead_sentence(article: Article, *, max_chars: int = 300) -> str:
    """The first sentence of the teaser (or of the text): the story summary candidate."""
    if article.teaser and article.teaser.strip():
        src = article.teaser.strip()
    elif article.sentences:
        s = article.sentences[0]
        src = article.text[s.start : s.end].strip()
    else:
        src = article.text.strip()
    first = SENT_END.split(src, maxsplit=1)[0].strip()
    first = " ".join(first.split())
    return first if len(first) <= max_chars else first[: max_chars - 1].rstrip() + "…"


def names(article: Article, *, language: str = "de", top: int = 8) -> dict[str, int]:
    """Actor names: persons' and organisations' canonical names when present, else sentence-internal capitalised
    sequences of 2–3 words (``Jens Stoltenberg``), counted; the `top` most frequent."""
    canon = Counter(e.canonical for e in article.entities if e.canonical and e.label in ("PER", "ORG"))
    if canon:
        return dict(sorted(canon.items(), key=lambda kv: (-kv[1], kv[0]))[:top])
    data = lang_data(language)
    found: Counter[str] = Counter()
    text = article.text[:NAME_CHARS]
    run: list[str] = []
    prev_end = -1
    words = set(WORD.findall(text))

    def flush() -> None:
        # "Forderungen Moskaus": a noun with a genitive place, not a name
        genitive = run and run[-1].endswith("s") and run[-1][:-1] in words
        if 2 <= len(run) <= 3 and not genitive:
            found[" ".join(run)] += 1
        run.clear()

    for m in WORD.finditer(text):
        w = m.group()
        gap = text[prev_end : m.start()] if prev_end >= 0 else "\n"
        cap = w[0].isupper() and len(w) > 1 and not w.isupper() and w.lower() not in data.stopwords
        if run and cap and gap == " ":
            run.append(w)
        else:
            flush()
            internal = not BOUNDARY.search(gap)
            if cap and internal and w not in data.name_stop:
                run.append(w)
        prev_end = m.end()
    flush()
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:top])
