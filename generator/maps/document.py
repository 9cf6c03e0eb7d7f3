"""The standalone map document: Folium/Leaflet with local assets, fixed ids and no CDNs.

Folium is used for the Leaflet plumbing (GeoJson with per-feature styles,
circle markers, tooltips, tile layer). Its page template is replaced so the
document has `lang`, a title, an unrestricted viewport, no jQuery/Bootstrap/
Font Awesome, and only relative links to `../vendor/leaflet/`. Its words are the
map's language (`MapData.messages`): the texts are passed to Folium's templates as
values, which escape them.
"""

from __future__ import annotations

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template
from folium.utilities import JsCode
from markupsafe import Markup, escape

from generator.maps.classes import (
    BUBBLE_FILL,
    BUBBLE_OUTLINE,
    CITY_OUTLINE,
    CITY_RADIUS,
    DASH,
    HATCH,
    NO_FIGURE_FILL,
    NOT_ASSESSED_FILL,
    OUTLINE,
    VALUE,
    ZERO,
    ZERO_RADIUS,
    LegendKey,
    MapData,
    Style,
    UnitState,
    bubble_radius,
)
from generator.markup import render
from generator.messages import Messages

LEAFLET_JS = "../vendor/leaflet/leaflet.js"
LEAFLET_CSS = "../vendor/leaflet/leaflet.css"
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_LINK = Markup('<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>')
# The titles (and accessible names) Leaflet gives its zoom buttons (L.Control.Zoom).
LEAFLET_ZOOM_TITLES = ("Zoom in", "Zoom out")


class MapDocument(Figure):
    """The HTML page around the map: lang, charset, title; scripts at the end of body."""

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="{{ this.lang|e }}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        "<title>{{ this.title|e }}</title>\n"
        # Links in the attribution leave the iframe instead of loading inside it.
        '<base target="_top">\n'
        "{{ this.header.render(**kwargs) }}\n"
        "</head>\n"
        "<body>\n"
        "{{ this.html.render(**kwargs) }}\n"
        "<script>\n"
        "{{ this.script.render(**kwargs) }}\n"
        "</script>\n"
        "</body>\n"
        "</html>\n"
    )

    def __init__(self, title: str, lang: str):
        super().__init__(title=title)
        self._name = "MapDocument"
        self.lang = lang
        self.header._children.pop("meta_http", None)  # replaced by <meta charset>


class LeafletMap(folium.Map):
    """folium.Map with an accessible container, local Leaflet and fixed bounds."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{{ this.css }}</style>
        {% endmacro %}

        {% macro html(this, kwargs) %}
<div class="mtm-map" id="{{ this.get_name() }}" role="region"
 aria-label="{{ this.aria_label|e }}" aria-describedby="{{ this.get_name() }}-desc"></div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.map({{ this.get_name()|tojson }}, {{ this.options|tojavascript }});
{% if this.zoom_titles %}
L.control.zoom({zoomInTitle: {{ this.zoom_titles[0]|tojson }},
 zoomOutTitle: {{ this.zoom_titles[1]|tojson }}}).addTo({{ this.get_name() }});
{% endif %}
{{ this.get_name() }}.fitBounds({{ this.bounds|tojson }}, {padding: [8, 8]});
        {% endmacro %}
        """
    )

    def __init__(self, aria_label: str, bounds: list[list[float]], css: str,
                 messages: Messages):
        super().__init__(location=None, tiles=None, zoom_control=True)
        self._name = "Map"
        # Per instance, so nothing is shared with folium's class-level lists or other maps.
        self.default_js = [("leaflet", LEAFLET_JS)]
        self.default_css = [("leaflet_css", LEAFLET_CSS)]
        self.aria_label = aria_label
        self.bounds = bounds
        self.css = css
        # The zoom buttons in the map's language. Leaflet's own control says "Zoom in" and
        # "Zoom out": where the catalog says the same (English), that control is kept as
        # it was; otherwise a zoom control with the translated titles replaces it.
        # Translators: the titles of a map's zoom buttons (+ and -)
        titles = (messages.gettext("Zoom in"), messages.gettext("Zoom out"))
        self.zoom_titles = None if titles == LEAFLET_ZOOM_TITLES else titles
        self.options = {
            "zoomSnap": 0.1,
            "zoomDelta": 0.5,
            "minZoom": 2,
            "maxZoom": 10,
            # The map sits in a page: wheel and one-finger drags scroll the page,
            # the zoom buttons, keyboard (+/-, arrows) and pinch still work.
            "scrollWheelZoom": False,
            "dragging": JsCode("!L.Browser.mobile"),
            "attributionControl": True,
            "zoomControl": self.zoom_titles is None,
        }


class Extras(MacroElement):
    """Pattern fills, the text alternative and the legend (a Leaflet control made of HTML)."""

    _template = Template(
        r"""
        {% macro html(this, kwargs) %}
<svg class="mtm-defs" width="0" height="0" aria-hidden="true" focusable="false">
<defs>
<pattern id="mtm-hatch" patternUnits="userSpaceOnUse" width="6" height="6"
 patternTransform="rotate(45)"><rect width="6" height="6" fill="{{ this.na_fill }}"/>
<line x1="0" y1="0" x2="0" y2="6" stroke="{{ this.hatch }}" stroke-width="1.5"/></pattern>
<pattern id="mtm-dots" patternUnits="userSpaceOnUse" width="6" height="6">
<rect width="6" height="6" fill="{{ this.nofig_fill }}"/>
<circle cx="3" cy="3" r="1.2" fill="{{ this.dot }}"/></pattern>
</defs>
</svg>
<aside class="mtm-visually-hidden" aria-label="{{ this.description_label|e }}">
<p id="{{ this._parent.get_name() }}-desc">{{ this.summary|e }}</p></aside>
{{ this.legend_html }}
<p class="mtm-hint" id="{{ this.hint_id }}" hidden>{{ this.hint|e }}</p>
        {% endmacro %}

        {% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var el = document.getElementById({{ this.legend_id|tojson }});
  if (window.innerWidth < 480 || window.innerHeight < 320) { el.open = false; }
  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    L.DomEvent.disableClickPropagation(el);
    L.DomEvent.disableScrollPropagation(el);
    return el;
  };
  legend.addTo(map);
  // The credit the boundaries' licence asks for stays; Leaflet's own prefix would take a
  // second line on a phone (its licence is shipped in assets/vendor/leaflet/LICENSE.txt).
  map.attributionControl.setPrefix(false);
  // Fit the country beside or above the legend, whichever leaves it larger.
  var bounds = L.latLngBounds({{ this._parent.bounds|tojson }});
  function fit() {
    var corner = el.parentNode, attribution = map.attributionControl.getContainer();
    var side = L.point(el.offsetWidth + 18, attribution.offsetHeight + 8);
    var below = L.point(8, corner.offsetHeight + 8);
    var gap = L.point(8, 8);
    var best = map.getBoundsZoom(bounds, false, gap.add(side)) >=
      map.getBoundsZoom(bounds, false, gap.add(below)) ? side : below;
    map.fitBounds(bounds, {paddingTopLeft: gap, paddingBottomRight: best, animate: false});
  }
  fit();
  // Leaflet opens a tooltip when its shape gets keyboard focus (its focus listener makes
  // an SVG shape focusable in Chromium); give each shape a name too. A unit's circle (a
  // city marker or a bubble) repeats its shape: out of the tab order, so each unit is one
  // tab stop, and outlined with the shape when the shape has focus.
  var marks = {};
  map.eachLayer(function (layer) {
    var tip = layer.getTooltip && layer.getTooltip();
    var shape = layer.getElement && layer.getElement();
    if (!tip || !shape) { return; }
    if (layer.feature) {
      shape.setAttribute("tabindex", "0");
      shape.addEventListener("focus", function () {
        (marks[layer.feature.id] || []).forEach(function (m) { m.classList.add("mtm-focus"); });
      });
      shape.addEventListener("blur", function () {
        (marks[layer.feature.id] || []).forEach(function (m) { m.classList.remove("mtm-focus"); });
      });
    } else {
      shape.setAttribute("tabindex", "-1");
      var code = layer.options.mtmUnit;
      if (code) { (marks[code] = marks[code] || []).push(shape); }
      return;
    }
    var div = document.createElement("div");
    div.innerHTML = String(tip.getContent()).replace(/<br\s*\/?>/g, ": ");
    shape.setAttribute("role", "img");  // aria-label needs a role on an SVG path
    shape.setAttribute("aria-label", div.textContent.replace(/\s+/g, " ").trim());
  });
  // One finger scrolls the page on a phone (dragging is off there); say how to move the map.
  var hint = document.getElementById({{ this.hint_id|tojson }}), timer;
  map.getContainer().addEventListener("touchstart", function (e) {
    if (map.dragging.enabled() || e.touches.length !== 1) { hint.hidden = true; return; }
    hint.hidden = false;
    clearTimeout(timer);
    timer = setTimeout(function () { hint.hidden = true; }, 1800);
  }, {passive: true});
  // Refit when the frame is resized, unless the reader has moved the map.
  var moved = false;
  ["pointerdown", "keydown", "wheel"].forEach(function (type) {
    map.getContainer().addEventListener(type, function () { moved = true; });
  });
  map.on("resize", function () { if (!moved) { fit(); } });
})();
        {% endmacro %}
        """
    )

    def __init__(self, summary: str, legend_html: str, legend_id: str, messages: Messages):
        super().__init__()
        self._name = "Extras"
        self.summary = summary
        # Translators: the accessible name of a map's text alternative (for screen readers)
        self.description_label = messages.gettext("Map description")
        # Translators: shown on a phone when one finger touches a map (it scrolls the page)
        self.hint = messages.gettext("Use two fingers to move the map")
        self.legend_html = legend_html
        self.legend_id = legend_id
        self.hint_id = legend_id.replace("-legend", "-hint")
        self.na_fill = NOT_ASSESSED_FILL
        self.hatch = HATCH
        self.nofig_fill = NO_FIGURE_FILL
        self.dot = BUBBLE_FILL


CSS = f"""
html, body {{ height: 100%; margin: 0; padding: 0; }}
.mtm-map {{ position: absolute; top: 0; right: 0; bottom: 0; left: 0; background: #fff; }}
.leaflet-container {{ font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial,
  sans-serif; }}
.leaflet-container:focus-visible {{ outline: 3px solid #0033A0; outline-offset: -3px; }}
/* A focused unit: a thick black outline over a white one (visible on every fill). */
.leaflet-container path.leaflet-interactive:focus {{ outline: none; }}
.leaflet-container path.leaflet-interactive:focus-visible, .leaflet-container path.mtm-focus {{
  stroke: #000; stroke-width: 4px; stroke-dasharray: none; paint-order: stroke;
  filter: drop-shadow(0 0 1.5px #fff) drop-shadow(0 0 1px #fff); }}
.mtm-hint {{ position: absolute; z-index: 1000; left: 50%; top: 40%; transform: translate(-50%, -50%);
  margin: 0; padding: 8px 12px; background: rgba(0, 0, 0, 0.8); color: #fff; border-radius: 4px;
  font: 15px/1.3 system-ui, sans-serif; pointer-events: none; }}
.mtm-hint[hidden] {{ display: none; }}
.leaflet-container path.mtm-na {{ fill: url(#mtm-hatch) {NOT_ASSESSED_FILL}; }}
.leaflet-container path.mtm-nofig {{ fill: url(#mtm-dots) {NO_FIGURE_FILL}; }}
.leaflet-tooltip {{ font-size: 13px; color: #1a1a1a; }}
.leaflet-container .leaflet-control-attribution {{ font-size: 11px; }}
/* Folded, the legend is one short line in its corner (the page shows it in full). */
.mtm-legend:not([open]) summary {{ max-width: 8em; overflow: hidden; white-space: nowrap;
  text-overflow: ellipsis; }}
.mtm-defs {{ position: absolute; width: 0; height: 0; overflow: hidden; }}
.mtm-visually-hidden {{ position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }}
.mtm-legend {{ background: rgba(255, 255, 255, 0.94); color: #1a1a1a; padding: 6px 9px;
  border: 1px solid #767676; border-radius: 4px; max-width: 15em; font-size: 13px; }}
.mtm-legend summary {{ font-weight: 600; cursor: pointer; }}
.mtm-legend ul {{ list-style: none; margin: 4px 0 0; padding: 0; }}
.mtm-legend li {{ display: flex; align-items: center; gap: 7px; margin: 3px 0; }}
.mtm-key {{ flex: none; display: flex; align-items: center; justify-content: center; }}
.mtm-sw {{ width: 20px; height: 13px; box-sizing: border-box; border: 1px solid {OUTLINE}; }}
.mtm-sw--hatch {{ border: 1.5px dashed {OUTLINE}; background: repeating-linear-gradient(45deg,
  {HATCH} 0 1.2px, {NOT_ASSESSED_FILL} 1.2px 4.2px); }}
.mtm-sw--dots {{ background: radial-gradient(circle, {BUBBLE_FILL} 1.2px, transparent 1.6px)
  0 0 / 6px 6px, {NO_FIGURE_FILL}; }}
.mtm-bubble {{ box-sizing: border-box; border-radius: 50%; border: 1.5px solid {BUBBLE_OUTLINE};
  background: rgba(65, 143, 222, 0.8); }}
.mtm-bubble--ring {{ background: #fff; }}
@media (max-width: 480px) {{ .mtm-legend {{ font-size: 12px; max-width: 11em; }} }}
"""


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
    image show too (classes.legend_keys)."""
    return str(render("map_legend.html", messages, legend_id=legend_id, title=title, keys=keys,
                      key_width=max([20.0, *(k.size for k in keys)])))


def _unit_mark(marker: folium.CircleMarker, state: UnitState) -> folium.CircleMarker:
    """A circle that marks a unit (a city or a bubble): the document's script takes it out
    of the tab order and outlines it while its unit's shape has focus."""
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

