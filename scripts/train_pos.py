"""Train the fast German POS tagger (src/lagebild/models/pos-de.npz) on HanTa silver tags.

Reproducible: a seeded sample of FANG-COVID and 10kGNAD articles (from ../shared/data, never copied
into the repository) is tokenised with lagebild's Tokenize stage and tagged with HanTa; the tagger is
trained on the training articles and its agreement with HanTa is measured on held-out articles of
both corpora (disjoint from training). Metrics and the command go into pos-de.json beside the model.

    .venv/bin/python scripts/train_pos.py            # silver cache in ~/.cache/lagebild/train_pos
    .venv/bin/python scripts/train_pos.py --rebuild  # re-tag the silver data with HanTa
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
FANG = SHARED / "fang_covid_de_news" / "fang_covid_sample.jsonl"
GNAD = SHARED / "10kgnad" / "test.csv"
MODEL = REPO / "src" / "lagebild" / "models" / "pos-de.npz"


def sample_texts(*, seed: int, fang_train: int, gnad_train: int, fang_test: int, gnad_test: int):
    """``[(split, text), ...]``: disjoint seeded samples of both corpora."""
    rng = random.Random(seed)
    fang: list[str] = []
    with FANG.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            head = (rec.get("header") or "").strip()
            body = (rec.get("article") or "").strip()
            fang.append(f"{head}\n\n{body}" if head else body)
    with GNAD.open(encoding="utf-8", newline="") as f:
        gnad = [row[1] for row in csv.reader(f, delimiter=";", quotechar="'") if len(row) > 1]
    fi = rng.sample(range(len(fang)), fang_train + fang_test)
    gi = rng.sample(range(len(gnad)), gnad_train + gnad_test)
    out = [("train", fang[i]) for i in fi[:fang_train]]
    out += [("train", gnad[i]) for i in gi[:gnad_train]]
    out += [("test_fang", fang[i]) for i in fi[fang_train:]]
    out += [("test_gnad", gnad[i]) for i in gi[gnad_train:]]
    return out


_WORKER: dict = {}


def _silver(item: tuple[str, str]) -> list[dict]:
    from lagebild.model import Article
    from lagebild.nlp.hanta import HantaEngine
    from lagebild.nlp.tokenize import Tokenize

    if not _WORKER:
        _WORKER["tok"] = Tokenize()
        _WORKER["hanta"] = HantaEngine()
    split, text = item
    art = _WORKER["tok"](Article(text=text, language="de"))
    out = []
    for i in range(len(art.sentences)):
        words = [art.token_text(t) for t in art.sentence_tokens(i)]
        tagged = _WORKER["hanta"].tag(words)
        out.append({"split": split, "words": words, "tags": [t for t, _ in tagged],
                    "lemmas": [lem for _, lem in tagged]})
    return out


def build_silver(path: Path, *, seed: int, sizes: dict[str, int], jobs: int) -> None:
    items = sample_texts(seed=seed, **sizes)
    t0 = time.perf_counter()
    tmp = path.with_suffix(".tmp")
    n = 0
    with tmp.open("w", encoding="utf-8") as f, Pool(jobs) as pool:
        for sents in pool.imap(_silver, items, chunksize=8):
            for s in sents:
                f.write(json.dumps(s, ensure_ascii=False) + "\n")
                n += len(s["words"])
    tmp.replace(path)
    print(f"silver: {len(items)} articles, {n} tokens in {time.perf_counter() - t0:.0f}s -> {path}")


def load_silver(path: Path) -> dict[str, list[tuple[list[str], list[str], list[str]]]]:
    data: dict[str, list] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            s = json.loads(line)
            data.setdefault(s["split"], []).append((s["words"], s["tags"], s["lemmas"]))
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--fang-train", type=int, default=1300)
    ap.add_argument("--gnad-train", type=int, default=400)
    ap.add_argument("--fang-test", type=int, default=150)
    ap.add_argument("--gnad-test", type=int, default=150)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--work", type=Path, default=Path.home() / ".cache" / "lagebild" / "train_pos")
    ap.add_argument("--out", type=Path, default=MODEL)
    ap.add_argument("--rebuild", action="store_true", help="re-tag the silver data with HanTa")
    ap.add_argument("--evaluate-only", action="store_true",
                    help="re-measure the saved model on the held-out sets and update its metrics")
    args = ap.parse_args(argv)
    if not FANG.is_file() or not GNAD.is_file():
        print(f"training data not found under {SHARED}: the 'shared' folder must sit beside the repository",
              file=sys.stderr)
        return 2
    sizes = {"fang_train": args.fang_train, "gnad_train": args.gnad_train,
             "fang_test": args.fang_test, "gnad_test": args.gnad_test}
    args.work.mkdir(parents=True, exist_ok=True)
    key = f"silver-{args.seed}-" + "-".join(str(v) for v in sizes.values()) + ".jsonl"
    silver = args.work / key
    if args.rebuild or not silver.is_file():
        build_silver(silver, seed=args.seed, sizes=sizes, jobs=args.jobs)
    data = load_silver(silver)
    from lagebild.nlp.lang import plain_quotes, quote_glyphs

    glyphs = quote_glyphs("de")  # the tagger sees what Tag gives it: quote tokens as '"'
    data = {k: [(plain_quotes(w, glyphs), t, lem) for w, t, lem in v] for k, v in data.items()}

    from lagebild.nlp.clause import FiniteClauseRule
    from lagebild.nlp.lemma import Lemmatizer
    from lagebild.nlp.perceptron import PosModel, evaluate, train

    train_sents = [(w, t) for w, t, _ in data["train"]]
    if args.evaluate_only:
        model = PosModel.load(args.out)
        old = json.loads(args.out.with_suffix(".json").read_text(encoding="utf-8"))
        metrics = {k: old["metrics"][k] for k in ("train_tokens", "train_seconds")}
        command = old["command"]
    else:
        t0 = time.perf_counter()
        model = train(train_sents, epochs=args.epochs, seed=args.seed)
        metrics = {"train_tokens": sum(len(w) for w, _ in train_sents),
                   "train_seconds": round(time.perf_counter() - t0, 1)}
        command = "python scripts/train_pos.py " + " ".join(argv or sys.argv[1:])
    lem = Lemmatizer(language="de")
    rule = FiniteClauseRule(language="de")
    for split in ("test_fang", "test_gnad"):
        sents = data.get(split, [])
        m = evaluate(model, [(w, t) for w, t, _ in sents])
        m.update(lemma_agreement(lem, model, sents))
        m["agreement_with_clause_rule"] = clause_rule_agreement(model, rule, sents)
        metrics[split] = m
        print(split, json.dumps(m, ensure_ascii=False))
    meta = {"command": command, "seed": args.seed, "sizes": sizes, "epochs": args.epochs,
            "silver": "HanTa 1.2.1 taglevel 1", "metrics": metrics}
    model.save(args.out, meta=meta)
    print(f"model -> {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


def clause_rule_agreement(model, rule, sents) -> float:
    """Agreement with HanTa after the finite-clause repair (which knowingly departs from HanTa)."""
    hit = tot = 0
    for (_words, gold, _), tags in zip(sents, model.tag_sentences([w for w, _, _ in sents])):
        for g, t in zip(gold, rule.apply(tags)):
            tot += 1
            hit += g == t
    return round(hit / max(tot, 1), 4)


def lemma_agreement(lem, model, sents) -> dict[str, float]:
    """Agreement of our lemmas (on our tags) with HanTa's lemmas, by word class, case-insensitive."""
    hit: Counter = Counter()
    tot: Counter = Counter()
    for words, _tags, lemmas in sents:
        tags = model.tag(words)
        ours = lem.lemmas(words, tags)
        for w, t, a, b in zip(words, tags, ours, lemmas):
            cls = "verb" if t.startswith("V") else "noun" if t == "NN" else "name" if t == "NE" else "other"
            tot[cls] += 1
            tot["all"] += 1
            if a.lower() == b.lower():
                hit[cls] += 1
                hit["all"] += 1
    return {f"lemma_{k}": round(hit[k] / tot[k], 4) for k in sorted(tot)}


if __name__ == "__main__":
    sys.exit(main())
