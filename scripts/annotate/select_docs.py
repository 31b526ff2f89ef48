#!/usr/bin/env python3
"""Choose the documents of the labelled sets and their splits, reproducibly (seeded, no model involved).

Writes data/docs.jsonl: one line per document {"doc", "dataset", "split", "sets", "batch"}.

* ``full`` documents (events + entities + quotations with speakers, whole articles): German Wikinews with
  the most political/conflict/court/protest/economy/health words (keyword count ≥ 5 and ≥ 0.3 per
  sentence), 10kGNAD articles of the International/Inland/Panorama/Wirtschaft/Etat sections, FANG-COVID
  articles of three outlets and the alternative sites outside the story weeks; lengths bounded so that an
  article is read whole.
* ``speakers`` documents (quotations with speakers only): further Wikinews articles with many quotation
  cues.
* Splits: a Wikinews document keeps the split its source data set gives it (train/dev/test), so that the
  quotation rules developed on Wikinews train/dev never see a test document; FANG-COVID and 10kGNAD
  documents are split 70/15/15 by a seeded shuffle of their sorted ids. Documents of the earlier event gold
  (dev/dev2/test) and of the story weeks are never chosen again. Reserved FANG-COVID ids are never read.

    python scripts/annotate/select_docs.py            # writes data/docs.jsonl
"""
from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from lagebild.eval.data.sources import all_docs  # noqa: E402

SEED = 20261207
KEYWORDS = re.compile(
    r"\b(Regierung\w*|Präsident\w*|Minister\w*|Kanzler\w*|Armee|Soldat\w*|Truppen|Militär\w*|Polizei\w*|"
    r"Protest\w*|Demonstr\w*|Sanktion\w*|forder\w*|kritisier\w*|Angriff\w*|Anschlag\w*|Rebellen|Nato|NATO|UN|EU|"
    r"Parlament\w*|Opposition\w*|Verhandl\w*|Abkommen|Krieg\w*|Festnahme\w*|festgenommen|verhaftet|Streik\w*|"
    r"Boykott|Botschafter\w*|droh\w*|Gipfel\w*|Gericht\w*|Anklage|angeklagt|Staatsanwalt\w*|verurteil\w*|"
    r"Prozess|Klage|Gewerkschaft\w*|Konzern\w*|Hilfe\w*|Gesundheitsminist\w*|Lockdown|Maßnahmen|"
    r"Ausgangssperre|abgelehnt|lehnt\w*|vorgeworfen|wirft|Vorwurf\w*)\b"
)
QUOTE_CUES = re.compile(r"[„“\"»«]|\b(sagte|erklärte|betonte|so\b|laut|zufolge|sei|habe|werde)\b")
STORY_WEEKS = ["2020-03-15", "2020-08-23", "2020-10-25", "2020-04-19", "2020-05-24", "2020-06-21",
               "2020-07-19", "2020-09-13", "2021-01-17", "2021-02-21"]


def earlier_gold_docs() -> set[str]:
    out: set[str] = set()
    for p in (REPO / "tests" / "eval").rglob("events_*.jsonl"):
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.add(json.loads(line)["doc"])
    return out


def in_story_week(date: str | None) -> bool:
    import datetime as dt
    if not date:
        return False
    d = dt.date.fromisoformat(date)
    for w in STORY_WEEKS:
        s = dt.date.fromisoformat(w)
        if s <= d <= s + dt.timedelta(days=6):
            return True
    return False


def n_sents(text: str) -> int:
    return max(1, len(re.findall(r"[.!?][\"“”»«]?\s", text)) + 1)


def split_of(ids: list[str], rng: random.Random) -> dict[str, str]:
    ids = sorted(ids)
    rng.shuffle(ids)
    n = len(ids)
    n_dev, n_test = round(0.15 * n), round(0.15 * n)
    return {d: ("dev" if i < n_dev else "test" if i < n_dev + n_test else "train") for i, d in enumerate(ids)}


def main() -> None:
    rng = random.Random(SEED)
    old = earlier_gold_docs()
    rows: list[dict] = []

    wn = all_docs("wn")
    scored = []
    for d in wn.values():
        if d.doc in old or not d.published or d.published < "2004":
            continue
        k, s = len(KEYWORDS.findall(d.text)), n_sents(d.text)
        if k >= 4 and k / s >= 0.25 and 6 <= s <= 40:
            scored.append(d)
    quota = {"train": 80, "dev": 16, "test": 16}
    full_wn: set[str] = set()
    for sp, q in quota.items():
        pool = sorted(d.doc for d in scored if d.source_split == sp)
        pick = rng.sample(pool, min(q, len(pool)))
        full_wn.update(pick)
        rows += [{"doc": d, "dataset": "wikinews", "split": sp, "sets": ["events", "entities", "speakers"]} for d in sorted(pick)]

    gnad = all_docs("gnad")
    pool = sorted(d.doc for d in gnad.values()
                  if d.source_split in {"International", "Inland", "Panorama", "Wirtschaft", "Etat"}
                  and d.doc not in old and 1200 <= len(d.text) <= 3500 and len(KEYWORDS.findall(d.text)) >= 4)
    pick = rng.sample(pool, 30)
    for d, sp in split_of(pick, rng).items():
        rows.append({"doc": d, "dataset": "10kgnad", "split": sp, "sets": ["events", "entities", "speakers"]})

    fang = all_docs("fang")
    def ok(d):
        if d.doc in old or in_story_week(d.published) or not (1500 <= len(d.text) <= 4200):
            return False
        paras = d.text.split("\n\n")
        if any(p[:1].islower() for p in paras[1:]):  # hard-wrapped paragraphs (zeit.de)
            return False
        return len(KEYWORDS.findall(d.text)) >= 5
    main3 = sorted(d.doc for d in fang.values() if d.outlet in {"tagesspiegel.de", "sueddeutsche.de", "zeit.de"} and ok(d))
    alt = sorted(d.doc for d in fang.values() if d.outlet not in {"tagesspiegel.de", "sueddeutsche.de", "zeit.de"} and ok(d))
    pick = rng.sample(main3, 34) + rng.sample(alt, 6)
    for d, sp in split_of(pick, rng).items():
        rows.append({"doc": d, "dataset": "fang_covid", "split": sp, "sets": ["events", "entities", "speakers"]})

    # speaker-only documents: Wikinews with many quotation cues, not chosen above
    cand = sorted(d.doc for d in wn.values()
                  if d.doc not in old and d.doc not in full_wn and d.published and d.published >= "2004"
                  and len(QUOTE_CUES.findall(d.text)) >= 8 and n_sents(d.text) <= 40)
    quota = {"train": 84, "dev": 18, "test": 18}
    for sp, q in quota.items():
        pool = [c for c in cand if wn[c].source_split == sp]
        for d in sorted(rng.sample(pool, min(q, len(pool)))):
            rows.append({"doc": d, "dataset": "wikinews", "split": sp, "sets": ["speakers"]})

    out = REPO / "data" / "docs.jsonl"
    out.parent.mkdir(exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    from collections import Counter
    print(out, len(rows), Counter((r["dataset"], r["split"], len(r["sets"])) for r in rows))


if __name__ == "__main__":
    main()
