"""HTML pages: trafilatura for the body and metadata, htmldate for the date, a byline fallback.

``url`` is the page's canonical link or og:url (trafilatura reads both), ``source`` its site name or
host. When trafilatura finds no author, a byline such as "Von Vorname Nachname" (the words come from
the layout vocabulary) is looked for first in an element whose class names a byline or author, then
anywhere in the page text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Article, Rejection
from .common import normalise_date, one_line, split_authors
from .layout import load_layout

TAG = re.compile(r"<[^>]+>")
SCRIPT = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.I | re.S)
BYLINE_ELEMENT = re.compile(r'class="[^"]*(?:byline|author)[^"]*"[^>]*>(.*?)</(?:p|div|span|address|a)>',
                            re.I | re.S)
CANONICAL = re.compile(r"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*>", re.I)
HREF = re.compile(r"\bhref=[\"']([^\"']+)[\"']", re.I)
HTML_LANG = re.compile(r"<html\b[^>]*\blang=[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z]+)?", re.I)
NAME = r"[A-ZÄÖÜ][a-zäöüßéèáàíóúçñ'-]+(?:\s+(?:von\s+|van\s+|de\s+|zu\s+)?[A-ZÄÖÜ][a-zäöüßéèáàíóúçñ'-]+){1,3}"


@lru_cache(maxsize=4)
def _byline_re(words: tuple[str, ...], joiners: tuple[str, ...]) -> re.Pattern[str]:
    w = "|".join(re.escape(x) for x in words)
    j = "|".join(re.escape(x) for x in joiners)
    return re.compile(rf"(?:^|[\s>|])(?:{w})\s+({NAME}(?:\s*(?:,|{j})\s*{NAME})*)")


def byline_authors(html: str) -> list[str]:
    """Authors from a byline ("Von Anna Muster und Max Beispiel") in the page, or []."""
    layout = load_layout()
    pattern = _byline_re(layout.byline_words, layout.author_joiners)
    html = SCRIPT.sub(" ", html)
    candidates = [TAG.sub(" ", m.group(1)) for m in BYLINE_ELEMENT.finditer(html)]
    candidates.append(TAG.sub("\n", html))
    for c in candidates:
        for line in c.split("\n"):
            b = pattern.search(" ".join(line.split()))
            if b:
                return split_authors(b.group(1))
    return []


def read_html(html: str, *, path: str) -> Article | Rejection:
    """One HTML page → Article (or Rejection 'no-text' for pages without an article body)."""
    import trafilatura
    from htmldate import find_date

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        return Rejection(path, "no-text", f"{path}: no article text found in this HTML page; save the "
                         "article page itself, not an index or a script-only page")
    date_value = getattr(doc, "date", None)
    if not date_value:
        try:
            date_value = find_date(html, original_date=True, outputformat="%Y-%m-%d")
        except (ValueError, TypeError):
            date_value = None
    published, precision = normalise_date(date_value)
    authors = split_authors(getattr(doc, "author", None)) or byline_authors(html)
    tags: list[str] = []
    for value in (getattr(doc, "tags", None), getattr(doc, "categories", None)):
        items = [value] if isinstance(value, str) else list(value or [])
        for item in items:
            tags.extend(t for t in (one_line(x) for x in str(item).split(",")) if t and t not in tags)
    title = one_line(getattr(doc, "title", None))
    paras = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if len(paras) > 1 and title and paras[0] == title:
        paras.pop(0)  # the headline repeated at the top of the body
    canonical = CANONICAL.search(html)
    href = HREF.search(canonical.group(0)) if canonical else None
    art = Article(
        text="\n\n".join(paras), path=path, title=title,
        teaser=one_line(getattr(doc, "description", None)),
        url=one_line(href.group(1) if href else getattr(doc, "url", None)),
        source=one_line(getattr(doc, "sitename", None) or getattr(doc, "hostname", None)),
        published=published, published_precision=precision if published else None, authors=authors, tags=tags,
    )
    lang = HTML_LANG.search(html[:4096])
    if lang:
        # what the page claims; the language stage decides Article.language
        art.meta["declared_language"] = lang.group(1).lower()
    return art
