"""Reading UD German treebanks (CoNLL-U) into the parser's training view.

Multi-word tokens (``im`` = ``in dem``, ``zum`` = ``zu dem``) are merged back into their surface
token, as lagebild's tokenizer produces them: the merged token takes the head and relation of its
first part that attaches outside the range (the preposition: ``case``), the features of its article
part, and the STTS tag ``APPRART``. Relations and features are brought to the GSD conventions the
parser is evaluated on: PUD's subtypes GSD does not use are folded (``acl:relcl`` → ``acl``,
``flat:name`` → ``flat``, ``iobj`` → ``obl:arg`` …), and PUD's verb forms, which it leaves out, are
read off its own verb tags (``VBC`` finite, ``VBN`` participle, ``VB`` infinitive); its adverbs lose
the ``Degree`` GSD does not give them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError

#: PUD (and rare GSD) relations → the label GSD uses for the same construction
RELATION_MAP: dict[str, str] = {
    "acl:relcl": "acl",
    "flat:name": "flat",
    "obl:tmod": "obl",
    "nmod:poss": "nmod",
    "cc:preconj": "cc",
    "csubj:pass": "csubj",
    "iobj": "obl:arg",
    "orphan": "dep",
    "nsubj:outer": "nsubj",
}

#: PUD verb tags → UD VerbForm
PUD_VERBFORM = {"VBC": "Fin", "VBN": "Part", "VB": "Inf"}


@dataclass(slots=True)
class UdSentence:
    """One tree: surface tokens with gold tag, head (0-based, -1 = root), relation and features."""

    sent_id: str
    treebank: str  # "gsd" | "pud"
    words: list[str] = field(default_factory=list)
    xpos: list[str] = field(default_factory=list)  # STTS in GSD; PUD's own tags otherwise
    upos: list[str] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)
    rels: list[str] = field(default_factory=list)
    feats: list[dict[str, str]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.words)


def parse_feats(text: str) -> dict[str, str]:
    """``Case=Nom|Number=Sing`` → ``{"Case": "Nom", "Number": "Sing"}``."""
    if not text or text == "_":
        return {}
    out = {}
    for kv in text.split("|"):
        k, _, v = kv.partition("=")
        if v:
            out[k] = v
    return out


def format_feats(feats: dict[str, str]) -> str:
    """The UD ``FEATS`` string (keys in alphabetical order, ``""`` when empty)."""
    return "|".join(f"{k}={feats[k]}" for k in sorted(feats))


def _blocks(path: Path) -> Iterator[tuple[str, list[list[str]]]]:
    sent_id = ""
    rows: list[list[str]] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if rows:
                    yield sent_id, rows
                sent_id, rows = "", []
            elif line.startswith("#"):
                if line.startswith("# sent_id ="):
                    sent_id = line.split("=", 1)[1].strip()
            else:
                cols = line.split("\t")
                if len(cols) != 10:
                    raise InputError(f"{path}: a CoNLL-U line needs 10 tab-separated columns: {line[:80]!r}")
                rows.append(cols)
    if rows:
        yield sent_id, rows


def _merge(rows: list[list[str]], treebank: str, sent_id: str) -> UdSentence:
    """Surface tokens: multi-word ranges become one token."""
    words = [r for r in rows if r[0].isdigit()]
    ranges = {}
    for r in rows:
        if "-" in r[0]:
            a, b = (int(x) for x in r[0].split("-"))
            ranges[a] = (b, r[1])
    # UD id → surface index
    surface: dict[int, int] = {}
    groups: list[list[list[str]]] = []
    form: list[str] = []
    i = 0
    while i < len(words):
        uid = int(words[i][0])
        if uid in ranges:
            end, text = ranges[uid]
            part = [w for w in words[i:] if int(w[0]) <= end]
            for w in part:
                surface[int(w[0])] = len(groups)
            groups.append(part)
            form.append(text)
            i += len(part)
        else:
            surface[uid] = len(groups)
            groups.append([words[i]])
            form.append(words[i][1])
            i += 1
    s = UdSentence(sent_id=sent_id, treebank=treebank)
    for k, part in enumerate(groups):
        ids = {int(w[0]) for w in part}
        outside = [w for w in part if int(w[6]) not in ids] or part
        main = outside[0]
        head = int(main[6])
        feats: dict[str, str] = {}
        for w in part:
            if w[3] in ("DET", "PRON"):
                feats.update(parse_feats(w[5]))
        if not feats:
            feats = parse_feats(main[5])
        if len(part) > 1:
            xpos = "APPRART" if part[0][3] == "ADP" else main[4]
        else:
            xpos = main[4]
        rel = main[7]
        s.words.append(form[k])
        s.xpos.append(xpos)
        s.upos.append(main[3])
        s.heads.append(-1 if head == 0 else surface[head])
        s.rels.append(RELATION_MAP.get(rel, rel))
        s.feats.append(_normalise_feats(feats, treebank=treebank, upos=main[3], xpos=main[4]))
    return s


def _normalise_feats(feats: dict[str, str], *, treebank: str, upos: str, xpos: str) -> dict[str, str]:
    out = dict(feats)
    if treebank == "pud" and upos in ("VERB", "AUX") and xpos in PUD_VERBFORM:
        out["VerbForm"] = PUD_VERBFORM[xpos]
    if treebank == "pud" and upos == "ADV":  # GSD marks no degree on adverbs
        out.pop("Degree", None)
    if out.get("VerbForm") in ("Part", "Inf"):  # GSD marks tense and mood on finite verbs only
        out.pop("Tense", None)
        out.pop("Mood", None)
    return out


def read_conllu(path: Path | str, *, treebank: str | None = None) -> list[UdSentence]:
    """All sentences of a CoNLL-U file; ``treebank`` defaults to ``pud``/``gsd`` from the file name."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path} not found; the UD German files live in ../shared/data/ud_german (SOURCE.md)")
    tb = treebank or ("pud" if "pud" in path.name else "gsd")
    return [_merge(rows, tb, sid) for sid, rows in _blocks(path)]
