"""What each CLI command does. Errors become messages and exit codes here, nowhere else.

Input problems are messages (`file:line: [field] ...`); an interruption is one line; any
other exception is a bug in the generator: one line says so, and the traceback goes to
a log file under build/logs/ for the report.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from generator.errors import SANITIZER, BuildError, InputError, Problem

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
EXIT_INPUT = 1
EXIT_BUILD = 2
EXIT_BUG = 3
EXIT_INTERRUPTED = 130
# Warning kinds that `check --strict` (CI) treats as errors.
STRICT_KINDS = frozenset({SANITIZER})


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def site_url(given: str | None) -> str:
    return given or os.environ.get("MTM_SITE_URL") or DEFAULT_SITE_URL


def print_warnings(project) -> None:
    for rnd in project.rounds:
        for w in rnd.warnings:
            _err(f"warning: {w}")


def guarded(root_arg: int = 0) -> Callable[[Callable[..., int]], Callable[..., int]]:
    """Interruptions and bugs become one line and an exit code, never a traceback."""

    def wrap(command: Callable[..., int]) -> Callable[..., int]:
        @functools.wraps(command)
        def run(*args, **kwargs) -> int:
            root = Path(args[root_arg]) if len(args) > root_arg else Path.cwd()
            try:
                return command(*args, **kwargs)
            except KeyboardInterrupt:
                _err("Interrupted: nothing was published; the previous site/ is unchanged.")
                return EXIT_INTERRUPTED
            except Exception:  # a bug, not bad input: keep the details for the report
                log = root / "build" / "logs" / "last-error.log"
                try:
                    log.parent.mkdir(parents=True, exist_ok=True)
                    log.write_text(traceback.format_exc(), encoding="utf-8")
                    where = f"the details are in {log}"
                except OSError:
                    where = "the details could not be written to build/logs/"
                exc = sys.exc_info()[1]
                _err(f"Internal error ({type(exc).__name__}): this is a bug in the generator, "
                     f"not a problem in your files; {where}. The previous site/ is unchanged.")
                return EXIT_BUG
        return run

    return wrap


@guarded()
def build(root: Path, url: str | None, out: Path | None, rounds: list[str] | None,
          map_tiles: bool = False, wait: float = 600.0) -> int:
    from generator.site import build as build_site

    try:
        project = build_site(root, site_url(url), out=out, only=rounds, map_tiles=map_tiles,
                             lock_wait=wait)
        print_warnings(project)
    except InputError as exc:
        _err(exc.render())
        _err("Nothing was written: the previous site/ is unchanged.")
        return EXIT_INPUT
    except BuildError as exc:
        _err(f"Build failed: {exc}")
        _err("The previous site/ is unchanged.")
        return EXIT_BUILD
    return 0


@guarded()
def check(root: Path, rounds: list[str] | None, strict: bool = False) -> int:
    """Validate without building. `strict` (CI) fails on sanitizer warnings too."""
    from generator.model import load_project

    try:
        project = load_project(root / "data", only=rounds)
    except InputError as exc:
        _err(exc.render())
        return EXIT_INPUT
    if strict:
        failing = [w for r in project.rounds for w in r.warnings if w.category in STRICT_KINDS]
        if failing:
            _err(InputError([Problem(w.file, w.line, w.field, w.message) for w in failing])
                 .render())
            _err("check --strict: narrative HTML that the sanitizer removes is an error; "
                 "remove it from the file (see docs/security.md).")
            return EXIT_INPUT
    print_warnings(project)
    for rnd in project.rounds:
        figures = sum(len(s.figures) for s in rnd.sections)
        draft = " (draft)" if rnd.meta.status == "draft" else ""
        warned = f", {len(rnd.warnings)} warning(s)" if rnd.warnings else ""
        print(f"ok  {rnd.id}{draft}: {len(rnd.sections)} sections, {len(rnd.tables)} tables, "
              f"{figures} figures{warned}")
    return 0


@guarded()
def serve(root: Path, host: str, port: int) -> int:
    from generator.serve import serve as run_server

    return run_server(root, host, port)


@guarded()
def new_round(root: Path, new_id: str, source_id: str) -> int:
    from generator.scaffold import ScaffoldError
    from generator.scaffold import new_round as scaffold

    try:
        dest = scaffold(root, new_id, source_id)
    except ScaffoldError as exc:
        _err(str(exc))
        return EXIT_INPUT
    print(f"Created {dest.relative_to(root)} (status: draft) from {source_id}.")
    print("Next: fill in round.yml and tables/*.csv, edit narrative/*.md, run `make check`.")
    return 0
