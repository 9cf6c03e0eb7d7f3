"""Files made by slow steps are made once per content (generator/blobs.py), even when two
processes ask for the same one at once: site.py makes an edition's PDF in one process
while the edition's build, in another, may reach the same PDF."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from generator import blobs


def _make_slowly(folder: str, log: str, started: multiprocessing.synchronize.Event) -> bytes:
    def make() -> bytes:
        started.set()
        with open(log, "a", encoding="utf-8") as f:
            f.write("made\n")
        import time

        time.sleep(1.0)  # long enough for the other process to ask meanwhile
        return b"the blob"

    data, _made = blobs.cached(Path(folder), "k" * 64, ".pdf", make)
    return data


def _worker(folder: str, log: str, started, out: str) -> None:
    Path(out).write_bytes(_make_slowly(folder, log, started))


def test_two_processes_asking_at_once_make_the_blob_once(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    started = ctx.Event()
    folder, log = tmp_path / "cache", tmp_path / "log.txt"
    first = ctx.Process(target=_worker, args=(str(folder), str(log), started,
                                              str(tmp_path / "a")))
    first.start()
    assert started.wait(30), "the first process did not start making the blob"
    second = ctx.Process(target=_worker, args=(str(folder), str(log), started,
                                               str(tmp_path / "b")))
    second.start()
    for p in (first, second):
        p.join(60)
        assert p.exitcode == 0
    assert log.read_text(encoding="utf-8") == "made\n"  # made by the first only
    assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes() == b"the blob"
    assert [p.name for p in folder.iterdir()] == ["k" * 64 + ".pdf"]  # no lock, no temp file


def test_a_stored_blob_is_read_not_made(tmp_path: Path) -> None:
    blobs.cached(tmp_path, "a" * 64, ".png", lambda: b"first")
    data, made = blobs.cached(tmp_path, "a" * 64, ".png", lambda: b"second")
    assert (data, made) == (b"first", False)
