"""Stage 4, render: turn each declared figure into page HTML plus the files it links to.

A figure's HTML is self-contained raw HTML (no indentation, no blank lines),
so Markdown passes it through untouched; the files it needs (spec, SVG, CSV,
map document) are returned beside it for the assembler to write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from generator.charts import CHART_KINDS, ChartArtifact, render_chart
from generator.contract import Figure
from generator.formatting import DEFAULT_FOR_TYPE, format_value
from generator.maps import MapArtifact, render_map
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


def _source_line(table: Table) -> str:
    return (f'<p class="mtm-figure__source"><span class="mtm-label">Source:</span> '
            f"{escape(table.spec.source)}</p>")


def _data_block(fig: Figure, table: Table, csv_path: str) -> str:
    return (
        '<details class="mtm-figure__data">'
        f"<summary>Data table: {escape(fig.title)}</summary>"
        f"{html_table(table.spec, list(table.rows), caption=f'Data: {fig.title}')}"
        f'<p><a class="mtm-download" href="{{root}}{csv_path}" download>'
        f"Download the data (CSV, {escape(table.name)}.csv)</a></p>"
        "</details>"
    )


def _notes(fig: Figure, table: Table) -> str:
    notes = [n for n in (fig.caption, fig.note, table.spec.note) if n]
    return "".join(f'<p class="mtm-figure__note">{escape(n)}</p>' for n in notes)


def _open(fig: Figure, extra_class: str) -> str:
    return (f'<figure class="mtm-figure {extra_class}" id="fig-{fig.id}">'
            f'<figcaption class="mtm-figure__title">{escape(fig.title)}</figcaption>')


def chart_figure(fig: Figure, table: Table,
                 renderers: Renderers = DEFAULT_RENDERERS) -> RenderedFigure:
    art = renderers.chart(fig, table)
    base = f"{CHART_DIR}/{fig.id}"
    csv_path = f"{DATA_DIR}/{table.name}.csv"
    scale = ""
    if fig.kind == "score":
        scale = ('<p class="mtm-figure__note">Scale: 0 = not applicable, 1 = very unimportant, '
                 "2 = unimportant, 3 = slightly important, 4 = important, 5 = very important. "
                 "A bar between two ticks marks a range the report gives for a group of "
                 "reasons.</p>")
    html = (
        _open(fig, "mtm-chart")
        + f'<div class="mtm-chart__live" data-spec="{{root}}{base}.vl.json"></div>'
        + f'<img class="mtm-chart__static" src="{{root}}{base}.svg" alt="{escape(art.summary)}" '
        f'width="{art.static_width}" height="{art.static_height}" loading="lazy">'
        + scale
        + _notes(fig, table)
        + _source_line(table)
        + _data_block(fig, table, csv_path)
        + "</figure>"
    )
    files: dict[str, str | bytes] = {
        f"{base}.vl.json": art.spec_json,
        f"{base}.svg": art.svg,
        csv_path: art.csv,
    }
    return RenderedFigure(fig.id, fig.kind, fig.title, html, files)


def _map(fig: Figure, rnd: Round, table: Table, tiles: bool,
         renderers: Renderers) -> RenderedFigure:
    art = renderers.map(fig, table, rnd, tiles=tiles) if tiles else renderers.map(fig, table, rnd)
    path = f"{MAP_DIR}/{fig.id}.html"
    csv_path = f"{DATA_DIR}/{table.name}.csv"
    legend = "".join(
        f'<li><span class="mtm-swatch" style="background:{escape(colour)}"></span>{escape(label)}</li>'
        for label, colour in art.legend
    )
    html = (
        _open(fig, "mtm-map")
        + f'<iframe class="mtm-map__frame" src="{{root}}{path}" title="Map: {escape(fig.title)}" '
        'loading="lazy"></iframe>'
        + f'<p class="mtm-map__summary">{escape(art.summary)}</p>'
        + f'<ul class="mtm-legend" aria-label="Legend">{legend}</ul>'
        + _notes(fig, table)
        + _source_line(table)
        + f'<p class="mtm-figure__note mtm-map__disclaimer">{escape(rnd.meta.map_disclaimer)}</p>'
        + f'<p class="mtm-map__attribution">{rnd.boundaries.attribution_html}. '
        f"{escape(rnd.boundaries.vintage)}.</p>"
        + _data_block(fig, table, csv_path)
        + "</figure>"
    )
    return RenderedFigure(fig.id, fig.kind, fig.title, html,
                          {path: art.html, csv_path: csv_text(table.spec, list(table.rows))})


def _no_data(fig: Figure, table: Table) -> RenderedFigure:
    html = (_open(fig, "mtm-no-data")
            + f'<p class="mtm-figure__note">No data yet: fill in {escape(table.spec.file)}.</p>'
            + "</figure>")
    return RenderedFigure(fig.id, fig.kind, fig.title, html)


def _key_figures(fig: Figure, rnd: Round, table: Table) -> RenderedFigure:
    vtype = table.spec.columns[fig.value].type  # type: ignore[index]
    how = fig.value_format or DEFAULT_FOR_TYPE.get(vtype)
    cards = []
    for r in table.rows:
        if r[fig.value] is None:
            continue
        sub = (f'<span class="mtm-card__note">{escape(str(r[fig.label]))}</span>'
               if fig.label and r.get(fig.label) else "")
        cards.append(
            '<li class="mtm-card">'
            f'<span class="mtm-card__value">{escape(format_value(r[fig.value], how))}</span>'
            f'<span class="mtm-card__label">{escape(str(r[fig.category]))}</span>{sub}</li>'
        )
    csv_path = f"{DATA_DIR}/{table.name}.csv"
    html = (
        f'<section class="mtm-figure mtm-key-figures" id="fig-{fig.id}" '
        f'aria-labelledby="fig-{fig.id}-title">'
        f'<h2 class="mtm-figure__title" id="fig-{fig.id}-title">{escape(fig.title)}</h2>'
        f'<ul class="mtm-cards">{"".join(cards)}</ul>'
        + _notes(fig, table)
        + _source_line(table)
        + f'<p><a class="mtm-download" href="{{root}}{csv_path}" download>'
        f"Download the data (CSV, {escape(table.name)}.csv)</a></p>"
        + "</section>"
    )
    return RenderedFigure(fig.id, fig.kind, fig.title, html,
                          {csv_path: csv_text(table.spec, list(table.rows))})


def _definitions(fig: Figure, rnd: Round, table: Table) -> RenderedFigure:
    items = "".join(
        f"<dt>{escape(str(r[fig.category]))}</dt><dd>{escape(str(r[fig.value]))}</dd>"
        for r in table.rows
    )
    html = (_open(fig, "mtm-definitions") + f'<dl class="mtm-dl">{items}</dl>'
            + _notes(fig, table) + _source_line(table) + "</figure>")
    return RenderedFigure(fig.id, fig.kind, fig.title, html)


def _table(fig: Figure, rnd: Round, table: Table) -> RenderedFigure:
    csv_path = f"{DATA_DIR}/{table.name}.csv"
    html = (
        _open(fig, "mtm-table")
        + '<div class="mtm-table__scroll">'
        + html_table(table.spec, list(table.rows), columns=fig.columns)
        + "</div>"
        + _notes(fig, table)
        + _source_line(table)
        + f'<p><a class="mtm-download" href="{{root}}{csv_path}" download>'
        f"Download the data (CSV, {escape(table.name)}.csv)</a></p>"
        + "</figure>"
    )
    return RenderedFigure(fig.id, fig.kind, fig.title, html,
                          {csv_path: csv_text(table.spec, list(table.rows))})
