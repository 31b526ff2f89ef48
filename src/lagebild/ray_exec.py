"""Run the per-article stages as Ray tasks (when one machine is not enough).

``settings.ray_address`` names a running cluster (``scripts/ray-cluster start`` starts a local
head node); without it a private local Ray instance is started for the run and shut down after.
Each Ray worker builds its pipeline once; batches keep input order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from .config import Settings
from .errors import LagebildError
from .model import Article


def _ray():
    try:
        import ray
    except ImportError as e:  # pragma: no cover - ray is in the lock file
        raise LagebildError("the ray executor needs Ray: run `make install` (it installs ray)") from e
    return ray


def process_with_ray(
    articles: Iterable[Article], settings: Settings, *, timings: Counter
) -> Iterator[Article]:
    ray = _ray()
    from .run import _batches, _worker_init, _worker_process

    started_here = False
    if not ray.is_initialized():
        if settings.ray_address:
            ray.init(address=settings.ray_address, log_to_driver=False)
        else:
            ray.init(
                num_cpus=settings.n_jobs, include_dashboard=False, log_to_driver=False,
                configure_logging=False,
            )
            started_here = True

    @ray.remote
    def work(batch: list[Article], s: Settings) -> tuple[list[Article], dict[str, float]]:
        from .run import _WORKER

        if "pipeline" not in _WORKER:
            _worker_init(s)
        return _worker_process(batch)

    try:
        pending = []
        window = max(2, settings.n_jobs * 2)
        for batch in _batches(articles, settings.batch_size):
            pending.append(work.remote(batch, settings))
            if len(pending) >= window:
                out, t = ray.get(pending.pop(0))
                timings.update(t)
                yield from out
        for ref in pending:
            out, t = ray.get(ref)
            timings.update(t)
            yield from out
    finally:
        if started_here:
            ray.shutdown()
