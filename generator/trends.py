"""The latest round's "Trends across rounds" page: indicators that rounds share, side by side.

Rounds declare `indicators` (id -> a value reference plus period and coverage). Any id
that two or more published rounds declare is compared: one bar chart, a table with each
round's period and coverage, and the caveats that make such comparisons fragile.

The page is written in the language of the round it is given (an edition, editions.py):
its words from that round's catalog, and every round's labels, periods and coverage from
that round's edition in the same language (the values are numbers: the same in all).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import editions, sanitize
from generator.contract import Column, Figure, Indicator, TableSpec
from generator.figures import DEFAULT_RENDERERS, RenderedFigure, Renderers, chart_figure
from generator.markup import render, text
from generator.messages import DEFAULT, N_, Messages
from generator.model import Round, Table
from generator.pages import Page, citation_block, front_matter, heading
from generator.project import Country
from generator.provenance import credit_line, source_credit
from generator.references import Resolved, resolve

PAGE = "trends.md"
# In English; `title(messages)` gives it in a reader's language.
# Translators: the title of the page comparing figures of several report rounds
TITLE = N_("Trends across rounds")
# Translators: the trends page's description (search engines, link previews)
DESCRIPTION = N_("Figures shared by MTM rounds, compared with caveats.")
# Translators: the title of the warning on the trends page
CAVEAT_TITLE = N_("Read comparisons with care")


def title(messages: Messages) -> str:
    """The page's title in the language of `messages`."""
    return messages.gettext(TITLE)


@dataclass(frozen=True)
class Point:
    round: Round
    indicator: Indicator
    value: Resolved


def shared_indicators(country: Country, lang: str = DEFAULT) -> dict[str, list[Point]]:
    """Indicator id -> its value in each published round of the country (oldest first),
    each round in its edition in `lang` (its labels, periods, coverage and round titles).

    Only rounds of one country are compared: another country's round is not a trend."""
    found: dict[str, list[Point]] = {}
    for english in country.published:  # drafts never feed the comparison
        rnd = editions.edition(english, lang)
        for ind_id, ind in rnd.meta.indicators.items():
            found.setdefault(ind_id, []).append(Point(rnd, ind, resolve(rnd.tables, ind.value)))
    return {k: v for k, v in sorted(found.items()) if len(v) >= 2}


def has_trends(country: Country, rnd: Round) -> bool:
    # By key, not identity: an edition of the latest round (another language) has it too.
    return rnd.key == country.latest.key and bool(shared_indicators(country))


def _table(ind_id: str, points: list[Point], messages: Messages) -> Table:
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
            # Translators: a column of the trends page's tables: which report a value is from
            "round": Column(type="text", description=messages.gettext("Report round")),
            "value": Column(type=vtype, description=points[-1].indicator.label, unit=unit),
            "period": Column(type="text",
                             description=messages.gettext("Period the value describes")),
            "coverage": Column(type="text",
                               description=messages.gettext("Area and sample the value covers")),
        },
    )
    rows = tuple({"round": p.round.meta.short_title, "value": p.value.value,
                  "period": p.indicator.period, "coverage": p.indicator.coverage} for p in points)
    return Table(f"trend_{ind_id}", spec, Path(spec.file), rows)


def _credit_rounds(html: str, table: Table, points: list[Point], messages: Messages) -> str:
    """The figure's source line, naming each round once and linking to the table it was
    read from on that round's Data and sources page (the trend table has no entry)."""
    # The same messages as the figure's own line (figures._common), or nothing matches.
    own = source_credit(table.spec.credit, f"{{root}}data/#table-{table.name}",
                        messages=messages).html
    parts = [{"by": p.value.table.spec.credit, "round": p.round.meta.short_title,
              "href": f"{{root}}../{p.round.id}/data/#table-{p.value.table.name}"}
             for p in points]
    return html.replace(str(own), str(credit_line(parts, messages)))


def render_trends(country: Country, country_name: str, rnd: Round,
                  renderers: Renderers = DEFAULT_RENDERERS) -> tuple[Page, list[RenderedFigure]]:
    """The trends page of `rnd`, the country's latest round (or its edition in a language),
    in `rnd`'s language; `country_name` is the country's name in that language."""
    messages = rnd.messages
    shared = shared_indicators(country, rnd.lang)
    rounds = sorted({p.round.id: p.round for pts in shared.values() for p in pts}.values(),
                    key=lambda r: r.id)
    # HTML, not Markdown emphasis: a title from data must not be read as Markdown.
    intro = str(render("trends_intro.html", messages, country=country_name,
                       titles=[r.meta.short_title for r in rounds]))
    # Translators: the warning on the trends page; `country` is the country's name
    warning = messages.gettext(
        "The rounds are separate assessments. They cover different places and periods, and "
        "they count in different ways (people present at the time of data collection, or "
        "arrivals over several years). A difference between two rounds is therefore not, by "
        "itself, a measure of how migration to %(country)s changed. The period and coverage "
        "of each value are given under each chart.", country=country_name)
    # Markdown (an admonition): the translated texts are escaped like data (markup.text).
    caveat = f'!!! warning "{text(messages.gettext(CAVEAT_TITLE))}"\n    {text(warning)}'
    page_title = title(messages)
    blocks = [heading(page_title, "trends-across-rounds"), intro, caveat]
    if rnd.meta.trends_narrative:
        blocks.insert(2, sanitize.page_markdown(rnd.trends_text or ""))
    rendered = []
    for ind_id, points in shared.items():
        table = _table(ind_id, points, messages)
        fig = Figure(id=f"trend-{ind_id.replace('_', '-')}", kind="bar", table=table.name,
                     title=points[-1].indicator.label, category="round", value="value",
                     note=" ".join(f"{p.round.meta.short_title}: {p.indicator.note}"
                                   for p in points if p.indicator.note) or None)
        fig_html = chart_figure(fig, table, renderers, messages)
        rendered.append(fig_html)
        blocks.append(_credit_rounds(fig_html.html, table, points, messages).replace("{root}", "../"))
    blocks.append(citation_block(rnd, "../"))
    md = front_matter(page_title, messages.gettext(DESCRIPTION))
    return Page(PAGE, page_title, md + "\n\n".join(blocks) + "\n"), rendered
