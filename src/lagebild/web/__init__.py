"""REST API and web app over the store (FastAPI, server-rendered pages, no external assets)."""

from .app import create_app

__all__ = ["create_app"]
