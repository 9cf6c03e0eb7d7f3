"""Files made by slow steps (the round's PDF, share images), kept by content.

`cached(folder, key, make)` returns the file stored under the key or makes and stores it
(atomically, so parallel builds can share a folder). A key is a digest of everything
the file is made from, including the maker's version, so an unchanged input is never
made twice, not even by two processes at once: the second waits for the first's file
(a preview and a build may want the same PDF; jobs.py stages an edition once under the
same kind of lock).
A full build removes the files it did not use (`prune`).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def cached(folder: Path, key: str, suffix: str, make: Callable[[], bytes]) -> tuple[bytes, bool]:
    """The bytes stored as `folder/<key><suffix>`, or made now and stored. True if made."""
    path = folder / f"{key}{suffix}"
    if path.is_file():
        return path.read_bytes(), False
    folder.mkdir(parents=True, exist_ok=True)
    with one_maker(folder / f".{key}.lock"):
        if path.is_file():  # made by another process while this one waited
            return path.read_bytes(), False
        data = make()
        tmp = folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        tmp.replace(path)
    return data, True


@contextmanager
def one_maker(lock: Path) -> Iterator[None]:
    """Hold an advisory lock on `lock` (released by the OS if the process dies). The file
    is removed once the blob is stored: a process still waiting on it then finds the blob,
    and one arriving later does not need the lock."""
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
        lock.unlink(missing_ok=True)
    finally:
        os.close(fd)


def prune(folder: Path, suffix: str, used: Iterable[str]) -> None:
    keep = set(used)
    for entry in folder.glob(f"*{suffix}") if folder.is_dir() else []:
        if entry.name.removesuffix(suffix) not in keep:
            entry.unlink(missing_ok=True)
