#!/usr/bin/env python3
"""Build the labelled sets under data/ from the annotators' files and the earlier gold.

    python scripts/annotate/build_sets.py --annotations ANNOT_OUT --docs DOCS_DIR

* ``ANNOT_OUT/full/<annotator>/<doc>.jsonl`` (entities, events, quotations of whole articles) and
  ``ANNOT_OUT/speakers/<annotator>/<doc>.jsonl`` (quotations only) are checked and converted with
  convert.py; the first annotator of a document goes into ``data/<set>/<split>.jsonl``, a second
  annotator of the same document (annotators listed in ``data/second_annotators.txt``) into
  ``data/<set>/second.jsonl`` (used only for agreement).
* ``ANNOT_OUT/stories/<annotator>/week-<sunday>.jsonl`` → ``data/stories/<split>.jsonl`` (split by week,
  ``STORY_SPLITS``); the earlier gold weeks of tests/eval are migrated into the same schema, without
  headlines, and without the reserved FANG-COVID ids.
* the earlier event gold (tests/eval/events_gold_{dev,dev2,test}.jsonl, first four sentences of each
  document, surface strings) is migrated to offsets: ``data/events/legacy-{dev,dev2,test}.jsonl``.

Records never hold FANG-COVID or 10kGNAD text: offsets into ``source_doc(doc).text`` and a ``sha`` of the
covered text. Wikinews sentence records also keep their ``text`` (CC BY 2.5, attribution in the data card).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import convert  # noqa: E402
from lagebild.eval.data.sources import reserved_fang_ids, source_doc  # noqa: E402

DATA = REPO / "data"
STORY_SPLITS = {
    "2020-04-19": "train", "2020-05-24": "train", "2020-06-21": "train", "2020-07-19": "train",
    "2020-09-13": "train", "2020-10-25": "train",
    "2020-08-23": "dev", "2021-01-17": "dev",
    "2020-03-15": "test", "2021-02-21": "test",
}
LEGACY_STORY_FILES = {
    "2020-10-25": "tests/eval/stories_gold_2020-10-25_week.jsonl",
    "2020-08-23": "tests/eval/stories_gold_2020-08-23_week.jsonl",
    "2020-03-15": "tests/eval/heldout/stories_test_2020-03-15_week.jsonl",
}
_WS = re.compile(r"\s+")


def write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n")


def docs_index() -> dict[str, dict]:
    return {r["doc"]: r for r in map(json.loads, (DATA / "docs.jsonl").read_text(encoding="utf-8").splitlines())}


def with_text(rec: dict) -> dict:
    """Wikinews records carry their sentence text; others only offsets and sha."""
    if rec["doc"].startswith("wn-"):
        rec = {**rec, "text": source_doc(rec["doc"]).text[rec["start"]:rec["end"]]}
    return rec


# ------------------------------------------------------------------ annotations
def build_annotations(annot: Path, docs_dir: Path) -> None:
    index = docs_index()
    second = set((DATA / "second_annotators.txt").read_text().split()) if (DATA / "second_annotators.txt").is_file() else set()
    first: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    sec: dict[str, list] = defaultdict(list)
    problems = []
    for kind in ("full", "speakers"):
        base = annot / kind
        if not base.is_dir():
            continue
        for ann_dir in sorted(p for p in base.iterdir() if p.is_dir()):
            for f in sorted(ann_dir.glob("*.jsonl")):
                if f.stem not in index:
                    problems.append(f"{f}: {f.stem} is not in data/docs.jsonl")
                    continue
                ents, evs, quotes, probs = convert.convert_file(docs_dir, f)
                if kind == "speakers":
                    probs = [p for p in probs if "sentences without a line" not in p]
                if probs:
                    problems += probs
                    continue
                split = index[f.stem]["split"]
                for set_name, rows in (("entities", ents), ("events", evs), ("speakers", quotes)):
                    for r in rows:
                        r = with_text({**r, "split": split, "annotator": ann_dir.name}) if set_name != "speakers" else {**r, "split": split, "annotator": ann_dir.name}
                        if ann_dir.name in second:
                            sec[set_name].append(r)
                        else:
                            first[set_name][split].append(r)
    for p in problems:
        print("problem:", p)
    order = lambda r: (r["doc"], r.get("sent", r.get("quote", [0])[0]))  # noqa: E731
    for set_name, splits in first.items():
        for split, rows in splits.items():
            write(DATA / set_name / f"{split}.jsonl", sorted(rows, key=order))
    for set_name, rows in sec.items():
        write(DATA / set_name / "second.jsonl", sorted(rows, key=order))


# ------------------------------------------------------------------ stories
def build_stories(annot: Path) -> None:
    reserved = reserved_fang_ids()
    rows: dict[str, list] = defaultdict(list)
    second: list = []
    sec_names = set((DATA / "second_annotators.txt").read_text().split()) if (DATA / "second_annotators.txt").is_file() else set()
    removed = 0
    for week, rel in LEGACY_STORY_FILES.items():
        for r in map(json.loads, (REPO / rel).read_text(encoding="utf-8").splitlines()):
            if r["id"] in reserved:
                removed += 1
                continue
            rows[STORY_SPLITS[week]].append({"doc": f"fang-{r['id']}", "week": week, "story": r["story"],
                                             "split": STORY_SPLITS[week], "annotator": "gold-2026-11"})
    base = annot / "stories"
    for ann_dir in sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []:
        for f in sorted(ann_dir.glob("week-*.jsonl")):
            week = f.stem.removeprefix("week-")
            for r in map(json.loads, f.read_text(encoding="utf-8").splitlines()):
                if r["id"] in reserved:
                    raise SystemExit(f"{f}: reserved FANG-COVID id {r['id']} — it must never be labelled")
                rec = {"doc": f"fang-{r['id']}", "week": week, "story": r["story"], "split": STORY_SPLITS[week],
                       "annotator": ann_dir.name}
                (second if ann_dir.name in sec_names else rows[STORY_SPLITS[week]]).append(rec)
    for split, rs in rows.items():
        write(DATA / "stories" / f"{split}.jsonl", sorted(rs, key=lambda r: (r["week"], int(r["doc"][5:]))))
    if second:
        write(DATA / "stories" / "second.jsonl", sorted(second, key=lambda r: (r["week"], int(r["doc"][5:]))))
    print(f"stories: removed {removed} reserved ids from the earlier weeks")


# ------------------------------------------------------------------ legacy events
def _find(hay: str, needle: str, start: int = 0) -> int:
    i = hay.find(needle, start)
    if i >= 0:
        return i
    pat = r"\s+".join(re.escape(w) for w in needle.split())
    m = re.compile(pat).search(hay, start)
    return m.start() if m else -1


def _span_in(sent: str, base: int, surface: str | None) -> list[int] | None:
    if not surface:
        return None
    words = surface.split()
    i = _find(sent, surface)
    if i >= 0:
        m = re.compile(r"\s+".join(re.escape(w) for w in words)).match(sent, i)
        return [base + i, base + (m.end() if m else i + len(surface))]
    # separable verbs ("wies zurück"): the first word is the span
    i = _find(sent, words[0])
    return [base + i, base + i + len(words[0])] if i >= 0 else None


def _legacy_actor(ev: dict, side: str, sent: str, base: int) -> dict | None:
    if not ev.get(side) and not ev.get(f"{side}_name"):
        return None
    return {"span": _span_in(sent, base, ev.get(side)), "name": ev.get(f"{side}_name") or ev.get(side),
            "code": ev.get(f"{side}_code"), "type": None}


def migrate_legacy_events() -> None:
    reserved = reserved_fang_ids()
    for split in ("dev", "dev2", "test"):
        out, dropped, unresolved = [], 0, 0
        for r in map(json.loads, (REPO / "tests" / "eval" / f"events_gold_{split}.jsonl").read_text(encoding="utf-8").splitlines()):
            if r["doc"].startswith("fang-") and r["doc"][5:] in reserved:
                dropped += 1
                continue
            doc = source_doc(r["doc"])
            sent_text = r.get("text")
            if sent_text is None:
                ref = r["text_ref"]
                raw = _raw_ref_text(ref)
                sent_text = raw[ref["char_begin"]:ref["char_end"]]
            target = _WS.sub(" ", sent_text).strip()
            i = _find(doc.text, target)
            if i < 0:
                raise SystemExit(f"legacy {split} {r['doc']} s{r['sent_id']}: sentence not found in the document text")
            m = re.compile(r"\s+".join(re.escape(w) for w in target.split())).match(doc.text, i)
            start, end = i, m.end()
            sent = doc.text[start:end]
            events = []
            for ev in r["events"]:
                trig = _span_in(sent, start, ev.get("trigger"))
                if trig is None:
                    unresolved += 1
                events.append({"type": "REQUEST" if ev["type"] == "DEMAND" else ev["type"], "mode": ev.get("mode"),
                               "trigger": trig,
                               "source": _legacy_actor(ev, "source", sent, start),
                               "target": _legacy_actor(ev, "target", sent, start),
                               "negated": bool(ev.get("negated")), "modality": ev.get("modality") or "asserted",
                               "claimant": {"span": _span_in(sent, start, ev["claimant"]), "name": ev["claimant"]} if ev.get("claimant") else None,
                               "date_text": _span_in(sent, start, ev.get("date_text")), "date": None})
            rec = {"doc": r["doc"], "sent": r["sent_id"], "start": start, "end": end, "sha": convert.sha(sent),
                   "events": events, "split": f"legacy-{split}", "annotator": "gold-2026-11"}
            out.append(with_text(rec))
        write(DATA / "events" / f"legacy-{split}.jsonl", out)
        print(f"events legacy-{split}: {len(out)} sentences, dropped {dropped} (reserved), {unresolved} triggers unresolved")


_RAW: dict = {}


def _raw_ref_text(ref: dict) -> str:
    import csv
    key = ref["dataset"]
    if key not in _RAW:
        base = REPO.parent / "shared" / "data"
        if key == "10kgnad":
            with (base / "10kgnad" / "test.csv").open(encoding="utf-8", newline="") as f:
                _RAW[key] = {str(i): row[1] for i, row in enumerate(csv.reader(f, delimiter=";", quotechar="'"))}
        else:
            with (base / "fang_covid_de_news" / "fang_covid_sample.jsonl").open(encoding="utf-8") as f:
                _RAW[key] = {d["id"]: d["article"] for d in map(json.loads, f)}
    return _RAW[key][str(ref.get("row", ref.get("id")))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--annotations", type=Path, required=True)
    ap.add_argument("--docs", type=Path, required=True)
    a = ap.parse_args()
    migrate_legacy_events()
    build_stories(a.annotations)
    build_annotations(a.annotations, a.docs)


if __name__ == "__main__":
    main()
