"""The `lagebild` command line: thin commands, each calling one library function."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from . import __version__
from .config import Settings, load_settings
from .errors import LagebildError

DB_OPTION = click.option(
    "--db", default=None, metavar="FILE", help="DuckDB store file (default ./lagebild.duckdb)."
)


def _settings(ctx: click.Context, **overrides: Any) -> Settings:
    return load_settings(ctx.obj.get("config"), **overrides)


def _echo_listing(ctx: click.Context, db: str | None, lines: Any, **kw: Any) -> None:
    """Print one of the report listings (quotes, actors, stories, events) from a read-only store."""
    from .store import Store

    with Store(_settings(ctx, db=db).db, read_only=True) as st:
        click.echo(lines(st, **kw))


class Fail(click.ClickException):
    """A clean one-line error and exit status 1."""


def _guard(fn):
    """Turn library errors into clean CLI messages (no tracebacks)."""
    import functools

    @functools.wraps(fn)
    def wrapper(*a: Any, **k: Any) -> Any:
        try:
            return fn(*a, **k)
        except LagebildError as e:
            raise Fail(str(e)) from e

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lagebild")
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="TOML settings file.")
@click.pass_context
def cli(ctx: click.Context, config: str | None) -> None:
    """lagebild: a situation picture from German news — stories, actors, quotations, events."""
    ctx.ensure_object(dict)
    ctx.obj["config"] = config


# --------------------------------------------------------------------- analyze
@cli.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table", "none"]), default="table",
              show_default=True, help="What to print for each article.")
@click.option("--no-store", is_flag=True, help="Analyse and print only; write nothing to the store.")
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes (default: all cores).")
@click.option("--field", "fields", multiple=True, metavar="NAME=COLUMN",
              help="Map an input column to an article field, e.g. --field text=body (repeatable).")
@click.option("--executor", type=click.Choice(["local", "ray"]), default=None,
              help="Run stages in local processes or on Ray.")
@click.option("--ray-address", default=None, help="Address of a running Ray cluster (see scripts/ray-cluster).")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Your own actor list (YAML or CSV), repeatable.")
@click.option("--tokens", is_flag=True, help="Include tokens (offsets, POS, lemma) in JSON output.")
@click.option("--max-bytes", type=int, default=None,
              help="Largest input document (or JSONL/CSV record) in bytes (default 20000000).")
@click.option("--strict", is_flag=True, help="Exit with status 2 when any input was rejected.")
@click.option("--chunk-size", type=int, default=None,
              help="Articles analysed, clustered and committed together (default 256).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or progress lines.")
@click.pass_context
@_guard
def analyze(ctx: click.Context, paths: Sequence[str], db: str | None, fmt: str, no_store: bool,
            jobs: int | None, fields: Sequence[str], executor: str | None, ray_address: str | None,
            actor_files: Sequence[str], tokens: bool, max_bytes: int | None, strict: bool,
            chunk_size: int | None, quiet: bool) -> None:
    """Read PATHS (files, folders, globs, - for stdin), analyse, store and print the articles.

    The run streams: every chunk of articles is committed to the store as it is done, so an interrupted
    run loses at most the chunk in flight; running the same command again finishes the rest. When
    `lagebild serve` owns the store, the server analyses and stores the input and this command prints
    its summary."""
    from .ingest.files import input_size
    from .progress import Progress
    from .run import analyze as run_analyze

    settings = _settings(ctx, db=db, jobs=jobs, executor=executor, ray_address=ray_address,
                         actor_files=tuple(actor_files) or None, max_bytes=max_bytes, chunk_size=chunk_size)
    mapping = _parse_fields(fields)
    progress = None if quiet else Progress(total_bytes=input_size(list(paths)), every=settings.progress_seconds)
    if not no_store:
        handed = _hand_over(settings, list(paths), mapping, progress)
        if handed is not None:
            click.echo(handed.summary_line(), err=True)
            if strict and handed.rejections:
                sys.exit(2)
            return
    printer = _Printer(fmt, tokens=tokens)
    try:
        report = run_analyze(
            list(paths), settings=settings, store=not no_store, fields=mapping, progress=progress,
            on_rejection=_echo_rejection, on_articles=printer, load_known=fmt != "none",
        )
    finally:
        if progress is not None:
            progress.close()
        printer.close()
    click.echo(report.summary_line(), err=True)
    if strict and (report.rejections or report.partial):
        sys.exit(2)


def _parse_fields(fields: Sequence[str]) -> dict[str, str] | None:
    out = {}
    for f in fields:
        if "=" not in f:
            raise Fail(f"--field {f!r}: write it as NAME=COLUMN, e.g. --field text=body")
        k, v = f.split("=", 1)
        out[k.strip()] = v.strip()
    return out or None


def _hand_over(settings: Settings, paths: list[str], fields: dict[str, str] | None, progress: Any) -> Any:
    """When `lagebild serve` owns the store, let it analyse `paths` (lagebild.service); None otherwise."""
    from .service import hand_over

    handed = hand_over(settings, paths, fields=fields, on_rejection=_echo_rejection,
                       on_status=(lambda s: progress.update(articles=s["articles"], new=s["new"],
                                                            rejected=s["rejected"])) if progress else None)
    if handed is not None and progress is not None:
        progress.close()
    return handed


def _echo_rejection(r: Any) -> None:
    """One line per rejection; the message names the file (and record) itself."""
    click.echo(f"rejected {r.message}" if r.message.startswith(r.path) else f"rejected {r.where()}: {r.message}",
               err=True)


class _Printer:
    """Prints articles chunk by chunk as a run commits them (JSON as one array across the chunks)."""

    def __init__(self, fmt: str, *, tokens: bool = False) -> None:
        self.fmt, self.tokens, self.n = fmt, tokens, 0

    def __call__(self, articles: list) -> None:
        if self.fmt == "jsonl":
            for a in articles:
                click.echo(json.dumps(a.to_dict(tokens=self.tokens), ensure_ascii=False))
        elif self.fmt == "json":
            for a in articles:
                click.echo(("[\n" if not self.n else ",\n") + json.dumps(a.to_dict(tokens=self.tokens),
                                                                          ensure_ascii=False, indent=2), nl=False)
                self.n += 1
        elif self.fmt == "table" and articles:
            from .report import article_table

            lines = article_table(articles).split("\n")
            click.echo("\n".join(lines if not self.n else lines[1:]))
            self.n += len(articles)

    def close(self) -> None:
        if self.fmt == "json":
            click.echo("\n]" if self.n else "[]")


@cli.command()
@click.argument("folders", nargs=-1, type=click.Path(exists=True, file_okay=False))
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="An RSS or Atom feed to follow (repeatable).")
@DB_OPTION
@click.option("--interval", type=float, default=None, help="Seconds between two looks (default 60).")
@click.option("--once", is_flag=True, help="Look once, store what is new, and exit (e.g. from cron).")
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes (default: all cores).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but rejections.")
@click.pass_context
@_guard
def watch(ctx: click.Context, folders: Sequence[str], feeds: Sequence[str], db: str | None, interval: float | None,
          once: bool, jobs: int | None, quiet: bool) -> None:
    """Watch FOLDERS for new files and --feed URLs for new articles; analyse and store what is new.

    Each look analyses what appeared since the last one (files once they are completely written, feed
    entries whose pages are fetched politely with trafilatura) and never the same input twice; what was
    seen is kept in <db>.watch/, so a restarted watch goes on where it stopped."""
    from .watch import Watch

    if not folders and not feeds:
        raise Fail("nothing to watch: give a FOLDER, or --feed URL (RSS or Atom), or both")
    for url in feeds:
        if not url.startswith(("http://", "https://")):
            raise Fail(f"--feed {url}: give an http:// or https:// address")
    settings = _settings(ctx, db=db, jobs=jobs, poll_seconds=interval)
    w = Watch(settings, folders=list(folders), feeds=list(feeds), on_rejection=_echo_rejection,
              on_report=(lambda line: None) if quiet else (lambda line: click.echo(line, err=True)))
    if not quiet:
        click.echo(f"watching {', '.join([*folders, *feeds])} every {settings.poll_seconds:g} s "
                   f"(store {settings.db}; Ctrl-C stops)", err=True)
    try:
        w.run(polls=1 if once else None)
    except KeyboardInterrupt:
        pass
    finally:
        w.close()


# ------------------------------------------------------------------ inspection
@cli.command()
@DB_OPTION
@click.pass_context
@_guard
def stats(ctx: click.Context, db: str | None) -> None:
    """Counts of what the store holds."""
    from .store import Store

    with Store(_settings(ctx, db=db).db, read_only=True) as st:
        s = st.stats()
    for k, v in s.items():
        click.echo(f"{k:<18} {v}")


@cli.command()
@click.argument("article_id")
@DB_OPTION
@click.pass_context
@_guard
def show(ctx: click.Context, article_id: str, db: str | None) -> None:
    """One article with its annotations, readable."""
    from .report import show_article
    from .store import Store

    with Store(_settings(ctx, db=db).db, read_only=True) as st:
        ids = st.query("SELECT id FROM articles WHERE id = ? OR id LIKE ? OR external_id = ? LIMIT 2",
                       [article_id, article_id + "%", article_id])["id"].tolist()
        if not ids:
            raise Fail(f"no article {article_id!r} in {st.path}; `lagebild stats` shows what is stored")
        if len(ids) > 1:
            raise Fail(f"{article_id!r} is ambiguous; give more characters of the id")
        art = st.load_articles(ids)[0]
    click.echo(show_article(art))


@cli.command()
@click.option("--speaker", default=None, help="Only quotations by this speaker (substring).")
@click.option("--limit", type=int, default=50, show_default=True)
@DB_OPTION
@click.pass_context
@_guard
def quotes(ctx: click.Context, speaker: str | None, limit: int, db: str | None) -> None:
    """Who said what: stored quotations with their speakers."""
    from . import report

    _echo_listing(ctx, db, report.quote_lines, speaker=speaker, limit=limit)


@cli.command()
@click.option("--limit", type=int, default=50, show_default=True)
@DB_OPTION
@click.pass_context
@_guard
def actors(ctx: click.Context, limit: int, db: str | None) -> None:
    """Actors with mention counts, codes and name variants."""
    from . import report

    _echo_listing(ctx, db, report.actor_lines, limit=limit)


@cli.command()
@click.option("--limit", type=int, default=50, show_default=True)
@DB_OPTION
@click.pass_context
@_guard
def stories(ctx: click.Context, limit: int, db: str | None) -> None:
    """Stories: size, dates, title, outlets."""
    from . import report

    _echo_listing(ctx, db, report.story_lines, limit=limit)


@cli.command()
@click.option("--type", "etype", default=None, help="Only this PLOVER type, e.g. REJECT.")
@click.option("--limit", type=int, default=50, show_default=True)
@DB_OPTION
@click.pass_context
@_guard
def events(ctx: click.Context, etype: str | None, limit: int, db: str | None) -> None:
    """Who did what to whom, when: merged events with their source counts."""
    from . import report

    _echo_listing(ctx, db, report.event_lines, etype=etype, limit=limit)


@cli.command()
@click.argument("what", type=click.Choice(["articles", "quotes", "events", "entities", "stories",
                                           "network"]))
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet", "graphml", "plover", "gdelt"]),
              default="csv", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), required=True, help="File to write.")
@DB_OPTION
@click.pass_context
@_guard
def export(ctx: click.Context, what: str, fmt: str, output: str, db: str | None) -> None:
    """Export a table (CSV, JSONL, Parquet), events as PLOVER JSONL / GDELT-like TSV, the actor network as GraphML/CSV."""
    from .export import export as do_export
    from .store import Store

    with Store(_settings(ctx, db=db).db, read_only=True) as st:
        n = do_export(st, what, fmt, Path(output))
    click.echo(f"wrote {n} rows to {output}", err=True)


# ------------------------------------------------------------------------ eval
@cli.group("eval")
def eval_group() -> None:
    """Evaluate a stage against gold data (reads ../shared/data)."""


@eval_group.command("quotes")
@click.option("--split", type=click.Choice(["train", "dev", "test"]), default="dev", show_default=True)
@click.option("--limit", type=int, default=None, help="Only the first N documents.")
@_guard
def eval_quotes(split: str, limit: int | None) -> None:
    """Quotations on the German Wikinews quotation attribution data."""
    from .eval import quotes as ev

    click.echo(ev.format_report(ev.evaluate(split=split, limit=limit)))


@eval_group.command("ner")
@click.option("--split", type=click.Choice(["dev", "test"]), default="test", show_default=True)
@_guard
def eval_ner(split: str) -> None:
    """Named entities on GermEval 2014 (strict, outer spans; 4 and 12 classes)."""
    from .eval import ner as ev

    if split == "dev":
        click.echo("note: the shipped NER model is trained on GermEval dev (the train split is not available); "
                   "these are training-set figures, not quality figures — use --split test")
    for classes in (4, 12):
        click.echo(ev.format_report(ev.evaluate(split=split, classes=classes)))


@eval_group.command("stories")
@click.option("--gold", type=click.Path(exists=True, dir_okay=False), multiple=True,
              help="Gold clustering JSONL {id, story}; repeatable. Default: every development week "
                   "tests/eval/stories_gold_*.jsonl (the held-out week under tests/eval/heldout is not included).")
@click.option("--semeval", is_flag=True, help="Also score the SemEval-2022 Task 8 German pairs.")
@_guard
def eval_stories(gold: tuple[str, ...], semeval: bool) -> None:
    """Story clustering: BCubed and pairwise F1 beside the all-singletons baseline."""
    from .eval import stories as ev

    if not gold:
        gold = tuple(str(p) for p in sorted(Path("tests/eval").glob("stories_gold_*.jsonl")))
        if not gold:
            raise Fail("no gold file given and none in ./tests/eval; pass --gold FILE (JSONL {id, story})")
    for g in gold:
        click.echo(f"== {g}")
        click.echo(ev.format_report(ev.run(g)))
    if semeval:
        click.echo(ev.format_report(ev.run_semeval()))


@eval_group.command("events")
@click.option("--split", type=click.Choice(["dev", "dev2", "test"]), default="dev", show_default=True)
@_guard
def eval_events(split: str) -> None:
    """PLOVER events on the hand-annotated Wikinews sentences."""
    from .eval import events as ev

    click.echo(ev.format_report(ev.evaluate(split=split)))


# ----------------------------------------------------------------- bench, web
@cli.command()
@click.option("--limit", type=int, default=1000, show_default=True, help="Articles from the FANG-COVID stream.")
@click.option("--jobs", "-j", type=int, default=2, show_default=True)
@click.option("--write", type=click.Path(dir_okay=False), default=None, help="Also write the figures to this Markdown file.")
@_guard
def bench(limit: int, jobs: int, write: str | None) -> None:
    """Throughput of reading + base NLP against a tokenisation-only baseline (see docs/benchmarks.md)."""
    from .bench import main as bench_main

    bench_main(["--limit", str(limit), "--jobs", str(jobs), *(["--write", write] if write else [])])


@cli.command()
@DB_OPTION
@click.option("--host", default=None, help="Bind address (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default 8000).")
@click.option("--token", default=None, envvar="LAGEBILD_API_TOKEN",
              help="Enables POST /api/articles for clients that send it (Authorization: Bearer TOKEN).")
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes for what it analyses (default: all cores).")
@click.pass_context
@_guard
def serve(ctx: click.Context, db: str | None, host: str | None, port: int | None, token: str | None,
          jobs: int | None) -> None:
    """Serve the web app and REST API over the store, and store what comes in meanwhile.

    The server owns the store: `lagebild analyze` and `lagebild watch` on the same --db hand their input
    to it, files dropped into <db>.spool/incoming/ are analysed, and pages keep answering while it writes."""
    from .web.server import serve as run_server

    run_server(_settings(ctx, db=db, host=host, port=port, api_token=token, jobs=jobs))


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--db", default="demo.duckdb", show_default=True, help="Store for the demo.")
@click.option("--serve/--no-serve", "do_serve", default=False, help="Serve the web app afterwards.")
@click.pass_context
@_guard
def demo(ctx: click.Context, paths: Sequence[str], db: str, do_serve: bool) -> None:
    """Analyse the bundled demo corpus (plus PATHS) and print a summary."""
    from .demo import run_demo

    settings = _settings(ctx, db=db)
    click.echo(run_demo(list(paths), settings=settings))
    if do_serve:
        from .web.server import serve as run_server

        run_server(settings)


def main(argv: Sequence[str] | None = None) -> None:
    cli.main(args=list(argv) if argv is not None else None, prog_name="lagebild")


if __name__ == "__main__":  # pragma: no cover
    main()
