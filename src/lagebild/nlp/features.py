"""Feature templates of the fast POS tagger, shared by training and tagging.

Every feature of a token is a property of one word form seen from one position (the token itself,
one or two words to the left or right, sentence start or end), so feature ids can be cached per word
form and a whole article is scored with one numpy gather. The second pass adds the first pass's tags
of the neighbours (see :mod:`lagebild.nlp.perceptron`).
"""

from __future__ import annotations

BOS = "<S>"
EOS = "</S>"

#: relative positions whose word features are used, in this order after the token's own features
CONTEXT = (-2, -1, 1, 2)


def shape(word: str) -> str:
    """Compressed character shape: ``Kreml`` -> ``Xx``, ``3,5`` -> ``d,d``, ``US-Amt`` -> ``X-Xx``."""
    out: list[str] = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out[:6])


def own_features(word: str) -> list[str]:
    """Features of a word form at the position being tagged."""
    low = word.lower()
    f = ["b", "w=" + word, "sh=" + shape(word)]
    if low != word:
        f.append("l=" + low)
    n = len(low)
    for k in (1, 2, 3, 4, 5):
        if n > k:
            f.append(f"s{k}=" + low[-k:])
    if n > 3:
        f.append("p2=" + low[:2])
        f.append("p3=" + low[:3])
    if n > 6:  # separable prefix + zu (einzusetzen, abzuwarten)
        f.append("p4=" + low[:4])
        f.append("p5=" + low[:5])
    if "-" in word[1:]:
        f.append("h=" + low.rsplit("-", 1)[-1][-4:])
    f.append("n=" + (str(n) if n < 4 else "4-6" if n < 7 else "7+"))
    return f


def context_features(word: str, rel: int) -> list[str]:
    """Features of a neighbouring word form at relative position ``rel`` (-2, -1, 1, 2)."""
    if word in (BOS, EOS):
        return [f"w{rel}={word}"]
    low = word.lower()
    f = [f"w{rel}=" + low, f"c{rel}=" + ("U" if word[:1].isupper() else "l" if word[:1].islower() else "o")]
    if rel in (-1, 1):
        f.append(f"s{rel}=" + low[-3:])
        f.append(f"sh{rel}=" + shape(word))
    return f


def first_features(word: str) -> list[str]:
    """Extra features of a sentence-initial token (capitalisation tells less there)."""
    return ["first", "first&l=" + word.lower()]


def sentence_features(words: list[str]) -> list[list[str]]:
    """All static feature strings for each token of one sentence (the training view)."""
    n = len(words)
    padded = [BOS, BOS, *words, EOS, EOS]
    out = []
    for i, w in enumerate(words):
        f = own_features(w)
        for rel in CONTEXT:
            f.extend(context_features(padded[i + 2 + rel], rel))
        if i == 0:
            f.extend(first_features(w))
        if i == n - 1:
            f.append("last")
        out.append(f)
    return out
