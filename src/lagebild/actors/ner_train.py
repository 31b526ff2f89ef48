"""Training the CRF NER model (used by ``scripts/train_ner.py``; deterministic for fixed inputs).

Steps: (1) word clusters from unlabelled news text in ../shared/data (skipped when the map exists),
(2) model selection of the L1/L2 penalties on a seeded 20 % hold-out of GermEval dev,
(3) the final model on all of GermEval dev with the chosen penalties. GermEval test is never read.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from pathlib import Path

from .ner_clusters import build_clusters, corpus_texts, tokenize_plain, write_clusters
from .ner_data import TaggedSentence, fold_tags, holdout_split, load_split
from .ner_features import FEATURE_VERSION, NerResources, clusters_path, lang_dir, sentence_features

#: (c1, c2) penalties tried on the hold-out
DEFAULT_GRID: tuple[tuple[float, float], ...] = ((0.05, 0.01), (0.1, 0.05), (0.2, 0.1))


def make_clusters(shared_data: Path, *, lang: str = "de", seed: int = 13) -> Path:
    """Compute the word-cluster map from FANG-COVID + 10kGNAD + GermEval dev tokens; returns its path."""
    sents: list[list[str]] = [tokenize_plain(t) for t in corpus_texts(shared_data)]
    sents += [s.words for s in load_split(shared_data / "germeval2014_ner", "dev")]
    out = clusters_path(lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_clusters(out, build_clusters(sents, seed=seed))
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
    """Strict span F1 (4 and 12 classes) of ``model`` on ``sents``."""
    from ..eval.ner import evaluate_sentences
    from .ner import NerTagger

    tagger = NerTagger(lang=lang, path=model)
    return {k: evaluate_sentences(sents, classes=k, tagger=tagger) for k in (4, 12)}


def train(
    shared_data: Path,
    *,
    model: Path,
    lang: str = "de",
    grid: Sequence[tuple[float, float]] = DEFAULT_GRID,
    max_iter: int = 150,
    seed: int = 13,
    rebuild_clusters: bool = False,
    rebuild_gazetteers: bool = False,
    kb_gazetteers: bool = False,
    silver: int = 0,
    log=print,
) -> dict:
    """Run the whole training; writes ``model`` and ``model.with_suffix('.json')`` (metadata)."""
    if not grid:
        raise ValueError("the (c1, c2) grid is empty: pass at least one pair, e.g. --grid 0.1,0.05")
    t0 = time.perf_counter()
    if rebuild_clusters or not clusters_path(lang).is_file():
        log("building word clusters from unlabelled news text …")
        make_clusters(shared_data, lang=lang, seed=seed)
        log(f"  clusters written to {clusters_path(lang)} ({time.perf_counter() - t0:.0f} s)")
    if rebuild_gazetteers or not (lang_dir(lang) / "person_last.txt").is_file():
        log("person-name gazetteers from the PETRARCH-2 actor dictionary …")
        make_person_gazetteers(shared_data, lang=lang)
    if kb_gazetteers:
        log("gazetteers from the actor knowledge base …")
        make_kb_gazetteers(lang=lang)
    res = NerResources.load(lang)
    dev = load_split(shared_data / "germeval2014_ner", "dev")
    fit, held = holdout_split(dev, fraction=0.2, seed=seed)
    log(f"GermEval dev: {len(dev)} sentences → {len(fit)} fit / {len(held)} held out (seed {seed})")
    extra: list[TaggedSentence] = []
    if silver > 0:
        from .ner_silver import silver_sentences

        extra = silver_sentences(shared_data, res=res, lang=lang, n=silver, seed=seed)
        log(f"silver sentences from the knowledge base over news text: {len(extra)}")
        fit = fit + extra
    tmp = model.with_suffix(".selection.crfsuite")
    best: tuple[float, float, float] | None = None
    selection = []
    for c1, c2 in grid:
        train_crf(fit, tmp, res=res, c1=c1, c2=c2, max_iter=max_iter)
        sc = holdout_scores(tmp, held, lang=lang)
        f4, f12 = sc[4]["overall"]["f1"], sc[12]["overall"]["f1"]
        selection.append({"c1": c1, "c2": c2, "holdout_f1_4": f4, "holdout_f1_12": f12, "per_class_4": sc[4]["per_class"]})
        log(f"  c1={c1} c2={c2}: hold-out F1 4-class {f4:.4f} · 12-class {f12:.4f}")
        if best is None or f4 > best[2]:
            best = (c1, c2, f4)
    tmp.unlink(missing_ok=True)
    if best is None:
        raise ValueError("the (c1, c2) grid is empty: pass at least one pair, e.g. --grid 0.1,0.05")
    c1, c2, _ = best
    log(f"final model on all {len(dev)} dev sentences with c1={c1} c2={c2} …")
    train_crf(list(dev) + extra, model, res=res, c1=c1, c2=c2, max_iter=max_iter)
    meta = {
        "feature_version": FEATURE_VERSION,
        "lang": lang,
        "training_data": "GermEval 2014 dev (all 2,200 sentences), outer 12-class IOB tags",
        "c1": c1,
        "c2": c2,
        "max_iterations": max_iter,
        "seed": seed,
        "kb_gazetteers": kb_gazetteers,
        "silver_sentences": len(extra),
        "selection": selection,
        "seconds": round(time.perf_counter() - t0, 1),
    }
    model.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    log(f"model written to {model} ({model.stat().st_size / 1e6:.2f} MB)")
    return meta
