"""`new-round` scaffolds a draft round that passes `check` and builds."""

from __future__ import annotations

NEW = "2024-10-bma-round-5"



def test_new_round_is_a_draft_that_checks_and_builds(data_copy, cli):
    proc = cli(data_copy, "new-round", NEW, "--from", "2024-04-bma-round-4")
    assert proc.returncode == 0, proc.stderr
    d = data_copy / "data/rounds" / NEW
    yml = (d / "round.yml").read_text()
    assert f"id: {NEW}" in yml and "status: draft" in yml and "Fill in before publishing" in yml
    header = (d / "tables/key_figures.csv").read_text()
    assert header.count("\n") == 1 and header.startswith("indicator,")
    src = data_copy / "data/rounds/2024-04-bma-round-4/narrative/emigrants.md"
    assert (d / "narrative/emigrants.md").read_text() == src.read_text()

    check = cli(data_copy, "check")
    assert check.returncode == 0, check.stderr
    assert f"ok  {NEW} (draft)" in check.stdout
    assert "warning:" in check.stderr

    build = cli(data_copy, "build", "--site-url", "http://127.0.0.1:9/")
    assert build.returncode == 0, build.stderr
    site = data_copy / "site"
    assert (site / NEW / "index.html").is_file()
    assert "Draft:" in (site / NEW / "index.html").read_text()
    # A draft is previewed but never listed or made "latest".
    assert NEW not in (site / "versions.json").read_text()
    assert "2024-04-bma-round-4/" in (site / "index.html").read_text()


def test_new_round_refuses_to_overwrite_and_explains_bad_ids(data_copy, cli):
    bad = cli(data_copy, "new-round", "bma-round-5", "--from", "2024-04-bma-round-4")
    assert bad.returncode == 1 and "YYYY-MM" in bad.stderr
    missing = cli(data_copy, "new-round", NEW, "--from", "2024-04-bma-round")
    assert missing.returncode == 1 and "did you mean '2024-04-bma-round-4'" in missing.stderr
    exists = cli(data_copy, "new-round", "2022-12-quarterly-report", "--from",
                 "2024-04-bma-round-4")
    assert exists.returncode == 1 and "never overwrites" in exists.stderr
