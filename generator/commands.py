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

from generator.errors import SANITIZER, BuildError, InputError, Problem, display_path

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


def report_to_actions(command: str, root: Path, rounds: list[str] | None,
                      errors: list[Problem], warnings: list[Problem],
                      changes=None) -> None:
    """Under GitHub Actions: annotations on the lines, and the job summary. Else nothing.

    `changes` is called only for the summary: comparing the built pages with the snapshot
    reads every page, which a build outside Actions has no use for."""
    from generator.annotate import Actions, annotations, summary
    from generator.project import round_dirs, select

    actions = Actions.from_env()
    if actions is None:
        return
    for line in annotations(errors, warnings, root, actions.workspace):
        print(line, flush=True)
    if actions.summary is not None:
        try:
            dirs = select(round_dirs(root / "data"), rounds, "data/countries")
        except InputError:
            dirs = []
        keys = [f"{d.parent.name}/{d.name}" for d in dirs]
        with actions.summary.open("a", encoding="utf-8") as f:
            f.write(summary(command, keys, errors, warnings, root, actions,
                            changes=changes() if changes else None))


def _warnings(project) -> list[Problem]:
    return [w for r in project.rounds for w in r.warnings]


@guarded()
def build(root: Path, url: str | None, out: Path | None, rounds: list[str] | None,
          map_tiles: bool = False, wait: float = 600.0, jobs: int | None = None) -> int:
    from generator.site import build as build_site

    try:
        project = build_site(root, site_url(url), out=out, only=rounds, map_tiles=map_tiles,
                             lock_wait=wait, jobs=jobs)
        print_warnings(project)
    except InputError as exc:
        _err(exc.render())
        _err("Nothing was written: the previous site/ is unchanged.")
        report_to_actions("build", root, rounds, exc.problems, [])
        return EXIT_INPUT
    except BuildError as exc:
        _err(f"Build failed: {exc}")
        _err("The previous site/ is unchanged.")
        return EXIT_BUILD
    report_to_actions("build", root, rounds, [], _warnings(project),
                      changes=lambda: _published_changes(root, out or root / "site", project))
    return 0


def _published_changes(root: Path, site_dir: Path, project):
    """Pages added, removed or with changed numbers, against the snapshot if there is one."""
    from generator import snapshot as snap

    file = root / SNAPSHOT
    if not file.is_file():
        return None
    keys = [r.key for r in project.rounds if r.meta.status == "published"]
    return snap.compare(snap.read(file), snap.site_numbers(site_dir, keys))


@guarded()
def check(root: Path, rounds: list[str] | None, strict: bool = False) -> int:
    """Validate without building. `strict` (CI) fails on sanitizer warnings too."""
    from generator.project import load_project

    try:
        project = load_project(root / "data", only=rounds)
    except InputError as exc:
        _err(exc.render())
        report_to_actions("check", root, rounds, exc.problems, [])
        return EXIT_INPUT
    from generator.coverage import catalog_problems, coverage, drift

    missing = catalog_problems(project.rounds)
    if missing:  # a page in that language would show English words: not publishable
        _err(InputError(missing).render())
        _err("An interface catalog lacks translations: run `make messages`, translate the "
             "new messages in generator/locales/<lang>.po (docs/translations.md).")
        report_to_actions("check", root, rounds, missing, [])
        return EXIT_INPUT
    warnings = _warnings(project) + [p for r in project.rounds for p in drift(r)]
    if strict:
        failing = [w for w in warnings if w.category in STRICT_KINDS]
        if failing:
            errors = [Problem(w.file, w.line, w.field, w.message) for w in failing]
            _err(InputError(errors).render())
            _err("check --strict: narrative HTML that the sanitizer removes is an error; "
                 "remove it from the file (see docs/security.md).")
            report_to_actions("check", root, rounds, errors,
                              [w for w in warnings if w not in failing])
            return EXIT_INPUT
    print_warnings(project)
    for rnd in project.rounds:
        figures = sum(len(s.figures) for s in rnd.sections)
        draft = " (draft)" if rnd.meta.status == "draft" else ""
        warned = f", {len(rnd.warnings)} warning(s)" if rnd.warnings else ""
        print(f"ok  {rnd.key}{draft}: {len(rnd.sections)} sections, {len(rnd.tables)} tables, "
              f"{figures} figures{warned}")
        for cov in coverage(rnd):
            print(cov.line())
    for problem in (p for r in project.rounds for p in drift(r)):
        print(f"warning: {problem}")
    report_to_actions("check", root, rounds, [], warnings)
    return 0


@guarded()
def messages(root: Path, langs: list[str] | None) -> int:
    """Extract the interface strings and merge them into the catalogs."""
    from generator.catalogs import update

    for lang, (total, todo) in update(langs).items():
        print(f"generator/locales/{lang}.po: {total} messages, {todo} to translate")
    return 0


@guarded()
def translations(root: Path, rounds: list[str] | None) -> int:
    """Write every round's translations/<lang>.yml with all its data texts: translated
    entries kept, new texts listed empty, texts the data no longer has dropped."""
    from generator.editions import data_texts
    from generator.project import load_project
    from generator.translations import FOLDER, template_yaml

    try:
        project = load_project(root / "data", only=rounds)
    except InputError as exc:
        _err(exc.render())
        return EXIT_INPUT
    for rnd in project.rounds:
        texts = data_texts(rnd)
        for lang in rnd.meta.languages[1:]:
            given = next((t.entries for t in rnd.data_texts if t.lang == lang), {})
            path = rnd.path / FOLDER / f"{lang}.yml"
            path.parent.mkdir(exist_ok=True)
            path.write_text(template_yaml(texts, given, lang), encoding="utf-8")
            done = sum(t in given for t in texts)
            print(f"{display_path(path, root)}: {done}/{len(texts)} translated")
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


@guarded()
def affected(root: Path, changed: list[str], fmt: str = "lines") -> int:
    """Print the countries to build for these changed paths (every country if all are)."""
    import json

    from generator.project import round_dirs
    from generator.scope import ALL, countries_affected

    everything = sorted({d.parent.name for d in round_dirs(root / "data")})
    scope = countries_affected([root / p for p in changed if p.strip()], root)
    chosen = everything if scope is ALL else sorted(scope & set(everything))
    print(json.dumps(chosen) if fmt == "json" else "\n".join(chosen))
    return 0


def preview(action: str, number: int | None, base_url: str | None, previews_dir: Path | None,
            site_dir: Path | None) -> int:
    """The workflow's preview steps, here so they are tested (see generator/previews.py)."""
    from generator import previews

    needed = {"url": ("number", "base_url"), "add": ("number", "previews", "site"),
              "remove": ("number", "previews"), "merge": ("previews", "site")}[action]
    given = {"number": number, "base_url": base_url, "previews": previews_dir, "site": site_dir}
    missing = [f"--{n.replace('_', '-')}" for n in needed if given[n] is None]
    if missing:
        _err(f"preview {action} needs {', '.join(missing)}")
        return EXIT_INPUT
    try:
        if action == "url":
            print(previews.url(base_url, number))
        elif action == "add":
            print(f"Added {previews.add(previews_dir, number, site_dir)}")
        elif action == "remove":
            print("Removed" if previews.remove(previews_dir, number) else "No preview",
                  previews.folder(number))
        else:
            merged = previews.merge_into(site_dir, previews_dir)
            print(f"Merged {len(merged)} preview(s): " + ", ".join(f"#{n}" for n in merged))
    except (ValueError, OSError) as exc:
        _err(f"preview {action}: {exc}")
        return EXIT_INPUT
    return 0


SNAPSHOT = Path("tests/snapshots/published-numbers.json")


@guarded()
def snapshot(root: Path, site_dir: Path | None, file: Path | None, update: bool) -> int:
    """Published numbers: compare the built site with the snapshot, or update it."""
    from generator import snapshot as snap
    from generator.project import load_project

    site_dir = site_dir or root / "site"
    file = file or root / SNAPSHOT
    try:
        project = load_project(root / "data")
    except InputError as exc:
        _err(exc.render())
        return EXIT_INPUT
    keys = [r.key for r in project.rounds if r.meta.status == "published"]
    missing = [k for k in keys if not (site_dir / k).is_dir()]
    if missing:
        _err(f"{site_dir} lacks {', '.join(missing)}: run `make site` first")
        return EXIT_INPUT
    now = snap.site_numbers(site_dir, keys)
    if update:
        snap.write(file, now)
        print(f"Snapshot written: {file} ({sum(len(p) for p in now.values())} pages)")
        return 0
    result = snap.compare(snap.read(file), now)
    for key in result.new_rounds:
        print(f"new round (not in the snapshot yet, not an error): {key}")
    for page in result.added:
        _err(f"page added: {page}")
    for page in result.removed:
        _err(f"page removed: {page}")
    for page, (before, after) in result.changed.items():
        gone = [n for n in before if n not in after]
        came = [n for n in after if n not in before]
        _err(f"numbers changed on {page}: {', '.join(gone) or '(order)'} -> "
             f"{', '.join(came) or '(order)'}")
    if not result.ok:
        _err("Published numbers changed. If that is intended, run `make snapshot` and "
             "commit tests/snapshots/published-numbers.json.")
        return EXIT_INPUT
    print(f"Published numbers unchanged on {sum(len(now[k]) for k in now)} pages"
          f" of {len(now) - len(result.new_rounds)} round(s).")
    return 0
