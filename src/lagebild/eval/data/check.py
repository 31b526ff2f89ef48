"""``make data-check``: validate every labelled set and print one summary line per set.

Checks every record's schema and labels, that offsets lie inside the document text and that the covered
text still has the recorded ``sha`` (needs ``../shared``: without it the offset checks are skipped with a
message, and under ``CI=true`` its absence is an error), that no reserved FANG-COVID id occurs, and that a
document lies in one split only (the split of ``data/docs.jsonl``). Agreement figures come from the second
annotator's files (``second.jsonl``) against the first annotation of the same documents.

    python -m lagebild.eval.data.check            # exit 1 on any problem
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

from ...errors import PipelineError
from . import DATA_DIR, SETS, docs_index, read_jsonl, set_dir, split_names
from .sources import SHARED_DATA, reserved_fang_ids, shared_available, source_doc

TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
MODALITY = {"asserted", "future", "intended", "hypothetical", "demanded", "suspected"}
LABELS = {"PER", "ORG", "LOC", "OTH"}
ACTOR_TYPES = {"person", "organisation", "state", "substate", "armed", "place", "other"}


def sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _split_group(split: str) -> str:
    """legacy-dev/legacy-dev2 count as dev, legacy-test as test."""
    if split.startswith("legacy-"):
        return "test" if split == "legacy-test" else "dev"
    return split


class Checker:
    def __init__(self, *, data_dir: Path | None = None, shared: Path | None = None) -> None:
        self.data_dir = data_dir or DATA_DIR
        self.shared = shared or SHARED_DATA
        self.have_shared = shared_available(self.shared)
        self.problems: list[str] = []
        self.reserved = reserved_fang_ids(self.shared) if self.have_shared else frozenset()
        self.index = docs_index(str(self.data_dir))

    def problem(self, where: str, msg: str) -> None:
        self.problems.append(f"{where}: {msg}")

    # ------------------------------------------------------------------ spans
    def span(self, where: str, doc: str, span: Any, *, within: tuple[int, int] | None = None) -> None:
        if span is None:
            return
        if not (isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span) and span[0] < span[1]):
            self.problem(where, f"span {span!r} must be [start, end] with start < end")
            return
        if within and not (within[0] <= span[0] and span[1] <= within[1]) and within[1] - within[0] > 0:
            pass  # spans from context sentences may lie elsewhere in the document
        if self.have_shared and span[1] > len(source_doc(doc, data=self.shared).text):
            self.problem(where, f"span {span} ends after the document text")

    def doc_ok(self, where: str, doc: str, split: str, *, in_index: bool) -> None:
        if doc.startswith("fang-") and doc[5:] in self.reserved:
            self.problem(where, f"{doc} is a reserved FANG-COVID id: remove it from every set")
        if in_index:
            row = self.index.get(doc)
            if row is None:
                self.problem(where, f"{doc} is not in data/docs.jsonl")
            elif split != "second" and row["split"] != split:
                self.problem(where, f"{doc} is in split {split} here but {row['split']} in data/docs.jsonl")

    def sha_ok(self, where: str, doc: str, s: int, e: int, want: str | None) -> None:
        if not self.have_shared or want is None:
            return
        try:
            got = sha(source_doc(doc, data=self.shared).text[s:e])
        except PipelineError as err:
            self.problem(where, str(err))
            return
        if got != want:
            self.problem(where, f"text at [{s}, {e}] of {doc} has sha {got}, not {want}: the source changed or the offsets are wrong")

    # ------------------------------------------------------------------ sets
    def check_sentences(self, name: str, split: str, rows: list[dict[str, Any]]) -> None:
        in_index = not split.startswith("legacy-")
        seen: set[tuple[str, int]] = set()
        for i, r in enumerate(rows, 1):
            w = f"data/{name}/{split}.jsonl:{i}"
            for k in ("doc", "sent", "start", "end", "sha"):
                if k not in r:
                    self.problem(w, f"missing field {k!r}")
                    break
            else:
                self.doc_ok(w, r["doc"], split, in_index=in_index)
                if (r["doc"], r["sent"]) in seen and split != "second":
                    self.problem(w, f"{r['doc']} s{r['sent']} appears twice")
                seen.add((r["doc"], r["sent"]))
                self.sha_ok(w, r["doc"], r["start"], r["end"], r["sha"])
                if name == "events":
                    self.check_events(w, r)
                else:
                    self.check_entities(w, r)

    def check_events(self, w: str, r: dict[str, Any]) -> None:
        for j, ev in enumerate(r.get("events", [])):
            ww = f"{w} events[{j}]"
            if ev.get("type") not in TYPES:
                self.problem(ww, f"type {ev.get('type')!r} is not a PLOVER type")
            if ev.get("modality") not in MODALITY:
                self.problem(ww, f"modality {ev.get('modality')!r} not in {sorted(MODALITY)}")
            if not isinstance(ev.get("negated"), bool):
                self.problem(ww, "negated must be true or false")
            self.span(ww + ".trigger", r["doc"], ev.get("trigger"))
            if ev.get("trigger") is None:
                self.problem(ww, "no trigger span")
            for side in ("source", "target", "claimant"):
                a = ev.get(side)
                if a is None:
                    continue
                if not a.get("name"):
                    self.problem(ww + f".{side}", "no canonical name")
                self.span(ww + f".{side}", r["doc"], a.get("span"))
                if side != "claimant" and a.get("type") is not None and a["type"] not in ACTOR_TYPES:
                    self.problem(ww + f".{side}", f"type {a['type']!r} not in {sorted(ACTOR_TYPES)}")
            self.span(ww + ".date_text", r["doc"], ev.get("date_text"))

    def check_entities(self, w: str, r: dict[str, Any]) -> None:
        for j, en in enumerate(r.get("entities", [])):
            ww = f"{w} entities[{j}]"
            self.span(ww, r["doc"], en.get("span"))
            if not (r["start"] <= en["span"][0] and en["span"][1] <= r["end"]):
                self.problem(ww, "entity span outside its sentence")
            if en.get("label") not in LABELS:
                self.problem(ww, f"label {en.get('label')!r} not in PER ORG LOC OTH")
            if en.get("type") not in ACTOR_TYPES:
                self.problem(ww, f"type {en.get('type')!r} not in {sorted(ACTOR_TYPES)}")
            if not isinstance(en.get("actor"), bool):
                self.problem(ww, "actor must be true or false")

    def check_speakers(self, split: str, rows: list[dict[str, Any]]) -> None:
        for i, r in enumerate(rows, 1):
            w = f"data/speakers/{split}.jsonl:{i}"
            self.doc_ok(w, r["doc"], split, in_index=True)
            self.span(w + ".quote", r["doc"], r.get("quote"))
            if r.get("quote"):
                self.sha_ok(w, r["doc"], r["quote"][0], r["quote"][1], r.get("sha"))
            for k in ("cue", "speaker_mention", "resolves"):
                self.span(w + f".{k}", r["doc"], r.get(k))
            if r.get("kind") not in {"direct", "indirect", "mixed"}:
                self.problem(w, f"kind {r.get('kind')!r} not in direct/indirect/mixed")
            if not r.get("speaker"):
                self.problem(w, "no canonical speaker")
            if r.get("speaker_type") not in ACTOR_TYPES:
                self.problem(w, f"speaker_type {r.get('speaker_type')!r} not in {sorted(ACTOR_TYPES)}")

    def check_stories(self, split: str, rows: list[dict[str, Any]]) -> None:
        weeks: dict[str, str] = {}
        for i, r in enumerate(rows, 1):
            w = f"data/stories/{split}.jsonl:{i}"
            self.doc_ok(w, r["doc"], split, in_index=False)
            if not r.get("story") or not r.get("week"):
                self.problem(w, "needs doc, week and story")
            if split != "second":
                if weeks.setdefault(r["week"], split) != split:
                    self.problem(w, f"week {r['week']} lies in two splits")
            if self.have_shared:
                try:
                    d = source_doc(r["doc"], data=self.shared)
                    import datetime as dt
                    s = dt.date.fromisoformat(r["week"])
                    if not (s.isoformat() <= (d.published or "") <= (s + dt.timedelta(days=6)).isoformat()):
                        self.problem(w, f"{r['doc']} ({d.published}) is not in the week of {r['week']}")
                except PipelineError as err:
                    self.problem(w, str(err))


# ---------------------------------------------------------------------- agreement
def _prf(tp: int, n_a: int, n_b: int) -> float:
    return 2 * tp / (n_a + n_b) if n_a + n_b else 1.0


def _root(actor: dict[str, Any] | None) -> str | None:
    if not actor:
        return None
    code = actor.get("code")
    return code[:3] if code else (actor.get("name") or "").casefold() or None


def events_agreement(first: list[dict], second: list[dict]) -> dict[str, float]:
    a = {(r["doc"], r["sent"]): r for r in first}
    tp_t = tp_x = na = nb = 0
    mod_ok = mod_n = 0
    for r in second:
        f = a.get((r["doc"], r["sent"]))
        if f is None:
            continue
        ta, tb = Counter(e["type"] for e in f["events"]), Counter(e["type"] for e in r["events"])
        tp_t += sum((ta & tb).values())
        xa = Counter((_root(e["source"]), e["type"], _root(e["target"])) for e in f["events"])
        xb = Counter((_root(e["source"]), e["type"], _root(e["target"])) for e in r["events"])
        tp_x += sum((xa & xb).values())
        na += len(f["events"])
        nb += len(r["events"])
        used: set[int] = set()
        for eb in r["events"]:
            for k, ea in enumerate(f["events"]):
                if k in used or ea["type"] != eb["type"]:
                    continue
                if ea["trigger"] and eb["trigger"] and ea["trigger"][0] < eb["trigger"][1] and eb["trigger"][0] < ea["trigger"][1]:
                    used.add(k)
                    mod_n += 1
                    mod_ok += ea["modality"] == eb["modality"] and ea["negated"] == eb["negated"]
                    break
    return {"type_f1": _prf(tp_t, na, nb), "triple_f1": _prf(tp_x, na, nb),
            "modality_acc": mod_ok / mod_n if mod_n else float("nan")}


def entities_agreement(first: list[dict], second: list[dict]) -> dict[str, float]:
    a = {(r["doc"], r["sent"]): r for r in first}
    tp = na = nb = 0
    same_actor = same_type = matched = 0
    for r in second:
        f = a.get((r["doc"], r["sent"]))
        if f is None:
            continue
        ea = {(tuple(e["span"]), e["label"]): e for e in f["entities"]}
        eb = {(tuple(e["span"]), e["label"]): e for e in r["entities"]}
        na += len(ea)
        nb += len(eb)
        for k in ea.keys() & eb.keys():
            tp += 1
        sa = {tuple(e["span"]): e for e in f["entities"]}
        for e in r["entities"]:
            g = sa.get(tuple(e["span"]))
            if g:
                matched += 1
                same_actor += g["actor"] == e["actor"]
                same_type += g["type"] == e["type"]
    return {"entity_f1": _prf(tp, na, nb), "actor_acc": same_actor / matched if matched else float("nan"),
            "type_acc": same_type / matched if matched else float("nan")}


def _norm_name(s: str) -> str:
    return " ".join(s.casefold().replace("-", " ").split())


def speakers_agreement(first: list[dict], second: list[dict]) -> dict[str, float]:
    docs = {r["doc"] for r in second}
    fa = [r for r in first if r["doc"] in docs]
    used: set[int] = set()
    matched = same = 0
    for q in second:
        for k, g in enumerate(fa):
            if k in used or g["doc"] != q["doc"]:
                continue
            s, e = max(g["quote"][0], q["quote"][0]), min(g["quote"][1], q["quote"][1])
            if e - s > 0.5 * min(g["quote"][1] - g["quote"][0], q["quote"][1] - q["quote"][0]):
                used.add(k)
                matched += 1
                same += _norm_name(g["speaker"]) == _norm_name(q["speaker"])
                break
    return {"quote_f1": _prf(matched, len(fa), len(second)), "speaker_acc": same / matched if matched else float("nan")}


def stories_agreement(first: list[dict], second: list[dict]) -> dict[str, float]:
    a = {(r["week"], r["doc"]): r["story"] for r in first}
    weeks: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for r in second:
        if (r["week"], r["doc"]) in a:
            weeks[r["week"]].append((r["doc"], a[(r["week"], r["doc"])], r["story"]))
    n = both = only_a = only_b = 0
    for rows in weeks.values():
        for (_, fa, sa), (_, fb, sb) in combinations(rows, 2):
            x, y = fa == fb, sa == sb
            n += 1
            both += x and y
            only_a += x and not y
            only_b += y and not x
    if not n:
        return {}
    neither = n - both - only_a - only_b
    po = (both + neither) / n
    pa, pb = (both + only_a) / n, (both + only_b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    kappa = (po - pe) / (1 - pe) if pe < 1 else 1.0
    return {"kappa": kappa, "pair_f1": _prf(both, both + only_a, both + only_b)}


# ---------------------------------------------------------------------- summary
def summarise(ch: Checker) -> list[str]:
    lines = []
    for name, unit in SETS.items():
        d = set_dir(name, data_dir=ch.data_dir)
        if not d.is_dir():
            lines.append(f"data-check {name}: 0 {unit}, 0 documents, splits 0/0/0, agreement none")
            continue
        by_split: dict[str, list[dict]] = {s: read_jsonl(d / f"{s}.jsonl") for s in split_names(name, data_dir=ch.data_dir)}
        second = read_jsonl(d / "second.jsonl") if (d / "second.jsonl").is_file() else []
        for split, rows in list(by_split.items()) + ([("second", second)] if second else []):
            if name in ("events", "entities"):
                ch.check_sentences(name, split, rows)
            elif name == "speakers":
                ch.check_speakers(split, rows)
            else:
                ch.check_stories(split, rows)
        counts = Counter()
        docs = set()
        for split, rows in by_split.items():
            docs.update(r["doc"] for r in rows)
            if name == "stories":
                weeks = Counter(r["week"] for r in rows)
                counts[_split_group(split)] += sum(n * (n - 1) // 2 for n in weeks.values())
            else:
                counts[_split_group(split)] += len(rows)
        first = [r for rows in by_split.values() for r in rows]
        measure = {"events": events_agreement, "entities": entities_agreement, "speakers": speakers_agreement,
                   "stories": stories_agreement}[name]
        agree = measure(first, second) if second else {}
        annotators = sorted({r.get("annotator", "") for r in second})
        if len(annotators) > 1:  # one line per second annotator (agreement rounds) before the summary
            for ann in annotators:
                part = measure(first, [r for r in second if r.get("annotator", "") == ann])
                lines.append(f"  {name} agreement of {ann}: " + ", ".join(f"{k}={v:.3f}" for k, v in part.items()))
        ag = ", ".join(f"{k}={v:.3f}" for k, v in agree.items()) or "none"
        total = sum(counts.values())
        lines.append(f"data-check {name}: {total} {unit}, {len(docs)} documents, splits "
                     f"{counts['train']}/{counts['dev']}/{counts['test']}, agreement {ag}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ch = Checker()
    if not ch.have_shared:
        msg = f"{ch.shared} not found: offsets and text references are not checked (put ../shared beside the clone)"
        if os.environ.get("CI", "").lower() == "true":
            print(f"error: {msg}", file=sys.stderr)
            return 1
        print(f"note: {msg}", file=sys.stderr)
    lines = summarise(ch)
    for p in ch.problems[:200]:
        print(f"problem: {p}")
    if len(ch.problems) > 200:
        print(f"… and {len(ch.problems) - 200} more problems")
    for line in lines:
        print(line)
    return 1 if ch.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
