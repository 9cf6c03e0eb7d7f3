"""Shared fixtures: fixture projects, one build of the `mini` fixture, a local server, the CLI.

Behaviour tests run on the made-up projects under tests/fixtures/, never on data/: adding
or correcting a real round changes no test. The real data is checked by invariants only,
in tests/test_real_data.py.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import socket
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"

# The mini fixture (tests/fixtures/mini): one country, two published rounds.
COUNTRY = "kaz"
NEWER = "2030-01-mini-round"  # the latest round: two sections, maps, a trends page
OLDER = "2029-07-mini-round"  # an earlier round: other sections and figure kinds
NEWER_DIR = f"data/countries/{COUNTRY}/{NEWER}"
OLDER_DIR = f"data/countries/{COUNTRY}/{OLDER}"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def stage_project(fixture: str, dest: Path) -> Path:
    """A writable project: a fixture's data/ plus the real docs/, overrides/ and mkdocs.yml,
    its work folder seeded with the Vega bundle (reuse_vega_cache).

    Behaviour tests run on fixtures, so adding or correcting a real round changes no test.
    """
    shutil.copytree(FIXTURES / fixture / "data", dest / "data")
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    reuse_vega_cache(dest / "build")
    return dest


@functools.cache
def _vega_bundle() -> Path:
    """The Vega bundle in the checkout's own cache (as `make site` keeps it), made once.

    It takes about 2 s to make and depends only on library versions; a test's build that
    made its own would spend that on every CLI build."""
    from generator.staging import vega_bundle_file

    return vega_bundle_file(ROOT / "build" / "cache")


def reuse_vega_cache(work: Path) -> None:
    """Seed a work folder with the Vega bundle (only the bundle: a test's build renders its
    own figures and editions)."""
    bundle = _vega_bundle()
    (work / "cache").mkdir(parents=True, exist_ok=True)
    if not (work / "cache" / bundle.name).exists():
        shutil.copy(bundle, work / "cache" / bundle.name)


def build_site(project: Path, url: str, out: Path, work: Path) -> Path:
    from generator.site import build

    reuse_vega_cache(work)
    build(project, url, out=out, progress=lambda _msg: None, work=work)
    return out


@pytest.fixture()
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small made-up project in tests/fixtures/mini."""
    return stage_project("mini", tmp_path / "mini")


@pytest.fixture(scope="session")
def mini_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The caches (build/cache) of one CLI build of the mini fixture at the CLI's default
    address: figures, PDFs, images, downloads and built editions."""
    project = stage_project("mini", tmp_path_factory.mktemp("mini-cache") / "project")
    proc = run_cli(project, "build")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project / "build" / "cache"


def warm(project: Path, cache: Path) -> Path:
    """Seed a project's work folder with a build's caches, as a checkout that has built
    before has them: its builds then make only what its changes touch. For tests of what
    a build does with its input, not of how it renders from nothing (test_cache.py,
    test_edition_cache.py and the session builds render from nothing)."""
    shutil.copytree(cache, project / "build" / "cache", dirs_exist_ok=True)
    return project


def warm_mini(mini: Path, mini_cache: Path) -> Path:
    """The `mini` project with those caches. A module about what a build does with changed
    input, not about rendering, overrides its `mini` with
    `mini = pytest.fixture(name="mini")(warm_mini)`."""
    return warm(mini, mini_cache)


@pytest.fixture(scope="session")
def mini_project():
    """The mini fixture's rounds, loaded once (read only)."""
    from generator.project import load_project

    return load_project(FIXTURES / "mini" / "data")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory):
    """One real generator and MkDocs build of the mini fixture, shared by every site and
    browser test. The site_url matches the server's address: Material's instant
    navigation only works when they agree.
    """
    port = free_port()
    base = tmp_path_factory.mktemp("mini-build")
    project = stage_project("mini", base / "project")
    url = f"http://127.0.0.1:{port}/"
    out = build_site(project, url, base / "site", base / "work")
    return {"out": out, "url": url, "port": port, "project": project}


def serve_folder(folder: Path, port: int):
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    return httpd


# The gallery fixture (tests/fixtures/gallery): one round with one figure of every kind,
# tables copied from a real round's shapes (long labels, many categories), for layout tests.
GALLERY = "2031-01-gallery-round"


@contextmanager
def served_build(tmp_path_factory: pytest.TempPathFactory, fixture: str):
    """One build of a fixture project, served on 127.0.0.1 while the block runs. The
    site_url matches the server's address: Material's instant navigation needs it."""
    port = free_port()
    base = tmp_path_factory.mktemp(f"{fixture}-build")
    project = stage_project(fixture, base / "project")
    url = f"http://127.0.0.1:{port}/"
    out = build_site(project, url, base / "site", base / "work")
    httpd = serve_folder(out, port)
    try:
        yield {"out": out, "url": url, "port": port, "project": project}
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def gallery_site(tmp_path_factory: pytest.TempPathFactory):
    """One build of the gallery fixture, served on 127.0.0.1 for the whole session."""
    with served_build(tmp_path_factory, "gallery") as site:
        yield {**site, "round": f"{site['url']}{COUNTRY}/{GALLERY}/"}


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory):
    """One build of the real site (outside the checkout), for a server on a known port:
    shared by the real-data tests and the published-number snapshot."""
    port = free_port()
    base = tmp_path_factory.mktemp("real-build")
    url = f"http://127.0.0.1:{port}/"
    out = build_site(ROOT, url, base / "site", base / "work")
    return {"out": out, "url": url, "port": port}


@pytest.fixture(scope="session")
def editions_site(tmp_path_factory: pytest.TempPathFactory):
    """One build of the editions fixture (two rounds: January 2030 in English, Russian and
    Kazakh, July 2029 in English and Russian), served for the whole session."""
    with served_build(tmp_path_factory, "editions") as site:
        yield site


@pytest.fixture(scope="session")
def server(built_site):
    httpd = serve_folder(built_site["out"], built_site["port"])
    yield built_site["url"]
    httpd.shutdown()
    httpd.server_close()


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(project), *args],
                          capture_output=True, text=True, cwd=ROOT, check=False)


@pytest.fixture()
def cli():
    """Run the real CLI (`python -m generator --root PROJECT ...`) as a user would."""
    return run_cli


def point_at(page, locator) -> None:
    """Move the mouse onto an element (a reader pointing at it): the static map then gives
    way to the live one, so Playwright's hover(), which checks the element stays under
    the pointer, would wait for ever."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


# Debian's chromium, driven by Playwright (it cannot download a browser here). One browser
# per test module (a module-wide Playwright must stop before a test that starts its own, as
# tests/test_serve.py and tests/test_real_data.py do); every test opens its own context.
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert shutil.which("chromium") or shutil.which(CHROMIUM), (
        "Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
