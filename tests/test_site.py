"""The real generator and a real `mkdocs build --strict`, checked page by page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

BMA4 = "2024-04-bma-round-4"
SECTIONS = ["", "about", "key-informants", "international-migrant-workers", "return-migrants",
            "emigrants", "internal-migrants", "internal-emigrants", "access-to-services", "data"]


def page(out: Path, rel: str) -> str:
    return (out / BMA4 / rel / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_page_exists_with_citation_and_disclaimer(built_site, section):
    html = page(built_site["out"], section)
    assert "International Organization for Migration (IOM), April 2024. MTM Baseline Mobility " \
           "Assessment (BMA). IOM, Kazakhstan." in html
    assert "Disclaimer:" in html


@pytest.mark.parametrize(
    ("section", "figures"),
    [
        ("", ["598,094", "1,301", "17,317", "1,923"]),
        ("international-migrant-workers", ["462,048", "77%"]),
        ("return-migrants", ["17,317", "2,275"]),
        ("emigrants", ["1,865", "3,224"]),
        ("internal-migrants", ["29,853"]),
        ("internal-emigrants", ["32,131"]),
        ("access-to-services", ["113,581", "59%"]),
    ],
)
def test_pages_show_the_reports_figures(built_site, section, figures):
    html = page(built_site["out"], section)
    for figure in figures:
        assert figure in html, (section, figure)


def test_charts_have_static_fallback_table_and_csv(built_site):
    html = page(built_site["out"], "international-migrant-workers")
    out = built_site["out"] / BMA4
    charts = re.findall(r'data-spec="\.\./(assets/charts/[\w-]+\.vl\.json)"', html)
    assert charts
    for spec in charts:
        assert (out / spec).is_file()
        assert (out / spec.replace(".vl.json", ".svg")).is_file()
    assert html.count('class="mtm-chart__static"') == len(charts)
    assert "<details" in html and "Download the data (CSV" in html
    for csv in re.findall(r'href="\.\./(assets/data/[\w-]+\.csv)"', html):
        assert (out / csv).is_file()


def test_maps_are_iframes_with_attribution_and_disclaimer(built_site):
    out = built_site["out"] / BMA4
    for section in ["", "international-migrant-workers", "return-migrants", "emigrants",
                    "internal-migrants", "internal-emigrants"]:
        html = page(built_site["out"], section)
        frames = re.findall(r'<iframe class="mtm-map__frame" src="(?:\.\./)?(assets/maps/[\w-]+'
                            r'\.html)"', html)
        assert frames, section
        assert "OpenStreetMap" in html and "Open Database License" in html
        assert "for illustration only" in html
        for frame in frames:
            assert (out / frame).is_file()


def test_no_asset_comes_from_another_host(built_site):
    out = built_site["out"]
    # Canonical links name the public address; they load nothing.
    pattern = re.compile(r'<(?:script|link(?![^>]*rel="canonical")|img|iframe)[^>]+'
                         r'(?:src|href)="(https?:)?//', re.I)
    for html in out.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not pattern.search(text), html
    css = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


def test_versions_json_and_redirects(built_site):
    out = built_site["out"]
    versions = json.loads((out / "versions.json").read_text())
    assert versions[0]["aliases"] == ["latest"]
    ids = [v["version"] for v in versions]
    assert ids == sorted(ids, reverse=True)
    newest = ids[0]
    assert f'url={newest}/' in (out / "index.html").read_text()
    assert f"../{newest}/" in (out / "latest" / "index.html").read_text()
    assert f"../../{newest}/emigrants/" in (out / "latest/emigrants/index.html").read_text() \
        or newest != BMA4


def test_build_is_deterministic(built_site, tmp_path, root):
    from generator.site import build

    out = tmp_path / "again"
    build(root, built_site["url"], out=out, progress=lambda _m: None, work=tmp_path / "w")
    first = built_site["out"]
    for f in sorted(first.rglob("*")):
        if f.is_file() and f.suffix in {".html", ".json", ".svg", ".csv", ".js", ".md"}:
            assert f.read_bytes() == (out / f.relative_to(first)).read_bytes(), f


Q4 = "2022-12-quarterly-report"


def test_quarterly_round_is_built_with_its_own_sections(built_site):
    out = built_site["out"] / Q4
    for section in ["", "methodology", "legal-framework", "migration-flows", "residence-permits",
                    "labour-migration", "remittances", "baseline-assessment", "conclusion",
                    "glossary", "data"]:
        assert (out / section / "index.html").is_file(), section
    html = (out / "baseline-assessment/index.html").read_text()
    assert "668,422" in html and "81.3%" in html
    assert "International Organization for Migration (IOM), December 2022." in html


def test_older_round_names_the_newer_one(built_site):
    old = (built_site["out"] / Q4 / "index.html").read_text()
    assert "You are reading an earlier round" in old
    assert f'href="./../{BMA4}/"' in old or f'href="../{BMA4}/"' in old
    new = (built_site["out"] / BMA4 / "index.html").read_text()
    assert "You are reading an earlier round" not in new


def test_latest_round_compares_shared_indicators_with_caveats(built_site):
    trends = built_site["out"] / BMA4 / "trends/index.html"
    html = trends.read_text()
    assert "668,422" in html and "598,094" in html
    assert "Read comparisons with care" in html
    assert "Quarterly Report Q4 2022" in html
    assert not (built_site["out"] / Q4 / "trends").exists()


def test_versions_json_lists_rounds_newest_first(built_site):
    versions = json.loads((built_site["out"] / "versions.json").read_text())
    assert [v["version"] for v in versions] == [BMA4, Q4]
    assert versions[0]["aliases"] == ["latest"] and versions[1]["aliases"] == []
    assert versions[1]["title"] == "Quarterly Report Q4 2022"


def test_maps_have_no_basemap_unless_asked(built_site):
    maps = list((built_site["out"] / BMA4 / "assets/maps").glob("*.html"))
    assert len(maps) >= 6
    assert not any("tile.openstreetmap.org" in m.read_text() for m in maps)
