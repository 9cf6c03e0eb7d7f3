"""What a map document adds to Leaflet, as one Folium element: the pattern fills, the
text alternative, the legend control, the phone hint, and the script that fits the
map beside or above its legend (again on resize), names each unit's shape and lets the
keyboard reach it, and shows the hint.
"""

from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template

from generator.maps.palette import BUBBLE_FILL, HATCH, NO_FIGURE_FILL, NOT_ASSESSED_FILL
from generator.messages import Messages


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
