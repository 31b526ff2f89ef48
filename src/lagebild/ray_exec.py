"""The Ray executor: the per-article stages as Ray tasks (when one machine is not enough).

``settings.ray_address`` names a running cluster (``scripts/ray-cluster start`` starts a local head
node; other machines join it); without it a private local Ray instance with ``jobs`` CPUs is started
for the run and shut down after. Each Ray worker process builds its pipeline once; batches come back in
input order, at most ``window`` in flight, exactly as with the local executors — the chunking, the
cross-article step and the store writer do not know which executor ran.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .config import Settings
from .errors import LagebildError
from .executor import BatchResult, Executor, bounded, worker_process, worker_ready
from .model import Article


def _ray() -> Any:
    try:
        import ray
    except ImportError as e:  # pragma: no cover - ray is in the lock file
        raise LagebildError("the ray executor needs Ray: run `make install` (it installs ray)") from e
    return ray


def _work(batch: list[Article], settings: Settings) -> BatchResult:
    worker_ready(settings)
    return worker_process(batch)


class RayExecutor(Executor):
    """Batches as Ray tasks; see the module docstring."""

    def __init__(self, settings: Settings) -> None:
        ray = self._ray = _ray()
        self.settings = settings
        self._started_here = False
        if not ray.is_initialized():
            if settings.ray_address:
                ray.init(address=settings.ray_address, log_to_driver=False)
            else:
                ray.init(num_cpus=settings.n_jobs, include_dashboard=False, log_to_driver=False,
                         configure_logging=False)
                self._started_here = True
        cpus = int(ray.cluster_resources().get("CPU", settings.n_jobs))
        self.window = 2 * max(cpus, 1) + 1
        self._task = ray.remote(_work)
        self._settings_ref = ray.put(settings)

    def map(self, batches: Iterable[list[Article]]) -> Iterator[BatchResult]:
        ray = self._ray
        return bounded(lambda b: self._task.remote(b, self._settings_ref), ray.get, batches, self.window)

    def close(self) -> None:
        if self._started_here:
            self._ray.shutdown()
            self._started_here = False
