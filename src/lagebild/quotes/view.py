"""A read-only view of one tagged article for the quote rules: tokens per sentence, verb lemmas
(separable particles joined: "kündigte … an" -> ``ankündigen``), quote masks and name runs."""

from __future__ import annotations

from ..model import Article, Token
from ..nlp.syntax import Syntax
from .lexicon import Lexicon

FINITE = frozenset({"VVFIN", "VAFIN", "VMFIN"})
VERBAL = frozenset({"VVFIN", "VVPP", "VVINF", "VVIZU", "VAFIN", "VMFIN", "VVIMP"})
NOUNISH = frozenset({"NN", "NE", "FM", "XY", "TRUNC"})
NP_POS = frozenset({"ART", "ADJA", "NN", "NE", "PPOSAT", "PIAT", "PDAT", "CARD", "TRUNC", "FM", "XY",
                    "PIDAT", "APPR", "APPRART", "KON", "$,", "ADJD", "PPER", "PIS", "$("})


class View:
    """Token-level helpers over ``article`` for the lexicon ``lex``."""

    def __init__(self, article: Article, lex: Lexicon) -> None:
        self.a = article
        self.text = article.text
        self.lex = lex
        self.toks: list[Token] = article.tokens
        self.sents: list[list[int]] = [[] for _ in article.sentences]
        for i, t in enumerate(self.toks):
            if 0 <= t.sent < len(self.sents):
                self.sents[t.sent].append(i)
        self.words = [self.text[t.start : t.end] for t in self.toks]
        self.lower = [w.lower() for w in self.words]
        self.in_quote = [False] * len(self.toks)
        # short quoted spans without a frame of their own (character spans), see ``direct._keep_short``
        self.short_spans: list[tuple[int, int]] = []
        # words written capitalised inside a sentence somewhere: nouns/names even when mis-tagged
        self.capital_words = {
            self.words[i] for i in range(1, len(self.toks))
            if self.words[i][:1].isupper() and self.toks[i].sent == self.toks[i - 1].sent
            and self.toks[i - 1].pos not in ("$(", "$.", "$,")
        }
        self._verb_cache: dict[int, str | None] = {}
        self._is_name: list[bool | None] = [None] * len(self.toks)
        self.names = self._name_runs()
        self._syntax: Syntax | None = None

    @property
    def syntax(self) -> Syntax:
        """The dependency parse of the article (:class:`lagebild.nlp.syntax.Syntax`, built on first use)."""
        if self._syntax is None:
            self._syntax = Syntax(self.a)
        return self._syntax

    # ------------------------------------------------------------------ tokens
    def pos(self, i: int) -> str:
        return self.toks[i].pos

    def sent_range(self, s: int) -> list[int]:
        return self.sents[s] if 0 <= s < len(self.sents) else []

    def token_at(self, offset: int) -> int | None:
        """Index of the first token starting at or after ``offset`` (binary search)."""
        lo, hi = 0, len(self.toks)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.toks[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < len(self.toks) else None

    def mark_quote(self, start: int, end: int) -> None:
        i = self.token_at(start)
        while i is not None and i < len(self.toks) and self.toks[i].start < end:
            self.in_quote[i] = True
            i += 1

    # ------------------------------------------------------------------- verbs
    def speech_lemma(self, i: int) -> str | None:
        """The lexicon infinitive token ``i`` is a form of (joining a later separable particle), or None."""
        if i in self._verb_cache:
            return self._verb_cache[i]
        res: str | None = None
        t = self.toks[i]
        particle_only = t.pos not in VERBAL and t.pos in ("PWAV", "ADV", "VVINF", "VVPP") and i + 1 < len(self.toks)
        if (t.pos in VERBAL or particle_only) and not self.in_quote[i]:
            lemma = (t.lemma or self.lower[i]).lower().replace("#", "").replace("|", "")
            # "wurde bekannt, dass": the auxiliary joined with a closing predicative ("bekanntwerden")
            if t.pos == "VVFIN" or particle_only or (t.pos == "VAFIN" and lemma == "werden"):
                sent = self.sent_range(t.sent)
                for n, j in enumerate(sent):
                    if j <= i or self.in_quote[j]:
                        continue
                    nxt = sent[n + 1] if n + 1 < len(sent) else None
                    closing = nxt is None or self.toks[nxt].pos in ("$.", "$,") or self.in_quote[nxt]
                    if self.toks[j].pos == "PTKVZ" or (closing and self.toks[j].pos in ("ADJD", "ADV")):
                        cand = self.lower[j] + lemma
                        if cand in self.lex.verbs:
                            res = cand
                        if self.toks[j].pos == "PTKVZ":
                            break
            if res is None and lemma in self.lex.verbs and not particle_only:
                res = lemma
        self._verb_cache[i] = res
        return res

    def finite_cue(self, i: int) -> bool:
        """A finite verb of saying (also when the tagger missed the verb of a split separable verb)."""
        return self.speech_lemma(i) is not None and (self.toks[i].pos in FINITE or self.toks[i].pos not in VERBAL)

    def finite_anchor(self, i: int) -> int:
        """For a participle/infinitive cue, the finite auxiliary of its clause (else ``i``)."""
        if self.toks[i].pos in ("VAFIN", "VMFIN"):
            return i
        sent = self.sent_range(self.toks[i].sent)
        quoted = 0
        for j in reversed([k for k in sent if k < i]):
            if self.in_quote[j]:
                quoted += 1  # a short quoted phrase inside the clause: "hatte X als „falsch“ zurückgewiesen"
                if quoted > 8:
                    break
                continue
            if self.lower[j] in {",", ":", ";"}:
                break
            if self.toks[j].pos in ("VAFIN", "VMFIN"):
                return j
        return i

    # ------------------------------------------------------------------- names
    def is_head(self, i: int) -> bool:
        """A noun-like token that can head a speaker NP (also "der 71-Jährige")."""
        t = self.toks[i]
        w = self.words[i]
        if not any(ch.isalnum() for ch in w):
            return False
        if t.pos in NOUNISH or self._mistagged_noun(i):
            return True
        if t.pos != "ADJA":
            return False
        nxt = self.toks[i + 1].pos if i + 1 < len(self.toks) else ""
        # nominalised adjective: "der 71-Jährige", "die Grüne", not "die grüne Partei"
        return (w[:1].isupper() or (w[:1].isdigit() and "-" in w)) and nxt not in ("NN", "NE", "ADJA", "FM")

    def _mistagged_noun(self, i: int) -> bool:
        """A capitalised word the tagger called an adverb/adjective/verb that the article also writes
        capitalised inside a sentence ("Künast sagte" with "Künast" tagged ADV)."""
        return (self.toks[i].pos in ("ADV", "ADJD", "VVFIN", "VVINF", "VVPP", "XY", "ADJA")
                and self.words[i][:1].isupper() and self.words[i] in self.capital_words
                and self.lex.role_of(self.words[i]) is None)

    def is_name(self, i: int) -> bool:
        """Whether token ``i`` is (part of) a name (memoised: the view's tokens and tags do not change)."""
        hit = self._is_name[i]
        if hit is None:
            hit = self._is_name[i] = self._name_test(i)
        return hit

    def _name_test(self, i: int) -> bool:
        t = self.toks[i]
        w = self.words[i]
        if not any(ch.isalpha() for ch in w):
            return False
        if self._mistagged_noun(i) and t.pos != "ADJA":
            return True
        return t.pos == "NE" or (t.pos in ("NN", "FM", "XY") and w[:1].isupper() and self.lex.role_of(w) is None
                                 and i > 0 and (self.toks[i - 1].pos == "NE" or self.lex.role_of(self.words[i - 1]) is not None))

    def _name_runs(self) -> list[tuple[int, int]]:
        runs: list[tuple[int, int]] = []
        i, n = 0, len(self.toks)
        while i < n:
            if self.is_name(i) and self.words[i][:1].isupper():
                j = i + 1
                while j < n and self.toks[j].sent == self.toks[i].sent and self.is_name(j) and self.words[j][:1].isupper():
                    j += 1
                runs.append((i, j))
                i = j
            else:
                i += 1
        return runs

    def span_text(self, i: int, j: int) -> str:
        """Text of tokens ``i`` .. ``j - 1``."""
        return self.text[self.toks[i].start : self.toks[j - 1].end]
