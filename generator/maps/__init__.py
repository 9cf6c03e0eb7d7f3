"""Maps: admin-1 choropleths, bubble maps and coverage maps as standalone HTML documents.

A map kind (generator/kinds/) builds the map's data (`data.MapData`) with `states.py`
and its scale: value classes (`classes.py`) or bubble sizes (`sizes.py`), in the
colours of `palette.py`; `summary.py` writes its text alternative, `legend.py` its
legend keys. `document.build_document` turns it into a complete HTML page (Leaflet via
Folium, around it the page of `page.py` and the legend, text alternative and keyboard
access of `extras.py`; shown in an <iframe>, written to assets/maps/<figure-id>.html),
`static.static_svg` into the static image (assets/maps/<figure-id>.svg, shown without
JavaScript and in print), both from one simplification of the layer (`geometry.py`),
and figures.render_map puts the two together into a `MapArtifact`: the page, the text
alternative, legend rows and the data shown, all derived from the same
classification. The page loads Leaflet only from ../vendor/leaflet/ (see
`vendor_assets`), makes no other request unless `tiles=True`, and renders
byte-identically for the same input.

This package imports nothing from the contract or the model, and not Folium until a
map is drawn: the kinds registry, which the contract reads, imports the modules that
build a map's data (`data.py`, `states.py`, `classes.py`, `sizes.py`, `palette.py`,
`summary.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.maps.vendor import vendor_assets


@dataclass(frozen=True)
class MapArtifact:
    figure_id: str
    html: str  # a complete standalone HTML document, shown in an <iframe>
    summary: str  # text alternative generated from the data
    # legend.LegendKey rows (label, fill, swatch, size): the live map, the page and the
    # static image draw the same keys. Plain tuples after a trip through the cache.
    legend: list[tuple[str, str, str, float]]
    rows: list[dict]  # name, code, value, status, text, label, note per admin-1 unit
    svg: str = ""  # the static image (static.py), written to assets/maps/<figure-id>.svg
    legend_title: str = ""
    ratio: float = 0.5  # the live map's height / width (static.map_ratio)


__all__ = ["MapArtifact", "vendor_assets"]
