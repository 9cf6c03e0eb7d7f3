"""Maps: admin-1 choropleths, bubble maps and coverage maps as standalone HTML documents.

`render_map` turns one map figure into a `MapArtifact`: a complete HTML page
(Leaflet via Folium, shown in an <iframe>, written to assets/maps/<figure-id>.html),
plus the text alternative, legend rows and the data shown, all derived from the
same classification. The page loads Leaflet only from ../vendor/leaflet/ (see
`vendor_assets`), makes no other request unless `tiles=True`, and renders
byte-identically for the same input.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.contract import Figure
from generator.maps.classes import classify
from generator.maps.document import build_document
from generator.maps.vendor import vendor_assets
from generator.model import Round, Table

MAP_KINDS = frozenset({"choropleth", "bubble_map", "coverage_map"})


@dataclass(frozen=True)
class MapArtifact:
    figure_id: str
    html: str  # a complete standalone HTML document, shown in an <iframe>
    summary: str  # text alternative generated from the data
    legend: list[tuple[str, str]]  # (label, fill colour) rows
    rows: list[dict]  # name, code, value, status, text, label, note per admin-1 unit


def render_map(fig: Figure, table: Table, rnd: Round, *, tiles: bool = False) -> MapArtifact:
    """One map figure as a standalone HTML document plus its text alternative and legend.

    `tiles=True` adds an OpenStreetMap tile layer (network requests; opt-in only).
    Raises InputError for data a map cannot show (a province twice, negative values).
    """
    if fig.kind not in MAP_KINDS:
        raise ValueError(f"figure {fig.id!r} is a {fig.kind}, not a map")
    data = classify(fig, table, rnd)
    html = build_document(
        figure_id=fig.id,
        title=fig.title,
        data=data,
        geojson=rnd.boundaries.geojson,
        attribution_html=rnd.boundaries.attribution_html,
        tiles=tiles,
    )
    return MapArtifact(
        figure_id=fig.id,
        html=html,
        summary=data.summary(),
        legend=[(label, style.fill) for label, style in data.legend],
        rows=[s.row() for s in data.states],
    )


__all__ = ["MAP_KINDS", "MapArtifact", "render_map", "vendor_assets"]
