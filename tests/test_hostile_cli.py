"""Hostile narrative HTML, colliding and interrupted builds, and bugs: the CLI stays calm.

Part of the hostile-input corpus (tests/test_hostile_input.py has the data files). Each
case runs the real CLI on a staged copy of tests/fixtures/mini.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from tests.conftest import warm
from tests.hostile import (
    ROOT,
    ROUND,
    assert_clean_failure,
    assert_rejected,
    run_cli,
    snapshot,
    with_previous_site,
)

NARRATIVE = f"{ROUND}/narrative/returns.md"
RETURNS_PAGE = f"site/{ROUND.removeprefix('data/').removeprefix('countries/')}/returns/index.html"

# (case id, what is appended to a narrative, what the removal report must name)
NARRATIVE_HTML = [
    ("script", "<script>window.__xss = 1</script>", r"<script> element"),
    ("img-onerror", '<img alt="x" onerror="window.__xss = 1">', r"'onerror' on <img>"),
    ("iframe-javascript", '<iframe src="javascript:alert(1)"></iframe>', r"<iframe> element"),
    ("markdown-javascript-link", "[click](javascript:alert(1))", r"href='javascript:alert\(1\)'"),
    ("data-url-link", '<a href="data:text/html,<script>alert(1)</script>">x</a>', r"href='data:"),
    ("svg-onload", '<svg onload="alert(1)"><circle r="4"/></svg>', r"<svg> element"),
    ("object", '<object data="x.swf"></object>', r"<object> element"),
    ("attr-list-handler", "## Heading {: onclick=\"alert(1)\" }", r"'onclick' on <h2>"),
    ("remote-image", "![tracker](https://tracker.example/p.gif)", r"images only from this site"),
    ("style-tag", "<style>body { display: none }</style>", r"<style> element"),
]


def _append(project, text: str) -> int:
    """Append a paragraph to the narrative; return the line it starts on."""
    path = project / NARRATIVE
    before = path.read_text(encoding="utf-8")
    path.write_text(before + "\n" + text + "\n", encoding="utf-8")
    return before.count("\n") + 2


@pytest.mark.parametrize(("case", "payload", "reported"), NARRATIVE_HTML,
                         ids=[c for c, _, _ in NARRATIVE_HTML])
def test_narrative_html_outside_the_allow_list_fails_strict_check(mini, case, payload, reported):
    line = _append(mini, payload)
    assert_rejected(mini, file=NARRATIVE, line=line, field="html",
                    message="removed from the published page: .*" + reported,
                    commands=(("check", "--strict"),))


def test_plain_check_warns_and_build_publishes_only_the_sanitized_text(mini, mini_cache):
    warm(mini, mini_cache)  # a checkout that built before: only the change is made
    for _case, payload, _ in NARRATIVE_HTML:
        _append(mini, payload)
    _append(mini, "## A heading <em>kept</em> as text\n\nText with `code`, **bold** and "
                  "[a link](https://example.org/).")
    check = run_cli(mini, "check")
    assert check.returncode == 0, check.stderr
    assert check.stderr.count("removed from the published page") == len(NARRATIVE_HTML)
    proc = run_cli(mini, "build")
    assert proc.returncode == 0, proc.stderr
    page = (mini / RETURNS_PAGE).read_text(encoding="utf-8")
    for needle in ("__xss", "javascript:", "onerror", "onclick", "<iframe src=\"java",
                   "tracker.example", "display: none", "x.swf"):
        assert needle not in page, needle
    assert '<h2 id="a-heading-kept-as-text">A heading kept as text' in page  # still in the TOC
    assert '<a href="#a-heading-kept-as-text"' in page
    assert "<strong>bold</strong>" in page and '<a href="https://example.org/"' in page


def test_typed_figure_marker_places_nothing(mini, mini_cache):
    warm(mini, mini_cache)  # a checkout that built before: only the change is made
    _append(mini, "MTM-FIGURE-PLACEHOLDER:return-countries")
    proc = run_cli(mini, "build")
    assert proc.returncode == 0, proc.stderr
    page = (mini / RETURNS_PAGE).read_text(encoding="utf-8")
    assert page.count('id="fig-return-countries"') == 1


def _built_files(project) -> set[str]:
    site = project / "site"
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def _popen(project, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "--root", str(project), *args],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})


def test_two_builds_at_once_do_not_collide(mini):
    first, second = _popen(mini, "build"), _popen(mini, "build")
    outs = [p.communicate(timeout=300) for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outs
    assert sum("waiting for it to finish" in out for out, _ in outs) == 1, outs
    assert not any("Traceback" in o + e for o, e in outs)
    complete = _built_files(mini)
    proc = run_cli(mini, "build")
    assert proc.returncode == 0
    assert _built_files(mini) == complete  # not a half of two interleaved builds
    assert not (mini / "site.tmp").exists() and not (mini / "site.old").exists()


def test_a_build_that_cannot_get_the_lock_stops_with_a_message(mini):
    from generator.lock import exclusive

    with_previous_site(mini)
    before = snapshot(mini)
    with exclusive(mini / "build/build.lock", "build", say=lambda _m: None):
        proc = run_cli(mini, "build", "--wait", "0.5")
    out = assert_clean_failure(proc)
    assert f"(process {os.getpid()})" in out and "still running" in out
    assert snapshot(mini) == before


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_build_says_one_line_and_keeps_the_site(mini, sig):
    with_previous_site(mini)
    before = snapshot(mini)
    proc = _popen(mini, "build")
    for line in proc.stdout:  # interrupt while charts, maps and pages are being rendered
        if "rendering" in line:
            break
    else:
        proc.wait(timeout=120)
        pytest.fail("the build printed no 'rendering' progress line to interrupt it at")
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, out + err
    assert "Traceback" not in out + err
    assert err.strip().splitlines() == [
        "Interrupted: nothing was published; the previous site/ is unchanged."]
    assert snapshot(mini) == before
    assert not (mini / "site.tmp").exists() and not (mini / "site.old").exists()


def test_an_internal_error_is_one_line_and_a_log(mini):
    (mini / "blocker").write_text("a file where the output folder's parent should be\n")
    proc = run_cli(mini, "build", "--out", str(mini / "blocker" / "site"))
    out = assert_clean_failure(proc)
    assert proc.returncode == 3
    lines = [x for x in proc.stderr.splitlines() if x.strip()]
    assert lines[-1].startswith("Internal error (") and "bug in the generator" in lines[-1]
    log = mini / "build/logs/last-error.log"
    assert "Traceback" in log.read_text(encoding="utf-8") and str(log) in out


def test_a_second_preview_in_one_checkout_is_refused(mini):
    from generator.lock import exclusive

    with exclusive(mini / "build/preview/serve.lock", "`make serve`", say=lambda _m: None):
        proc = run_cli(mini, "serve", "--port", "9")
    out = assert_clean_failure(proc)
    assert "Cannot start the preview" in out and "make serve" in out


# Shapes of Markdown that take Python-Markdown minutes (quadratic time) are refused.
MARKDOWN_BOMBS = [
    ("open-brackets", "[" * 5000, r"'\[' open at once"),
    ("link-starts", "![x](" * 3000, r"links in one paragraph"),
    ("nested-quotes", "> " * 5000 + "deep", r"quotes nested 5000 deep"),
]


@pytest.mark.parametrize(("case", "payload", "reported"), MARKDOWN_BOMBS,
                         ids=[c for c, _, _ in MARKDOWN_BOMBS])
def test_markdown_that_would_take_minutes_is_refused(mini, case, payload, reported):
    line = _append(mini, payload)
    assert_rejected(mini, file=NARRATIVE, line=line, field="markdown", message=reported)
