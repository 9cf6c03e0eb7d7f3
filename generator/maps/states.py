"""A map of values' data from its table: each unit's status, value, texts and style, in
display order, with the legend rows for the units without a value (`value_map`).

The map kind (generator/kinds/) passes its `Scale`, which sets the classes or bubble
sizes and the legend rows for values. What a map cannot show (a province in two rows, a
negative value) raises InputError, naming the table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from generator.errors import InputError, Problem, display_path
from generator.formatting import DEFAULT_FOR_TYPE, format_value
from generator.geo import Unit
from generator.maps.classes import class_of
from generator.maps.data import (
    NO_DATA,
    NO_FIGURE,
    NOT_ASSESSED,
    VALUE,
    ZERO,
    MapData,
    UnitState,
    status_text,
)
from generator.maps.palette import (
    NO_FIGURE_FILL,
    NOT_ASSESSED_FILL,
    ZERO_FILL,
    ZERO_RADIUS,
    Style,
)
from generator.messages import DEFAULT

if TYPE_CHECKING:  # the contract reads the kinds registry, which reads this module
    from generator.contract import Figure
    from generator.model import Round, Table


def value_format(fig: Figure, table: Table) -> str | None:
    if fig.value_format:
        return fig.value_format
    if fig.value and fig.value in table.spec.columns:
        return DEFAULT_FOR_TYPE.get(table.spec.columns[fig.value].type)
    return None


def zero_text(fmt: str | None, locale: str = DEFAULT) -> str:
    # Only what the data says: a value of 0 (not why, nor that nobody was found).
    return format_value(0, fmt, locale=locale)


def _problem(table: Table, column: str | None, message: str) -> InputError:
    return InputError([Problem(display_path(table.path), None, column, message)])


def units_found(fig: Figure, table: Table, rnd: Round) -> dict[str, tuple[Unit, dict[str, Any]]]:
    """The table's rows by the code of their admin-1 unit, in table order."""
    if fig.province is None:
        raise _problem(table, None, f"map figure {fig.id!r} needs 'province'")
    found: dict[str, tuple[Unit, dict[str, Any]]] = {}
    for row in table.rows:
        name = row.get(fig.province)
        if name is None:
            continue
        unit = rnd.boundaries.resolve(str(name))
        if unit.code in found:
            raise _problem(table, fig.province,
                           f"figure {fig.id!r}: {unit.name} appears in more than one row; "
                           "a map needs one row per province")
        found[unit.code] = (unit, row)
    return found


# How a map of values turns values into marks: sets the data's classes (if any),
# bubble sizes (if any) and the legend rows for values. One per map kind (kinds/).
Scale = Callable[["MapData", list[float]], None]


def value_map(fig: Figure, table: Table, rnd: Round, scale: Scale) -> MapData:
    """Every unit of the boundary layer with its status, value, texts and style."""
    found = units_found(fig, table, rnd)
    fmt = value_format(fig, table)
    messages, lang = rnd.messages, rnd.lang
    if fig.value is None:
        raise _problem(table, None, f"map figure {fig.id!r} needs 'value'")
    assessed = rnd.assessed_units
    assessed_codes = (None if assessed is None
                      else {rnd.boundaries.resolve(n).code for n in assessed})
    has_note = "note" in table.spec.columns

    states: list[UnitState] = []
    for unit in rnd.boundaries.in_order():
        if unit.code in found:
            row = found[unit.code][1]
            value = row.get(fig.value)
            label = row.get(fig.label) if fig.label else None
            label = (None if label is None
                     else format_value(label, _label_format(fig, table), locale=lang))
            note = row.get("note") if has_note else None
            if value is None:
                st = UnitState(unit, NO_FIGURE, None, status_text(NO_FIGURE, messages), label,
                               None if note is None else str(note))
            else:
                if value < 0:
                    raise _problem(table, fig.value,
                                   f"figure {fig.id!r}: maps show values of 0 or more; "
                                   f"{unit.name} has {value:g}")
                status = ZERO if value == 0 else VALUE
                st = UnitState(unit, status, value, "", label)
        elif assessed_codes is None:
            st = UnitState(unit, NO_DATA, None, status_text(NO_DATA, messages))
        elif unit.code in assessed_codes:
            # Assessed, but the table gives no row for it (e.g. a top-5 table).
            st = UnitState(unit, NO_FIGURE, None, status_text(NO_FIGURE, messages))
        else:
            st = UnitState(unit, NOT_ASSESSED, None, status_text(NOT_ASSESSED, messages))
        st.lang = lang
        states.append(st)

    values = [s.value for s in states if s.value is not None]
    data = MapData(fig.kind, fmt, [],
                   legend_title=fig.legend_title or _default_title(fig, table),
                   messages=messages)
    data.max_value = max(values, default=0.0)
    scale(data, values)  # before the styles below: they read the classes
    for s in states:
        if s.status == NO_FIGURE:
            # Translators: a province's tooltip on a map, then the table's note on it
            s.text = (messages.gettext("Assessed, no separate figure — %(note)s", note=s.note)
                      if s.note else status_text(NO_FIGURE, messages))
            s.style = Style(NO_FIGURE_FILL, css="nofig")
        elif s.status in (NOT_ASSESSED, NO_DATA):
            s.style = Style(NOT_ASSESSED_FILL, dashed=True, css="na")
        elif s.status == ZERO:
            s.text = zero_text(fmt, lang)
            s.style = Style(ZERO_FILL)
        else:
            assert s.value is not None
            s.text = format_value(s.value, fmt, locale=lang)
            if data.classes:
                s.klass = class_of(s.value, data.classes)
                s.style = Style(data.classes[s.klass].fill)
            else:
                s.style = Style(ZERO_FILL)
        if s.label and s.status in (VALUE, ZERO):
            s.text = f"{s.text} ({s.label})"

    order = {VALUE: 0, ZERO: 1, NO_FIGURE: 2, NOT_ASSESSED: 3, NO_DATA: 4}
    table_pos = {code: i for i, code in enumerate(found)}
    states.sort(key=lambda s: (order[s.status], -(s.value or 0),
                               table_pos.get(s.unit.code, len(table_pos)), s.name))
    data.states = states

    present = {s.status for s in states}
    if ZERO in present:
        ring = 2 * ZERO_RADIUS if data.kind == "bubble_map" else None
        data.legend.append((zero_text(fmt, lang), Style(ZERO_FILL, bubble=ring)))
    if NO_FIGURE in present:
        data.legend.append((status_text(NO_FIGURE, messages),
                            Style(NO_FIGURE_FILL, css="nofig")))
    for status in (NOT_ASSESSED, NO_DATA):
        if status in present:
            data.legend.append((status_text(status, messages),
                                Style(NOT_ASSESSED_FILL, dashed=True, css="na")))
    return data


def _label_format(fig: Figure, table: Table) -> str | None:
    col = table.spec.columns.get(fig.label or "")
    return DEFAULT_FOR_TYPE.get(col.type) if col else None


def _default_title(fig: Figure, table: Table) -> str:
    col = table.spec.columns.get(fig.value or "")
    if col is None:
        return fig.title
    text = col.description.rstrip(".")
    if col.unit and col.unit.lower() not in text.lower():
        text = f"{text} ({col.unit})"
    return text if len(text) <= 60 else fig.title
