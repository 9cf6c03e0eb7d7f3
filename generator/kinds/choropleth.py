"""`choropleth`: admin-1 units filled by the class of their value."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.kinds.base import ANY, NUMERIC, Kind
from generator.kinds.rows import map_rows_fit
from generator.maps.classes import MapData, Style, value_classes, value_map, value_summary

if TYPE_CHECKING:
    from generator.contract import Figure
    from generator.model import Round, Table

MAP_OUTPUTS = ("html", "csv")


def shade(data: MapData, values: list[float]) -> None:
    """Units are filled by value class; the legend lists the classes."""
    data.classes = value_classes(values, data.fmt)
    data.legend = [(c.label, Style(c.fill)) for c in data.classes]


def build(fig: Figure, table: Table, rnd: Round) -> MapData:
    return value_map(fig, table, rnd, shade)


KIND = Kind(
    name="choropleth",
    family="map",
    roles={"province": frozenset({"province"}), "value": NUMERIC},
    optional_roles={"label": ANY},
    render=build,
    describe=value_summary,
    validate=map_rows_fit,
    outputs=MAP_OUTPUTS,
)
