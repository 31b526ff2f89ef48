"""`lagebild serve`: run the app with uvicorn on 127.0.0.1 by default."""

from __future__ import annotations

import sys

from ..config import Settings
from ..store import Store
from .app import create_app


def serve(settings: Settings) -> None:
    """Serve the app; this process owns the store and runs every write to it (lagebild.service)."""
    import uvicorn

    from ..queries.derived import warm
    from ..service import IngestService

    store = Store(settings.db, memory_limit=settings.db_memory_limit or None)
    warm(store)  # the derived tables the actor pages read, built before the first request
    url = f"http://{settings.host}:{settings.port}/"
    ingest = IngestService(settings, store, url=url).start()
    app = create_app(settings, store)
    app.state.ingest = ingest
    print(f"lagebild serving {settings.db} at {url} (Ctrl-C stops); `lagebild analyze/watch --db {settings.db}` "
          f"and files dropped into {ingest.spool.incoming} are stored by this server", file=sys.stderr, flush=True)
    try:
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning",
                    limit_concurrency=256, timeout_keep_alive=5)
    finally:
        ingest.stop()
        store.close()
