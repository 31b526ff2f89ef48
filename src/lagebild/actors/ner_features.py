"""Token features for the CRF NER model, and the resources they read (gazetteers, word clusters).

Features are plain strings (``name=value``, weight 1) so python-crfsuite hashes them in C. Each
token's own attributes are computed once per sentence and copied to its neighbours with an offset
prefix (``-1w=``, ``+1c=``), which keeps extraction linear and cheap.

Resources per language: the gazetteers in ``lang/<lang>/ner/`` (``*.txt`` word lists, ``suffixes.tsv``)
and the word-cluster map ``models/ner-<lang>.clusters.tsv`` written by ``scripts/train_ner.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ModelMissingError

#: bump when the features change: a model trained with other features must be retrained
FEATURE_VERSION = "2"
#: the name lists written from the teacher's silver labels (``ner_train.make_silver_gazetteers``)
SILVER_LISTS = frozenset({"silver_per", "silver_org", "silver_loc", "silver_misc"})
#: most word forms whose features are memoised per process
CACHE_SIZE = 200_000

PACKAGE = Path(__file__).resolve().parents[1]
_QUOTES = str.maketrans({c: '"' for c in "„“”»«‟″"} | {c: "'" for c in "‚‘’‹›′`´"})


def lang_dir(lang: str) -> Path:
    """The folder with the NER gazetteers of ``lang``."""
    return PACKAGE / "lang" / lang / "ner"


def clusters_path(lang: str) -> Path:
    """The word-cluster map of ``lang`` (written at training time)."""
    return PACKAGE / "models" / f"ner-{lang}.clusters.tsv"


def normalise_word(word: str) -> str:
    """Unify typographic quote glyphs so runtime tokens look like the training data."""
    return word.translate(_QUOTES)


def shape(word: str) -> str:
    """Compressed word shape: runs of upper, lower, digits collapse (``EU-Staaten`` → ``X-Xx``)."""
    out: list[str] = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:8]


@dataclass(slots=True)
class NerResources:
    """Gazetteers and clusters of one language, loaded once per process."""

    lang: str
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # token → list names
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    suffixes: list[tuple[str, str]] = field(default_factory=list)
    clusters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # word → (cap, c1, c2, c3)
    #: gazetteer list → entity label for multi-word entries the model missed (``phrase_labels.tsv``)
    phrase_labels: dict[str, str] = field(default_factory=dict)
    #: per-process memo of the word-level features (words repeat: Zipf), bounded by CACHE_SIZE
    cache: dict[tuple[str, bool], tuple[list[str], list[str]]] = field(default_factory=dict)

    @classmethod
    def load(cls, lang: str, *, with_clusters: bool = True, skip: frozenset[str] = frozenset()) -> NerResources:
        """Read the gazetteers of ``lang`` (without the lists named in ``skip``, by file stem) and
        (unless ``with_clusters`` is false) its cluster map."""
        res = cls(lang)
        folder = lang_dir(lang)
        if not folder.is_dir():
            raise ModelMissingError(
                f"{folder} not found: NER for language {lang!r} needs its gazetteer folder "
                f"lang/{lang}/ner/ (see lang/de/ner/README.md) and a model built with `make train-ner`"
            )
        words: dict[str, set[str]] = {}
        for path in sorted(folder.glob("*.txt")):
            name = path.stem
            if name in skip:
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith("#"):
                    continue
                for entry in line.split():
                    toks = tuple(entry.split("_"))
                    if len(toks) == 1:
                        words.setdefault(toks[0], set()).add(name)
                    else:
                        res.phrases.setdefault(toks[0], []).append((toks, name))
        res.words = {w: tuple(sorted(n)) for w, n in words.items()}
        labels = folder / "phrase_labels.tsv"
        if labels.is_file():
            for line in labels.read_text(encoding="utf-8").splitlines():
                if line and not line.startswith("#"):
                    name, _, lab = line.partition("\t")
                    res.phrase_labels[name.strip()] = lab.strip()
        suf = folder / "suffixes.tsv"
        if suf.is_file():
            for line in suf.read_text(encoding="utf-8").splitlines():
                if line and not line.startswith("#"):
                    s, _, name = line.partition("\t")
                    res.suffixes.append((s.strip(), name.strip()))
            res.suffixes.sort(key=lambda p: -len(p[0]))
        if with_clusters:
            cpath = clusters_path(lang)
            if not cpath.is_file():
                raise ModelMissingError(
                    f"{cpath} not found: the NER word clusters are built by `make train-ner` "
                    "(scripts/train_ner.py)"
                )
            with cpath.open(encoding="utf-8") as fh:
                for line in fh:
                    parts = line.rstrip("\n").split("\t")
                    res.clusters[parts[0]] = tuple(parts[1:])
        return res

    def common_noun(self, word: str) -> bool:
        """Whether the news corpus shows ``word`` as a common noun: its capitalised form follows a
        determiner at least 20 % of the time, or it is mostly written in lower case."""
        cl = self.clusters.get(word)
        return cl is not None and (cl[0][0] != "U" or cl[0][1] in "23")

    def suffix_list(self, lower: str) -> str | None:
        """The list whose suffix ends ``lower`` (longest suffix first), if the word is longer."""
        for s, name in self.suffixes:
            if len(lower) > len(s) + 2 and lower.endswith(s):
                return name
        return None


def _own(res: NerResources, word: str, first: bool) -> tuple[list[str], list[str]]:
    """(features only the token itself gets, features shared with its neighbours)."""
    w = normalise_word(word)
    lower = w.lower()
    shp = shape(w)
    own = [
        "s2=" + lower[-2:],
        "s3=" + lower[-3:],
        "s4=" + lower[-4:],
        "p3=" + lower[:3],
    ]
    shared = ["w=" + lower, "sh=" + shp]
    if w[:1].isupper():
        shared.append("T1" if first else "T")
    cl = res.clusters.get(w) or res.clusters.get(lower) or (res.clusters.get(w.capitalize()) if first else None)
    if cl is not None:
        shared.append("cap=" + cl[0][0])
        shared.append("det=" + cl[0][1:])
        shared.extend(f"c{k}={v}" for k, v in enumerate(cl[1:]))
    elif w[:1].isalpha():
        shared.append("oov")
    for name in res.words.get(w, ()):
        shared.append("g=" + name)
    if w[:1].isupper():
        name = res.suffix_list(lower)
        if name:
            shared.append("sf=" + name)
    elif w[:1].islower():
        name = res.suffix_list(lower)
        if name:
            own.append("lsf=" + name)
    if "-" in w[1:-1]:
        head = w.split("-", 1)[0]
        own.append("h=" + head.lower())
        for name in res.words.get(head, ()):
            own.append("hg=" + name)
        hc = res.clusters.get(head)
        if hc is not None:
            own.append("hc=" + hc[2])
        tail = w.rsplit("-", 1)[1]
        own.append("hl=" + tail.lower()[-4:])
    return own, shared


def phrase_matches(res: NerResources, words: list[str]) -> list[tuple[int, int, str]]:
    """Multi-word gazetteer entries in ``words``: ``(start, length, list name)``, longest match first."""
    out: list[tuple[int, int, str]] = []
    n = len(words)
    i = 0
    while i < n:
        best: tuple[tuple[str, ...], str] | None = None
        for toks, name in res.phrases.get(normalise_word(words[i]), ()):
            k = len(toks)
            if (best is None or k > len(best[0])) and tuple(normalise_word(x) for x in words[i : i + k]) == toks:
                best = (toks, name)
        if best is None:
            i += 1
            continue
        out.append((i, len(best[0]), best[1]))
        i += len(best[0])
    return out


def sentence_features(res: NerResources, words: list[str]) -> list[list[str]]:
    """CRF features for every token of one sentence."""
    n = len(words)
    owns: list[list[str]] = []
    shareds: list[list[str]] = []
    cache = res.cache
    for i, word in enumerate(words):
        key = (word, i == 0)
        hit = cache.get(key)
        if hit is None:
            if len(cache) >= CACHE_SIZE:
                cache.clear()
            hit = cache[key] = _own(res, word, i == 0)
        own, shared = hit
        owns.append(own)
        shareds.append(shared)
    for i, k, name in phrase_matches(res, words):
        shareds[i] = [*shareds[i], "gB=" + name]  # copy: the cached list stays unchanged
        for j in range(i + 1, i + k):
            shareds[j] = [*shareds[j], "gI=" + name]
    feats: list[list[str]] = []
    for i in range(n):
        f = ["b"]
        f.extend(owns[i])
        f.extend(shareds[i])
        if i == 0:
            f.append("BOS")
        else:
            f.extend(["-1" + x for x in shareds[i - 1]])
            if i > 1:
                f.append("-2" + shareds[i - 2][0])
        if i == n - 1:
            f.append("EOS")
        else:
            f.extend(["+1" + x for x in shareds[i + 1]])
            if i < n - 2:
                f.append("+2" + shareds[i + 2][0])
        feats.append(f)
    return feats
