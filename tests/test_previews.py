"""Pull-request previews: paths, addresses, which folders are taken, and a dry run."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator import previews
from tests.conftest import warm_mini
from tests.hostile import run_cli

# A checkout that built the fixture before (conftest.warm): only what a test changes is made.
mini = pytest.fixture(name="mini")(warm_mini)


def test_paths_and_addresses():
    assert previews.site_path(12) == "pr-preview/pr-12/"
    assert previews.url("https://iom.github.io/mtm", 12) == \
        "https://iom.github.io/mtm/pr-preview/pr-12/"
    assert previews.url("https://iom.github.io/mtm/", 12) == \
        "https://iom.github.io/mtm/pr-preview/pr-12/"
    with pytest.raises(ValueError):
        previews.folder(0)


def _site(path: Path, text: str = "x") -> Path:
    path.mkdir(parents=True)
    (path / "index.html").write_text(text, encoding="utf-8")
    return path


def test_only_pr_number_folders_are_published_and_merged(tmp_path: Path):
    branch = tmp_path / "branch"
    for name in ("pr-3", "pr-12", "pr-0", "pr-x", "notes", ".git", "pr-012"):
        _site(branch / name)
    (branch / "pr-9").symlink_to(tmp_path)  # a link to anywhere is never taken
    (branch / "README.md").write_text("previews", encoding="utf-8")
    assert previews.published(branch) == [3, 12]
    assert previews.stale(branch, {12, 40}) == [3]

    site = _site(tmp_path / "site")
    (branch / "pr-3" / "escape").symlink_to("/etc")
    assert previews.merge_into(site, branch) == [3, 12]
    assert sorted(p.name for p in (site / "pr-preview").iterdir()) == ["pr-12", "pr-3"]
    assert not (site / "pr-preview/pr-3/escape").exists()


def test_add_replaces_and_remove_deletes(tmp_path: Path):
    branch = tmp_path / "branch"
    branch.mkdir()
    previews.add(branch, 5, _site(tmp_path / "one", "first"))
    previews.add(branch, 5, _site(tmp_path / "two", "second"))
    assert (branch / "pr-5/index.html").read_text(encoding="utf-8") == "second"
    assert [p.name for p in branch.iterdir()] == ["pr-5"]
    assert previews.remove(branch, 5) and not previews.remove(branch, 5)
    with pytest.raises(FileNotFoundError):
        previews.add(branch, 6, tmp_path / "missing")


def _local_links(html: str) -> list[str]:
    links = re.findall(r'(?:href|src|data-spec)="([^"#?]+)', html)
    return [unquote(u) for u in links
            if not urlsplit(u).scheme and not u.startswith(("//", "data:", "mailto:"))]


def test_dry_run_builds_a_preview_under_its_path_with_working_links(mini: Path, tmp_path: Path):
    """What the preview job does, here: build for the preview's address, merge, crawl."""
    base = "http://127.0.0.1:8000/"
    proc = run_cli(mini, "build", "--site-url", previews.url(base, 7))
    assert proc.returncode == 0, proc.stderr
    branch = tmp_path / "branch"
    branch.mkdir()
    assert run_cli(mini, "preview", "add", "--number", "7", "--previews", str(branch),
                   "--site", str(mini / "site")).returncode == 0
    production = _site(tmp_path / "production", "<p>production</p>")
    merged = run_cli(mini, "preview", "merge", "--previews", str(branch), "--site",
                     str(production))
    assert merged.returncode == 0 and "#7" in merged.stdout
    root = production / "pr-preview/pr-7"
    pages = sorted(root.rglob("*.html"))
    assert len(pages) > 5
    broken = []
    for page in pages:
        for link in _local_links(page.read_text(encoding="utf-8")):
            # Absolute paths (404.html uses them) are served from the Pages root.
            target = ((production / link.lstrip("/")) if link.startswith("/")
                      else (page.parent / link)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists() or root.resolve() not in target.parents:
                broken.append(f"{page.relative_to(root)} -> {link}")
    assert not broken, broken[:10]
    home = (root / "index.html").read_text(encoding="utf-8")
    assert 'href="kaz/' in home  # the landing page links into the preview, relatively
    sitemap = next(root.rglob("sitemap.xml")).read_text(encoding="utf-8")
    assert "/pr-preview/pr-7/kaz/" in sitemap
    url = run_cli(mini, "preview", "url", "--number", "7", "--base-url", "https://x.io/r")
    assert url.stdout.strip() == "https://x.io/r/pr-preview/pr-7/"
