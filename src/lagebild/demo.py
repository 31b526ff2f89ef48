"""`make demo`: analyse the bundled Wikinews sample (plus any paths given) and summarise the picture."""

from __future__ import annotations

from collections import Counter
from importlib.resources import files
from pathlib import Path

from .config import Settings
from .run import analyze


def demo_corpus() -> Path:
    """Path of the bundled demo corpus (seven German Wikinews articles, CC BY)."""
    return Path(str(files("lagebild") / "demo" / "wikinews_de.jsonl"))


def run_demo(paths: list[str], *, settings: Settings) -> str:
    report = analyze([str(demo_corpus()), *paths], settings=settings, store=True, command="demo")
    arts = report.articles
    lines = [f"lagebild demo — store {settings.db}", report.summary_line(), ""]
    stories: dict[str, list] = {}
    for a in arts:
        stories.setdefault(a.story or a.id, []).append(a)
    lines.append(f"{len(arts)} articles in {len(stories)} stories:")
    for sid, members in sorted(stories.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        outlets = sorted({m.source or '?' for m in members})
        lines.append(f"  {sid}  {len(members)} article(s) from {', '.join(outlets)}: {members[0].title}")
    actors = Counter(e.canonical for a in arts for e in a.entities if e.canonical)
    if actors:
        lines.append("\nmost mentioned actors:")
        lines.extend(f"  {n:>3}  {name}" for name, n in actors.most_common(10))
    quotes = [(a, q) for a in arts for q in a.quotes]
    lines.append(f"\n{len(quotes)} quotations; first ones:")
    for a, q in quotes[:8]:
        who = q.speaker or a.span_text(q.speaker_start, q.speaker_end) or "?"
        text = a.text[q.start:q.end].replace("\n", " ")
        lines.append(f"  [{q.kind}] {who}: {text[:110]}{'…' if len(text) > 110 else ''}")
    events = Counter(e.type for a in arts for e in a.events)
    lines.append(f"\n{sum(events.values())} event mentions: " + ", ".join(f"{t} {n}" for t, n in events.most_common()))
    lines.append(f"\nexplore: lagebild stories --db {settings.db} · lagebild quotes --db {settings.db} · "
                 f"lagebild serve --db {settings.db}")
    return "\n".join(lines)
