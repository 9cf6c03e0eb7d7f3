"""Shared fixtures: the real project data, a real build of the site, a local server."""

from __future__ import annotations

import functools
import http.server
import shutil
import socket
import threading
from pathlib import Path

import pytest

from generator.model import Project, Round, load_project

ROOT = Path(__file__).resolve().parent.parent
BMA4 = "2024-04-bma-round-4"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def project() -> Project:
    return load_project(ROOT / "data")


@pytest.fixture(scope="session")
def bma4(project: Project) -> Round:
    return next(r for r in project.rounds if r.id == BMA4)


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the project's inputs, for tests that break or add things."""
    dest = tmp_path / "project"
    for name in ("data", "docs", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory):
    """The real generator and MkDocs build of every round, for a server on a known port.

    The site_url matches the server's address: Material's instant navigation
    only works when they agree.
    """
    from generator.site import build

    port = free_port()
    base = tmp_path_factory.mktemp("build")
    out = base / "site"
    url = f"http://127.0.0.1:{port}/"
    build(ROOT, url, out=out, progress=lambda _msg: None, work=base / "work")
    return {"out": out, "url": url, "port": port}


@pytest.fixture(scope="session")
def server(built_site):
    handler = functools.partial(QuietHandler, directory=str(built_site["out"]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", built_site["port"]), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield built_site["url"]
    httpd.shutdown()
    httpd.server_close()


def _run_cli(project: Path, *args: str):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "generator", "--root", str(project), *args],
                          capture_output=True, text=True, cwd=ROOT, check=False)


@pytest.fixture()
def cli():
    """Run the real CLI (`python -m generator --root PROJECT ...`) as a user would."""
    return _run_cli


FIXTURES = ROOT / "tests" / "fixtures"


def stage_project(fixture: str, dest: Path) -> Path:
    """A writable project: a fixture's data/ plus the real docs/, overrides/ and mkdocs.yml.

    Behaviour tests run on fixtures, so adding or correcting a real round changes no test.
    """
    shutil.copytree(FIXTURES / fixture / "data", dest / "data")
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


@pytest.fixture()
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small made-up project in tests/fixtures/mini."""
    return stage_project("mini", tmp_path / "mini")
