"""Text alternatives written from the data, so a screen reader hears the figures.

Shared pieces; each kind's own sentence is its `describe` in generator/kinds/. The
sentences are the edition's catalog's (whole sentences with named fields: word order
differs between languages), the numbers are in its locale, and the titles and
categories are the edition's data texts, already translated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.charts.specs import value_format
from generator.formatting import DEFAULT_FOR_TYPE, format_value
from generator.messages import Messages

if TYPE_CHECKING:  # the contract reads the kinds registry, which reads this module
    from generator.contract import Figure, TableSpec

Rows = list[dict[str, Any]]


def fmt(fig: Figure, spec: TableSpec, row: dict[str, Any], role: str = "value",
        locale: str = "en") -> str:
    """One value as the figure formats it, with its `label` column beside it."""
    col = getattr(fig, role)
    text = format_value(row[col], value_format(fig, spec, role), spec.columns[col].decimals,
                        locale)
    if role == "value" and fig.label and row.get(fig.label) is not None:
        how = DEFAULT_FOR_TYPE.get(spec.columns[fig.label].type, "text")
        text += f" ({format_value(row[fig.label], how, locale=locale)})"
    return text


def item(messages: Messages, category: object, value: str) -> str:
    # Translators: one entry of a chart's list of figures, a category and its figure, as in
    # "Uzbekistan 77% (46,204)" or, in a stacked bar, "Yes 81%".
    return messages.gettext("%(category)s %(value)s", category=category, value=value)


def titled(messages: Messages, title: str, values: str) -> str:
    # Translators: a chart's text alternative: its title, then its figures, separated by
    # commas ("Top nationalities: Uzbekistan 77%, Tajikistan 10%.").
    return messages.gettext("%(title)s: %(values)s.", title=title, values=values)


def missing_note(messages: Messages, names: list[str]) -> str:
    """" No separate figure for A, B." (with its leading space), or "" when none is missing."""
    if not names:
        return ""
    return " " + messages.gettext("No separate figure for %(names)s.", names=", ".join(names))


def list_values(fig: Figure, rows: Rows, spec: TableSpec, messages: Messages,
                key: str | None = None) -> str:
    """"Title: A 1, B 2." with the rows that give no figure named at the end."""
    if fig.row is not None:  # `row` groups values: only share draws groups (see grouped)
        return fig.title
    key = key or fig.category
    given = [r for r in rows if r[fig.value] is not None]
    missing = [str(r[key]) for r in rows if r[fig.value] is None]
    body = ", ".join(item(messages, r[key], fmt(fig, spec, r, locale=messages.lang))
                     for r in given)
    return titled(messages, fig.title, body) + missing_note(messages, missing)


def grouped(fig: Figure, rows: Rows, spec: TableSpec, group: str, item_key: str,
            messages: Messages, skip_missing: bool = True) -> str:
    """"Title. G1: a 1, b 2; G2: ..." for figures that show rows of groups."""
    parts = []
    for g in dict.fromkeys(r[group] for r in rows):
        cells = [item(messages, r[item_key], fmt(fig, spec, r, locale=messages.lang))
                 for r in rows if r[group] == g and not (skip_missing and r[fig.value] is None)]
        # Translators: one group of a grid's text alternative: "Almaty: men 40, women 60".
        parts.append(messages.gettext("%(group)s: %(values)s", group=g,
                                      values=", ".join(cells)))
    # Translators: a grid's text alternative: its title, then its groups separated by
    # semicolons ("Services. Almaty: schools 4, clinics 2; Astana: schools 3, clinics 1.").
    return messages.gettext("%(title)s. %(groups)s.", title=fig.title, groups="; ".join(parts))
