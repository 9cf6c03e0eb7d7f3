"""A pool of build processes, started while the data is still being checked.

MkDocs is not thread-safe and keeps process-wide state (its logger, the environment),
and vl-convert and Folium hold the GIL for most of their work, so parallel work needs
processes. They are spawned (as Material's projects plugin does): forking a process
that has already started vl-convert's JavaScript runtime is unsafe.

A spawned process spends about a second importing Altair, vl-convert, Folium and MkDocs.
With `--jobs N` that cost is paid while the parent validates the project (`WarmPool.start`
is called first); otherwise the build starts a pool only when it has enough work for one
(`worth_a_pool`: many figures to render, or more rounds than cores), so a small or cached
build is not slowed by starting processes.

Work runs in two stages so both cores stay busy even when one round has most figures:
1. every figure not yet in the content-addressed cache is rendered, one task per figure,
   costliest kinds first; the cache (build/cache/figures) is the hand-off, so
2. each edition's PDF is then made, one task per edition, and each edition is staged and
   built by MkDocs, one task per edition, with every figure read from the cache. The PDF
   tasks are queued first; an edition's build that reaches its PDF while the PDF task is
   still making it waits for that file (blobs.cached) instead of making it twice.
Each worker reads the validated project once, from a pickle in the work folder, instead
of receiving it with every task. The output is the same as a serial build's: every
figure and page is rendered from the same inputs, whichever process does it.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing.pool import Pool
from pathlib import Path
from typing import Any

Progress = Callable[[str], None]


# Starting the processes costs about 1.5 s of wall time (imports). Measured on 2 cores: a
# pool pays for itself from about this many figures to render, or more rounds than cores.
POOL_MIN_FIGURES = 16


def default_workers(round_count: int) -> int:
    return max(1, min(os.cpu_count() or 1, round_count * 8))


def worth_a_pool(rounds: int, to_render: int) -> bool:
    cores = os.cpu_count() or 1
    return cores > 1 and (rounds > cores or to_render >= POOL_MIN_FIGURES)


@dataclass
class WarmPool:
    """A spawn pool whose processes import the heavy libraries as they start."""

    pool: Pool | None
    size: int

    @classmethod
    def start(cls, workers: int) -> WarmPool:
        if workers <= 1:
            return cls(None, 1)
        ctx = multiprocessing.get_context("spawn")
        return cls(ctx.Pool(workers, initializer=_warm_up), workers)

    def restart(self, workers: int) -> None:
        """Start the processes now (the build decided it has enough work for them)."""
        started = WarmPool.start(workers)
        self.pool, self.size = started.pool, started.size

    def map(self, func: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterable[Any]:
        assert self.pool is not None
        return self.pool.imap_unordered(func, list(tasks))

    def close(self, *, failed: bool) -> None:
        if self.pool is None:
            return
        if failed:
            self.pool.terminate()  # Ctrl-C, or a round failed: stop the others now
        else:
            self.pool.close()
        self.pool.join()
        self.pool = None


def _warm_up() -> None:
    # The parent handles Ctrl-C (one line, clean up) and terminates the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import altair  # noqa: F401  (the kinds import it on first use: generator/lazy.py)

    import generator.site  # noqa: F401  (vl-convert, Folium, the renderers)
    from generator.engine import warm_up  # MkDocs and Material

    warm_up()


def write_job(job: Any, folder: Path) -> Path:
    """The job (project and options) as a file each worker reads once."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"job-{os.getpid()}.pickle"
    path.write_bytes(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
    return path


_JOBS: dict[str, Any] = {}  # per worker process: job file -> job, read once


def read_job(path: str) -> Any:
    job = _JOBS.get(path)
    if job is None:
        _JOBS.clear()
        job = _JOBS[path] = pickle.loads(Path(path).read_bytes())
    return job


@dataclass(frozen=True)
class Done:
    """What one task did: the round (or figure) key, its time and its cache use."""

    key: str
    seconds: float
    rendered: int
    reused: int
    used: frozenset[str]


@dataclass
class Stats:
    rendered: int = 0
    reused: int = 0
    used: set[str] = field(default_factory=set)

    def add(self, done: Done) -> None:
        self.rendered += done.rendered
        self.reused += done.reused
        self.used |= done.used


def timed(key: str, work: Callable[[], tuple[int, int, set[str]]]) -> Done:
    start = time.perf_counter()
    rendered, reused, used = work()
    return Done(key, time.perf_counter() - start, rendered, reused, frozenset(used))
