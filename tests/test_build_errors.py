"""A failed build names the problem and leaves the previous site untouched."""

from __future__ import annotations

import pytest

from tests.conftest import COUNTRY, NEWER, NEWER_DIR, OLDER, warm_mini

# A checkout that built the fixture before (conftest.warm): only what a test changes is made.
mini = pytest.fixture(name="mini")(warm_mini)


def test_bad_input_leaves_previous_site_intact(mini, cli):
    site = mini / "site"
    site.mkdir()
    (site / "marker.txt").write_text("previous build")
    csv = mini / NEWER_DIR / "tables/return_countries.csv"
    csv.write_text(csv.read_text().replace("720", "seven hundred"))
    proc = cli(mini, "build")
    assert proc.returncode == 1
    assert "return_countries.csv:2:" in proc.stderr and "[count]" in proc.stderr
    assert "previous site/ is unchanged" in proc.stderr
    assert (site / "marker.txt").read_text() == "previous build"
    assert sorted(p.name for p in site.iterdir()) == ["marker.txt"]


def test_check_command_reports_ok_and_problems(mini, cli):
    ok = cli(mini, "check")
    assert ok.returncode == 0, ok.stderr
    assert f"ok  {COUNTRY}/{NEWER}" in ok.stdout and f"ok  {COUNTRY}/{OLDER}" in ok.stdout
    (mini / NEWER_DIR / "narrative/returns.md").unlink()
    bad = cli(mini, "check")
    assert bad.returncode == 1
    assert "narrative/returns.md does not exist" in bad.stderr


def test_generator_never_writes_into_handwritten_folders(mini, cli):
    before = {p: p.read_bytes() for p in (mini / "data").rglob("*") if p.is_file()}
    before |= {p: p.read_bytes() for p in (mini / "docs").rglob("*") if p.is_file()}
    proc = cli(mini, "build", "--site-url", "http://127.0.0.1:9/")
    assert proc.returncode == 0, proc.stderr
    after = {p for p in (mini / "data").rglob("*") if p.is_file()}
    after |= {p for p in (mini / "docs").rglob("*") if p.is_file()}
    assert after == set(before)
    assert all(p.read_bytes() == b for p, b in before.items())
    assert (mini / "site" / COUNTRY / NEWER / "index.html").is_file()
    assert (mini / "site" / COUNTRY / OLDER / "index.html").is_file()


def test_map_tiles_are_an_explicit_opt_in(mini, cli):
    proc = cli(mini, "build", "--map-tiles", "--round", NEWER)
    assert proc.returncode == 0, proc.stderr
    html = (mini / "site" / COUNTRY / NEWER / "assets/maps/coverage-map.html").read_text()
    assert "tile.openstreetmap.org" in html and "strict-origin-when-cross-origin" in html
    # --round builds that round only.
    assert not (mini / "site" / COUNTRY / OLDER).exists()
