"""lagebild: turn German news coverage into a situation picture.

Notebook use::

    import lagebild
    articles = lagebild.analyze(["../shared/seeds"], store=False)
    with lagebild.open_store("lagebild.duckdb") as st:
        quotes = st.table("quotes")  # a pandas DataFrame
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .model import Article
    from .store import Store


def analyze(paths: Any, *, db: str | None = None, store: bool = False, jobs: int = 1, **options: Any) -> list[Article]:
    """Analyse files, folders, globs (or a list of them) and return the articles with annotations.

    ``store=True`` also writes them to the DuckDB file ``db`` (default ``lagebild.duckdb``).
    """
    from .config import load_settings
    from .run import analyze as _analyze

    if isinstance(paths, str):
        paths = [paths]
    settings = load_settings(db=db, jobs=jobs, **options)
    return _analyze([str(p) for p in paths], settings=settings, store=store).articles


def open_store(path: str = "lagebild.duckdb", *, read_only: bool = False) -> Store:
    """Open the DuckDB store; ``store.table(name)`` returns a table as a pandas DataFrame."""
    from .store import Store

    return Store(path, read_only=read_only)
