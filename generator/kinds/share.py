"""`share`: parts of 100 on a 0-100 scale; with `row`, one 100% bar per row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.charts.describe import grouped, item, list_values
from generator.charts.layout import BAR, LINE, Layout, band_step, label_column, text_px
from generator.charts.specs import (
    Rows,
    bar_offset,
    category_labels,
    category_y,
    human,
    ordered,
    sized,
    value_format,
    value_label,
)
from generator.charts.theme import MUTED_TEXT, OUTLINE, PALETTE, text_on
from generator.formatting import format_value
from generator.kinds.bar import CHART_OUTPUTS, bar_layers
from generator.kinds.base import ANY, Kind, RowProblem
from generator.lazy import alt
from generator.messages import Messages

if TYPE_CHECKING:
    from generator.contract import Figure, TableSpec


def share(fig: Figure, rows: Rows, spec: TableSpec, layout: Layout,
          messages: Messages) -> alt.TopLevelMixin:
    if fig.row is None:
        return share_bars(fig, rows, spec, layout, messages)
    cats = list(dict.fromkeys(r[fig.category] for r in rows))
    fills = [PALETTE[i % len(PALETTE)] for i in range(len(cats))]
    texts = [text_on(f) for f in fills]
    groups = [str(g) for g in dict.fromkeys(r[fig.row] for r in rows)]
    wrapped, label_px = label_column(groups, layout)
    ylabel = dict(zip(groups, wrapped, strict=True))
    plot = layout.plot_width(label_px)
    data = []
    for r in rows:
        if r[fig.value] is None:
            continue
        label = item(messages, r[fig.category],
                     format_value(r[fig.value], value_format(fig, spec), locale=messages.lang))
        data.append({"row": str(r[fig.row]), "ylabel": ylabel[str(r[fig.row])],
                     "category": r[fig.category], "value": r[fig.value],
                     "order": cats.index(r[fig.category]), "label": label,
                     # A label goes inside its segment only where it fits there.
                     "inside": r[fig.value] / 100 * plot >= text_px(label) + 8})
    # Segments too narrow for a label are named in words on a line under the bar.
    outside = []
    for g in groups:
        small = [d["label"] for d in data if d["row"] == g and not d["inside"]]
        if small:
            outside.append({"row": g, "ylabel": ylabel[g], "text": ", ".join(small)})
    step = band_step(wrapped, layout, extra=LINE if outside else 0)
    y = category_y(wrapped, layout, label_px)
    offset = bar_offset(layout, step, wrapped)
    if not layout.stacked and outside:
        offset = -LINE / 2  # the bar moves up by half a line: the words go under it
    # Names in a tooltip where the table does not describe the column.
    names = [messages.pgettext("tooltip", "Group"), messages.pgettext("tooltip", "Category"),
             messages.pgettext("tooltip", "Share")]
    colour = alt.Color("category:N", scale=alt.Scale(domain=cats, range=fills),
                       legend=alt.Legend(title=None, orient="bottom", symbolStrokeColor=OUTLINE,
                                         direction="vertical" if layout.stacked else "horizontal",
                                         labelLimit=0))
    base = alt.Chart(alt.Data(values=data)).encode(
        y=y,
        x=alt.X("value:Q", stack="zero", title=messages.gettext("Per cent"),
                scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(tickCount=layout.ticks, labelFlush=True)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("row:N", title=human(spec, fig.row, names[0])),
                 alt.Tooltip("category:N", title=human(spec, fig.category, names[1])),
                 alt.Tooltip("label:N", title=human(spec, fig.value, names[2]))],
    )
    segs = base.mark_bar(stroke=OUTLINE, strokeWidth=0.75, size=BAR, yOffset=offset).encode(
        color=colour)
    labels = base.transform_filter("datum.inside").mark_text(
        align="right", dx=-4, baseline="middle", yOffset=offset,
    ).encode(
        x=alt.X("value:Q", stack="zero"),
        text=alt.Text("label:N"),
        color=alt.Color("category:N", scale=alt.Scale(domain=cats, range=texts), legend=None),
    )
    layers: list[alt.TopLevelMixin] = [segs, labels]
    if outside:
        layers.append(alt.Chart(alt.Data(values=outside)).mark_text(
            align="left", baseline="top", color=MUTED_TEXT, yOffset=offset + BAR / 2 + 3,
        ).encode(y=y, x=alt.XValue(0), text=alt.Text("text:N")))
    layers.append(category_labels([{"ylabel": w} for w in wrapped], y, layout, step, wrapped))
    # Fill and text colours are different scales over the same field.
    return sized(alt.layer(*layers).resolve_scale(color="independent"),
                 height=alt.Step(step))


def share_bars(fig: Figure, rows: Rows, spec: TableSpec, layout: Layout,
               messages: Messages) -> alt.TopLevelMixin:
    """Parts of a whole as bars on a fixed 0-100 scale, each labelled with its share."""
    shown = ordered(fig, [r for r in rows if r[fig.value] is not None], fig.value)  # type: ignore[arg-type]
    data = [{"category": str(r[fig.category]), "value": r[fig.value],
             "label": value_label(fig, spec, r, messages.lang)} for r in shown]
    return bar_layers(data, layout, x_title=messages.gettext("Per cent"), fixed_max=100,
                      track=True,
                      tooltip=[alt.Tooltip("category:N", title=human(
                                   spec, fig.category, messages.pgettext("tooltip", "Category"))),
                               alt.Tooltip("label:N", title=human(
                                   spec, fig.value, messages.pgettext("tooltip", "Share")))])


def describe(fig: Figure, rows: Rows, spec: TableSpec, messages: Messages) -> str:
    if fig.row is None:
        return list_values(fig, rows, spec, messages)
    return grouped(fig, rows, spec, fig.row, fig.category, messages)  # type: ignore[arg-type]


def shares_fit(fig: Figure, spec: TableSpec | None, rows: Rows,
               lines: tuple[int, ...]) -> list[RowProblem]:
    """One bar of parts of 100 cannot hold more than 100 (5 points allowed for rounding)."""
    if fig.row is not None:
        return []
    total = sum(r[fig.value] or 0 for r in rows)
    return [(None, fig.value, f"shares add up to {total:g}, more than 100")] if total > 105 else []


KIND = Kind(
    name="share",
    family="chart",
    roles={"category": ANY, "value": frozenset({"percent", "number"})},
    optional_roles={"row": ANY, "label": ANY},
    render=share,
    describe=describe,
    validate=shares_fit,
    outputs=CHART_OUTPUTS,
)
