"""Nothing published changes by accident: every number on every page, against a snapshot."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import snapshot
from tests.conftest import warm_mini
from tests.hostile import ROOT, run_cli

# A checkout that built the fixture before (conftest.warm): only what a test changes is made.
mini = pytest.fixture(name="mini")(warm_mini)


def test_numbers_are_read_from_the_article_only():
    html = ("<html><head><title>2024</title></head><body><nav>99</nav><article>"
            "<p>598,094 people, 77%, 3.1 and \u221214% (+47%) in 2023, lines 12-15.</p>"
            "<script>var x = 5;</script><svg><text>8</text></svg></article></body></html>")
    assert snapshot.page_numbers(html) == ["598,094", "77%", "3.1", "-14%", "+47%", "2023",
                                           "12", "-15"]


def test_compare_reports_new_rounds_and_fails_on_changed_pages():
    before = {"kaz/a": {"": ["1", "2"], "x/": ["3"], "gone/": []}}
    now = {"kaz/a": {"": ["1", "9"], "x/": ["3"], "new/": ["4"]}, "kgz/b": {"": ["5"]}}
    result = snapshot.compare(before, now)
    assert result.new_rounds == ["kgz/b"] and not result.ok
    assert result.changed == {"kaz/a/": (["1", "2"], ["1", "9"])}
    assert result.added == ["kaz/a/new/"] and result.removed == ["kaz/a/gone/"]
    assert snapshot.compare(before | {"kgz/b": {"": ["5"]}}, {"kgz/b": {"": ["5"]}}).ok


def test_snapshot_round_trips_one_line_per_page(tmp_path: Path):
    numbers = {"kaz/a": {"": ["1", "2,000"], "b/": ["77%"]}}
    snapshot.write(tmp_path / "s.json", numbers)
    assert snapshot.read(tmp_path / "s.json") == numbers
    assert len((tmp_path / "s.json").read_text(encoding="utf-8").splitlines()) == 6


def test_the_published_numbers_match_the_snapshot(real_site):
    """The real site (the session's build of it) against the checked-in snapshot, with the
    CLI that `make snapshot` uses; a round not yet in the snapshot is reported, not
    failed."""
    proc = run_cli(ROOT, "snapshot", "--site", str(real_site["out"]))
    assert proc.returncode == 0, proc.stderr + "\nRun `make snapshot` if the change is intended."
    assert "Published numbers unchanged" in proc.stdout


def test_a_changed_number_fails_until_the_snapshot_is_updated(mini: Path):
    from tests.hostile import ROUND

    assert run_cli(mini, "build").returncode == 0
    assert run_cli(mini, "snapshot", "--update").returncode == 0
    csv = mini / ROUND / "tables/key_figures.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("1200", "1201"), encoding="utf-8")
    assert run_cli(mini, "build").returncode == 0
    proc = run_cli(mini, "snapshot")
    assert proc.returncode == 1
    assert f"numbers changed on {ROUND.split('/', 2)[2]}/: 1,200, 1,200 -> 1,201, 1,201" in proc.stderr
    assert "make snapshot" in proc.stderr
    assert run_cli(mini, "snapshot", "--update").returncode == 0
    assert run_cli(mini, "snapshot").returncode == 0
