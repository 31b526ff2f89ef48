"""Tag repair for verb-final subordinate clauses (``weil die Zahlen steigen``: finite, not infinitive)."""

from __future__ import annotations

from .lang import load


class FiniteClauseRule:
    """Turns the last infinitive of a subordinate clause without a finite verb into a finite verb."""

    def __init__(self, *, language: str = "de") -> None:
        rules = load(language, "nlp").get("finite_clause", {})
        self.openers = frozenset(rules.get("openers", []))
        self.closers = frozenset(rules.get("closers", []))
        self.finite = frozenset(rules.get("finite", []))
        self.to_finite: dict[str, str] = dict(rules.get("infinitive_to_finite", {}))

    def apply(self, tags: list[str]) -> list[str]:
        """The repaired tags of one sentence (a new list)."""
        out = list(tags)
        if not self.to_finite:
            return out
        opened = False
        last_inf = -1
        has_finite = False
        for i, tag in enumerate([*tags, next(iter(self.closers), "$.")]):
            if tag in self.closers or tag in self.openers:
                if opened and not has_finite and last_inf >= 0:
                    out[last_inf] = self.to_finite[out[last_inf]]
                opened = tag in self.openers
                last_inf, has_finite = -1, False
            elif opened:
                if tag in self.finite:
                    has_finite = True
                elif tag in self.to_finite and (i == 0 or tags[i - 1] != "PTKZU"):
                    last_inf = i
        return out
