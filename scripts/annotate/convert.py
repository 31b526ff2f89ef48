#!/usr/bin/env python3
"""Check and convert reading annotators' files into the labelled sets (standalone: no lagebild import).

Annotators write one JSONL file per document (the format is in docs/annotation.md): one line per sentence
``{"s": 3, "entities": [...], "events": [...]}`` and one line ``{"quotes": [...]}`` — or, for documents
labelled for quotations only, just the quotes line. Spans are given as strings and resolved here into
character offsets of the document text:

    "Sergej Lawrow"          first occurrence in the line's own sentence
    "Lawrow#2"               second occurrence in that sentence
    "Lawrow@s5"              first occurrence in sentence 5 (a mention from context)
    "Lawrow@s5#2"            second occurrence in sentence 5
    null                     no span (agentless passive, actor only in the title, …)

    convert.py --check DOCS_DIR FILE…                  report every problem (annotators run this)
    convert.py --out OUT.jsonl --annotator NAME DOCS_DIR FILE…   write converted records (one per sentence / quotation)
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
MODALITY = {"asserted", "future", "intended", "hypothetical", "demanded", "suspected"}
LABELS = {"PER", "ORG", "LOC", "OTH"}
ACTOR_TYPES = {"person", "organisation", "state", "substate", "armed", "place", "other"}
QUOTE_KINDS = {"direct", "indirect", "mixed"}
REF = re.compile(r"^(?P<text>.+?)(?:@(?P<where>s\d+))?(?:#(?P<n>\d+))?$", re.S)
CODE = re.compile(r"^[A-Z]{3}[A-Z0-9]{0,9}$")


class Problem(Exception):
    pass


def sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


class Doc:
    def __init__(self, path: Path) -> None:
        d = json.loads(path.read_text(encoding="utf-8"))
        self.doc, self.text, self.sents = d["doc"], d["text"], [tuple(x) for x in d["sentences"]]

    def sent_text(self, i: int) -> str:
        s, e = self.sents[i]
        return self.text[s:e]

    def resolve(self, ref: str | None, here: int, what: str) -> list[int] | None:
        if ref is None:
            return None
        if not isinstance(ref, str) or not ref.strip():
            raise Problem(f"{what}: expected a string or null, got {ref!r}")
        m = REF.match(ref.strip())
        text, where, n = m["text"].strip(), m["where"], int(m["n"] or 1)
        i = int(where[1:]) if where else here
        if not 0 <= i < len(self.sents):
            raise Problem(f"{what}: sentence s{i} does not exist (the document has s0…s{len(self.sents) - 1})")
        s, e = self.sents[i]
        sent = self.text[s:e]
        pos, k = -1, 0
        while k < n:
            pos = sent.find(text, pos + 1)
            if pos < 0:
                hint = " (copy it exactly, with its case and punctuation)"
                raise Problem(f"{what}: {text!r} occurs {k} time(s) in s{i}, not {n}{hint}")
            k += 1
        return [s + pos, s + pos + len(text)]


def _actor(doc: Doc, v, here: int, what: str, *, need_code: bool) -> dict | None:
    if v is None:
        return None
    if not isinstance(v, dict):
        raise Problem(f"{what}: expected an object or null")
    name = v.get("name")
    if not name or not isinstance(name, str):
        raise Problem(f"{what}.name: give the canonical name (nominative, fullest form)")
    out = {"span": doc.resolve(v.get("text"), here, f"{what}.text"), "name": name.strip()}
    if need_code:
        code = v.get("code")
        if code is not None and not (isinstance(code, str) and (CODE.match(code) or code in {"COP", "CRM", "CVL", "MED", "BUS", "IGO", "NGO", "REB", "OPP", "MIL", "GOV", "LAB", "EDU", "HLH", "REF", "JUD", "LEG", "ELI", "UAF"})):
            raise Problem(f"{what}.code: {code!r} is not a CAMEO-style code (e.g. RUSGOV, IGOWSTNAT, DEUBYGOV, COP) or null")
        out["code"] = code
        t = v.get("type")
        if t not in ACTOR_TYPES:
            raise Problem(f"{what}.type: one of {sorted(ACTOR_TYPES)}")
        out["type"] = t
    return out


def convert_sentence(doc: Doc, line: dict, ln: str) -> tuple[dict, dict]:
    i = line["s"]
    s, e = doc.sents[i]
    base = {"doc": doc.doc, "sent": i, "start": s, "end": e, "sha": sha(doc.text[s:e])}
    ents = []
    for j, ent in enumerate(line.get("entities", [])):
        w = f"{ln} s{i} entities[{j}]"
        span = doc.resolve(ent.get("text"), i, w + ".text")
        if span is None:
            raise Problem(f"{w}: an entity needs its text")
        if ent.get("label") not in LABELS:
            raise Problem(f"{w}.label: one of PER ORG LOC OTH")
        if ent.get("type") not in ACTOR_TYPES:
            raise Problem(f"{w}.type: one of {sorted(ACTOR_TYPES)}")
        if not isinstance(ent.get("actor"), bool):
            raise Problem(f"{w}.actor: true or false")
        rec = {"span": span, "label": ent["label"], "type": ent["type"], "actor": ent["actor"]}
        for flag in ("deriv", "part"):
            if ent.get(flag):
                rec[flag] = True
        ents.append(rec)
    evs = []
    for j, ev in enumerate(line.get("events", [])):
        w = f"{ln} s{i} events[{j}]"
        if ev.get("type") not in TYPES:
            raise Problem(f"{w}.type: {ev.get('type')!r} is not a PLOVER type ({' '.join(sorted(TYPES))})")
        trig = doc.resolve(ev.get("trigger"), i, w + ".trigger")
        if trig is None:
            raise Problem(f"{w}.trigger: every event needs its trigger word(s) from the sentence")
        if not doc.sents[i][0] <= trig[0] < doc.sents[i][1]:
            raise Problem(f"{w}.trigger: must lie in s{i}")
        if ev.get("modality") not in MODALITY:
            raise Problem(f"{w}.modality: one of {sorted(MODALITY)}")
        if not isinstance(ev.get("negated", False), bool):
            raise Problem(f"{w}.negated: true or false")
        date = ev.get("date")
        if date is not None and not re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", str(date)):
            raise Problem(f"{w}.date: YYYY-MM-DD, YYYY-MM, YYYY or null")
        rec = {"type": ev["type"], "mode": ev.get("mode"), "trigger": trig,
               "source": _actor(doc, ev.get("source"), i, w + ".source", need_code=True),
               "target": _actor(doc, ev.get("target"), i, w + ".target", need_code=True),
               "negated": bool(ev.get("negated", False)), "modality": ev["modality"],
               "claimant": _actor(doc, ev.get("claimant"), i, w + ".claimant", need_code=False),
               "date_text": doc.resolve(ev.get("date_text"), i, w + ".date_text"), "date": date}
        evs.append(rec)
    return {**base, "entities": ents}, {**base, "events": evs}


def convert_quotes(doc: Doc, quotes: list, ln: str) -> list[dict]:
    out = []
    for j, q in enumerate(quotes):
        w = f"{ln} quotes[{j}]"
        i = q.get("s")
        if not isinstance(i, int):
            raise Problem(f"{w}.s: the sentence number where the quotation starts")
        a = doc.resolve(q.get("from"), i, w + ".from")
        end_sent = q.get("to_s", i)
        b = doc.resolve(q.get("to"), end_sent, w + ".to")
        if a is None or b is None or b[1] <= a[0]:
            raise Problem(f"{w}: 'from' must start and 'to' end the quotation (to after from)")
        if q.get("kind") not in QUOTE_KINDS:
            raise Problem(f"{w}.kind: direct, indirect or mixed")
        spk = q.get("speaker")
        if not spk or not isinstance(spk, str):
            raise Problem(f"{w}.speaker: the canonical speaker (fullest name in the article, or a short description)")
        if q.get("speaker_type") not in ACTOR_TYPES:
            raise Problem(f"{w}.speaker_type: one of {sorted(ACTOR_TYPES)}")
        out.append({"doc": doc.doc, "quote": [a[0], b[1]], "kind": q["kind"],
                    "cue": doc.resolve(q.get("cue"), i, w + ".cue"),
                    "speaker": spk.strip(), "speaker_type": q["speaker_type"],
                    "speaker_mention": doc.resolve(q.get("mention"), i, w + ".mention"),
                    "resolves": doc.resolve(q.get("resolves"), i, w + ".resolves"),
                    "sha": sha(doc.text[a[0]:b[1]])})
    return out


def convert_file(docs_dir: Path, path: Path) -> tuple[list, list, list, list[str]]:
    doc = Doc(docs_dir / (path.stem + ".json"))
    problems: list[str] = []
    ents, evs, quotes = [], [], []
    seen: set[int] = set()
    has_sentences = False
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        ln = f"{path.name}:{n}"
        try:
            line = json.loads(raw)
        except json.JSONDecodeError as e:
            problems.append(f"{ln}: not valid JSON ({e})")
            continue
        try:
            if "quotes" in line:
                quotes += convert_quotes(doc, line["quotes"], ln)
                continue
            if not isinstance(line.get("s"), int) or not 0 <= line["s"] < len(doc.sents):
                raise Problem(f"{ln}: 's' must be a sentence number 0…{len(doc.sents) - 1}")
            if line["s"] in seen:
                raise Problem(f"{ln}: s{line['s']} appears twice")
            seen.add(line["s"])
            has_sentences = True
            a, b = convert_sentence(doc, line, ln)
            ents.append(a)
            evs.append(b)
        except Problem as p:
            problems.append(str(p))
    if has_sentences and len(seen) != len(doc.sents):
        missing = sorted(set(range(len(doc.sents))) - seen)
        problems.append(f"{path.name}: sentences without a line: {['s%d' % m for m in missing][:20]} (every sentence needs one, with empty lists when nothing applies)")
    if not any("quotes" in json.loads(r) for r in path.read_text(encoding="utf-8").splitlines() if r.strip().startswith("{")):
        problems.append(f"{path.name}: no {{\"quotes\": [...]}} line (write one, with an empty list if the article quotes nobody)")
    return ents, evs, quotes, problems


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--out")
    ap.add_argument("--annotator", default="")
    ap.add_argument("docs_dir")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    allp, out = [], {"entities": [], "events": [], "speakers": []}
    for f in a.files:
        try:
            ents, evs, quotes, probs = convert_file(Path(a.docs_dir), Path(f))
        except (OSError, KeyError, json.JSONDecodeError) as e:
            allp.append(f"{f}: cannot read ({e})")
            continue
        allp += probs
        out["entities"] += ents
        out["events"] += evs
        out["speakers"] += quotes
    for p in allp:
        print(p)
    n_ev = sum(len(r["events"]) for r in out["events"])
    n_en = sum(len(r["entities"]) for r in out["entities"])
    print(f"{len(a.files)} files: {len(out['events'])} sentences, {n_ev} events, {n_en} entities, "
          f"{len(out['speakers'])} quotations; {len(allp)} problems")
    if a.out and not a.check:
        for rows in out.values():
            for r in rows:
                r["annotator"] = a.annotator
        Path(a.out).write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    sys.exit(1 if allp else 0)


if __name__ == "__main__":
    main()
