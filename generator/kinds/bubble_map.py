"""`bubble_map`: circles at the units' label points, area proportional to the value."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.formatting import format_value
from generator.kinds.base import ANY, NUMERIC, Kind
from generator.kinds.choropleth import MAP_OUTPUTS, without_class_group
from generator.kinds.rows import map_rows_fit
from generator.maps.data import MapData
from generator.maps.palette import BUBBLE_FILL, Style
from generator.maps.sizes import bubble_radius, bubble_samples
from generator.maps.states import value_map
from generator.maps.summary import value_summary

if TYPE_CHECKING:
    from generator.contract import Figure
    from generator.model import Round, Table


def size(data: MapData, values: list[float]) -> None:
    """Units are not filled by value; the legend shows two or three sample circles."""
    data.bubble_samples = bubble_samples(values)
    top = data.max_value or 1.0
    data.legend = [(format_value(v, data.fmt, locale=data.lang),
                    Style(BUBBLE_FILL, bubble=2 * bubble_radius(v, top)))
                   for v in data.bubble_samples]


def build(fig: Figure, table: Table, rnd: Round) -> MapData:
    return value_map(fig, table, rnd, size)


KIND = Kind(
    name="bubble_map",
    family="map",
    roles={"province": frozenset({"province"}), "value": NUMERIC},
    optional_roles={"label": ANY},
    render=build,
    describe=value_summary,
    validate=without_class_group(map_rows_fit),
    outputs=MAP_OUTPUTS,
)
