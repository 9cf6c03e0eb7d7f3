"""`key_figures`: a grid of cards, one headline number each.

A card reads "<qualifier> <number> <unit>" over its label: "more than 17" over "Countries of
nationality", "598,094 people" over "International migrant workers". The qualifier keeps a
bound a bound (the report's "more than 17" is not 17); the unit is printed once, so it is
left out when the label already names it or the number carries it ("40%").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from generator.formatting import DEFAULT_FOR_TYPE, format_value
from generator.kinds.base import ANY, NUMERIC, Kind, RowProblem, Rows
from generator.markup import render
from generator.messages import ENGLISH, N_, Messages

if TYPE_CHECKING:
    from generator.contract import Figure, TableSpec
    from generator.model import Table

# The words a report uses for a bound or an estimate; anything else is a typo or a note.
QUALIFIERS = ("more than", "over", "at least", "about", "approximately", "around", "nearly",
              "almost", "fewer than", "less than", "under", "up to")
PER_CENT_UNITS = {"per cent", "percent", "%"}
# Translators: the unit word of a per cent figure, as a table's unit column writes it
# (a key figure whose unit is this word prints "40%" instead of "40 per cent").
PER_CENT = N_("per cent")


def _words(text: str) -> set[str]:
    # "Provinces" and "province" are the same unit word.
    return {w.removesuffix("s") for w in re.findall(r"\w+", text.lower())}


def card(value: Any, how: str | None, label: str, unit: str | None,
         qualifier: str | None, messages: Messages = ENGLISH) -> dict[str, str | None]:
    """One card's texts: the qualifier, the number, the unit (printed once) and the label.

    The texts are the edition's (translated data); the number is in its locale."""
    unit = (unit or "").strip() or None
    # A translated edition writes the unit in its language: its catalog's word counts too.
    per_cent = {*PER_CENT_UNITS, messages.gettext(PER_CENT).lower()}
    if unit and unit.lower() in per_cent:
        how, unit = "percent", None  # "40%": the number carries its unit
    elif how == "percent":
        unit = None
    if unit and _words(unit) <= _words(label):
        unit = None  # "7" over "Provinces assessed", not "7 provinces"
    return {"qualifier": qualifier or None, "value": format_value(value, how, locale=messages.lang),
            "unit": unit, "label": label}


def cards(fig: Figure, table: Table, common: dict[str, Any], tabulate: Callable[..., Any],
          messages: Messages) -> str:
    vtype = table.spec.columns[fig.value].type  # type: ignore[index]
    how = fig.value_format or DEFAULT_FOR_TYPE.get(vtype)
    items = [
        card(r[fig.value], how, str(r[fig.category]),
             str(r[fig.label]) if fig.label and r.get(fig.label) is not None else None,
             str(r[fig.qualifier]) if fig.qualifier and r.get(fig.qualifier) else None,
             messages)
        for r in table.rows if r[fig.value] is not None
    ]
    return str(render("key_figures.html", messages, **common, cards=items))


def check_qualifiers(fig: Figure, spec: TableSpec | None, rows: Rows,
                     lines: tuple[int, ...]) -> list[RowProblem]:
    if not fig.qualifier:
        return []
    return [(line, fig.qualifier, f"has {r[fig.qualifier]!r:.60}: not a qualifier; expected "
             f"one of {', '.join(QUALIFIERS)}, or an empty cell for an exact figure")
            for r, line in zip(rows, lines, strict=False)
            if r.get(fig.qualifier) and str(r[fig.qualifier]).strip().lower() not in QUALIFIERS]


KIND = Kind(
    name="key_figures",
    family="cards",
    roles={"category": ANY, "value": NUMERIC},
    # `label`: the unit of each card's number; `qualifier`: "more than", "about", ...
    optional_roles={"label": ANY, "qualifier": frozenset({"text"})},
    validate=check_qualifiers,
    render=cards,
)
