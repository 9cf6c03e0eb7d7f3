"""`coverage_map`: the admin-1 units the round assessed, and those it did not."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from generator.formatting import format_value
from generator.kinds.base import Kind
from generator.kinds.choropleth import MAP_OUTPUTS, without_class_group
from generator.kinds.rows import map_rows_fit
from generator.maps.data import ASSESSED, NOT_ASSESSED, MapData, UnitState, status_text
from generator.maps.palette import ASSESSED_FILL, NOT_ASSESSED_FILL, Style
from generator.maps.states import units_found
from generator.maps.summary import gaps

if TYPE_CHECKING:
    from generator.contract import Figure
    from generator.model import Round, Table


def build(fig: Figure, table: Table, rnd: Round) -> MapData:
    found = units_found(fig, table, rnd)
    messages = rnd.messages
    assessed, not_assessed = status_text(ASSESSED, messages), status_text(NOT_ASSESSED, messages)
    states = []
    for unit in rnd.boundaries.in_order():
        if unit.code in found:
            states.append(UnitState(unit, ASSESSED, None, assessed,
                                    style=Style(ASSESSED_FILL), lang=rnd.lang))
        else:
            states.append(UnitState(unit, NOT_ASSESSED, None, not_assessed,
                                    style=Style(NOT_ASSESSED_FILL, dashed=True, css="na"),
                                    lang=rnd.lang))
    table_pos = {code: i for i, code in enumerate(found)}
    states.sort(key=lambda s: (s.status != ASSESSED, table_pos.get(s.unit.code, 99), s.name))
    legend = [(assessed, Style(ASSESSED_FILL))]
    if any(s.status == NOT_ASSESSED for s in states):
        legend.append((not_assessed, Style(NOT_ASSESSED_FILL, dashed=True, css="na")))
    # Translators: the legend title of a map of the provinces an assessment covered
    default_title = messages.gettext("Coverage of the assessment")
    return MapData(fig.kind, None, states, legend=legend,
                   legend_title=fig.legend_title or default_title, messages=messages)


def describe(data: MapData) -> str:
    assessed = data.by_status()[ASSESSED]
    total = len(data.states)
    # Translators: the text alternative of a coverage map; `units` lists the provinces
    head = data.messages.ngettext(
        "Assessed (%(count)s of %(total)s unit): %(units)s.",
        "Assessed (%(count)s of %(total)s units): %(units)s.", total,
        count=format_value(len(assessed), "count", locale=data.lang),
        total=format_value(total, "count", locale=data.lang),
        units=", ".join(u.name for u in assessed))
    return " ".join([head, *gaps(data)])


KIND = Kind(
    name="coverage_map",
    family="map",
    roles={"province": frozenset({"province"})},
    render=build,
    describe=describe,
    validate=without_class_group(partial(map_rows_fit, values=False)),  # its `value` column is not drawn
    outputs=MAP_OUTPUTS,
)
