"""Parse features for the learned coder (UD relations from the ``parse`` stage: ``Token.head``, ``rel``,
``feats``): the trigger's relation and its head's, its dependents (subject, object, passive auxiliary),
the Konjunktiv of its verb group, the verbs and nouns it hangs below (``ccomp``/``xcomp``/``advcl``/``acl``/
``nmod``: the content of a demand, an accusation, a plan), and the dependency path from the trigger to an
argument mention with that mention's relation and case. Empty when the tokens carry no parse."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .candidates import Sentence

#: relations across which an event is the content of what governs it
CONTENT_RELS = frozenset({"ccomp", "xcomp", "advcl", "acl", "acl:relcl", "nmod", "obj", "obl", "csubj"})
_SHOW_CHILDREN = frozenset({"nsubj", "nsubj:pass", "obj", "obl:arg", "iobj", "aux:pass", "expl", "ccomp", "xcomp"})


def parsed(sent: Sentence) -> bool:
    return bool(sent.all_tokens) and any(t.rel for t in sent.view.tokens)


def _children(sent: Sentence) -> dict[int, list[int]]:
    if sent.children is None:
        kids: dict[int, list[int]] = {}
        for n, t in enumerate(sent.view.tokens):
            kids.setdefault(t.head, []).append(sent.offset + n)
        sent.children = kids
    return sent.children


def _feats(s: str) -> dict[str, str]:
    return dict(kv.split("=", 1) for kv in s.split("|") if "=" in kv) if s else {}


def parse_features(sent: Sentence, i: int, *, prefix: str) -> list[str]:
    """Features of the trigger at sentence index ``i``."""
    if not parsed(sent):
        return []
    toks = sent.all_tokens
    k = sent.offset + i
    t = toks[k]
    f = [f"{prefix}rel={t.rel}"]
    kids = _children(sent).get(k, [])
    rels = {toks[c].rel for c in kids}
    f += [f"{prefix}child={r}" for r in sorted(rels & _SHOW_CHILDREN)]
    if rels & {"aux:pass", "nsubj:pass"}:
        f.append(f"{prefix}passive")
    for c in kids + [k]:
        mood = _feats(toks[c].feats)
        if mood.get("Mood") == "Sub":
            f.append(f"{prefix}konj={'II' if mood.get('Tense') == 'Past' else 'I'}")
    h, rel, steps = t.head, t.rel, 0
    while h >= 0 and steps < 3:
        ht = toks[h]
        if steps == 0:
            f += [f"{prefix}hrel={ht.rel}", f"{prefix}hpos={ht.pos[:2]}"]
        if rel in CONTENT_RELS and ht.pos[:1] in {"V", "N"}:
            f.append(f"{prefix}gov={rel}|{(ht.lemma or '').lower()}")
        rel, h, steps = ht.rel, ht.head, steps + 1
    return f


def path_features(sent: Sentence, i: int, first: int, last: int, *, prefix: str) -> list[str]:
    """Features of the dependency path from the trigger (sentence index ``i``) to the mention whose tokens
    are ``first``..``last`` (sentence indices): its syntactic head is the token whose head lies outside."""
    if not parsed(sent):
        return []
    toks = sent.all_tokens
    off = sent.offset
    inside = set(range(off + first, off + last + 1))
    head = next((k for k in sorted(inside) if toks[k].head not in inside), off + last)
    a, b = off + i, head
    up_a = [a]
    while toks[up_a[-1]].head >= 0 and len(up_a) < 40:
        up_a.append(toks[up_a[-1]].head)
    pos = {k: n for n, k in enumerate(up_a)}
    down = []
    k = b
    while k not in pos and k >= 0 and len(down) < 40:
        down.append(k)
        k = toks[k].head
    m = _feats(toks[head].feats)
    f = [f"{prefix}mrel={toks[head].rel}", f"{prefix}case={m.get('Case', '-')}"]
    if k not in pos:
        return f + [f"{prefix}=none"]
    rels = [toks[x].rel + "^" for x in up_a[: pos[k]]] + [toks[x].rel + "v" for x in reversed(down)]
    f.append(f"{prefix}={'/'.join(rels) if len(rels) <= 4 else 'long'}")
    if rels:
        f.append(f"{prefix}.last={rels[-1]}")
    return f
