"""A failed build names the problem and leaves the previous site untouched."""

from __future__ import annotations

BMA4 = "2024-04-bma-round-4"



def test_bad_input_leaves_previous_site_intact(data_copy, cli):
    site = data_copy / "site"
    site.mkdir()
    (site / "marker.txt").write_text("previous build")
    csv = data_copy / "data/rounds" / BMA4 / "tables/return_countries.csv"
    csv.write_text(csv.read_text().replace("2275", "two thousand"))
    proc = cli(data_copy, "build")
    assert proc.returncode == 1
    assert "return_countries.csv:" in proc.stderr and "[count]" in proc.stderr
    assert "previous site/ is unchanged" in proc.stderr
    assert (site / "marker.txt").read_text() == "previous build"


def test_check_command_reports_ok_and_problems(data_copy, cli):
    ok = cli(data_copy, "check")
    assert ok.returncode == 0 and f"ok  {BMA4}" in ok.stdout
    (data_copy / "data/rounds" / BMA4 / "narrative/emigrants.md").unlink()
    bad = cli(data_copy, "check")
    assert bad.returncode == 1
    assert "narrative/emigrants.md does not exist" in bad.stderr


def test_generator_never_writes_into_handwritten_folders(data_copy, cli):
    before = {p: p.read_bytes() for p in (data_copy / "data").rglob("*") if p.is_file()}
    before |= {p: p.read_bytes() for p in (data_copy / "docs").rglob("*") if p.is_file()}
    proc = cli(data_copy, "build", "--site-url", "http://127.0.0.1:9/")
    assert proc.returncode == 0, proc.stderr
    after = {p for p in (data_copy / "data").rglob("*") if p.is_file()}
    after |= {p for p in (data_copy / "docs").rglob("*") if p.is_file()}
    assert after == set(before)
    assert all(p.read_bytes() == b for p, b in before.items())
    assert (data_copy / "site" / BMA4 / "index.html").is_file()


def test_map_tiles_are_an_explicit_opt_in(data_copy, cli):
    proc = cli(data_copy, "build", "--map-tiles", "--round", BMA4)
    assert proc.returncode == 0, proc.stderr
    html = (data_copy / "site" / BMA4 / "assets/maps/coverage-map.html").read_text()
    assert "tile.openstreetmap.org" in html and "strict-origin-when-cross-origin" in html
