"""Independent pieces of work spread over the machine's cores, results in input order.

`ordered_map(fn, items, jobs)` is `[fn(item) for item in items]`, computed by `jobs` forked
worker processes. The workers inherit `fn` and everything it refers to (loaded specs, the Jinja
environment, imported code generators) from the parent at fork time, so only the items and the
results cross process boundaries (pickled). The results come back in the order of `items`, so a
caller that assembles them in that order produces the same bytes as a serial run.

The run is serial (in this process) with `jobs=1`, for fewer than two items, and where the
platform cannot fork. The number of processes comes from `--jobs`, else `$MODELGEN_JOBS`, else
the cores this process may use (`jobs()`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar

T = TypeVar("T")
R = TypeVar("R")

JOBS_ENV: Final = "MODELGEN_JOBS"

_task: Callable[[Any], Any] | None = None
"""The function the forked workers run (set only while a pool is open)."""


class JobsError(ValueError):
    """A job count that is not a whole number of at least 1."""


def jobs(requested: int | None = None) -> int:
    """How many worker processes to use: `requested`, else `$MODELGEN_JOBS`, else the cores
    this process may run on."""
    if requested is None:
        raw = os.environ.get(JOBS_ENV, "").strip()
        if not raw:
            return _usable_cores()
        try:
            requested = int(raw)
        except ValueError:
            raise JobsError(
                f"{JOBS_ENV}={raw!r}: expected a whole number of processes (1 = serial)"
            ) from None
        source = JOBS_ENV
    else:
        source = "--jobs"
    if requested < 1:
        raise JobsError(f"{source}={requested}: expected at least 1 process (1 = serial)")
    return requested


def _usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(len(os.sched_getaffinity(0)), 1)
    return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def ordered_map(fn: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """`[fn(item) for item in items]`, over up to `jobs` forked processes. An exception in a
    worker is raised here (the first one in item order among the chunks that failed)."""
    workers = min(jobs, len(items))
    if workers <= 1 or not can_fork():
        return [fn(item) for item in items]
    global _task
    _task = fn
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            # small chunks balance uneven items; results keep the order of `items`
            chunk = max(1, len(items) // (workers * 8))
            return pool.map(_run_task, items, chunksize=chunk)
    finally:
        _task = None


def batches(items: Sequence[T], jobs: int, smallest: int = 4) -> list[list[T]]:
    """`items` cut into consecutive batches, for work with a fixed cost per batch (a formatter
    process, say) to run as `ordered_map(fn, batches(items, jobs), jobs)`. Serial: one batch.
    Otherwise each batch takes 1/(2 * jobs) of the items left (at least `smallest`): the first
    are long, the last short, so the workers finish close together. Joined in order, the
    batches are `items`."""
    if jobs <= 1 or not can_fork():
        return [list(items)] if items else []
    cut: list[list[T]] = []
    start = 0
    while start < len(items):
        size = max(smallest, (len(items) - start) // (2 * jobs))
        cut.append(list(items[start : start + size]))
        start += size
    return cut


def _run_task(item: Any) -> Any:
    if _task is None:  # only reachable if a pool outlived ordered_map
        raise RuntimeError("parallel worker started without a task")
    return _task(item)
