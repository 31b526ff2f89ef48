"""`lagebild serve`: run the app with uvicorn on 127.0.0.1 by default."""

from __future__ import annotations

import sys

from ..config import Settings
from ..store import Store
from .app import create_app


def serve(settings: Settings) -> None:
    import uvicorn

    from ..queries.derived import warm

    store = Store(settings.db, read_only=not settings.api_token)
    warm(store)  # the derived tables the actor pages read, built before the first request
    app = create_app(settings, store)
    url = f"http://{settings.host}:{settings.port}/"
    print(f"lagebild serving {settings.db} at {url} (Ctrl-C stops)", file=sys.stderr, flush=True)
    try:
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning",
                    limit_concurrency=256, timeout_keep_alive=5)
    finally:
        store.close()
