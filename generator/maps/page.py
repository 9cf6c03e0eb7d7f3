"""The page around a live map: the HTML document, the Leaflet map's container and the
document's stylesheet.

Folium's page template is replaced so the document has `lang`, a title, an
unrestricted viewport, no jQuery/Bootstrap/Font Awesome, and only relative links to
`../vendor/leaflet/`; the zoom buttons speak the map's language.
"""

from __future__ import annotations

import folium
from branca.element import Figure
from folium.template import Template
from folium.utilities import JsCode

from generator.maps.palette import (
    BUBBLE_FILL,
    BUBBLE_OUTLINE,
    HATCH,
    NO_FIGURE_FILL,
    NOT_ASSESSED_FILL,
    OUTLINE,
)
from generator.messages import Messages

LEAFLET_JS = "../vendor/leaflet/leaflet.js"
LEAFLET_CSS = "../vendor/leaflet/leaflet.css"
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
