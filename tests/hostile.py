"""Shared assertions of the hostile-input corpus: a rejected input changes nothing.

Every case mutates a staged copy of a fixture project, then runs the real CLI. A
rejected input must give a non-zero exit, a message naming the file, the line (or
row) and the field, no Python traceback, and leave `site/` and every hand-written
file byte-identical.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUND = "data/countries/kaz/2030-01-mini-round"


def run_cli(project: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(project), *args],
                          capture_output=True, text=True, cwd=ROOT, check=False, timeout=timeout)


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file of the project except the work folder `build/` (caches, logs)."""
    return {p.relative_to(project).as_posix(): p.read_bytes()
            for p in sorted(project.rglob("*"))
            if p.is_file() and p.relative_to(project).parts[0] != "build"}


def with_previous_site(project: Path) -> None:
    """A stand-in for the last good build, which a rejected build must keep."""
    site = project / "site"
    site.mkdir(exist_ok=True)
    (site / "index.html").write_text("<p>previous build</p>\n", encoding="utf-8")


def assert_clean_failure(proc: subprocess.CompletedProcess) -> str:
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "Traceback" not in out, out
    return out


def assert_rejected(project: Path, *, file: str, line: int | None, field: str | None,
                    message: str | None = None, commands: tuple[tuple[str, ...], ...] = (
                        ("check",), ("build",))) -> None:
    """`check` and `build` both reject the input the same way and change nothing.

    `file` is the path as shown (relative to the project), `line` the 1-based line or
    row (None: any line), `field` the bracketed field (None: no field required),
    `message` a regular expression the message must match.
    """
    with_previous_site(project)
    before = snapshot(project)
    for args in commands:
        proc = run_cli(project, *args)
        out = assert_clean_failure(proc)
        where = re.escape(file) + (f":{line}:" if line is not None else r"(:\d+)?:")
        assert re.search(where, out), f"{args}: no {where!r} in:\n{out}"
        if field is not None:
            assert f"[{field}]" in out, f"{args}: no [{field}] in:\n{out}"
        if message is not None:
            assert re.search(message, out), f"{args}: no {message!r} in:\n{out}"
        assert snapshot(project) == before, f"{args} changed the project's files"
