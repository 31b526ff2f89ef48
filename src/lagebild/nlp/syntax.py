"""Reading the dependency parse of an article: children, clause subject and objects, Konjunktiv,
passive voice, paths between tokens, the head of a character span.

Works on what the ``Parse`` stage assigns (``Token.head``, ``Token.rel``, ``Token.feats``, UD German
conventions: content verbs head their clauses, auxiliaries and copulas hang below them, dative
objects are ``obl:arg``). Token arguments and results are indices into ``Article.tokens``.

    syn = Syntax(article)
    verb = syn.predicate(i)             # the content verb of the clause token i belongs to
    syn.subject(verb), syn.objects(verb), syn.is_passive(verb), syn.konjunktiv(verb)
    syn.path_relations(a, b)           # ["nsubj↑", "obj↓"] from a up to the common head, down to b
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from ..model import Article, Token

SUBJECT_RELS = frozenset({"nsubj", "nsubj:pass", "csubj"})
OBJECT_RELS = frozenset({"obj", "obl:arg", "iobj"})
#: function words that hang below the content verb of their clause
VERB_FUNCTION_RELS = frozenset({"aux", "aux:pass", "cop"})
PASSIVE_RELS = frozenset({"aux:pass", "nsubj:pass", "csubj:pass"})
#: relations across which a clause shares its subject with the clause it hangs on
#: (``Er kam und sah``; ``Sie versuchte zu helfen``)
SHARED_SUBJECT_RELS = frozenset({"conj", "xcomp"})
UP, DOWN = "↑", "↓"


def feats(token: Token) -> dict[str, str]:
    """The UD features of a token as a dict (``{}`` when unparsed)."""
    if not token.feats:
        return {}
    return dict(kv.split("=", 1) for kv in token.feats.split("|") if "=" in kv)


def feature(token: Token, name: str) -> str | None:
    """One UD feature of a token (``feature(t, "Case")`` → ``"Nom"``), ``None`` when absent."""
    return feats(token).get(name)


def konjunktiv(token: Token) -> Literal["I", "II"] | None:
    """``"I"`` for a Konjunktiv I form (*sei*, *habe*, *fordere*: ``Mood=Sub|Tense=Pres``), ``"II"``
    for Konjunktiv II (*wäre*, *hätte*, *würde*: ``Mood=Sub|Tense=Past``), else ``None``."""
    f = feats(token)
    if f.get("Mood") != "Sub":
        return None
    return "II" if f.get("Tense") == "Past" else "I"


class Syntax:
    """Children lists and tree walks over one parsed article (build once, query often)."""

    __slots__ = ("article", "tokens", "_children")

    def __init__(self, article: Article) -> None:
        self.article = article
        self.tokens = article.tokens
        kids: list[list[int]] = [[] for _ in self.tokens]
        for i, t in enumerate(self.tokens):
            if 0 <= t.head < len(kids):
                kids[t.head].append(i)
        self._children = kids

    # ----------------------------------------------------------------- basics
    @property
    def parsed(self) -> bool:
        """Whether the article carries a parse (the ``Parse`` stage ran)."""
        return any(t.rel for t in self.tokens)

    def head(self, i: int) -> int | None:
        h = self.tokens[i].head
        return h if h >= 0 else None

    def children(self, i: int, rels: Iterable[str] | None = None) -> list[int]:
        """Dependents of token ``i`` in text order, optionally only those with one of ``rels``."""
        kids = self._children[i]
        if rels is None:
            return list(kids)
        wanted = frozenset(rels)
        return [k for k in kids if self.tokens[k].rel in wanted]

    def ancestors(self, i: int) -> list[int]:
        """Heads from ``i``'s head up to the root of its sentence."""
        out: list[int] = []
        h = self.tokens[i].head
        while h >= 0 and h not in out and len(out) < len(self.tokens):
            out.append(h)
            h = self.tokens[h].head
        return out

    def subtree(self, i: int) -> list[int]:
        """``i`` and everything below it, in text order."""
        out = [i]
        stack = [i]
        while stack:
            for k in self._children[stack.pop()]:
                out.append(k)
                stack.append(k)
        return sorted(out)

    def span(self, i: int) -> tuple[int, int]:
        """Character span of the subtree of ``i`` (its first to its last token)."""
        sub = self.subtree(i)
        return self.tokens[sub[0]].start, self.tokens[sub[-1]].end

    def span_head(self, start: int, end: int) -> int | None:
        """The token of a character span whose head lies outside the span (the first such token):
        the syntactic head of an entity mention or phrase; ``None`` when no token lies inside."""
        inside = [i for i, t in enumerate(self.tokens) if t.start >= start and t.end <= end]
        if not inside:
            return None
        members = set(inside)
        for i in inside:
            if self.tokens[i].head not in members:
                return i
        return inside[0]

    # ----------------------------------------------------------------- clauses
    def predicate(self, i: int) -> int:
        """The content word heading the clause of an auxiliary or copula (``hat`` in *hat gesagt*
        → ``gesagt``); any other token is its own predicate."""
        t = self.tokens[i]
        if t.rel in VERB_FUNCTION_RELS and t.head >= 0:
            return t.head
        return i

    def verb_group(self, i: int) -> list[int]:
        """The predicate of ``i`` with its auxiliaries and copula, in text order."""
        p = self.predicate(i)
        return sorted([p, *self.children(p, VERB_FUNCTION_RELS)])

    def finite_verb(self, i: int) -> int | None:
        """The finite verb of ``i``'s verb group (``VerbForm=Fin``, else a finite STTS tag)."""
        group = self.verb_group(i)
        for k in group:
            if feature(self.tokens[k], "VerbForm") == "Fin":
                return k
        for k in group:
            if self.tokens[k].pos.endswith("FIN"):
                return k
        return None

    def subject(self, i: int) -> int | None:
        """The subject of ``i``'s clause: its own ``nsubj``/``nsubj:pass``/``csubj`` child, else the
        subject it shares with the clause it is coordinated with or controlled by (*er kam und sah*,
        *sie versuchte zu helfen*)."""
        p = self.predicate(i)
        seen: set[int] = set()
        while p not in seen:
            seen.add(p)
            subj = self.group_children(p, SUBJECT_RELS)
            if subj:
                return subj[0]
            t = self.tokens[p]
            if t.rel not in SHARED_SUBJECT_RELS or t.head < 0:
                return None
            p = self.predicate(t.head)
        return None

    def group_children(self, i: int, rels: Iterable[str]) -> list[int]:
        """Dependents with one of ``rels`` of ``i``'s verb group, text order: those of the predicate
        and those a parse error hung on one of its auxiliaries."""
        return sorted(k for v in self.verb_group(i) for k in self.children(v, rels))

    def objects(self, i: int) -> list[int]:
        """Accusative and dative objects of ``i``'s clause (``obj``, ``obl:arg``), text order."""
        return self.group_children(i, OBJECT_RELS)

    def is_passive(self, i: int) -> bool:
        """Whether ``i``'s clause is passive (a passive auxiliary or a passive subject)."""
        p = self.predicate(i)
        if self.children(p, PASSIVE_RELS):
            return True
        return any(feature(self.tokens[k], "Voice") == "Pass" for k in self.verb_group(p))

    def konjunktiv(self, i: int) -> Literal["I", "II"] | None:
        """Konjunktiv of ``i``'s clause, read off its finite verb (*er habe gesagt* → ``"I"``)."""
        f = self.finite_verb(i)
        return konjunktiv(self.tokens[f]) if f is not None else None

    # ----------------------------------------------------------------- paths
    def path(self, a: int, b: int) -> list[int] | None:
        """Tokens from ``a`` up to the lowest common head and down to ``b`` (both included);
        ``None`` when they are in different trees (different sentences)."""
        up_a = [a, *self.ancestors(a)]
        pos = {k: n for n, k in enumerate(up_a)}
        down: list[int] = []
        k: int | None = b
        while k is not None:
            if k in pos:
                return up_a[: pos[k] + 1] + down[::-1]
            down.append(k)
            k = self.head(k)
            if len(down) > len(self.tokens):
                return None
        return None

    def path_relations(self, a: int, b: int) -> list[str] | None:
        """Relations along :meth:`path`: ``rel↑`` going up from ``a``, ``rel↓`` going down to ``b``
        (``nsubj↑ obj↓`` links a subject and an object of the same verb)."""
        p = self.path(a, b)
        if p is None:
            return None
        out: list[str] = []
        for x, y in zip(p, p[1:]):
            if self.tokens[x].head == y:
                out.append(self.tokens[x].rel + UP)
            else:
                out.append(self.tokens[y].rel + DOWN)
        return out


def clause_subject(article: Article, i: int) -> int | None:
    """The subject of the clause token ``i`` belongs to (see :meth:`Syntax.subject`); builds the
    children index, so use a :class:`Syntax` object for many calls on one article."""
    return Syntax(article).subject(i)
