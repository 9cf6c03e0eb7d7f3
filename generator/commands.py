"""What each CLI command does. Errors become messages and exit codes here, nowhere else."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from generator.errors import BuildError, InputError

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
EXIT_INPUT = 1
EXIT_BUILD = 2


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def site_url(given: str | None) -> str:
    return given or os.environ.get("MTM_SITE_URL") or DEFAULT_SITE_URL


def print_warnings(project) -> None:
    for rnd in project.rounds:
        for w in rnd.warnings:
            _err(f"warning: {w}")


def build(root: Path, url: str | None, out: Path | None, rounds: list[str] | None,
          map_tiles: bool = False) -> int:
    from generator.site import build as build_site

    try:
        project = build_site(root, site_url(url), out=out, only=rounds, map_tiles=map_tiles)
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


def check(root: Path, rounds: list[str] | None) -> int:
    from generator.model import load_project

    try:
        project = load_project(root / "data", only=rounds)
    except InputError as exc:
        _err(exc.render())
        return EXIT_INPUT
    print_warnings(project)
    for rnd in project.rounds:
        figures = sum(len(s.figures) for s in rnd.sections)
        draft = " (draft)" if rnd.meta.status == "draft" else ""
        warned = f", {len(rnd.warnings)} warning(s)" if rnd.warnings else ""
        print(f"ok  {rnd.id}{draft}: {len(rnd.sections)} sections, {len(rnd.tables)} tables, "
              f"{figures} figures{warned}")
    return 0


def serve(root: Path, host: str, port: int) -> int:
    from generator.serve import serve as run_server

    return run_server(root, host, port)


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
