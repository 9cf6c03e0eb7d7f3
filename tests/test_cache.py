"""The figure cache: an unchanged figure is never rendered twice; output never changes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator import cache
from generator.project import load_project
from tests.hostile import ROUND, run_cli


def _figures_line(proc) -> str:
    return next(x for x in proc.stdout.splitlines() if x.startswith("Figures:"))


def _tree(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_rebuilds_render_only_what_changed_and_prune_the_rest(mini: Path):
    first = run_cli(mini, "build")
    assert first.returncode == 0, first.stderr
    rendered = int(_figures_line(first).split()[1])
    assert rendered > 0 and "0 from the cache" in _figures_line(first)
    entries = {p.name for p in (mini / "build/cache/figures").glob("*.json")}
    assert "manifest.json" in entries and len(entries) == rendered + 1

    again = run_cli(mini, "build")
    assert _figures_line(again) == f"Figures: 0 rendered, {rendered} from the cache"

    # One table changes: only the figures drawn from it are rendered again, and the
    # entries they replace are pruned.
    csv = mini / ROUND / "tables/return_by_province.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("Kostanay,50", "Kostanay,51")
                   .replace("Turkestan,30", "Turkestan,29"), encoding="utf-8")
    changed = run_cli(mini, "build")
    assert changed.returncode == 0, changed.stderr
    assert _figures_line(changed) == f"Figures: 1 rendered, {rendered - 1} from the cache"
    after = {p.name for p in (mini / "build/cache/figures").glob("*.json")}
    assert len(after) == rendered + 1 and after != entries


def test_a_cached_build_is_byte_identical_to_a_fresh_serial_one(mini: Path, tmp_path: Path):
    assert run_cli(mini, "build", "--jobs", "2").returncode == 0  # fills the cache
    cached = run_cli(mini, "build", "--jobs", "2", "--out", str(tmp_path / "cached"))
    assert cached.returncode == 0 and " 0 rendered" in _figures_line(cached)
    fresh = run_cli(mini, "build", "--jobs", "1", "--out", str(tmp_path / "fresh"))
    assert fresh.returncode == 0
    assert _tree(tmp_path / "cached") == _tree(tmp_path / "fresh")


def test_keys_cover_what_rendering_reads(mini: Path):
    rnd = load_project(mini / "data").rounds[-1]
    chart = next(f for s in rnd.sections for f in s.figures if f.kind == "bar")
    table = rnd.table_for(chart)
    key = cache.chart_key(chart, table)
    assert cache.chart_key(chart.model_copy(update={"title": "Another"}), table) != key
    row0 = dict(table.rows[0])
    row0[chart.value] = (row0[chart.value] or 0) + 1
    other = type(table)(table.name, table.spec, table.path, (row0, *table.rows[1:]),
                        table.lines)
    assert cache.chart_key(chart, other) != key
    assert cache.chart_key(chart, table) == key  # and nothing else: the same key again
    assert len(cache.code_version()) == 64
    b = rnd.boundaries
    assert cache.boundaries_key(b) == cache.boundaries_key(b)
