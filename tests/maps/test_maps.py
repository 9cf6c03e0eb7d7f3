"""Tests for generator.maps: map data, legend, text alternative and the standalone document."""

from __future__ import annotations

import json
import math
import re
import shutil
from datetime import date
from pathlib import Path

import folium
import pytest

from generator.contract import Column, Figure, RoundMeta, TableSpec
from generator.errors import InputError
from generator.figures import render_map
from generator.geo import load_boundaries
from generator.maps import MapArtifact, vendor_assets
from generator.maps.classes import RAMP, breaks, value_classes
from generator.model import Round, Table

ROOT = Path(__file__).resolve().parents[2]
# The fixture's copy of the layer: tests do not read the real data/.
BOUNDARIES = load_boundaries(ROOT / "tests/fixtures/mini/data/geo/kaz_adm1.geojson", "kaz_adm1")

# A made-up round: seven provinces and three cities assessed.
ASSESSED = ["Abay", "Almaty", "Kostanay", "Kyzylorda", "Mangystau", "North Kazakhstan",
            "Turkestan", "Shymkent city", "Almaty city", "Astana city"]
NOT_ASSESSED = sorted(u.name for u in BOUNDARIES.units.values() if u.name not in ASSESSED)
# Share of international migrant workers (per cent); Abay as a zero for the tests.
WORKERS = {"Kyzylorda": 22, "Almaty city": 22, "Mangystau": 19, "Astana city": 15,
           "Turkestan": 8, "Kostanay": 4, "North Kazakhstan": 4, "Shymkent city": 3,
           "Almaty": 2, "Abay": 0}
RETURNEES = {"Almaty city": 9350, "Turkestan": 5368, "Shymkent city": 1559, "Mangystau": 346,
             "Astana city": 346, "North Kazakhstan": 173, "Kostanay": 173, "Kyzylorda": 0,
             "Abay": 0}
CITIES = ("Almaty city", "Astana city", "Shymkent city")
OSM_COPYRIGHT = "https://www.openstreetmap.org/copyright"


def _spec(name: str, columns: dict[str, Column]) -> TableSpec:
    return TableSpec(file=f"tables/{name}.csv", title=name, source="IOM DTM, a made-up round",
                     columns=columns)


def _table(name: str, columns: dict[str, Column], rows: list[dict]) -> Table:
    return Table(name, _spec(name, columns), Path(f"tables/{name}.csv"), tuple(rows))


PROVINCE = Column(type="province", description="Province")


def _round(tables: list[Table], coverage: bool = True) -> Round:
    meta = RoundMeta(
        id="2030-01-map-test-round", title="A made-up assessment",
        short_title="Map test round", country="KAZ", kind="bma",
        data_collection={"start": date(2024, 2, 1), "end": date(2024, 4, 30)},
        published=date(2024, 6, 1), citation="IOM (2024)", terms_url="https://example.org/t",
        disclaimer="d", map_disclaimer="m",
        source_report={"title": "r", "file": "r.pdf", "published": date(2024, 6, 1)},
        coverage_table="coverage" if coverage else None,
        sections=[{"id": "s", "title": "S", "narrative": "narrative/s.md"}],
    )
    cov = _table("coverage", {"province": PROVINCE}, [{"province": p} for p in ASSESSED])
    return Round(meta, ROOT, {t.name: t for t in [cov, *tables]}, {}, BOUNDARIES)


def _workers(extra: dict[str, object] | None = None, note: dict[str, str] | None = None):
    values = {**WORKERS, **(extra or {})}
    cols = {"province": PROVINCE,
            "share": Column(type="percent", description="Share of migrant workers",
                            required=False),
            "note": Column(type="text", description="Note", required=False)}
    rows = [{"province": p, "share": v, "note": (note or {}).get(p)} for p, v in values.items()]
    return _table("workers", cols, rows)


def _returns():
    cols = {"province": PROVINCE,
            "returnees": Column(type="integer", description="Returned migrants", required=False)}
    return _table("returns", cols, [{"province": p, "returnees": v} for p, v in RETURNEES.items()])


CHORO = Figure(id="workers-map", kind="choropleth", table="workers", province="province",
               value="share", title="International migrant workers by province",
               legend_title="Share of migrant workers")
BUBBLE = Figure(id="returns-map", kind="bubble_map", table="returns", province="province",
                value="returnees", title="Return migrants by province")
COVERAGE = Figure(id="coverage-map", kind="coverage_map", table="coverage", province="province",
                  title="Assessed provinces")


def _render(fig: Figure, rnd: Round, **kw) -> MapArtifact:
    return render_map(fig, rnd.tables[fig.table], rnd, **kw)


@pytest.fixture(scope="module")
def rnd() -> Round:
    return _round([_workers(), _returns()])


@pytest.fixture(scope="module")
def choro(rnd: Round) -> MapArtifact:
    return _render(CHORO, rnd)


# -- helpers reading the rendered document ---------------------------------------------------

def features(html: str) -> dict[str, dict]:
    """The GeoJSON features embedded in the map, by ISO code."""
    found = re.findall(r'_add\((\{"features".*\})\);', html)
    assert len(found) == 1, "the boundary GeoJSON should be embedded exactly once"
    return {f["id"]: f for f in json.loads(found[0])["features"]}


def styles(html: str) -> dict[str, dict]:
    """The style of each feature, read from folium's styler switch."""
    body = html[html.index("_styler(feature)"):html.index("_highlighter(feature)")]
    out: dict[str, dict] = {}
    for cases, style in re.findall(r'((?:case "[^"]+":\s*)+)return (\{.*?\});', body):
        for code in re.findall(r'case "([^"]+)"', cases):
            out[code] = json.loads(style)
    default = json.loads(re.search(r"default:\s*return (\{.*?\});", body).group(1))
    return {code: out.get(code, default) for code in BOUNDARIES.units}


def circle_markers(html: str) -> list[dict]:
    """Each L.circleMarker: location, options and tooltip text (None if it has none)."""
    out = []
    pattern = (r"var (\w+) = L\.circleMarker\(\s*(\[[^\]]*\]),\s*(\{.*?\})\s*\)\.addTo")
    for name, loc, opts in re.findall(pattern, html, flags=re.S):
        tip = re.search(re.escape(name) + r"\.bindTooltip\(\s*`(.*?)`", html, flags=re.S)
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", tip.group(1))).strip() if tip else None
        out.append({"location": json.loads(loc), "options": json.loads(opts), "tooltip": text})
    return out


def tip_text(feature: dict) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", feature["properties"]["tip"])).strip()


def legend_block(html: str) -> str:
    m = re.search(r'<details class="mtm-legend".*?</details>', html, flags=re.S)
    assert m, "the legend is plain HTML inside the map document"
    return m.group(0)


# -- map data -------------------------------------------------------------------------------

def test_every_assessed_unit_is_in_the_map_with_its_value(choro: MapArtifact):
    rows = {r["name"]: r for r in choro.rows}
    assert len(rows) == len(BOUNDARIES.units) == 20
    feats = features(choro.html)
    for name, value in WORKERS.items():
        unit = BOUNDARIES.resolve(name)
        assert rows[name]["code"] == unit.code
        assert rows[name]["value"] == value
        assert rows[name]["status"] == ("zero" if value == 0 else "value")
        assert f"{value}%" in tip_text(feats[unit.code])
        assert name in tip_text(feats[unit.code])
    assert rows["Kyzylorda"]["text"] == "22%"


def test_not_assessed_is_labelled_and_drawn_unlike_zero(choro: MapArtifact):
    rows = {r["name"]: r for r in choro.rows}
    assert {n for n, r in rows.items() if r["status"] == "not assessed"} == set(NOT_ASSESSED)
    feats, style = features(choro.html), styles(choro.html)
    akmola, abay = BOUNDARIES.resolve("Akmola").code, BOUNDARIES.resolve("Abay").code
    assert "Not assessed" in tip_text(feats[akmola])
    assert "0%" in tip_text(feats[abay])
    # Not assessed: grey, hatched, dashed outline. Zero: white, solid outline.
    assert style[akmola]["dashArray"] and style[akmola]["className"] == "mtm-na"
    assert "dashArray" not in style[abay] and "className" not in style[abay]
    assert style[akmola]["fillColor"] != style[abay]["fillColor"]
    assert style[abay]["fillColor"] == "#FFFFFF"
    labels = [k[0] for k in choro.legend]
    assert "Not assessed" in labels and "0%" in labels
    legend = legend_block(choro.html)
    assert "Not assessed" in legend and "0%" in legend
    assert "mtm-sw mtm-sw--hatch" in legend


def test_assessed_without_a_figure_is_its_own_class():
    note = "counted with Turkestan and Almaty city (1% together)"
    rnd = _round([_workers({"Shymkent city": None}, note={"Shymkent city": note})])
    art = _render(CHORO, rnd)
    row = next(r for r in art.rows if r["name"] == "Shymkent city")
    assert row["status"] == "no figure" and row["value"] is None
    assert note in row["text"] and row["note"] == note
    assert ("Assessed, no separate figure", "#FFFFFF", "dots", 0.0) in art.legend
    assert f"Assessed, no separate figure: Shymkent city ({note})." in art.summary
    code = BOUNDARIES.resolve("Shymkent city").code
    assert styles(art.html)[code]["className"] == "mtm-nofig"
    assert note in tip_text(features(art.html)[code])


def test_assessed_unit_missing_from_the_table_has_no_separate_figure():
    rnd = _round([_table("workers", _workers().spec.columns,
                         [{"province": "Kyzylorda", "share": 22, "note": None}])])
    rows = {r["name"]: r["status"] for r in _render(CHORO, rnd).rows}
    assert rows["Kyzylorda"] == "value"
    assert rows["Mangystau"] == "no figure"
    assert rows["Akmola"] == "not assessed"


def test_without_declared_coverage_other_units_have_no_data():
    art = _render(CHORO, _round([_workers()], coverage=False))
    statuses = {r["name"]: r["status"] for r in art.rows}
    assert statuses["Akmola"] == "no data"
    assert "not assessed" not in statuses.values()
    labels = [k[0] for k in art.legend]
    assert "No data" in labels and "Not assessed" not in labels
    assert "No data: Akmola, Aktobe" in art.summary


def test_class_breaks_are_round_and_read_well():
    values = [v for v in WORKERS.values() if v]
    assert breaks(values) == [5, 10, 20]
    classes = value_classes(values, "percent")
    assert [c.label for c in classes] == ["1–4%", "5–9%", "10–19%", "20%+"]
    assert classes[-1].fill == "#0033A0"
    assert [RAMP.index(c.fill) for c in classes] == sorted(RAMP.index(c.fill) for c in classes)
    counts = value_classes([173, 346, 1559, 5368, 9350], "count")
    assert counts[0].label.startswith("1–") and "," in counts[-1].label
    assert breaks([7, 7, 7]) == []  # one value: one class


def test_legend_lists_classes_then_statuses(choro: MapArtifact):
    assert [tuple(k[:3]) for k in choro.legend] == [
        ("1–4%", "#C6DCF4", "box"), ("5–9%", "#8DBBEB", "box"), ("10–19%", "#1A5CBF", "box"),
        ("20%+", "#0033A0", "box"), ("0%", "#FFFFFF", "box"), ("Not assessed", "#E6E6E6", "hatch"),
    ]
    assert "<summary>Share of migrant workers</summary>" in choro.html
    style = styles(choro.html)
    assert style[BOUNDARIES.resolve("Kyzylorda").code]["fillColor"] == "#0033A0"
    assert style[BOUNDARIES.resolve("Turkestan").code]["fillColor"] == "#8DBBEB"


def test_summary_is_generated_from_the_data(choro: MapArtifact):
    assert choro.summary.startswith("Kyzylorda 22%, Almaty city 22%, Mangystau 19%")
    assert "Abay 0%." in choro.summary
    assert choro.summary.endswith("Not assessed: " + ", ".join(NOT_ASSESSED) + ".")
    # The document carries it too, as the map region's description.
    assert f'-desc">{choro.summary}</p>' in choro.html


def test_three_cities_get_visible_markers_styled_by_class(choro: MapArtifact):
    markers = [m for m in circle_markers(choro.html) if m["tooltip"]]
    by_name = {m["tooltip"].split(" ")[0] + " city": m for m in markers}
    assert set(by_name) == set(CITIES)
    style = styles(choro.html)
    for city in CITIES:
        unit = BOUNDARIES.resolve(city)
        m = by_name[city]
        assert m["location"] == [unit.label_lat, unit.label_lon]
        assert m["options"]["fillColor"] == style[unit.code]["fillColor"]
        assert f"{WORKERS[city]}%" in m["tooltip"]
    halos = [m for m in circle_markers(choro.html) if m["tooltip"] is None]
    assert len(halos) == 3 and all(h["options"]["interactive"] is False for h in halos)


def test_bubble_area_is_proportional_to_value(rnd: Round):
    art = _render(BUBBLE, rnd)
    bubbles = {m["tooltip"]: m["options"] for m in circle_markers(art.html)
               if m["options"]["fillColor"] == "#418FDE"}
    r_almaty = bubbles["Almaty city 9,350"]["radius"]
    r_turkestan = bubbles["Turkestan 5,368"]["radius"]
    assert math.isclose((r_almaty / r_turkestan) ** 2, 9350 / 5368, rel_tol=0.01)
    assert all(o["color"] == "#002A80" for o in bubbles.values())
    zeros = [m for m in circle_markers(art.html) if m["tooltip"]
             and m["options"]["fillColor"] == "#FFFFFF" and m["options"]["radius"] == 3]
    assert {z["tooltip"].split(" ")[0] for z in zeros} == {"Kyzylorda", "Abay"}
    keys = {k[0]: k for k in art.legend}
    assert [k[0] for k in art.legend][:3] == ["5,000", "1,000", "200"]
    # Legend circles are drawn at the size the map draws those values.
    assert math.isclose(keys["5,000"][3] / 2, 22 * math.sqrt(5000 / 9350), abs_tol=0.02)
    assert keys["5,000"][2] == "bubble" and keys["0"][2:] == ("ring", 6.0)
    assert keys["Not assessed"][2] == "hatch"
    # Bubbles are drawn after (over) the boundaries.
    assert art.html.index("L.geoJson(") < art.html.index("L.circleMarker(")
    assert {r["name"]: r["status"] for r in art.rows}["Almaty"] == "no figure"


def test_coverage_map(rnd: Round):
    art = _render(COVERAGE, rnd)
    statuses = {r["name"]: r["status"] for r in art.rows}
    assert {n for n, s in statuses.items() if s == "assessed"} == set(ASSESSED)
    assert {n for n, s in statuses.items() if s == "not assessed"} == set(NOT_ASSESSED)
    assert [k[0] for k in art.legend] == ["Assessed", "Not assessed"]
    assert art.summary.startswith("Assessed (10 of 20 units): Abay, Almaty, Kostanay")
    style = styles(art.html)
    assert style[BOUNDARIES.resolve("Akmola").code]["className"] == "mtm-na"
    assert style[BOUNDARIES.resolve("Abay").code]["fillColor"] == "#418FDE"


def test_count_values_get_thousands_separators(rnd: Round):
    art = _render(BUBBLE, rnd)
    assert "Almaty city 9,350" in art.summary
    assert "9,350" in tip_text(features(art.html)[BOUNDARIES.resolve("Almaty city").code])


# -- the document ---------------------------------------------------------------------------

def test_no_external_requests(choro: MapArtifact):
    html = choro.html
    assert not re.search(r"<script[^>]+src=[\"']?(https?:)?//", html)
    assert not re.search(r"<link[^>]+href=[\"']?(https?:)?//", html)
    assert re.findall(r"<script[^>]+src=\"([^\"]+)\"", html) == ["../vendor/leaflet/leaflet.js"]
    assert re.findall(r"<link[^>]+href=\"([^\"]+)\"", html) == ["../vendor/leaflet/leaflet.css"]
    # The only absolute URL is the OSM copyright link of the attribution.
    assert set(re.findall(r"https?://[^\s\"'\\<>)]+", html)) == {OSM_COPYRIGHT}
    for lib in ("jquery", "bootstrap", "font-awesome", "fontawesome", "awesome-markers", "d3"):
        assert lib not in html.lower()
    assert "bindPopup" not in html and "$(" not in html


def test_boundary_attribution_is_in_the_attribution_control(choro: MapArtifact, rnd: Round):
    found = re.search(r'"attribution": ("(?:[^"\\]|\\.)*")', choro.html)
    assert found, "the boundary layer carries a Leaflet attribution"
    assert json.loads(found.group(1)) == rnd.boundaries.attribution_html


def test_document_is_accessible(choro: MapArtifact):
    html = choro.html
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert "<title>International migrant workers by province</title>" in html
    assert re.search(r'<div class="mtm-map" id="\w+" role="region"\s+'
                     r'aria-label="Map: International migrant workers by province"', html)
    viewports = re.findall(r'<meta name="viewport" content="([^"]+)"', html)
    assert viewports == ["width=device-width, initial-scale=1"]
    assert "user-scalable" not in html and "maximum-scale" not in html
    assert '"scrollWheelZoom": false' in html


def test_rendering_is_deterministic(rnd: Round):
    first, second = _render(CHORO, rnd), _render(CHORO, rnd)
    assert first.html == second.html
    assert first == second
    assert not re.search(r"[0-9a-f]{32}", first.html), "folium's random ids must be replaced"
    assert "map_workers_map_" in first.html


def test_geometry_is_embedded_once(choro: MapArtifact):
    size = (ROOT / "data" / "geo" / "kaz_adm1.geojson").stat().st_size
    assert len(choro.html.encode()) < 1.5 * size
    assert choro.html.count('"id": "KZ-43"') == 1


def test_maps_do_not_share_folium_config(rnd: Round):
    class_js = list(folium.Map.default_js)
    with_tiles = _render(CHORO, rnd, tiles=True)
    without = _render(BUBBLE, rnd)
    assert "L.tileLayer(" in with_tiles.html
    assert "L.tileLayer(" not in without.html
    assert folium.Map.default_js == class_js  # folium's class-level list is untouched
    plain = folium.Map(tiles=None).get_root().render()
    assert "cdn.jsdelivr.net/npm/leaflet" in plain
    assert "../vendor/leaflet" not in plain


def test_tiles_are_opt_in_with_attribution(rnd: Round):
    default = _render(CHORO, rnd)
    assert "tile.openstreetmap.org" not in default.html
    html = _render(CHORO, rnd, tiles=True).html
    assert "L.tileLayer(" in html
    assert '"https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    assert '"referrerPolicy": "strict-origin-when-cross-origin"' in html
    tile_attr = re.search(r"L\.tileLayer\(.*?\"attribution\": (\"(?:[^\"\\]|\\.)*\")",
                          html, flags=re.S)
    assert tile_attr and OSM_COPYRIGHT in json.loads(tile_attr.group(1))
    assert html.index("L.tileLayer(") < html.index("L.geoJson(")  # tiles under the data


def test_text_from_data_is_escaped():
    note = "see `table 3` <script>alert(1)</script> ${x}"
    rnd = _round([_workers({"Almaty city": None}, note={"Almaty city": note})])
    html = _render(CHORO, rnd).html
    assert "<script>alert" not in html
    # City tooltips go through folium.Tooltip, a JavaScript template literal.
    literals = re.findall(r"bindTooltip\(\s*`(.*?)`", html, flags=re.S)
    city = next(t for t in literals if "Almaty city" in t)
    assert "&#96;table 3&#96;" in city and "&lt;script&gt;" in city and "&#36;{x}" in city
    assert not any("${" in t or "`" in t for t in literals)
    feat = features(html)[BOUNDARIES.resolve("Almaty city").code]
    assert "&lt;script&gt;" in feat["properties"]["tip"]


def test_bad_map_data_is_an_input_error():
    dup = _workers()
    dup = Table(dup.name, dup.spec, dup.path,
                (*dup.rows, {"province": "Kyzylorda", "share": 5, "note": None}))
    with pytest.raises(InputError, match="Kyzylorda appears in more than one row"):
        _render(CHORO, _round([dup]))
    with pytest.raises(ValueError, match="not a map"):
        render_map(Figure(id="t", kind="table", table="workers", title="t"), _workers(),
                   _round([_workers()]))


def test_vendor_assets_ship_leaflet():
    assets = vendor_assets()
    assert assets["leaflet/leaflet.js"].startswith(b"/* @preserve\n * Leaflet 1.9.3")
    css = assets["leaflet/leaflet.css"].decode()
    assert ".leaflet-container" in css
    for ref in re.findall(r"url\((images/[^)]+)\)", css):
        assert f"leaflet/{ref}" in assets, f"leaflet.css refers to {ref}"
        assert assets[f"leaflet/{ref}"].startswith(b"\x89PNG")
    assert b"BSD 2-Clause" in assets["leaflet/LICENSE.txt"]


# -- in a browser ---------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.browser
def test_map_works_offline_in_chromium(tmp_path: Path, rnd: Round, choro: MapArtifact):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium")
    (tmp_path / "assets" / "maps").mkdir(parents=True)
    page_file = tmp_path / "assets" / "maps" / "workers-map.html"
    page_file.write_text(choro.html, encoding="utf-8")
    for rel, data in vendor_assets().items():
        target = tmp_path / "assets" / "vendor" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=args)
        try:
            page = browser.new_page(viewport={"width": 900, "height": 600})
            requests: list[str] = []
            errors: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(page_file.as_uri())
            page.wait_for_selector("path.leaflet-interactive")
            assert errors == []
            assert all(u.startswith("file://") for u in requests), requests
            assert len(requests) == 3  # the page, leaflet.js, leaflet.css

            attribution = page.inner_text(".leaflet-control-attribution")
            assert "OpenStreetMap contributors" in attribution and "ODbL" in attribution
            assert page.locator(".leaflet-bottom.leaflet-right .mtm-legend").count() == 1
            fills = page.eval_on_selector_all(
                "path.mtm-na", "els => els.map(e => getComputedStyle(e).fill)")
            assert len(fills) == 10 and all("mtm-hatch" in f for f in fills)
            labels = page.eval_on_selector_all(
                "path.leaflet-interactive", "els => els.map(e => e.getAttribute('aria-label'))")
            assert "Kyzylorda: 22%" in labels and "Akmola: Not assessed" in labels

            # Keyboard: shapes show their tooltip on focus, and Tab leads out of the map.
            stops = []
            for _ in range(40):
                page.keyboard.press("Tab")
                stops.append(page.evaluate(
                    "() => { const a = document.activeElement;"
                    " return (a.getAttribute('aria-label') || a.textContent || a.tagName)"
                    ".trim().slice(0, 40); }"))
                if stops[-1] == "Abay: 0%":
                    tip = page.inner_text(".leaflet-tooltip-pane > .leaflet-tooltip:last-child")
                    assert tip.split() == ["Abay", "0%"]
            assert "Abay: 0%" in stops
            assert "Zoom in" in stops and "OpenStreetMap" in stops

            # The country is not hidden under the legend.
            legend = page.locator(".mtm-legend").bounding_box()
            shapes = page.eval_on_selector_all(
                "path.leaflet-interactive",
                "els => { const r = els.map(e => e.getBoundingClientRect());"
                " return {right: Math.max(...r.map(b => b.right)),"
                " bottom: Math.max(...r.map(b => b.bottom))}; }")
            assert legend
            assert shapes["right"] <= legend["x"] + 1 or shapes["bottom"] <= legend["y"] + 1
        finally:
            browser.close()
    shutil.rmtree(tmp_path / "assets")
