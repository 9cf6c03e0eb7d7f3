"""`new-round` scaffolds a draft round that passes `check` and builds."""

from __future__ import annotations

import pytest

from tests.conftest import COUNTRY, NEWER, NEWER_DIR, OLDER, warm_mini

# A checkout that built the fixture before (conftest.warm): only what a test changes is made.
mini = pytest.fixture(name="mini")(warm_mini)


NEW = "2030-06-mini-round"


def test_new_round_is_a_draft_that_checks_and_builds(mini, cli):
    proc = cli(mini, "new-round", NEW, "--from", NEWER)
    assert proc.returncode == 0, proc.stderr
    d = mini / "data/countries" / COUNTRY / NEW
    yml = (d / "round.yml").read_text()
    assert f"id: {NEW}" in yml and "status: draft" in yml and "Fill in before publishing" in yml
    header = (d / "tables/key_figures.csv").read_text()
    assert header.count("\n") == 1 and header.startswith("indicator,")
    src = mini / NEWER_DIR / "narrative/returns.md"
    assert (d / "narrative/returns.md").read_text() == src.read_text()

    check = cli(mini, "check")
    assert check.returncode == 0, check.stderr
    assert f"ok  {COUNTRY}/{NEW} (draft)" in check.stdout
    assert "warning:" in check.stderr

    build = cli(mini, "build", "--site-url", "http://127.0.0.1:9/")
    assert build.returncode == 0, build.stderr
    site = mini / "site"
    assert (site / COUNTRY / NEW / "index.html").is_file()
    assert "Draft:" in (site / COUNTRY / NEW / "index.html").read_text()
    # A draft is previewed but never listed or made "latest".
    assert NEW not in (site / COUNTRY / "versions.json").read_text()
    assert f"url={NEWER}/" in (site / COUNTRY / "index.html").read_text()
    assert f'href="{COUNTRY}/{NEWER}/"' in (site / "index.html").read_text()
    assert "Draft:" not in (site / COUNTRY / NEWER / "index.html").read_text()


def test_new_round_accepts_a_country_key(mini, cli):
    proc = cli(mini, "new-round", NEW, "--from", f"{COUNTRY}/{OLDER}")
    assert proc.returncode == 0, proc.stderr
    assert (mini / "data/countries" / COUNTRY / NEW / "narrative/reasons.md").is_file()


def test_new_round_refuses_to_overwrite_and_explains_bad_ids(mini, cli):
    bad = cli(mini, "new-round", "mini-round-5", "--from", NEWER)
    assert bad.returncode == 1 and "YYYY-MM" in bad.stderr
    missing = cli(mini, "new-round", NEW, "--from", "2030-01-mini-rund")
    assert missing.returncode == 1 and f"did you mean '{NEWER}'" in missing.stderr
    exists = cli(mini, "new-round", OLDER, "--from", NEWER)
    assert exists.returncode == 1 and "never overwrites" in exists.stderr
    assert not (mini / "data/countries" / COUNTRY / NEW).exists()
