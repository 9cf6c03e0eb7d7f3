"""The text alternative of a map of values: every unit's value, then the units without
one, as sentences in the map's language.
"""

from __future__ import annotations

from generator.maps.data import NO_DATA, NO_FIGURE, NOT_ASSESSED, VALUE, ZERO, MapData, UnitState


def value_summary(data: MapData) -> str:
    """The text alternative of a map of values: every unit's value, then the gaps."""
    by = data.by_status()
    parts = []
    shown = by[VALUE] + by[ZERO]
    if shown:
        parts.append(", ".join(f"{u.name} {_value_text(u)}" for u in shown) + ".")
    if by[NO_FIGURE]:
        # Translators: the text alternative of a map; `units` is a list of provinces
        parts.append(data.messages.gettext(
            "Assessed, no separate figure: %(units)s.",
            units=", ".join(_with_label(u.name, u, note=True) for u in by[NO_FIGURE])))
    return " ".join(parts + gaps(data))


def gaps(data: MapData) -> list[str]:
    """The units a map has nothing for, as sentences."""
    by = data.by_status()
    out = []
    if by[NOT_ASSESSED]:
        # Translators: the text alternative of a map; `units` is a list of provinces
        out.append(data.messages.gettext("Not assessed: %(units)s.",
                                         units=", ".join(u.name for u in by[NOT_ASSESSED])))
    if by[NO_DATA]:
        # Translators: the text alternative of a map; `units` is a list of provinces
        out.append(data.messages.gettext("No data: %(units)s.",
                                         units=", ".join(u.name for u in by[NO_DATA])))
    return out


def _value_text(u: UnitState) -> str:
    return u.text  # the value as formatted, with the label column if any


def _with_label(text: str, u: UnitState, note: bool = False) -> str:
    extra = [x for x in (u.label, u.note if note else None) if x]
    return f"{text} ({'; '.join(extra)})" if extra else text
