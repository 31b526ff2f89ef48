"""Actors: the knowledge base, gazetteer linking, coreference and the ``actors`` stage.

Public names (imported lazily so that ``lagebild.actors.ner`` stays importable on its own):
``load_kb``, ``KB``, ``Actor``, ``Role``, ``ActorStage``, ``resolve_mention``, ``actor_table``,
``load_transliterator``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "load_kb": "kb",
    "KB": "kb",
    "Actor": "kb",
    "Role": "kb",
    "ActorStage": "stage",
    "resolve_mention": "stage",
    "actor_table": "stage",
    "load_transliterator": "translit",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'lagebild.actors' has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)
