"""A small exception family. Every message says what is wrong and how to fix it.

The library raises these; only the CLI turns them into a message and an exit status.
"""

from __future__ import annotations


class LagebildError(Exception):
    """Base class for errors lagebild raises on purpose."""


class InputError(LagebildError):
    """An input path or record cannot be read (see the message for what to do)."""


class PipelineError(LagebildError):
    """Stages are configured in an order that cannot work."""


class StoreError(LagebildError):
    """The DuckDB store cannot be opened or migrated."""


class ModelMissingError(LagebildError):
    """A trained model file is missing; the message names the make target that builds it."""
