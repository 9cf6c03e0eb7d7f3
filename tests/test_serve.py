"""`make serve`: the preview rebuilds what changed and the open page reloads itself.

The end-to-end tests run the real preview (HTTP server, watchdog observer, in-process
MkDocs) against a copy of the project's inputs, edit files there, and watch the served
pages change. They run on a copy of the mini fixture (tests/fixtures/mini: one country,
two rounds). Latencies are printed, not asserted beyond a generous timeout.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml

from generator import site, staging
from generator.config import round_config
from generator.preview import Preview
from generator.preview_server import STATUS_PATH
from generator.preview_stage import LIVERELOAD, base_extra_javascript
from generator.scope import ALL, rounds_to_rebuild
from tests.conftest import COUNTRY, NEWER, OLDER, ROOT, reuse_vega_cache, stage_project

NEW = f"{COUNTRY}/{NEWER}"  # round keys, as the preview's status and log name them
OLD = f"{COUNTRY}/{OLDER}"
TIMEOUT = 20.0  # seconds; a rebuild takes about one on a laptop
T = TypeVar("T")


# --- rounds_to_rebuild: which rounds a change affects (pure) ---------------------------------


def test_a_change_in_a_round_folder_rebuilds_that_round_only(tmp_path: Path) -> None:
    r = tmp_path / "data" / "countries"
    assert rounds_to_rebuild([r / NEW / "narrative" / "returns.md"], tmp_path) == {NEW}
    assert rounds_to_rebuild([r / NEW / "tables" / "coverage.csv", r / OLD / "round.yml",
                              r / NEW / "tables.yml"], tmp_path) == {NEW, OLD}
    assert rounds_to_rebuild([str(r / OLD / "tables.yml")], tmp_path) == {OLD}  # str paths too
    # Round ids are unique within a country only: the key tells two countries' rounds apart.
    assert rounds_to_rebuild([r / "kgz" / NEWER / "round.yml"], tmp_path) == {f"kgz/{NEWER}"}


@pytest.mark.parametrize("changed", [
    "mkdocs.yml",
    "docs/assets/stylesheets/mtm.css",
    "docs/assets/javascripts/livereload.js",
    "overrides/main.html",
    "data/geo/kaz_adm1.geojson",
    "data/geo/kaz_adm1.yml",
    "data/countries/kaz/2031-01-new-round",  # a round folder added, removed or renamed
    "data/countries/kgz",  # a country added or removed
    "data/countries",
])
def test_shared_inputs_and_round_folders_rebuild_every_round(tmp_path: Path, changed: str) -> None:
    assert rounds_to_rebuild([tmp_path / changed], tmp_path) is ALL
    mixed = [tmp_path / "data" / "countries" / NEW / "round.yml", tmp_path / changed]
    assert rounds_to_rebuild(mixed, tmp_path) is ALL


@pytest.mark.parametrize("changed", [
    f"site/{NEW}/index.html",  # outputs
    f"build/preview/stage/{NEW}/mkdocs.yml",
    ".git/index",
    "README.md",
    f"data/countries/{NEW}/narrative/.returns.md.swp",  # editors' temp files
    f"data/countries/{NEW}/narrative/returns.md~",
    f"data/countries/{NEW}/narrative/4913",
    f"data/countries/{COUNTRY}/.hidden-draft/round.yml",  # load_project skips hidden folders
    "data/countries/.hidden/2030-01-x/round.yml",
    "docs/.DS_Store",
])
def test_outputs_and_temporary_files_rebuild_nothing(tmp_path: Path, changed: str) -> None:
    assert rounds_to_rebuild([tmp_path / changed], tmp_path) == set()
    assert rounds_to_rebuild([tmp_path.parent / "elsewhere.md"], tmp_path) == set()


def test_a_translated_narrative_edit_builds_its_edition_first(tmp_path: Path) -> None:
    """The edition whose text changed is swapped in (and its open page reloads) first."""
    root = stage_project("editions", tmp_path / "project")
    reuse_vega_cache(tmp_path / "work")
    said: list[str] = []
    live = Preview(root, "127.0.0.1", 0, work=tmp_path / "work",
                   cache_dir=tmp_path / "work" / "cache", log=said.append)
    edited = root / "data/countries" / COUNTRY / NEWER / "narrative/returns.ru.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nОдна строка.\n",
                      encoding="utf-8")
    assert live.rebuild([edited]) == [NEW]
    swapped = [line.split(":")[0].strip() for line in said if "swapped in after" in line]
    assert swapped == [f"{COUNTRY}/ru/{NEWER}", NEW, f"{COUNTRY}/kk/{NEWER}"], said


def test_make_site_never_loads_the_live_reload_script(mini_project, tmp_path: Path) -> None:
    """Only the preview adds livereload.js: neither the shared config nor make site's
    per-round config lists it."""
    shared = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert LIVERELOAD not in json.dumps(shared)
    assert len(mini_project.rounds) == 2
    for rnd in mini_project.rounds:
        paths = staging.Paths(ROOT)
        config = round_config(rnd, mini_project.country_of(rnd), paths.mkdocs_yml,
                              paths.overrides, tmp_path, "http://x/")
        assert config["extra"]["mtm"]["round_id"] == rnd.id
        assert "livereload" not in json.dumps(config)


# --- the running preview ---------------------------------------------------------------------


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as res:
        return res.read().decode("utf-8")


def wait_for(what: str, check: Callable[[], T], timeout: float = TIMEOUT) -> T:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


def report(capsys: pytest.CaptureFixture[str], line: str) -> None:
    with capsys.disabled():
        print(f"\n  [preview] {line}", flush=True)


class Running:
    """A started Preview over a copy of the project, and what it logged."""

    def __init__(self, root: Path, cache: Path) -> None:
        self.root = root
        self.lines: list[str] = []
        self.preview = Preview(root, "127.0.0.1", 0, cache_dir=cache, log=self.lines.append)

    @property
    def url(self) -> str:
        return self.preview.url

    def status(self) -> dict[str, Any]:
        return json.loads(fetch(self.url + STATUS_PATH.lstrip("/")))

    def page(self, path: str) -> str:
        return fetch(self.url + path)

    def narrative(self, name: str = "returns.md") -> Path:
        return self.root / "data" / "countries" / NEW / "narrative" / name

    def append(self, path: Path, text: str) -> None:
        # Write then rename, as many editors do: the watcher must see the new content.
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(path.read_text(encoding="utf-8") + f"\n\n{text}\n", encoding="utf-8")
        tmp.replace(path)

    def wait_for_build_after(self, before: dict[str, Any]) -> dict[str, Any]:
        """The round is swapped in first, then the build number the pages poll changes."""
        return wait_for("a new build number",
                        lambda: (s := self.status())["version"] > before["version"] and s)

    def log_since(self, mark: int) -> str:
        return "\n".join(self.lines[mark:])


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("preview")
    root = stage_project("mini", base / "project")
    reuse_vega_cache(base)  # the Vega bundle takes seconds to make
    run = Running(root, base / "cache")
    run.preview.start()
    yield run
    port = run.preview.port
    run.preview.stop()
    alive = [t.name for t in threading.enumerate() if t.name.startswith("preview-")]
    assert alive == [], f"preview threads still running: {alive}"
    with socket.socket() as s, pytest.raises(OSError):
        s.connect(("127.0.0.1", port))


def test_every_round_is_served_with_the_live_reload_script(running: Running) -> None:
    status = running.status()
    assert status["version"] >= 1 and status["error"] is None
    assert set(status["rounds"]) == {NEW, OLD}
    html = running.page(f"{NEW}/returns/")
    assert LIVERELOAD in html
    # The shared scripts are still there: INHERIT replaces lists, the preview repeats them.
    shared = base_extra_javascript(running.root / "mkdocs.yml")
    assert shared and all(f'src="../{js}"' in html for js in shared)
    assert f'href="{running.url}{NEW}/returns/"' in html  # site_url is the served address
    assert json.loads(running.page(f"{COUNTRY}/versions.json"))[0]["version"] == NEWER
    assert f'url={NEWER}/"' in running.page(f"{COUNTRY}/index.html")  # to the newest round
    assert f'href="{NEW}/"' in running.page("index.html")  # the landing page
    assert LIVERELOAD in running.page(f"{OLD}/")


def test_an_edited_narrative_is_served_within_seconds(running: Running, capsys) -> None:
    before = running.status()
    mark = len(running.lines)
    # Staging starts from an empty folder: a file planted in the other round's stage
    # survives only if that round is not staged again (a narrative is its round's alone).
    planted = running.preview.paths.work / "stage" / OLD / "planted-by-the-test.txt"
    planted.write_text("staged", encoding="utf-8")
    sentence = f"Preview check {uuid.uuid4().hex}: comms staff write the story."
    start = time.monotonic()
    running.append(running.narrative(), sentence)
    wait_for("the new sentence on the page",
             lambda: sentence in running.page(f"{NEW}/returns/"))
    latency = time.monotonic() - start
    after = running.wait_for_build_after(before)
    report(capsys, f"narrative edit -> served page: {latency:.2f} s "
                   f"({'; '.join(running.lines[mark:]).strip()})")
    assert after["rounds"][NEW] != before["rounds"][NEW]
    assert after["rounds"][OLD] == before["rounds"][OLD]  # the other round was not rebuilt
    # Each edition has its own token (livereload.js): a page reloads when its edition is in.
    assert set(after["editions"]) == {NEW, OLD}  # the mini rounds are English only
    assert after["editions"][NEW] != before["editions"][NEW]
    assert after["editions"][OLD] == before["editions"][OLD]
    assert f"Rebuilt {NEW} in" in running.log_since(mark)
    assert f"{NEW}: swapped in after" in running.log_since(mark)
    assert planted.is_file()
    # Staging reads the inputs: that must not count as a change (no rebuild loop).
    time.sleep(1.0)
    assert running.status()["version"] == after["version"]


def test_a_change_another_round_depends_on_rebuilds_it_too(running: Running) -> None:
    """The newest round's trends page shows indicators of every round."""
    round_yml = running.root / "data" / "countries" / OLD / "round.yml"
    text = round_yml.read_text(encoding="utf-8")
    old = "Present at the time of data collection (mid 2029)"
    new = f"Present in mid 2029 (check {uuid.uuid4().hex[:8]})"
    assert old in text
    mark = len(running.lines)
    round_yml.write_text(text.replace(old, new), encoding="utf-8")
    wait_for("the other round's trends page", lambda: new in running.page(f"{NEW}/trends/"))
    # The older round's own pages do not show the period: only the newest is built again.
    rebuilt = f"Rebuilt {NEW} (it shows the change too) in"
    log = wait_for("the log line", lambda: rebuilt in (t := running.log_since(mark)) and t)
    assert f"{OLD}: nothing to rebuild" in log and f"Rebuilt {OLD}" not in log


def test_a_new_round_folder_is_built_and_listed_and_a_removed_one_is_dropped(
        running: Running, tmp_path: Path) -> None:
    new_id = "2029-10-preview-check"
    draft = tmp_path / new_id
    shutil.copytree(running.root / "data" / "countries" / OLD, draft)
    round_yml = draft / "round.yml"
    round_yml.write_text(round_yml.read_text(encoding="utf-8")
                         .replace(f"id: {OLDER}", f"id: {new_id}", 1)
                         .replace("short_title: Mini Round (July 2029)",
                                  "short_title: Preview check round", 1), encoding="utf-8")
    target = running.root / "data" / "countries" / COUNTRY / new_id

    def listed() -> list[str]:
        return [v["version"] for v in json.loads(running.page(f"{COUNTRY}/versions.json"))]

    shutil.move(draft, target)  # one rename, as when a folder is pasted in
    try:
        wait_for("the new round in versions.json", lambda: new_id in listed())
        assert "Preview check round" in running.page(f"{COUNTRY}/{new_id}/")
        assert listed() == [NEWER, new_id, OLDER]
        assert f"{COUNTRY}/{new_id}" in running.status()["rounds"]
        # The single-country site's URL of the round redirects into its country.
        assert f'url=../{COUNTRY}/{new_id}/"' in running.page(f"{new_id}/")
    finally:
        shutil.rmtree(target)
    wait_for("the removed round gone from versions.json", lambda: new_id not in listed())
    with pytest.raises(urllib.error.HTTPError):
        running.page(f"{COUNTRY}/{new_id}/")
    with pytest.raises(urllib.error.HTTPError):  # nor a redirect to the removed round
        running.page(f"{new_id}/")
    assert running.status()["error"] is None


def test_bad_input_keeps_the_last_good_build_until_it_is_fixed(running: Running, capsys) -> None:
    csv = running.root / "data" / "countries" / NEW / "tables" / "key_figures.csv"
    good = csv.read_text(encoding="utf-8")
    good_page = running.page(f"{NEW}/returns/")
    before = running.status()
    mark = len(running.lines)
    try:
        csv.write_text(good.replace(",1200,people", ",1200x,people", 1), encoding="utf-8")
        error = wait_for("the input error", lambda: running.status()["error"])
        assert "key_figures.csv:2" in error and "value" in error
        log = running.log_since(mark)
        assert "problem" in log and "key_figures.csv:2" in log
        assert "keeps serving its last good build" in log
        report(capsys, "bad CSV reported: " + " ".join(error.split()[1:]))
        # A narrative edit while the round is broken is not served either...
        sentence = f"Unpublished {uuid.uuid4().hex}."
        running.append(running.narrative(), sentence)
        wait_for("the second failed build",
                 lambda: running.log_since(mark).count(f"Could not build {NEW}") >= 2)
        # ...and the last good build of the round stays served.
        assert running.page(f"{NEW}/returns/") == good_page
        assert running.status()["version"] == before["version"]
    finally:
        csv.write_text(good, encoding="utf-8")
    wait_for("the fixed round", lambda: sentence in running.page(f"{NEW}/returns/"))
    status = running.wait_for_build_after(before)
    assert status["error"] is None


@pytest.mark.browser
def test_the_open_page_reloads_itself_after_an_edit(running: Running, capsys) -> None:
    from playwright.sync_api import sync_playwright

    from tests.test_browser import ARGS, CHROMIUM

    assert shutil.which("chromium") or shutil.which(CHROMIUM), (
        "Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{running.url}{NEW}/returns/", wait_until="load")
            page.wait_for_function("() => window.mtmLiveReload && window.mtmLiveReload.polls > 0")
            page.evaluate("() => { window.notReloadedYet = true; }")

            sentence = f"Live reload check {uuid.uuid4().hex}."
            mark = len(running.lines)
            start = time.time()
            running.append(running.narrative(), sentence)
            page.get_by_text(sentence).wait_for(timeout=TIMEOUT * 1000)
            latency = time.time() - start
            # When the reloaded page first painted (what a reader sees), in epoch ms.
            painted = page.evaluate(
                "() => { const p = performance.getEntriesByName('first-contentful-paint')[0];"
                " return p ? performance.timeOrigin + p.startTime : null; }")
            shown = f"painted after {painted / 1000 - start:.2f} s, " if painted else ""
            report(capsys, f"narrative edit -> open browser page reloaded: {shown}"
                           f"text found by the test after {latency:.2f} s "
                           f"({'; '.join(running.lines[mark:])})")
            # The page reloaded itself (the test never did): the marker is gone.
            assert page.evaluate("() => window.notReloadedYet") is None

            # Bad input: the page keeps its content and says what is wrong.
            csv = running.root / "data" / "countries" / NEW / "tables" / "key_figures.csv"
            good = csv.read_text(encoding="utf-8")
            try:
                csv.write_text(good.replace(",1200,people", ",1200x,people", 1), encoding="utf-8")
                banner = page.locator(".mtm-preview-error")
                banner.wait_for(timeout=TIMEOUT * 1000)
                assert "key_figures.csv:2" in banner.inner_text()
                assert page.get_by_text(sentence).is_visible()
            finally:
                csv.write_text(good, encoding="utf-8")
            page.locator(".mtm-preview-error").wait_for(state="detached", timeout=TIMEOUT * 1000)
            assert errors == []
        finally:
            browser.close()


def test_the_preview_serves_what_make_site_builds_plus_the_reload_script(
        running: Running, tmp_path: Path) -> None:
    """Charts and maps come from the preview's cache, pages from MkDocs in-process: the
    result must be `make site`'s output for the same inputs, byte for byte, but for the
    script tag and the round's PDF, which the preview does not make (it takes seconds)."""
    wait_for("the preview to settle", running.preview.idle)
    work = tmp_path / "work"
    if running.preview.cache_dir.is_dir():
        shutil.copytree(running.preview.cache_dir, work / "cache")
    ref = tmp_path / "site"
    site.build(running.root, running.url, out=ref, progress=lambda _m: None, work=work)
    served = running.preview.out
    script = re.compile(r'\n\s*<script src="[\w./-]*assets/javascripts/livereload\.js"></script>')
    compared = 0
    for f in sorted(ref.rglob("*")):
        if not f.is_file() or f.suffix == ".pdf":
            continue
        mine = served / f.relative_to(ref)
        assert mine.is_file(), f"the preview lacks {f.relative_to(ref)}"
        expected = f.read_bytes()
        got = mine.read_bytes()
        if f.suffix == ".html" and got != expected:
            assert script.search(got.decode()), f.relative_to(ref)
            got = script.sub("", got.decode()).encode()
        assert got == expected, f"differs from make site: {f.relative_to(ref)}"
        compared += 1
    extra = sorted(str(f.relative_to(served)) for f in served.rglob("*")
                   if f.is_file() and not (ref / f.relative_to(served)).exists())
    assert extra == [] or extra == [f"{key}/{LIVERELOAD}" for key in (OLD, NEW)], extra
    assert compared > 100
