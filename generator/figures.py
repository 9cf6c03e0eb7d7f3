"""Stage 4, render: turn each declared figure into page HTML plus the files it links to.

A figure's HTML is self-contained raw HTML on one line (no blank lines), so
Markdown passes it through untouched; the files it needs (spec, SVG, CSV, map
document) are returned beside it for the assembler to write. The HTML comes
from templates/ (see markup.py), which escape every text from data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from generator import kinds
from generator.charts import ChartArtifact, chart_artifact
from generator.charts.layout import BREAKPOINT, LAYOUTS, NARROW_MEDIA
from generator.charts.specs import vega_lite
from generator.contract import Figure
from generator.maps import MapArtifact
from generator.markup import Markup, render
from generator.messages import ENGLISH, Messages
from generator.model import Round, Table
from generator.provenance import says_the_same, source_credit
from generator.tabular import csv_text, html_table

CHART_DIR = "assets/charts"
MAP_DIR = "assets/maps"
DATA_DIR = "assets/data"


def render_chart(fig: Figure, table: Table, messages: Messages = ENGLISH) -> ChartArtifact:
    """All artifacts of one chart figure, in the language of `messages`; pure apart from
    the vl-convert call."""
    kind = kinds.get(fig.kind)
    if kind.family != "chart":
        raise ValueError(f"figure {fig.id!r} is a {fig.kind}, not a chart")
    rows = list(table.rows)
    summary = kind.describe(fig, rows, table.spec, messages)  # type: ignore[misc]
    specs = {layout.name: vega_lite(kind.render(fig, rows, table.spec, layout, messages),
                                    summary, layout, messages.lang)
             for layout in LAYOUTS}
    return chart_artifact(fig.id, specs, summary, _data_table(fig, table, messages),
                          csv_text(table.spec, rows), messages.lang)


def render_map(fig: Figure, table: Table, rnd: Round, *, tiles: bool = False) -> MapArtifact:
    """One map figure as a standalone HTML document and a static SVG, plus its text
    alternative and legend, all from one classification and one simplified layer.

    `tiles=True` adds an OpenStreetMap tile layer (network requests; opt-in only).
    Raises InputError for data a map cannot show (a province twice, negative values).
    """
    from generator.maps import geometry
    from generator.maps.document import build_document  # Folium: only when a map is drawn
    from generator.maps.legend import legend_keys
    from generator.maps.static import map_ratio, static_svg

    kind = kinds.get(fig.kind)
    if kind.family != "map":
        raise ValueError(f"figure {fig.id!r} is a {fig.kind}, not a map")
    data = kind.render(fig, table, rnd)
    summary = kind.describe(data)  # type: ignore[misc]
    keys = legend_keys(data)
    layer = rnd.boundaries
    proj = geometry.projection(layer.geojson)
    shapes = geometry.simplify(layer.geojson, proj)
    html = build_document(figure_id=fig.id, title=fig.title, data=data, keys=keys,
                          summary=summary, geojson=geometry.geojson_of(layer.geojson, shapes),
                          attribution_html=layer.attribution_html, tiles=tiles)
    svg = static_svg(figure_id=fig.id, title=fig.title, data=data, summary=summary, keys=keys,
                     shapes=shapes, proj=proj, attribution=layer.attribution_text)
    return MapArtifact(figure_id=fig.id, html=html, summary=summary, legend=keys,
                       rows=[s.row() for s in data.states], svg=svg,
                       legend_title=data.legend_title, ratio=map_ratio(proj))


@dataclass(frozen=True)
class Renderers:
    """The two costly steps (vl-convert, Folium). The live preview passes cached ones."""

    chart: Callable[[Figure, Table, Messages], ChartArtifact] = render_chart
    map: Callable[..., MapArtifact] = render_map


DEFAULT_RENDERERS = Renderers()


@dataclass(frozen=True)
class RenderedFigure:
    figure_id: str
    kind: str
    title: str
    html: str  # relative links use the `{root}` marker, filled in per page
    files: dict[str, str | bytes] = field(default_factory=dict)


def render_figure(fig: Figure, rnd: Round, *, map_tiles: bool = False,
                  renderers: Renderers = DEFAULT_RENDERERS) -> RenderedFigure:
    """`map_tiles` adds an OpenStreetMap basemap to maps: requests to openstreetmap.org,
    so it is off unless the site is built with --map-tiles."""
    table = rnd.table_for(fig)
    if not table.rows:  # only a draft round gets this far with an empty table
        return _no_data(fig, table, rnd.messages)
    kind = kinds.get(fig.kind)
    if kind.family == "chart":
        return chart_figure(fig, table, renderers, rnd.messages)
    if kind.family == "map":
        return _map(fig, rnd, table, map_tiles, renderers)
    # Tables and cards: the kind writes the HTML; the files are the ones it declares.
    common = _common(fig, table, rnd.messages)
    html = kind.render(fig, table, common, html_table, rnd.messages)
    return RenderedFigure(fig.id, fig.kind, fig.title, html,
                          _files(kind, {"csv": lambda: csv_text(table.spec, list(table.rows))},
                                 {"csv": common["csv_path"]}))


def _files(kind: kinds.Kind, make: dict[str, Callable[[], str | bytes]],
           paths: dict[str, str]) -> dict[str, str | bytes]:
    """The files a figure writes beside the page: those its kind's `outputs` name."""
    return {paths[ext]: make[ext]() for ext in kind.outputs}


def for_page(rendered: RenderedFigure, root: str) -> str:
    """The figure's HTML with links made relative to the page it sits on."""
    return rendered.html.replace("{root}", root)


def _common(fig: Figure, table: Table, messages: Messages = ENGLISH) -> dict:
    """What every figure template prints: the figure, its reader notes and its source line.

    `notes` are the figure's own `caption` and `note` (each remark once); the table's
    `source` and `note` are provenance, shown on the Data and sources page only. `source`
    is the short credit line (HTML from templates/source_credit.html, linked to the
    table's entry on the Data page), `source_href` that link and `credit` its text."""
    notes: list[str] = []
    for n in (fig.caption, fig.note):
        if n and not any(says_the_same(n, m) for m in notes):
            notes.append(n)
    href = f"{{root}}data/#table-{table.name}"
    credit = source_credit(table.spec.credit, href, messages=messages)
    return {"fig": fig, "notes": notes, "source": credit.html, "credit": credit.text,
            "source_href": href, "table_name": table.name,
            "csv_path": f"{DATA_DIR}/{table.name}.csv"}


def _data_table(fig: Figure, table: Table, messages: Messages = ENGLISH) -> Markup:
    # html_table leaves out provenance columns (source lines): the Data page shows them.
    # Translators: the caption of a figure's data table; the field is the figure's title.
    return html_table(table.spec, list(table.rows), messages=messages,
                      caption=messages.gettext("Data: %(title)s", title=fig.title))


def chart_figure(fig: Figure, table: Table, renderers: Renderers = DEFAULT_RENDERERS,
                 messages: Messages = ENGLISH) -> RenderedFigure:
    art = renderers.chart(fig, table, messages)
    base = f"{CHART_DIR}/{fig.id}"
    common = _common(fig, table, messages)
    html = render("chart.html", messages, **common, base=base, summary=art.summary,
                  width=art.static_width, height=art.static_height,
                  narrow_width=art.narrow_width, narrow_height=art.narrow_height,
                  narrow_media=NARROW_MEDIA, breakpoint=BREAKPOINT,
                  score_scale=fig.kind == "score",
                  table_html=_data_table(fig, table, messages))
    make = {"vl.json": lambda: art.spec_json, "svg": lambda: art.svg,
            "narrow.vl.json": lambda: art.narrow_spec_json, "narrow.svg": lambda: art.narrow_svg,
            "csv": lambda: art.csv}
    files = _files(kinds.get(fig.kind), make,
                   {ext: common["csv_path"] if ext == "csv" else f"{base}.{ext}" for ext in make})
    return RenderedFigure(fig.id, fig.kind, fig.title, str(html), files)


def _map(fig: Figure, rnd: Round, table: Table, tiles: bool,
         renderers: Renderers) -> RenderedFigure:
    from generator.maps.legend import LegendKey

    art = renderers.map(fig, table, rnd, tiles=tiles) if tiles else renderers.map(fig, table, rnd)
    base = f"{MAP_DIR}/{fig.id}"
    common = _common(fig, table, rnd.messages)
    keys = [LegendKey(*k) for k in art.legend]
    html = render(
        "map.html", rnd.messages, **common, path=f"{base}.html", svg_path=f"{base}.svg",
        summary=art.summary, keys=keys, key_width=max([20.0, *(k.size for k in keys)]),
        legend_title=art.legend_title, ratio=art.ratio,
        disclaimer=rnd.meta.map_disclaimer, vintage=rnd.boundaries.vintage,
        # The layer's sidecar gives the attribution as HTML (a link); layers.py sanitized it.
        attribution=Markup(rnd.boundaries.attribution_html),
        table_html=_data_table(fig, table, rnd.messages),
    )
    files = _files(kinds.get(fig.kind),
                   {"html": lambda: art.html, "svg": lambda: art.svg,
                    "csv": lambda: csv_text(table.spec, list(table.rows))},
                   {"html": f"{base}.html", "svg": f"{base}.svg", "csv": common["csv_path"]})
    return RenderedFigure(fig.id, fig.kind, fig.title, str(html), files)


def _no_data(fig: Figure, table: Table, messages: Messages = ENGLISH) -> RenderedFigure:
    html = render("no_data.html", messages, fig=fig, file=table.spec.file)
    return RenderedFigure(fig.id, fig.kind, fig.title, str(html))
