"""The static map (maps/static.py), the shared simplification (maps/geometry.py), the one
legend model and class groups: pure functions on the fixture's layer, no browser."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from generator.contract import Column, Figure
from generator.kinds import get as kind
from generator.maps import MapArtifact, geometry
from generator.maps.classes import RAMP
from tests.maps.test_maps import (
    BOUNDARIES,
    BUBBLE,
    CHORO,
    COVERAGE,
    NOT_ASSESSED,
    PROVINCE,
    _render,
    _returns,
    _round,
    _table,
    _workers,
    circle_markers,
    legend_block,
    styles,
)

SVG = "{http://www.w3.org/2000/svg}"


def _svg(art: MapArtifact) -> ET.Element:
    return ET.fromstring(art.svg)


# -- geometry -------------------------------------------------------------------------------

def test_simplification_keeps_shared_borders_identical():
    """A point kept on a border two units share is kept in both: no slivers or gaps."""
    layer = BOUNDARIES.geojson
    proj = geometry.projection(layer)
    shapes = geometry.simplify(layer, proj)
    original: dict[tuple[float, float], set[str]] = {}
    for feat in layer["features"]:
        geom = feat["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        for poly in polys:
            for ring in poly:
                for p in ring:
                    original.setdefault((round(p[0], 2), round(p[1], 2)), set()).add(feat["id"])
    kept = {code: {p for poly in s.lonlat for ring in poly for p in ring}
            for code, s in shapes.items()}
    shared = 0
    for code, points in kept.items():
        for p in points:
            for other in original.get(p, set()) - {code}:
                shared += 1
                assert p in kept[other], (code, other, p)
    assert shared > 100
    before = sum(len(r) for f in layer["features"] for poly in
                 ([f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Polygon"
                  else f["geometry"]["coordinates"]) for r in poly)
    after = sum(len(r) for s in shapes.values() for poly in s.lonlat for r in poly)
    assert after < before / 3
    assert all(s.px for s in shapes.values())  # every unit, cities included, keeps a shape


def test_projection_fits_the_width_and_keeps_the_shape():
    proj = geometry.projection(BOUNDARIES.geojson)
    west, south, east, north = geometry.bounds(BOUNDARIES.geojson)
    assert proj(west, north) == (0.0, 0.0)
    x, y = proj(east, south)
    assert math.isclose(x, geometry.WIDTH) and math.isclose(y, proj.height, abs_tol=0.1)
    # Longitudes shrink by cos(latitude): Kazakhstan is about twice as wide as tall.
    assert 1.5 < proj.width / proj.height < 2.2


# -- the static image -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def rnd():
    return _round([_workers(), _returns()])


@pytest.fixture(scope="module")
def arts(rnd) -> dict[str, MapArtifact]:
    return {f.id: _render(f, rnd) for f in (CHORO, BUBBLE, COVERAGE)}


def test_static_svg_is_an_accessible_image(arts):
    for art in arts.values():
        root = _svg(art)
        assert root.get("role") == "img"
        ids = root.get("aria-labelledby").split()
        found = {el.get("id"): el for el in root.iter() if el.get("id")}
        assert found[ids[0]].tag == f"{SVG}title" and found[ids[0]].text.startswith("Map: ")
        assert found[ids[1]].tag == f"{SVG}desc" and found[ids[1]].text == art.summary
        assert root.get("viewBox").startswith("0 0 ")


def test_static_svg_is_deterministic(rnd, arts):
    for fig in (CHORO, BUBBLE, COVERAGE):
        assert _render(fig, rnd).svg == arts[fig.id].svg


def test_static_svg_fills_match_the_live_map(arts):
    art = arts[CHORO.id]
    live = styles(art.html)
    paths = {p.find(f"{SVG}title").text.split(":")[0]: p for p in _svg(art).iter(f"{SVG}path")}
    assert len(paths) == len(BOUNDARIES.units)
    for code, unit in BOUNDARIES.units.items():
        fill = paths[unit.name].get("fill")
        if live[code].get("className") == "mtm-na":
            assert fill == f"url(#{CHORO.id}-hatch)" and paths[unit.name].get("stroke-dasharray")
        else:
            assert fill == live[code]["fillColor"], unit.name
    assert {n for n, p in paths.items() if "hatch" in p.get("fill")} == set(NOT_ASSESSED)


def test_static_bubbles_have_the_live_sizes(arts):
    art = arts[BUBBLE.id]
    live = {m["tooltip"]: m["options"]["radius"] for m in circle_markers(art.html)
            if m["options"]["color"] == "#002A80"}
    static = {c.find(f"{SVG}title").text.replace(":", ""): float(c.get("r"))
              for c in _svg(art).iter(f"{SVG}circle") if c.find(f"{SVG}title") is not None}
    assert live and all(math.isclose(static[t], r, abs_tol=0.01) for t, r in live.items())


def test_one_legend_for_live_map_page_and_static_image(arts):
    for art in arts.values():
        labels = [k[0] for k in art.legend]
        in_map = re.findall(r"<li>.*?<span>([^<]*)</span></li>", legend_block(art.html))
        assert in_map == labels
        texts = [t.text for t in _svg(art).iter(f"{SVG}text")]
        assert texts[1:1 + len(labels)] == labels  # after the legend title
    bubble = arts[BUBBLE.id]
    circles = [float(c.get("r")) for c in _svg(bubble).iter(f"{SVG}circle")
               if c.find(f"{SVG}title") is None and c.get("fill") != "#FFFFFF"]
    sizes = [k[3] for k in bubble.legend if k[2] == "bubble"]
    assert circles[-len(sizes):] == [s / 2 for s in sizes]
    block = legend_block(bubble.html)
    for size in sizes:
        assert f"width:{size}px;height:{size}px" in block
    assert "mtm-sw--hatch" in block


def test_static_svg_escapes_every_text(rnd):
    bad = '<script>alert(1)</script> & "q"'
    fig = CHORO.model_copy(update={"title": bad, "legend_title": bad})
    art = _render(fig, rnd)
    assert "<script>" not in art.svg
    root = _svg(art)  # still well-formed XML
    assert root.find(f"{SVG}title").text == f"Map: {bad}"


# -- class groups ---------------------------------------------------------------------------

def test_maps_in_a_class_group_share_their_classes():
    low = _table("low", _workers().spec.columns,
                 [{"province": p, "share": v, "note": None}
                  for p, v in {"Kyzylorda": 2, "Mangystau": 3, "Abay": 1}.items()])
    section_figs = [
        CHORO.model_copy(update={"class_group": "mobility"}),
        CHORO.model_copy(update={"id": "low-map", "table": "low", "class_group": "mobility"}),
    ]
    rnd = _round([_workers(), low])
    rnd.meta.sections[0].figures.extend(section_figs)  # a round of its own, made here
    a, b = (_render(f, rnd) for f in section_figs)
    def classes(art: MapArtifact) -> list:
        return [k for k in art.legend if k[1] in RAMP]

    assert len(classes(a)) >= 3 and classes(a) == classes(b)
    alone = _render(section_figs[1].model_copy(update={"class_group": None}), rnd)
    assert classes(alone) != classes(b)


def test_class_group_is_checked_by_the_map_kinds():
    spec = _workers().spec
    rows = [{"province": "Kyzylorda", "share": 2}]
    bad_name = CHORO.model_copy(update={"class_group": "Internal Mobility"})
    assert [f for _, f, _ in kind("choropleth").validate(bad_name, spec, rows, (2,))] == [
        "class_group"]
    ok = CHORO.model_copy(update={"class_group": "internal-mobility"})
    assert kind("choropleth").validate(ok, spec, rows, (2,)) == []
    cols = {"province": PROVINCE, "n": Column(type="integer", description="n")}
    bubble = Figure(id="b", kind="bubble_map", table="t", province="province", value="n",
                    title="t", class_group="internal-mobility")
    problems = kind("bubble_map").validate(bubble, _table("t", cols, []).spec, [], ())
    assert problems and problems[0][1] == "class_group" and "choropleth" in problems[0][2]

