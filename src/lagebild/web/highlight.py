"""Article text as HTML with entities, quotations and event triggers marked. Every piece of article
text is escaped; annotation attributes are escaped too."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..model import Article


def highlight_article(a: Article, *, names: dict[str, str] | None = None) -> Markup:
    """Split the text at every annotation boundary and wrap each piece in the marks that cover it.
    `names` ({actor id: name}) gives the events' tooltips names instead of ids."""
    names = names or {}
    marks: list[tuple[int, int, str, dict[str, str]]] = []
    for i, q in enumerate(a.quotes):
        who = q.speaker or a.span_text(q.speaker_start, q.speaker_end) or "unbekannt"
        marks.append((q.start, q.end, f"quote quote-{q.kind}", {"data-speaker": who, "data-quote": str(i),
                                                                 "title": f"{q.kind}: {who}"}))
        if q.speaker_start is not None and q.speaker_end is not None:
            marks.append((q.speaker_start, q.speaker_end, "speaker", {"data-quote": str(i)}))
    for e in a.entities:
        title = " · ".join(x for x in (e.canonical, e.actor_code) if x)
        marks.append((e.start, e.end, f"ent ent-{e.label}", {"title": title, "data-actor": e.actor_id or ""}))
    for e in a.events:
        src = names.get(e.source or "") or e.source_code or "?"
        tgt = names.get(e.target or "") or e.target_code or "–"
        marks.append((e.start, e.end, "event", {"title": f"{e.type}: {src} → {tgt} {e.date or ''}".strip(),
                                                "data-type": e.type}))
    cuts = {0, len(a.text)}
    for s, e, _, _ in marks:
        if 0 <= s < e <= len(a.text):
            cuts.update((s, e))
    for i, ch in enumerate(a.text):
        if ch == "\n":
            cuts.update((i, i + 1))
    points = sorted(cuts)
    out: list[str] = ["<p>"]
    for s, e in zip(points, points[1:]):
        piece = a.text[s:e]
        if piece == "\n":
            if out[-1] != "</p><p>":
                out.append("</p><p>")
            continue
        covering = [m for m in marks if m[0] <= s and e <= m[1]]
        html = str(escape(piece))
        for _, _, cls, attrs in sorted(covering, key=lambda m: m[1] - m[0]):
            attr = "".join(f' {k}="{escape(v)}"' for k, v in attrs.items())
            html = f'<span class="{escape(cls)}"{attr}>{html}</span>'
        out.append(html)
    out.append("</p>")
    return Markup("".join(out))
