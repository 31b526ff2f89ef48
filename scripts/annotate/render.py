#!/usr/bin/env python3
"""Render the chosen documents for reading annotators: numbered sentences, nothing else.

For every document of data/docs.jsonl (or the ids given) writes OUT/<doc>.txt (what the annotator reads:
header with title, date and outlet, then ``[s0] …`` one sentence per line) and OUT/<doc>.json (the document
text and its sentence offsets, which the converter resolves spans against). Sentences come from lagebild's
tokenizer only (no tagger, no model output is shown). The files hold source text, so OUT must lie outside
the repository.

    python scripts/annotate/render.py OUT [DOC …]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from lagebild.eval.data.sources import source_doc  # noqa: E402
from lagebild.model import Article  # noqa: E402
from lagebild.nlp.tokenize import Tokenize  # noqa: E402


def sentences(text: str) -> list[tuple[int, int]]:
    a = Article(text=text)
    a.language = "de"
    a = Tokenize()(a)
    return [(s.start, s.end) for s in a.sentences]


def main() -> None:
    out = Path(sys.argv[1]).resolve()
    if REPO in out.parents or out == REPO:
        sys.exit("OUT must lie outside the repository (the rendered files hold source text)")
    out.mkdir(parents=True, exist_ok=True)
    wanted = set(sys.argv[2:])
    for line in (REPO / "data" / "docs.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if wanted and row["doc"] not in wanted:
            continue
        d = source_doc(row["doc"])
        sents = sentences(d.text)
        head = [f"DOC {d.doc} | outlet: {d.outlet} | published: {d.published or 'unknown'}",
                f"TITLE: {d.title or '(none; the first sentence is the headline/teaser)'}", ""]
        body = [f"[s{i}] {d.text[s:e]}".replace("\n", " ") for i, (s, e) in enumerate(sents)]
        (out / f"{d.doc}.txt").write_text("\n".join(head + body) + "\n", encoding="utf-8")
        (out / f"{d.doc}.json").write_text(json.dumps(
            {"doc": d.doc, "title": d.title, "published": d.published, "outlet": d.outlet, "text": d.text,
             "sentences": sents}, ensure_ascii=False), encoding="utf-8")
    print(out)


if __name__ == "__main__":
    main()
