"""Under GitHub Actions, problems become annotations on their lines and a job summary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from generator.annotate import Actions, annotation, repo_path, summary
from generator.errors import Problem
from tests.hostile import ROOT, ROUND

P = Problem("data/countries/kaz/r/tables/t.csv", 3, "count", "has 'x, y': 50% off\nnext")


def test_annotation_is_a_workflow_command_with_escaped_parts(tmp_path: Path):
    line = annotation(P, "error", tmp_path, tmp_path)
    assert line == ("::error file=data/countries/kaz/r/tables/t.csv,line=3,"
                    "title=MTM check%3A count::has 'x, y': 50%25 off%0Anext")
    warning = annotation(Problem("a.md", None, None, "drift"), "warning", tmp_path, None)
    assert warning == "::warning file=a.md,title=MTM check::drift"


def test_paths_are_relative_to_the_repository_root(tmp_path: Path):
    project = tmp_path / "sub" / "project"
    assert repo_path("data/x.yml", project, tmp_path) == "sub/project/data/x.yml"
    assert repo_path("data/x.yml", tmp_path, tmp_path) == "data/x.yml"
    assert repo_path("data/x.yml", Path("/elsewhere"), tmp_path) == "data/x.yml"


def test_actions_are_read_only_under_github_actions(tmp_path: Path):
    assert Actions.from_env({}) is None
    assert Actions.from_env({"GITHUB_ACTIONS": "false"}) is None
    a = Actions.from_env({"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(tmp_path),
                          "GITHUB_REPOSITORY": "iom/mtm", "GITHUB_SHA": "abc",
                          "MTM_FORK": "true"})
    assert a is not None and a.workspace == tmp_path and a.fork and a.summary is None


def test_summary_lists_rounds_and_problems_by_file_with_line_links(tmp_path: Path):
    actions = Actions(workspace=tmp_path, repository="iom/mtm", sha="abc123")
    text = summary("check", ["kgz/2030-03-b", "kaz/2030-01-a"], [P],
                   [Problem("data/countries/kaz/r/narrative/o.md", 7, "html", "removed <script>")],
                   tmp_path, actions)
    assert text.startswith("## MTM `check` failed\n")
    assert "2 round(s) in 2 country(ies): `kaz/2030-01-a`, `kgz/2030-03-b`." in text
    assert ("[`data/countries/kaz/r/tables/t.csv:3`](https://github.com/iom/mtm/blob/abc123/"
            "data/countries/kaz/r/tables/t.csv#L3)") in text
    assert "### Problems (1)" in text and "### Warnings (1)" in text
    assert "removed &lt;script&gt;" in text  # shown as text, not as HTML
    fork = summary("check", [], [], [], tmp_path, Actions(fork=True))
    assert "No problems found." in fork and "from a fork" in fork and "site-preview" in fork
    assert "Preview: https://x/pr-preview/pr-4/" in summary(
        "build", [], [], [], tmp_path, Actions(preview_url="https://x/pr-preview/pr-4/"))


def _check(project: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "check"],
                          capture_output=True, text=True, cwd=ROOT, check=False,
                          env={**os.environ, **env})


def test_a_broken_round_under_actions_gives_exact_annotations_and_a_summary(mini: Path):
    csv = mini / ROUND / "tables/return_countries.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("720", "7 20"), encoding="utf-8")
    plain = _check(mini, {"GITHUB_ACTIONS": ""})
    assert plain.returncode == 1 and "::error" not in plain.stdout + plain.stderr

    summary_file = mini / "summary.md"
    workspace = mini.parent
    proc = _check(mini, {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(workspace),
                         "GITHUB_STEP_SUMMARY": str(summary_file),
                         "GITHUB_REPOSITORY": "iom/mtm", "GITHUB_SHA": "f00"})
    assert proc.returncode == 1
    row = csv.read_text(encoding="utf-8").splitlines().index(
        next(x for x in csv.read_text(encoding="utf-8").splitlines() if "7 20" in x)) + 1
    errors = [x for x in proc.stdout.splitlines() if x.startswith("::error ")]
    assert errors and errors[0].startswith(
        f"::error file={mini.name}/{ROUND}/tables/return_countries.csv,line={row},"
        "title=MTM check%3A count::")
    text = summary_file.read_text(encoding="utf-8")
    assert "## MTM `check` failed" in text and "return_countries.csv" in text
    assert f"blob/f00/{mini.name}/{ROUND}/tables/return_countries.csv#L{row}" in text
    # The terminal output is the same as without Actions, plus the annotations.
    assert proc.stderr == plain.stderr


def test_summary_lists_changed_pages_from_the_snapshot(tmp_path: Path):
    from generator.snapshot import Comparison

    changes = Comparison(new_rounds=["kgz/2030-03-b"], added=["kaz/a/new/"],
                         changed={"kaz/a/": (["1"], ["2"])})
    text = summary("build", ["kaz/a"], [], [], tmp_path, Actions(), changes=changes)
    assert "- new round (not in the published-number snapshot yet): `kgz/2030-03-b`" in text
    assert "- page added: `kaz/a/new/`" in text
    assert "- published numbers changed: `kaz/a/`" in text
    assert "No published page or number changed." in summary(
        "build", [], [], [], tmp_path, Actions(), changes=Comparison())
