"""Problems where comms staff see them: GitHub workflow annotations and a job summary.

Under GitHub Actions (`GITHUB_ACTIONS=true`), `check` and `build` print every input
problem a second time as a workflow command (`::error file=...,line=...,title=...::...`,
`::warning` for drift and sanitizer warnings), which GitHub shows on the changed line of
the pull request's "Files changed" view; and, where `GITHUB_STEP_SUMMARY` names a file,
they append a short Markdown summary to it. Elsewhere the terminal output is unchanged.

Pure functions from problems (and the environment, passed in) to text; the CLI does the
printing and the writing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problem
from generator.snapshot import Comparison


@dataclass(frozen=True)
class Actions:
    """What this run knows about GitHub Actions, read once from the environment."""

    workspace: Path | None = None  # the repository root on the runner
    summary: Path | None = None
    server: str = "https://github.com"
    repository: str | None = None
    sha: str | None = None
    preview_url: str | None = None  # set by the workflow when a preview is published
    fork: bool = False  # a pull request from a fork: no write token, no preview

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Actions | None:
        if env.get("GITHUB_ACTIONS") != "true":
            return None
        return cls(
            workspace=Path(env["GITHUB_WORKSPACE"]) if env.get("GITHUB_WORKSPACE") else None,
            summary=Path(env["GITHUB_STEP_SUMMARY"]) if env.get("GITHUB_STEP_SUMMARY") else None,
            server=env.get("GITHUB_SERVER_URL", "https://github.com"),
            repository=env.get("GITHUB_REPOSITORY"),
            sha=env.get("GITHUB_SHA"),
            preview_url=env.get("MTM_PREVIEW_URL") or None,
            fork=env.get("MTM_FORK") == "true",
        )


def repo_path(file: str, root: Path, workspace: Path | None) -> str:
    """A problem's file relative to the repository root (problems name it from --root)."""
    if workspace is None:
        return file
    try:
        prefix = root.resolve().relative_to(workspace.resolve())
    except ValueError:
        return file
    return (prefix / file).as_posix() if prefix.parts else file


def _data(text: str) -> str:
    # GitHub's escaping for a workflow command's message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    # ... and for its properties, where ':' and ',' separate things.
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem, level: str, root: Path, workspace: Path | None) -> str:
    """One `::error` / `::warning` workflow command for one problem."""
    props = [f"file={_prop(repo_path(problem.file, root, workspace))}"]
    if problem.line is not None:
        props.append(f"line={problem.line}")
    title = f"MTM check: {problem.field}" if problem.field else "MTM check"
    props.append(f"title={_prop(title)}")
    return f"::{level} {','.join(props)}::{_data(problem.message)}"


def annotations(errors: Iterable[Problem], warnings: Iterable[Problem], root: Path,
                workspace: Path | None) -> list[str]:
    return ([annotation(p, "error", root, workspace) for p in errors]
            + [annotation(p, "warning", root, workspace) for p in warnings])


def _link(actions: Actions, path: str, line: int | None) -> str:
    label = f"{path}:{line}" if line else path
    if not (actions.repository and actions.sha):
        return f"`{label}`"
    anchor = f"#L{line}" if line else ""
    return f"[`{label}`]({actions.server}/{actions.repository}/blob/{actions.sha}/{path}{anchor})"


def _cell(text: str) -> str:
    # Markdown table cells: a pipe or a line break would end the cell; HTML is shown as text.
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("|", "\\|").replace("\n", " "))


def summary(command: str, rounds: Iterable[str], errors: list[Problem], warnings: list[Problem],
            root: Path, actions: Actions, coverage: Mapping[str, str] | None = None,
            changes: Comparison | None = None) -> str:
    """The job summary: what was checked, the problems by file with links, the preview."""
    rounds = sorted(rounds)
    countries = sorted({r.split("/")[0] for r in rounds})
    head = "failed" if errors else "passed"
    out = [f"## MTM `{command}` {head}", ""]
    out.append(f"{len(rounds)} round(s) in {len(countries)} country(ies): "
               + (", ".join(f"`{r}`" for r in rounds) or "none") + ".")
    out.append("")
    for title, items in (("Problems", errors), ("Warnings", warnings)):
        if not items:
            continue
        out += [f"### {title} ({len(items)})", ""]
        by_file: dict[str, list[Problem]] = {}
        for p in items:
            by_file.setdefault(repo_path(p.file, root, actions.workspace), []).append(p)
        for path, problems in sorted(by_file.items()):
            out += [f"**{_cell(path)}**", "", "| where | field | what is wrong |", "|---|---|---|"]
            for p in sorted(problems, key=lambda p: (p.line or 0, p.field or "")):
                out.append(f"| {_link(actions, path, p.line)} | {_cell(p.field or '')} "
                           f"| {_cell(p.message)} |")
            out.append("")
    if not errors and not warnings:
        out += ["No problems found.", ""]
    if coverage:
        out += ["### Translations", "", "| round | coverage |", "|---|---|"]
        out += [f"| `{k}` | {_cell(v)} |" for k, v in sorted(coverage.items())]
        out.append("")
    if changes is not None:
        out += ["### Pages", ""]
        rows = ([f"- new round (not in the published-number snapshot yet): `{r}`"
                 for r in changes.new_rounds]
                + [f"- page added: `{p}`" for p in changes.added]
                + [f"- page removed: `{p}`" for p in changes.removed]
                + [f"- published numbers changed: `{p}`" for p in changes.changed])
        out += [*(rows or ["No published page or number changed."]), ""]
    if actions.fork:
        out += ["This pull request comes from a fork, so it gets no published preview (forks get "
                "no write token). Download the `site-preview` artifact from this run instead.", ""]
    elif actions.preview_url:
        out += [f"Preview: {actions.preview_url}", ""]
    return "\n".join(out) + "\n"
