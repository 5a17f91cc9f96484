"""Work split across the machine's cores by forking: workers see the parent's memory
as it was at the fork (the loaded site, the parser, the Jinja environment), so
nothing large is pickled on the way in; only results come back.

The parent's objects are frozen (``gc.freeze``) for the life of the pool: a collection
in a worker then never walks (and so never writes to) the inherited heap, whose pages
stay shared with the parent instead of being copied into every worker.

Small jobs (fewer than ``min_items``), one-core machines, platforms without
``fork`` and processes that run other threads (the live preview's server: forking
a threaded process is unsafe) do the same work in this process. Results come
back in order, so the output does not depend on how the work was split.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Generator
from typing import Any, TypeVar

T = TypeVar("T")
P = TypeVar("P")

#: below this many items a job stays in this process
MIN_PARALLEL = 150
_JOB: tuple[Callable[..., Any], Any] | None = None


def worker_count() -> int:
    env = os.environ.get("SITE_BUILDER_JOBS")
    if env and env.isdigit():
        return max(1, int(env))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _run(bounds: tuple[int, int]) -> Any:
    assert _JOB is not None
    fn, payload = _JOB
    return fn(payload, bounds[0], bounds[1])


def map_ranges(
    fn: Callable[[P, int, int], T], payload: P, n: int, *, min_items: int | None = None, chunk: int = 0
) -> Generator[T, None, None]:
    """``fn(payload, start, end)`` over ``range(n)`` in chunks, in order, on all cores."""
    global _JOB
    workers = worker_count()
    min_items = MIN_PARALLEL if min_items is None else min_items
    if n == 0:
        return
    if n < min_items or workers < 2 or not can_fork():
        yield fn(payload, 0, n)
        return
    chunk = chunk or max(16, min(250, n // (workers * 8) + 1))
    ranges = [(start, min(start + chunk, n)) for start in range(0, n, chunk)]
    _JOB = (fn, payload)
    frozen = gc.get_freeze_count() == 0  # (a process that froze its own objects keeps them so)
    if frozen:
        gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(_run, ranges)
    finally:
        _JOB = None
        if frozen:
            gc.unfreeze()
