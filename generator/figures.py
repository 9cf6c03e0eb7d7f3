"""Stage 4, render: turn each declared figure into page HTML plus the files it links to.

A figure's HTML is self-contained raw HTML on one line (no blank lines), so
Markdown passes it through untouched; the files it needs (spec, SVG, CSV, map
document) are returned beside it for the assembler to write. The HTML comes
from templates/ (see markup.py), which escape every text from data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from generator.charts import CHART_KINDS, ChartArtifact, render_chart
from generator.contract import Figure
from generator.formatting import DEFAULT_FOR_TYPE, format_value
from generator.maps import MapArtifact, render_map
from generator.markup import Markup, render
from generator.model import Round, Table
from generator.tabular import csv_text, html_table

MAP_KINDS = frozenset({"choropleth", "bubble_map", "coverage_map"})
CHART_DIR = "assets/charts"
MAP_DIR = "assets/maps"
DATA_DIR = "assets/data"


@dataclass(frozen=True)
class Renderers:
    """The two costly steps (vl-convert, Folium). The live preview passes cached ones."""

    chart: Callable[[Figure, Table], ChartArtifact] = render_chart
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
        return _no_data(fig, table)
    if fig.kind in CHART_KINDS:
        return chart_figure(fig, table, renderers)
    if fig.kind in MAP_KINDS:
        return _map(fig, rnd, table, map_tiles, renderers)
    return {"key_figures": _key_figures, "definitions": _definitions, "table": _table}[fig.kind](
        fig, rnd, table
    )


def for_page(rendered: RenderedFigure, root: str) -> str:
    """The figure's HTML with links made relative to the page it sits on."""
    return rendered.html.replace("{root}", root)


def _common(fig: Figure, table: Table) -> dict:
    """What every figure template prints: the figure, its notes and its source line."""
    notes = [n for n in (fig.caption, fig.note, table.spec.note) if n]
    return {"fig": fig, "notes": notes, "source": table.spec.source,
            "table_name": table.name, "csv_path": f"{DATA_DIR}/{table.name}.csv"}


def _data_table(fig: Figure, table: Table) -> Markup:
    return html_table(table.spec, list(table.rows), caption=f"Data: {fig.title}")


def chart_figure(fig: Figure, table: Table,
                 renderers: Renderers = DEFAULT_RENDERERS) -> RenderedFigure:
    art = renderers.chart(fig, table)
    base = f"{CHART_DIR}/{fig.id}"
    common = _common(fig, table)
    html = render("chart.html", **common, base=base, summary=art.summary,
                  width=art.static_width, height=art.static_height,
                  score_scale=fig.kind == "score", table_html=_data_table(fig, table))
    files: dict[str, str | bytes] = {
        f"{base}.vl.json": art.spec_json,
        f"{base}.svg": art.svg,
        common["csv_path"]: art.csv,
    }
    return RenderedFigure(fig.id, fig.kind, fig.title, str(html), files)


def _map(fig: Figure, rnd: Round, table: Table, tiles: bool,
         renderers: Renderers) -> RenderedFigure:
    art = renderers.map(fig, table, rnd, tiles=tiles) if tiles else renderers.map(fig, table, rnd)
    path = f"{MAP_DIR}/{fig.id}.html"
    common = _common(fig, table)
    html = render(
        "map.html", **common, path=path, summary=art.summary, legend=art.legend,
        disclaimer=rnd.meta.map_disclaimer, vintage=rnd.boundaries.vintage,
        # The boundary attribution is HTML written in geo.py (a link), not data.
        attribution=Markup(rnd.boundaries.attribution_html),
        table_html=_data_table(fig, table),
    )
    return RenderedFigure(fig.id, fig.kind, fig.title, str(html),
                          {path: art.html, common["csv_path"]: csv_text(table.spec, list(table.rows))})


def _no_data(fig: Figure, table: Table) -> RenderedFigure:
    html = render("no_data.html", fig=fig, file=table.spec.file)
    return RenderedFigure(fig.id, fig.kind, fig.title, str(html))


def _key_figures(fig: Figure, rnd: Round, table: Table) -> RenderedFigure:
    vtype = table.spec.columns[fig.value].type  # type: ignore[index]
    how = fig.value_format or DEFAULT_FOR_TYPE.get(vtype)
    cards = [
        {"value": format_value(r[fig.value], how), "label": str(r[fig.category]),
         "note": str(r[fig.label]) if fig.label and r.get(fig.label) else None}
        for r in table.rows if r[fig.value] is not None
    ]
    common = _common(fig, table)
    html = render("key_figures.html", **common, cards=cards)
    return RenderedFigure(fig.id, fig.kind, fig.title, str(html),
                          {common["csv_path"]: csv_text(table.spec, list(table.rows))})


def _definitions(fig: Figure, rnd: Round, table: Table) -> RenderedFigure:
    items = [(str(r[fig.category]), str(r[fig.value])) for r in table.rows]
    html = render("definitions.html", **_common(fig, table), items=items)
    return RenderedFigure(fig.id, fig.kind, fig.title, str(html))


def _table(fig: Figure, rnd: Round, table: Table) -> RenderedFigure:
    common = _common(fig, table)
    html = render("table_figure.html", **common,
                  table_html=html_table(table.spec, list(table.rows), columns=fig.columns))
    return RenderedFigure(fig.id, fig.kind, fig.title, str(html),
                          {common["csv_path"]: csv_text(table.spec, list(table.rows))})
