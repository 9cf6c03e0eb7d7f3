"""The real generator and a real `mkdocs build --strict` of the mini fixture, page by page.

The fixture (tests/fixtures/mini) has one country with two published rounds: NEWER (the
latest: overview, returns, trends) and OLDER (overview, reasons).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import COUNTRY, NEWER, OLDER, build_site

PAGES = {NEWER: ["", "returns", "trends", "data"], OLDER: ["", "reasons", "data"]}
CITATION = {
    NEWER: "International Organization for Migration (IOM), January 2030. Mini Mobility "
           "Assessment. IOM, Testland.",
    OLDER: "International Organization for Migration (IOM), July 2029. Mini Mobility "
           "Assessment. IOM, Testland.",
}


def page(out: Path, rnd: str, rel: str = "") -> str:
    return (out / COUNTRY / rnd / rel / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("rnd", "section"), [(r, s) for r, ss in PAGES.items() for s in ss])
def test_every_section_page_exists_with_citation_and_disclaimer(built_site, rnd, section):
    html = page(built_site["out"], rnd, section)
    assert CITATION[rnd] in html
    assert "Disclaimer:" in html


@pytest.mark.parametrize(
    ("rnd", "section", "figures"),
    [
        (NEWER, "", ["1,200", "Provinces assessed"]),
        (NEWER, "returns", ["720", "60%", "Russian Federation"]),
        (OLDER, "", ["950"]),
        (OLDER, "reasons", ["3.1", "\u22127%", "61.0", "2,113"]),
    ],
)
def test_pages_show_the_fixtures_figures(built_site, rnd, section, figures):
    html = page(built_site["out"], rnd, section)
    for figure in figures:
        assert figure in html, (rnd, section, figure)


def test_narrative_values_are_filled_in(built_site):
    html = page(built_site["out"], NEWER)
    assert "This made-up round counted 1,200 return migrants in 3 provinces." in html
    older = page(built_site["out"], OLDER, "reasons")
    assert "Returns changed by \u22127% in the last year." in older
    assert "The Russian Federation sent 61.0 million USD." in older
    assert "{{" not in older and "mtm-figure:" not in older


@pytest.mark.parametrize(("rnd", "section", "count"), [(NEWER, "returns", 1),
                                                      (OLDER, "reasons", 4)])
def test_charts_have_static_fallback_table_and_csv(built_site, rnd, section, count):
    html = page(built_site["out"], rnd, section)
    out = built_site["out"] / COUNTRY / rnd
    charts = re.findall(r'data-spec="\.\./(assets/charts/[\w-]+\.vl\.json)"', html)
    assert len(charts) == count
    for spec in charts:
        assert (out / spec).is_file()
        assert (out / spec.replace(".vl.json", ".svg")).is_file()
    assert html.count('class="mtm-chart__static"') == len(charts)
    assert "<details" in html and "Download the data (CSV" in html
    csvs = re.findall(r'href="\.\./(assets/data/[\w-]+\.csv)"', html)
    assert csvs
    for csv in csvs:
        assert (out / csv).is_file()


def test_maps_are_iframes_with_attribution_and_disclaimer(built_site):
    out = built_site["out"] / COUNTRY / NEWER
    for section in ["", "returns"]:
        html = page(built_site["out"], NEWER, section)
        frames = re.findall(r'<iframe class="mtm-map__frame" data-src="(?:\.\./)?(assets/maps/'
                            r'[\w-]+\.html)"', html)
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
    pages = list(out.rglob("*.html"))
    assert len(pages) > 10
    for html in pages:
        text = html.read_text(encoding="utf-8")
        assert not pattern.search(text), html
    css = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.css"))
    assert css and "fonts.googleapis" not in css and "@import url(http" not in css


def test_country_versions_and_redirects(built_site):
    base = built_site["out"] / COUNTRY
    versions = json.loads((base / "versions.json").read_text())
    assert versions[0]["aliases"] == ["latest"]
    ids = [v["version"] for v in versions]
    assert ids == sorted(ids, reverse=True)
    newest = ids[0]
    assert newest == NEWER
    assert f"url={newest}/" in (base / "index.html").read_text()
    assert f"url=../../{COUNTRY}/{newest}/\"" in (base / "latest/index.html").read_text()
    assert f"url=../../../{COUNTRY}/{newest}/returns/\"" in \
        (base / "latest/returns/index.html").read_text()
    # latest/ mirrors every page of the newest round, trends and data included.
    for section in PAGES[NEWER]:
        assert (base / "latest" / section / "index.html").is_file(), section


def test_landing_page_lists_the_country_with_its_latest_round(built_site):
    out = built_site["out"]
    html = (out / "index.html").read_text()
    assert f'id="{COUNTRY}"' in html and "Kazakhstan" in html
    assert f'href="{COUNTRY}/{NEWER}/"' in html and "Mini Round (January 2030)" in html
    assert "<strong>1,200</strong> Return migrants" in html
    assert "1 earlier round in its version selector" in html
    assert "Mini Round (July 2029)" not in html
    assert (out / ".nojekyll").is_file()


def test_old_single_country_urls_redirect_into_the_country(built_site):
    out = built_site["out"]
    for rnd, sections in PAGES.items():
        for section in sections:
            target = "../" * (2 if section else 1) + f"{COUNTRY}/{rnd}/" + \
                (f"{section}/" if section else "")
            html = (out / rnd / section / "index.html").read_text()
            assert f'url={target}"' in html, (rnd, section)
    assert f'url=../{COUNTRY}/{NEWER}/"' in (out / "latest/index.html").read_text()
    assert f'url=../../{COUNTRY}/{NEWER}/returns/"' in \
        (out / "latest/returns/index.html").read_text()


def test_build_is_deterministic(built_site, tmp_path):
    out = build_site(built_site["project"], built_site["url"], tmp_path / "again",
                     tmp_path / "w")
    first = built_site["out"]
    compared = 0
    for f in sorted(first.rglob("*")):
        if f.is_file() and f.suffix in {".html", ".json", ".svg", ".csv", ".js", ".md", ".pdf"}:
            assert f.read_bytes() == (out / f.relative_to(first)).read_bytes(), f
            compared += 1
    assert compared > 50


def test_older_round_is_built_with_its_own_sections(built_site):
    out = built_site["out"] / COUNTRY / OLDER
    for section in PAGES[OLDER]:
        assert (out / section / "index.html").is_file(), section
    assert not (out / "returns").exists()
    html = page(built_site["out"], OLDER, "reasons")
    assert "Importance of reasons for return (0-5)" in html and "1.3" in html
    assert CITATION[OLDER] in html


def test_older_round_names_the_newer_one(built_site):
    for section in PAGES[OLDER]:
        old = page(built_site["out"], OLDER, section)
        assert "You are reading an earlier round: Mini Round (July 2029)." in old, section
        # The newest round's same section when it has one ("data"), else its home page.
        same = "data/" if section == "data" else ""
        title = "Mini Round (January 2030)" + (", Data and sources" if same else "")
        assert re.search(rf'href="(\./)?(\.\./)+{NEWER}/{same}">{re.escape(title)}</a>',
                         old), section
    new = page(built_site["out"], NEWER)
    assert "You are reading an earlier round" not in new


def test_latest_round_compares_shared_indicators_with_caveats(built_site):
    html = page(built_site["out"], NEWER, "trends")
    assert "950" in html and "1,200" in html
    assert "Read comparisons with care" in html
    assert "Mini Round (July 2029)" in html and "Mini Round (January 2030)" in html
    assert "Present at the time of data collection (mid 2029)" in html
    assert (built_site["out"] / COUNTRY / NEWER / "assets/charts/trend-return-migrants.svg"
            ).is_file()
    assert "Trends across rounds" in page(built_site["out"], NEWER)  # in the nav
    assert not (built_site["out"] / COUNTRY / OLDER / "trends").exists()
    assert "Trends across rounds" not in page(built_site["out"], OLDER)


def test_versions_json_lists_rounds_newest_first(built_site):
    versions = json.loads((built_site["out"] / COUNTRY / "versions.json").read_text())
    assert [v["version"] for v in versions] == [NEWER, OLDER]
    assert versions[0]["aliases"] == ["latest"] and versions[1]["aliases"] == []
    assert [v["title"] for v in versions] == ["Mini Round (January 2030)",
                                              "Mini Round (July 2029)"]


def test_maps_have_no_basemap_unless_asked(built_site):
    maps = list((built_site["out"] / COUNTRY / NEWER / "assets/maps").glob("*.html"))
    assert len(maps) == 2
    assert not any("tile.openstreetmap.org" in m.read_text() for m in maps)
