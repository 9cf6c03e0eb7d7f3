"""One build at a time per work folder: an advisory file lock, released by the OS on exit.

Two `make site` runs in one checkout would share `build/stage/` and `site.tmp/`; the
second one waits for the first (saying so), and stops with a clear message if the first
one does not finish in time. `fcntl.flock` is released when the holding process dies,
so a killed build never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import BuildError


class Busy(BuildError):
    """Another build holds the lock and did not finish in time."""


@contextmanager
def exclusive(path: Path, what: str, *, wait: float = 600.0,
              say: Callable[[str], None] = print) -> Iterator[None]:
    """Hold the lock file `path` for the block; wait up to `wait` seconds for it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(fd)
                if not told:
                    say(f"Another {what} is running in this checkout{holder}; waiting for it "
                        f"to finish (up to {wait:.0f} s) ...")
                    told = True
                if time.monotonic() >= deadline:
                    raise Busy(f"another {what} is still running in this checkout{holder} "
                               f"after {wait:.0f} s; stop it or wait, then try again") from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode().strip()
    except OSError:
        return ""
    return f" (process {pid})" if pid.isdigit() else ""
