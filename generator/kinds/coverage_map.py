"""`coverage_map`: the admin-1 units the round assessed, and those it did not."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from generator.kinds.base import Kind
from generator.kinds.choropleth import MAP_OUTPUTS, without_class_group
from generator.kinds.rows import map_rows_fit
from generator.maps.classes import (
    ASSESSED,
    ASSESSED_FILL,
    NOT_ASSESSED,
    NOT_ASSESSED_FILL,
    STATUS_TEXT,
    MapData,
    Style,
    UnitState,
    gaps,
    units_found,
)

if TYPE_CHECKING:
    from generator.contract import Figure
    from generator.model import Round, Table


def build(fig: Figure, table: Table, rnd: Round) -> MapData:
    found = units_found(fig, table, rnd)
    states = []
    for unit in rnd.boundaries.in_order():
        if unit.code in found:
            states.append(UnitState(unit, ASSESSED, None, STATUS_TEXT[ASSESSED],
                                    style=Style(ASSESSED_FILL)))
        else:
            states.append(UnitState(unit, NOT_ASSESSED, None, STATUS_TEXT[NOT_ASSESSED],
                                    style=Style(NOT_ASSESSED_FILL, dashed=True, css="na")))
    table_pos = {code: i for i, code in enumerate(found)}
    states.sort(key=lambda s: (s.status != ASSESSED, table_pos.get(s.unit.code, 99), s.name))
    legend = [(STATUS_TEXT[ASSESSED], Style(ASSESSED_FILL))]
    if any(s.status == NOT_ASSESSED for s in states):
        legend.append((STATUS_TEXT[NOT_ASSESSED], Style(NOT_ASSESSED_FILL, dashed=True, css="na")))
    return MapData(fig.kind, None, states, legend=legend,
                   legend_title=fig.legend_title or "Coverage of the assessment")


def describe(data: MapData) -> str:
    assessed = data.by_status()[ASSESSED]
    head = (f"Assessed ({len(assessed)} of {len(data.states)} units): "
            + ", ".join(u.name for u in assessed) + ".")
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
