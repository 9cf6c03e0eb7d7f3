"""The standalone map document: Folium/Leaflet with local assets, fixed ids and no CDNs.

Folium is used for the Leaflet plumbing (GeoJson with per-feature styles,
circle markers, tooltips, tile layer); the page around the map is page.py's, the
legend, text alternative and keyboard access are extras.py's. Its words are the
map's language (`MapData.messages`): the texts are passed to Folium's templates as
values, which escape them.
"""

from __future__ import annotations

import folium
from branca.element import Element, Figure
from folium.utilities import JsCode
from markupsafe import Markup, escape

from generator.maps.data import VALUE, ZERO, MapData, UnitState
from generator.maps.extras import Extras
from generator.maps.legend import LegendKey
from generator.maps.page import CSS, LeafletMap, MapDocument
from generator.maps.palette import (
    BUBBLE_FILL,
    BUBBLE_OUTLINE,
    CITY_OUTLINE,
    CITY_RADIUS,
    DASH,
    OUTLINE,
    ZERO_RADIUS,
    Style,
)
from generator.maps.sizes import bubble_radius
from generator.markup import render
from generator.messages import Messages

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_LINK = Markup('<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>')


def _style_dict(style: Style, fill_opacity: float) -> dict:
    d = {
        "fillColor": style.fill,
        "fillOpacity": fill_opacity,
        "color": OUTLINE,
        "weight": 1,
        "opacity": 1,
    }
    if style.dashed:
        d["dashArray"] = DASH
        d["weight"] = 1.5
    if style.css:
        d["className"] = f"mtm-{style.css}"
    return d


def _bounds(geojson: dict) -> list[list[float]]:
    lons: list[float] = []
    lats: list[float] = []

    def walk(coords: list) -> None:
        if coords and isinstance(coords[0], (int, float)):
            lons.append(float(coords[0]))
            lats.append(float(coords[1]))
        else:
            for c in coords:
                walk(c)

    for feat in geojson["features"]:
        walk(feat["geometry"]["coordinates"])
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _js_template_safe(html: str) -> str:
    """Text for folium.Tooltip, which puts it inside a JavaScript `template literal` in an
    inline <script>: no backtick, `${` or backslash, and no `</` that could end the script
    (`<\\/` is the same string in JavaScript)."""
    return (html.replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")
            .replace("</", "<\\/"))


def _tile_attribution(messages: Messages) -> Markup:
    """The credit the OpenStreetMap tiles require, in the map's language: the translation
    is escaped, the link is ours."""
    # Translators: the credit of a map's OpenStreetMap background; `link` is "OpenStreetMap"
    return Markup(escape(messages.gettext("© %(link)s contributors"))) % {"link": OSM_LINK}


def _legend_html(keys: list[LegendKey], title: str, legend_id: str, messages: Messages) -> str:
    """The legend control (templates/map_legend.html): the keys the page and the static
    image show too (legend.legend_keys)."""
    return str(render("map_legend.html", messages, legend_id=legend_id, title=title, keys=keys,
                      key_width=max([20.0, *(k.size for k in keys)])))


def _unit_mark(marker: folium.CircleMarker, state: UnitState) -> folium.CircleMarker:
    """A circle that marks a unit (a city or a bubble): the document's script (extras.py)
    takes it out of the tab order and outlines it while its unit's shape has focus."""
    marker.options["mtmUnit"] = state.unit.code
    return marker


def _fix_ids(root: Figure, prefix: str) -> None:
    """Replace Folium's random element ids with ids derived from the figure id."""
    n = 0

    def walk(el: Element) -> None:
        nonlocal n
        el._id = f"{prefix}_{n}"
        n += 1
        for child in list(el._children.values()):
            walk(child)

    walk(root)
    for part in (root.header, root.html, root.script):
        walk(part)


def build_document(
    *,
    figure_id: str,
    title: str,
    data: MapData,
    keys: list[LegendKey],
    summary: str,  # the text alternative: the kind's `describe` (generator/kinds/)
    geojson: dict,  # simplified (geometry.py): the live and the static map share shapes
    attribution_html: str,
    tiles: bool,
) -> str:
    prefix = figure_id.replace("-", "_")
    messages = data.messages
    doc = MapDocument(title, messages.lang)
    # Translators: the accessible name of an interactive map; `title` is the figure's title
    fmap = LeafletMap(messages.gettext("Map: %(title)s", title=title), _bounds(geojson), CSS,
                      messages)
    doc.add_child(fmap, name="map")

    if tiles:
        folium.TileLayer(
            tiles=OSM_TILES,
            attr=str(_tile_attribution(messages)),
            name="OpenStreetMap",
            max_zoom=19,
            referrerPolicy="strict-origin-when-cross-origin",
        ).add_to(fmap)

    fill_opacity = 0.85 if tiles else 1.0
    by_code: dict[str, UnitState] = {s.unit.code: s for s in data.states}
    features = []
    for feat in geojson["features"]:
        code = feat["id"]  # the unit's code, whatever property the layer keeps it in
        state = by_code[code]
        features.append({
            "type": "Feature",
            "id": code,
            "properties": {"name": state.name, "tip": state.tooltip_html()},
            "geometry": feat["geometry"],
        })
    styles = {code: _style_dict(s.style, fill_opacity) for code, s in by_code.items()}
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="Boundaries",
        style_function=lambda f: styles[f["id"]],
        highlight_function=lambda f: {"weight": 3, "color": "#000000"},
        on_each_feature=JsCode(
            "function (feature, layer) {"
            " layer.bindTooltip(feature.properties.tip, {sticky: true}); }"
        ),
        attribution=attribution_html,
    ).add_to(fmap)

    # Cities of republican significance are a few pixels wide: mark them.
    for s in data.states:
        if s.unit.kind != "city":
            continue
        if data.kind == "bubble_map" and s.status in (VALUE, ZERO):
            continue  # the bubble marks it
        location = [s.unit.label_lat, s.unit.label_lon]
        # A white halo keeps the marker visible on a polygon of the same colour.
        halo = folium.CircleMarker(location=location, radius=CITY_RADIUS + 2, stroke=False,
                                   fill_color="#FFFFFF", fill_opacity=1.0)
        halo.options["interactive"] = False  # hovering it shows the city's own tooltip
        halo.add_to(fmap)
        opts = {"color": CITY_OUTLINE, "weight": 1.5, "fill_color": s.style.fill,
                "fill_opacity": 1.0}
        if s.style.dashed:
            opts["dash_array"] = "3 2"
        if s.style.css:
            opts["class_name"] = f"mtm-{s.style.css}"
        _unit_mark(folium.CircleMarker(
            location=location,
            radius=CITY_RADIUS,
            tooltip=folium.Tooltip(_js_template_safe(s.tooltip_html())),
            **opts,
        ), s).add_to(fmap)

    if data.kind == "bubble_map":
        top = data.max_value or 1.0
        shown = [s for s in data.states if s.status in (VALUE, ZERO)]
        for s in sorted(shown, key=lambda s: -(s.value or 0)):  # small ones on top
            if s.status == ZERO:
                radius, fill, opacity = ZERO_RADIUS, "#FFFFFF", 1.0
            else:
                radius = bubble_radius(s.value or 0, top)
                fill, opacity = BUBBLE_FILL, 0.8
            _unit_mark(folium.CircleMarker(
                location=[s.unit.label_lat, s.unit.label_lon],
                radius=radius,
                color=BUBBLE_OUTLINE,
                weight=1.5,
                fill_color=fill,
                fill_opacity=opacity,
                tooltip=folium.Tooltip(_js_template_safe(s.tooltip_html())),
            ), s).add_to(fmap)

    legend_id = f"{prefix}-legend"
    fmap.add_child(Extras(summary, _legend_html(keys, data.legend_title, legend_id, messages),
                          legend_id, messages), name="extras")
    _fix_ids(doc, prefix)
    html = doc.render()
    return "\n".join(line.rstrip() for line in html.splitlines() if line.strip()) + "\n"
