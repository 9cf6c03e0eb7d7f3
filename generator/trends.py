"""The latest round's "Trends across rounds" page: indicators that rounds share, side by side.

Rounds declare `indicators` (id -> a value reference plus period and coverage). Any id
that two or more published rounds declare is compared: one bar chart, a table with each
round's period and coverage, and the caveats that make such comparisons fragile.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import sanitize
from generator.contract import Column, Figure, Indicator, TableSpec
from generator.figures import DEFAULT_RENDERERS, RenderedFigure, Renderers, chart_figure
from generator.markup import render, text
from generator.model import Round, Table
from generator.pages import Page, citation_block, front_matter, heading
from generator.project import Country
from generator.provenance import credit_line, source_credit
from generator.references import Resolved, resolve

PAGE = "trends.md"
TITLE = "Trends across rounds"


@dataclass(frozen=True)
class Point:
    round: Round
    indicator: Indicator
    value: Resolved


def shared_indicators(country: Country) -> dict[str, list[Point]]:
    """Indicator id -> its value in each published round of the country (oldest first).

    Only rounds of one country are compared: another country's round is not a trend."""
    found: dict[str, list[Point]] = {}
    for rnd in country.published:  # drafts never feed the comparison
        for ind_id, ind in rnd.meta.indicators.items():
            found.setdefault(ind_id, []).append(Point(rnd, ind, resolve(rnd.tables, ind.value)))
    return {k: v for k, v in sorted(found.items()) if len(v) >= 2}


def has_trends(country: Country, rnd: Round) -> bool:
    # By key: an edition in another language (editions.py) is a copy of the round.
    return rnd.key == country.latest.key and bool(shared_indicators(country))


def _table(ind_id: str, points: list[Point]) -> Table:
    last = points[-1].value
    vtype = last.column_type
    # A "varies by row" column unit is resolved through the row's own unit column.
    unit = last.row.get("unit") or last.table.spec.columns[last.column].unit
    spec = TableSpec(
        file=f"tables/trend_{ind_id}.csv",
        title=points[-1].indicator.label,
        # Provenance of each value stays on its own round's Data page (linked from the figure).
        source="; ".join(f"{p.round.meta.short_title}: {p.value.table.name}" for p in points),
        columns={
            "round": Column(type="text", description="Report round"),
            "value": Column(type=vtype, description=points[-1].indicator.label, unit=unit),
            "period": Column(type="text", description="Period the value describes"),
            "coverage": Column(type="text", description="Area and sample the value covers"),
        },
    )
    rows = tuple({"round": p.round.meta.short_title, "value": p.value.value,
                  "period": p.indicator.period, "coverage": p.indicator.coverage} for p in points)
    return Table(f"trend_{ind_id}", spec, Path(spec.file), rows)


def _credit_rounds(html: str, table: Table, points: list[Point]) -> str:
    """The figure's source line, naming each round once and linking to the table it was
    read from on that round's Data and sources page (the trend table has no entry)."""
    own = source_credit(table.spec.credit, f"{{root}}data/#table-{table.name}").html
    parts = [{"by": p.value.table.spec.credit, "round": p.round.meta.short_title,
              "href": f"{{root}}../{p.round.id}/data/#table-{p.value.table.name}"}
             for p in points]
    return html.replace(str(own), str(credit_line(parts)))


def render_trends(country: Country, country_name: str, latest: Round,
                  renderers: Renderers = DEFAULT_RENDERERS) -> tuple[Page, list[RenderedFigure]]:
    shared = shared_indicators(country)
    rounds = sorted({p.round.id: p.round for pts in shared.values() for p in pts}.values(),
                    key=lambda r: r.id)
    # HTML, not Markdown emphasis: a title from data must not be read as Markdown.
    intro = str(render("trends_intro.html", country=country_name,
                       titles=[r.meta.short_title for r in rounds]))
    caveat = (
        '!!! warning "Read comparisons with care"\n'
        "    The rounds are separate assessments. They cover different places and periods, "
        "and they count in different ways (people present at the time of data collection, or "
        "arrivals over several years). A difference between two rounds is therefore not, by "
        f"itself, a measure of how migration to {text(country_name)} changed. The period and "
        "coverage of "
        "each value are given under each chart."
    )
    blocks = [heading(TITLE, "trends-across-rounds"), intro, caveat]
    if latest.meta.trends_narrative:
        blocks.insert(2, sanitize.page_markdown(latest.trends_text or ""))
    rendered = []
    for ind_id, points in shared.items():
        table = _table(ind_id, points)
        fig = Figure(id=f"trend-{ind_id.replace('_', '-')}", kind="bar", table=table.name,
                     title=points[-1].indicator.label, category="round", value="value",
                     note=" ".join(f"{p.round.meta.short_title}: {p.indicator.note}"
                                   for p in points if p.indicator.note) or None)
        fig_html = chart_figure(fig, table, renderers)
        rendered.append(fig_html)
        blocks.append(_credit_rounds(fig_html.html, table, points).replace("{root}", "../"))
    blocks.append(citation_block(latest, "../"))
    md = front_matter(TITLE, "Figures shared by MTM rounds, compared with caveats.")
    return Page(PAGE, TITLE, md + "\n\n".join(blocks) + "\n"), rendered
