"""Speaker resolution: a mention (name, pronoun, description, organisation) to the fullest name of
that actor in the article. Uses entity canonicals or the actors stage when present; otherwise the
fullest name in the article that ends with the same surname, and for pronouns and descriptions
("der 71-Jährige", "der Minister") the name the article ties them to, else the last speaker."""

from __future__ import annotations

import re
from collections.abc import Callable

from .view import View

_AGE = re.compile(r"(\d{1,3})-[Jj]ährige")


def _norm(w: str) -> str:
    return w[:-1] if len(w) > 4 and w.endswith("s") else w


class Resolver:
    """Resolves mentions in one article, remembering the last speaker."""

    def __init__(self, v: View) -> None:
        self.v = v
        self.last: str | None = None
        self._actor_resolve = _actors_resolver()

    def fullest(self, surname: str, before: int | None = None) -> str | None:
        """The longest name run in the article whose last word is ``surname``."""
        v = self.v
        key = _norm(surname)
        best: str | None = None
        for i, j in v.names:
            if _norm(v.words[j - 1]) == key:
                name = " ".join(v.words[i:j])
                if best is None or len(name) > len(best):
                    best = name
        return best

    def _names_before(self, tok: int) -> list[tuple[int, int]]:
        return [r for r in self.v.names if r[1] <= tok]

    def resolve(self, mention: tuple[int, int] | None, *, at: int) -> str | None:
        """Canonical speaker name for the token range ``mention`` (token ``at`` is where it speaks)."""
        v = self.v
        if mention is None:
            return self.last
        i, j = mention
        s, e = v.toks[i].start, v.toks[j - 1].end
        run = _main_name(v, i, j)
        # the entity on the name that speaks ("Antony Blinken" in "Lawrows Amtskollege Antony Blinken",
        # "Dmitri Peskow" in "Kremlsprecher Dmitri Peskow"), else any person/organisation in the mention
        hs, he = (v.toks[run[0]].start, v.toks[run[1] - 1].end) if run else (s, e)
        ents = [ent for ent in v.a.entities
                if ent.canonical and ent.start < he and hs < ent.end and ent.label in ("PER", "ORG")]
        if ents:
            return max(ents, key=lambda x: (x.label == "PER", x.actor_id is not None, x.end - x.start)).canonical
        linked = bool(v.a.meta.get("actor_mentions"))  # the actors stage ran on this article
        if run is not None:
            last = run[1] - 1
            if linked:
                actor = self._actor(v.toks[run[0]].start, v.toks[last].end)
                if actor is not None and _norm(v.lower[last]) in _norm(actor.lower()):
                    return actor
            return self.fullest(v.words[last]) or v.words[last]
        if linked:
            actor = self._actor(s, e)
            if actor is not None:
                return actor
        if j - i == 1 and v.lower[i] in v.lex.frames.get("pronouns", {}):
            return self.last or self._last_name(i)
        if j - i == 1 and v.pos(i) == "PRELS":
            return self._last_name(i) or self.last
        text = v.span_text(i, j)
        age = _AGE.search(text)
        if age:
            return self._age_name(age.group(1), i) or self.last or self._last_name(i)
        role = next((v.lex.role_of(v.words[k]) for k in range(i, j) if v.lex.role_of(v.words[k])), None)
        if role is not None and v.pos(i) in ("ART", "PDAT"):
            return self._role_name(role, i) or self.last or _strip_article(v, i, j)
        return _strip_article(v, i, j)

    def _actor(self, start: int, end: int) -> str | None:
        """Canonical name from ``lagebild.actors.resolve_mention`` (None when absent or unknown)."""
        if self._actor_resolve is None:
            return None
        actor = self._actor_resolve(self.v.a, start, end, lang=self.v.lex.language)
        return getattr(actor, "canonical", None) or None

    def _last_name(self, tok: int) -> str | None:
        runs = self._names_before(tok)
        if not runs:
            return None
        i, j = runs[-1]
        return self.fullest(self.v.words[j - 1]) or " ".join(self.v.words[i:j])

    def _age_name(self, age: str, tok: int) -> str | None:
        """A name the article ties to ``age``: "Sergej Lawrow (71)", "der 71-jährige Lawrow"."""
        v = self.v
        pat = re.compile(rf"(?:\(\s*{age}\s*\)|{age}-[Jj]ährige[nmr]?\s)")
        for m in pat.finditer(v.text[: v.toks[tok].start]):
            k = v.token_at(m.end() if m.group(0).endswith(" ") else m.start())
            if k is None:
                continue
            if m.group(0).startswith("("):
                runs = [r for r in v.names if r[1] <= k and r[1] >= k - 1]
            else:
                runs = [r for r in v.names if r[0] >= k and r[0] <= k + 1]
            if runs:
                return self.fullest(v.words[runs[-1][1] - 1])
        return None

    def _role_name(self, role: str, tok: int) -> str | None:
        """The last name before ``tok`` introduced with a matching role noun ("Außenminister X")."""
        v = self.v
        for i, j in reversed(self._names_before(tok)):
            for k in range(max(0, i - 4), i):
                if v.words[k].lower().endswith(role):
                    return self.fullest(v.words[j - 1])
        return None


def _main_name(v: View, i: int, j: int) -> tuple[int, int] | None:
    """The name run of a mention that names the speaker: not a genitive attribute ("der WHO"),
    not a Saxon genitive ("Lawrows Amtskollege")"""
    runs: list[tuple[int, int]] = []
    k = i
    while k < j:
        if v.is_name(k) and v.words[k][:1].isupper():
            e = k + 1
            while e < j and v.is_name(e) and v.words[e][:1].isupper():
                e += 1
            runs.append((k, e))
            k = e
        else:
            k += 1
    if not runs:
        return None
    good = [r for r in runs
            if not (r[0] > i and (v.lower[r[0] - 1] in ("des", "der", "von", "vom", "dem", "den")
                                  or v.pos(r[0] - 1) in ("APPR", "APPRART")))
            and not (r[1] < j and v.lower[r[1] - 1].endswith("s") and v.pos(r[1]) in ("ADJA", "NN"))]
    # an apposition after a comma names the speaker: "Der Nachfolger des … Chefs X, Louis Gallois"
    appos = [r for r in runs if r[0] > i and v.lower[r[0] - 1] == ","]
    if appos and not (good and good[0][0] <= i + 1):  # unless the NP itself opens with the name
        return appos[0]
    return good[0] if good else runs[-1]


def _strip_article(v: View, i: int, j: int) -> str:
    while i < j - 1 and v.pos(i) in ("ART", "PDAT", "PPOSAT"):
        i += 1
    while i < j - 1 and v.pos(i) == "$(":  # a quoted name: "der „Netzeitung“" -> Netzeitung
        i += 1
    while j > i + 1 and v.pos(j - 1) == "$(":
        j -= 1
    return v.span_text(i, j)


def _actors_resolver() -> Callable[..., object] | None:
    """``lagebild.actors.resolve_mention`` when the actors package provides it, else None."""
    try:
        from ..actors import resolve_mention
    except ImportError:
        return None
    return resolve_mention
