"""`heat_table`: a grid of counts shaded by their share of the column."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.charts.describe import grouped
from generator.charts.layout import LINE, Layout, band_step, label_column, lines, wrap
from generator.charts.specs import (
    Rows,
    bar_offset,
    category_labels,
    category_y,
    column_labels,
    human,
    sized,
    value_format,
)
from generator.charts.theme import IOM_BLUE
from generator.formatting import format_value
from generator.kinds.bar import CHART_OUTPUTS
from generator.kinds.base import ANY, NUMERIC, Kind
from generator.lazy import alt
from generator.messages import Messages

if TYPE_CHECKING:
    from generator.contract import Figure, TableSpec


def heat_table(fig: Figure, rows: Rows, spec: TableSpec, layout: Layout,
               messages: Messages) -> alt.TopLevelMixin:
    """Counts in a grid, shaded by each cell's share of its column, labelled with the count.

    Narrow: the dimension with fewer values runs across and the other down, each of its
    labels on a line above its cells, so six columns of counts fit a 360 px phone."""
    cols = [str(c) for c in dict.fromkeys(r[fig.column] for r in rows)]
    row_order = [str(c) for c in dict.fromkeys(r[fig.row] for r in rows)]
    totals = {c: sum(r[fig.value] or 0 for r in rows if str(r[fig.column]) == c) for c in cols}
    across, down = (cols, row_order)
    transposed = layout.stacked and len(row_order) < len(cols)
    if transposed:
        across, down = row_order, cols
    wrapped_down, label_px = label_column(down, layout)
    plot = layout.plot_width(label_px)
    cell = plot / max(len(across), 1)
    wrapped_across = [wrap(c, cell - 6) for c in across]
    head = dict(zip(across, wrapped_across, strict=True))
    side = dict(zip(down, wrapped_down, strict=True))
    size = 11 if layout.stacked else 12
    data = []
    for r in rows:
        v, col, row = r[fig.value], str(r[fig.column]), str(r[fig.row])
        share_ = (v or 0) / totals[col] * 100 if totals[col] else 0
        a, d = (row, col) if transposed else (col, row)
        data.append({"row": row, "column": col, "xlabel": head[a], "ylabel": side[d],
                     "value": v, "share": round(share_, 1),
                     "label": format_value(v, value_format(fig, spec), locale=messages.lang),
                     # Translators: a cell's share of its column, in a grid's tooltip
                     # ("40% of Almaty").
                     "share_label": messages.gettext(
                         "%(share)s of %(column)s", column=col,
                         share=format_value(round(share_), "percent", locale=messages.lang))})
    step = band_step(wrapped_down, layout, bar=26) if layout.stacked else max(
        36, max(lines(w) for w in wrapped_down) * LINE + 8)
    y = category_y(wrapped_down, layout, label_px)
    offset = bar_offset(layout, step, wrapped_down) if layout.stacked else 0
    if layout.stacked:
        offset += 5  # the cell is 26 px high, not a bar's 16
    x = alt.X("xlabel:N", sort=wrapped_across, title=None, axis=None)
    # Names in a tooltip where the table does not describe the column; the share is the
    # cell's share of its column.
    names = [messages.pgettext("tooltip", "Row"), messages.pgettext("tooltip", "Column"),
             messages.pgettext("tooltip", "Value"), messages.pgettext("tooltip", "Share")]
    base = alt.Chart(alt.Data(values=data)).encode(
        x=x,
        y=y,
        tooltip=[alt.Tooltip("row:N", title=human(spec, fig.row, names[0])),
                 alt.Tooltip("column:N", title=human(spec, fig.column, names[1])),
                 alt.Tooltip("label:N", title=human(spec, fig.value, names[2])),
                 alt.Tooltip("share_label:N", title=names[3])],
    )
    rect = {"height": 26, "yOffset": offset} if layout.stacked else {}
    cells = base.mark_rect(stroke="#ffffff", strokeWidth=2, **rect).encode(color=alt.Color(
        "share:Q", scale=alt.Scale(domain=[0, 100], range=["#eef3fb", IOM_BLUE]),
        legend=alt.Legend(title=fig.legend_title or _legend_title(fig, spec, messages),
                          orient="bottom", gradientLength=min(220, round(plot) - 20),
                          titleLimit=round(plot))))
    text = base.mark_text(baseline="middle", fontSize=size, yOffset=offset).encode(
        text=alt.Text("label:N"),
        color=alt.ColorValue("#000000", condition={"test": "datum.share >= 45", "value": "#ffffff"}))
    layers = [cells, text, column_labels([{"xlabel": w} for w in wrapped_across], x,
                                         wrapped_across)]
    layers.append(category_labels([{"ylabel": w} for w in wrapped_down], y, layout, step,
                                     wrapped_down))
    return sized(alt.layer(*layers).resolve_scale(color="independent"),
                 height=alt.Step(step))


def _legend_title(fig: Figure, spec: TableSpec, messages: Messages) -> str:
    # Translators: the legend of a grid's shading; the field is the columns' description
    # as a noun ("Share of each service or facility (%)"). Write a literal % as %%.
    return messages.gettext("Share of each %(column)s (%%)",
                            column=_name(spec, fig.column, messages))


def _name(spec: TableSpec, col: str | None, messages: Messages) -> str:
    """A column's description as a noun in a sentence ("service or facility")."""
    # Translators: what a grid's columns are, when its table does not describe them.
    text = human(spec, col, messages.gettext("column"))
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def describe(fig: Figure, rows: Rows, spec: TableSpec, messages: Messages) -> str:
    # Every cell is named, an empty one as a dash: the grid shows it too.
    return grouped(fig, rows, spec, fig.row, fig.column, messages,  # type: ignore[arg-type]
                   skip_missing=False)


KIND = Kind(
    name="heat_table",
    family="chart",
    roles={"row": ANY, "column": ANY, "value": NUMERIC},
    render=heat_table,
    describe=describe,
    outputs=CHART_OUTPUTS,
)
