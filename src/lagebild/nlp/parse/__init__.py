"""German dependency parsing and morphology, trained here on UD German (docs/parser.md).

``Parse`` is the pipeline stage; :mod:`lagebild.nlp.syntax` has the accessors that read its result
(children, subject and objects of a verb, Konjunktiv, passive voice, paths between tokens).
"""

from __future__ import annotations

from .stage import Parse, default_model_path, load_parser

__all__ = ["Parse", "default_model_path", "load_parser"]
