"""`choropleth`: admin-1 units filled by the class of their value."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from generator.kinds.base import ANY, NUMERIC, Kind, RowProblem, Rows
from generator.kinds.rows import map_rows_fit
from generator.maps.classes import group_values, value_classes
from generator.maps.data import MapData
from generator.maps.palette import Style
from generator.maps.states import value_map
from generator.maps.summary import value_summary

if TYPE_CHECKING:
    from generator.contract import Figure, TableSpec
    from generator.model import Round, Table

MAP_OUTPUTS = ("html", "svg", "csv")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def shade(data: MapData, values: list[float], group: list[float] | None = None) -> None:
    """Units are filled by value class; the legend lists the classes. A map in a class
    group (`class_group`) is classed by the values of the whole group."""
    data.classes = value_classes(group or values, data.fmt, data.messages)
    data.legend = [(c.label, Style(c.fill)) for c in data.classes]


def build(fig: Figure, table: Table, rnd: Round) -> MapData:
    return value_map(fig, table, rnd, partial(shade, group=group_values(fig, rnd)))


def check(fig: Figure, spec: TableSpec | None, rows: Rows,
          lines: tuple[int, ...]) -> list[RowProblem]:
    problems = map_rows_fit(fig, spec, rows, lines)
    if fig.class_group is not None and not SLUG.fullmatch(fig.class_group):
        problems.append((None, "class_group", f"figure {fig.id!r}: class_group "
                         f"{fig.class_group!r} is not a name; expected lower-case words "
                         "joined by '-', the same on every map that shares the classes"))
    return problems


KIND = Kind(
    name="choropleth",
    family="map",
    roles={"province": frozenset({"province"}), "value": NUMERIC},
    optional_roles={"label": ANY},
    render=build,
    describe=value_summary,
    validate=check,
    outputs=MAP_OUTPUTS,
)


def without_class_group(check: Callable[..., list[RowProblem]]) -> Callable[..., list[RowProblem]]:
    """A map kind's row checks plus: `class_group` is for choropleths (others draw no classes)."""
    def checked(fig: Figure, spec: TableSpec | None, rows: Rows,
                lines: tuple[int, ...]) -> list[RowProblem]:
        problems = check(fig, spec, rows, lines)
        if fig.class_group is not None:
            problems.append((None, "class_group", f"figure {fig.id!r} is a {fig.kind}, which "
                             "has no colour classes; class_group applies to choropleth maps"))
        return problems
    return checked
