"""Plain-text articles: generic text and the agency layout.

The agency layout (first seed) is: an optional first-line header ``date YYYY-MM[-DD]``, a photo
caption / credit ("… Foto: … (Bild: dpa)"), then the body whose first paragraph opens with a dateline
("Moskau - ", "Berlin (dpa) - ").

Choices, so that later stages can rely on them:

- Paragraphs are separated by one blank line in ``text``; hard line breaks inside a paragraph are
  re-wrapped (a line ending in "Nato-" joins the next without a space, the hyphen is kept). Files
  with one paragraph per line (no blank lines, lines longer than any hard wrap) keep their lines as
  paragraphs.
- A short line without final punctuation standing between paragraphs ("Offizielle Anfrage
  angekündigt") is a sub-heading. It stays in the body as its own paragraph — the sentence splitter
  then makes it its own sentence — and its span is listed in ``meta["headings"]`` as ``[start, end]``
  so stages that want prose only can skip it.
- Markdown sub-headings ("## Reaktionen") lose their marks and are listed in ``meta["headings"]`` too.
- The first paragraph is the title only when it is a ``# Markdown`` heading, or a short line without
  final punctuation followed by more text and the file has no date header (with a date header the
  layout is the agency one, which has no title line). In the agency layout the caption's lead phrase is
  the title ("Eiszeit zwischen Russland und der Nato: Der schneebedeckte Kreml … Foto: …";
  ``meta["title_from"] = "caption"``).
- The outlet (``Article.source``) is the agency of the dateline ("Berlin (dpa) - ") or an agency or outlet
  the file name names ("dpa_kreml.txt"), from the layout's ``outlets`` list.
- Captions (short paragraphs with a caption marker from the layout vocabulary) are dropped anywhere.
- The dateline place goes to ``Article.dateline``; an agency in parentheses to ``meta["agency"]``.
  Without an agency, the place must be on the dateline place list (``lang/<lang>/ingest/
  dateline_places.txt``) unless the file has the agency layout (date header): see :func:`is_place`.
"""

from __future__ import annotations

import re

from ..model import Article
from .common import join_lines, normalise_date, one_line
from .layout import load_layout

# "Moskau - ", "Berlin (dpa) - ", "KIEW/MOSKAU (AFP) – "
DATELINE = re.compile(
    r"^(?P<place>[A-ZÄÖÜ][\wÄÖÜäöüß.'’/ -]{1,40}?)\s*(?:\((?P<agency>[^)]{1,30})\)\s*)?[-–—]\s+(?=\S)"
)
SENTENCE_END = tuple('.!?…"“”»«')
END_PUNCT = tuple('.!?…:;,"“”»«)\'’')
MD_HEADING = re.compile(r"^#{1,6}\s+")
HEADING_MAX = 90  # a sub-heading is a short line
UNWRAPPED = 160  # no hard-wrapped text has lines this long


def is_caption(par: str) -> bool:
    """A short paragraph with a photo caption / credit marker ("Foto:", "Bild:", "©" …) that opens with
    the marker or ends with the credit rather than a sentence ("Das Foto: ein Beweis." is prose)."""
    if len(par) >= 400:
        return False
    m = load_layout().caption.search(par)
    return bool(m) and (m.start() == 0 or not par.rstrip().endswith(SENTENCE_END))


def caption_head(caption: str) -> str | None:
    """The lead phrase of a photo caption ("Eiszeit zwischen Russland und der Nato: Der Kreml … Foto: …"):
    a short phrase without final punctuation before the first colon, or None."""
    head, sep, _ = caption.partition(": ")
    head = head.strip()
    if not sep or not 3 <= len(head) <= HEADING_MAX or head.endswith(END_PUNCT) or not head[:1].isupper():
        return None
    if load_layout().caption.search(head + ":"):
        return None  # "Foto: …" opens with the marker itself
    return head


def outlet_named(agency: str | None, path: str) -> str | None:
    """The outlet of a plain-text article: the dateline's agency, else an agency or outlet named by a word of
    the file name (layout ``outlets``)."""
    outlets = load_layout().outlets
    if agency:
        return outlets.get(agency.lower(), agency)
    name = re.split(r"[\\/]", path or "")[-1].rsplit(".", 1)[0]
    for word in re.split(r"[^0-9A-Za-zÄÖÜäöüß]+", name):
        if word.lower() in outlets:
            return outlets[word.lower()]
    return None


def is_heading(par: str) -> bool:
    """A short single line without final punctuation: a title or sub-heading."""
    return "\n" not in par and 0 < len(par) <= HEADING_MAX and not par.rstrip().endswith(END_PUNCT) \
        and not DATELINE.match(par)


def is_place(place: str, *, agency: bool = False, layout_says: bool = False) -> bool:
    """Could `place` (the words before " - ") be a dateline place?

    Always: at most four capitalised words (connectors such as "am" allowed inside), not opening like a
    sentence ("Die …", "Er …"). Then one of: an agency follows in parentheses ("Berlin (dpa) - "), the
    place is written in capitals ("KIEW/MOSKAU"), every part is a listed dateline place, or the file's
    layout says a dateline is coming (`layout_says`, the agency layout with a date header). Otherwise a
    short opening before a dash is a kicker ("Corona - …"), not a place."""
    layout = load_layout()
    words = place.replace("/", " / ").split()
    if not words or len(words) > 4 or words[0] in layout.not_place:
        return False
    if not all(w[:1].isupper() or w == "/" or w in layout.place_connectors for w in words):
        return False
    if agency or layout_says:
        return True
    parts = [p.strip().lower() for p in place.split("/") if p.strip()]
    return place.isupper() or all(p in layout.places for p in parts)


def _blocks(text: str) -> list[list[str]]:
    """Paragraphs as lists of lines. Blank lines separate paragraphs; in a block with a line longer than
    any hard wrap (``UNWRAPPED``), every line is a paragraph of its own (one paragraph per line)."""
    out = []
    for block in re.split(r"\n[ \t\u00a0]*\n", text):
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if len(lines) > 1 and max(len(ln) for ln in lines) > UNWRAPPED:
            out.extend([ln] for ln in lines)
        elif lines:
            out.append(lines)
    return out


def read_plain(text: str, *, path: str) -> Article:
    """Read one plain-text article (generic or agency layout)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    published = precision = None
    m = load_layout().date_header.match(text)
    if m:
        published, precision = normalise_date(m.group(1))
        text = text[m.end():]
    paras = [join_lines(b) for b in _blocks(text)]
    title = caption_title = None
    while len(paras) > 1 and is_caption(paras[0]):
        head = caption_head(paras.pop(0))
        caption_title = caption_title or head
    if paras and paras[0].startswith("# "):
        title = one_line(paras.pop(0)[2:])
    elif len(paras) > 1 and not m and is_heading(paras[0]):
        title = one_line(paras.pop(0))
    paras = [p for p in paras if not is_caption(p)]
    dateline = agency = None
    if paras:
        dm = DATELINE.match(paras[0])
        if dm and is_place(dm.group("place"), agency=dm.group("agency") is not None, layout_says=bool(m)):
            dateline = dm.group("place").strip()
            agency = one_line(dm.group("agency"))
            paras[0] = paras[0][dm.end():]
    body, headings = "", []
    for i, p in enumerate(paras):
        if not p:
            continue
        if body:
            body += "\n\n"
        md = MD_HEADING.match(p)
        if md:
            p = p[md.end():]
        if md or 0 < i < len(paras) - 1 and is_heading(p):
            headings.append([len(body), len(body) + len(p)])
        body += p
    from_caption = title is None and bool(m) and caption_title is not None
    if from_caption:
        title = caption_title
    art = Article(text=body, path=path, title=title, dateline=dateline, published=published,
                  published_precision=precision, source=outlet_named(agency, path))
    if from_caption:
        art.meta["title_from"] = "caption"
    if headings:
        art.meta["headings"] = headings
    if agency:
        art.meta["agency"] = agency
    return art
