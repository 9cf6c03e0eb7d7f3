"""What a map shows, before any drawing: each unit's status, value class and texts.

Everything here is pure data work (no Folium), so it is easy to test and the
same texts feed the map tooltips, the in-map legend, the page legend and the
text alternative. They are written in the round's language: the words from its
catalog (`Round.messages`, carried by `MapData.messages`), numbers in its locale and
the units' names as the layer gives them in that language (`Unit.name_in`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from itertools import combinations
from typing import TYPE_CHECKING, Any, NamedTuple

from generator.errors import InputError, Problem, display_path
from generator.formatting import DEFAULT_FOR_TYPE, format_value
from generator.geo import Unit
from generator.messages import DEFAULT, ENGLISH, N_, Messages

if TYPE_CHECKING:  # the contract reads the kinds registry, which reads this module
    from generator.contract import Figure
    from generator.model import Round, Table

# Statuses of a unit on a map.
VALUE, ZERO, NO_FIGURE, NOT_ASSESSED, NO_DATA, ASSESSED = (
    "value", "zero", "no figure", "not assessed", "no data", "assessed",
)

# IOM blues, light to dark, ending at IOM blue #0033A0; #418FDE is IOM light blue.
RAMP = ("#C6DCF4", "#8DBBEB", "#418FDE", "#1A5CBF", "#0033A0")
RAMP_FOR = {1: (2,), 2: (1, 4), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4)}
MAX_CLASSES = 4
OUTLINE = "#4D4D4D"  # 8.4:1 against white (WCAG 1.4.11 needs 3:1)
ZERO_FILL = "#FFFFFF"
NO_FIGURE_FILL = "#FFFFFF"  # drawn with a dot pattern of BUBBLE_FILL
NOT_ASSESSED_FILL = "#E6E6E6"  # drawn with a hatch pattern and a dashed outline
HATCH = "#8C8C8C"
BUBBLE_FILL = "#418FDE"
BUBBLE_OUTLINE = "#002A80"
ASSESSED_FILL = "#418FDE"
DASH = "5 3"
BUBBLE_MAX_RADIUS = 22.0  # px, for the largest value (live and static maps alike)
ZERO_RADIUS = 3.0  # px: a hollow ring marks a unit whose value is 0 on a bubble map
CITY_RADIUS = 6.0  # px: cities of republican significance are a few pixels wide
CITY_OUTLINE = "#1A1A1A"

# In English; `status_text` gives them in the map's language.
STATUS_TEXT = {
    # Translators: a province on a map: assessed, but the table has no figure of its own
    NO_FIGURE: N_("Assessed, no separate figure"),
    # Translators: a province on a map that the assessment did not cover
    NOT_ASSESSED: N_("Not assessed"),
    # Translators: a province on a map the table says nothing about
    NO_DATA: N_("No data"),
    # Translators: a province on a coverage map that the assessment covered
    ASSESSED: N_("Assessed"),
}


def status_text(status: str, messages: Messages) -> str:
    return messages.gettext(STATUS_TEXT[status])


@dataclass(frozen=True)
class Style:
    """How one status or class is drawn; `css` names a pattern fill in the map document."""

    fill: str
    dashed: bool = False
    css: str = ""  # "na" (hatched) or "nofig" (dotted)
    bubble: float | None = None  # a legend key drawn as a circle of this diameter (px)


@dataclass
class UnitState:
    unit: Unit
    status: str
    value: float | None = None
    text: str = ""  # value or status as words, e.g. "22%" or "Not assessed"
    label: str | None = None  # the figure's optional label column
    note: str | None = None
    style: Style = field(default_factory=lambda: Style(ZERO_FILL))
    klass: int | None = None  # index of the value class
    lang: str = DEFAULT  # the language the unit is named in

    @property
    def name(self) -> str:
        """The unit's name as readers of the map's language know it (the layer's)."""
        return self.unit.name_in(self.lang)

    def tooltip_html(self) -> str:
        return f"<strong>{escape(self.name)}</strong><br>{escape(self.text)}"

    def row(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "code": self.unit.code,
            "value": self.value,
            "status": self.status,
            "text": self.text,
            "label": self.label,
            "note": self.note,
        }


@dataclass(frozen=True)
class ValueClass:
    low: float  # inclusive
    high: float | None  # exclusive; None for the top class
    label: str
    fill: str


@dataclass
class MapData:
    """The classified content of one map figure."""

    kind: str
    fmt: str | None
    states: list[UnitState]  # in display order
    classes: list[ValueClass] = field(default_factory=list)
    legend: list[tuple[str, Style]] = field(default_factory=list)
    legend_title: str = ""
    bubble_samples: list[float] = field(default_factory=list)
    max_value: float = 0.0
    # The round's language: the words and numbers of the legend, tooltips, text
    # alternative and map documents (the kinds' `describe` reads it here).
    messages: Messages = field(default=ENGLISH, compare=False)

    @property
    def lang(self) -> str:
        return self.messages.lang

    def by_status(self) -> dict[str, list[UnitState]]:
        return {s: [u for u in self.states if u.status == s] for s in
                (VALUE, ZERO, NO_FIGURE, NOT_ASSESSED, NO_DATA, ASSESSED)}


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


def value_format(fig: Figure, table: Table) -> str | None:
    if fig.value_format:
        return fig.value_format
    if fig.value and fig.value in table.spec.columns:
        return DEFAULT_FOR_TYPE.get(table.spec.columns[fig.value].type)
    return None


def zero_text(fmt: str | None, locale: str = DEFAULT) -> str:
    # Only what the data says: a value of 0 (not why, nor that nobody was found).
    return format_value(0, fmt, locale=locale)


# -- class breaks --------------------------------------------------------------------------

def _decimals(values: list[float]) -> int:
    """Decimal places the data are given with (0-2)."""
    for d in range(3):
        if all(abs(v * 10**d - round(v * 10**d)) < 1e-9 for v in values):
            return d
    return 2


def _nice_candidates(lo: float, hi: float, decimals: int) -> list[float]:
    """Round numbers (1, 2, 2.5, 5 x 10^k) in (lo, hi] that the data's precision can express."""
    out = set()
    for k in range(math.floor(math.log10(lo)) - 1, math.ceil(math.log10(hi)) + 1):
        for m in (1, 2, 2.5, 5):
            c = round(m * 10**k, 6)
            if lo < c <= hi and abs(c * 10**decimals - round(c * 10**decimals)) < 1e-9:
                out.add(c)
    return sorted(out)


def breaks(values: list[float], max_classes: int = MAX_CLASSES) -> list[float]:
    """Thresholds t1 < t2 < ... splitting positive values into classes [.., t1), [t1, t2), ...

    Thresholds are round numbers; among the choices with the most classes (each
    non-empty) the one with the most even class sizes wins.
    """
    pos = sorted(v for v in values if v > 0)
    if len(set(pos)) < 2:
        return []
    cands = _nice_candidates(pos[0], pos[-1], _decimals(pos))
    for k in range(min(max_classes, len(set(pos))) - 1, 0, -1):
        best: tuple[float, tuple[float, ...]] | None = None
        for combo in combinations(cands, k):
            edges = (-math.inf, *combo, math.inf)
            counts = [sum(1 for v in pos if edges[i] <= v < edges[i + 1])
                      for i in range(len(edges) - 1)]
            if min(counts) == 0:
                continue
            mean = len(pos) / len(counts)
            score = sum((c - mean) ** 2 for c in counts)
            if best is None or score < best[0]:
                best = (score, combo)
        if best is not None:
            return list(best[1])
    return []


def value_classes(values: list[float], fmt: str | None,
                  messages: Messages = ENGLISH) -> list[ValueClass]:
    pos = [v for v in values if v > 0]
    if not pos:
        return []
    cuts = breaks(pos)
    step = 10 ** -_decimals(pos)
    lows = [step, *cuts]
    fills = [RAMP[i] for i in RAMP_FOR[len(lows)]]
    out = []
    for i, low in enumerate(lows):
        high = cuts[i] if i < len(cuts) else None
        if high is None:
            # Translators: a map legend's top class: this value or more ("50%+")
            label = (messages.gettext("%(value)s+",
                                      value=format_value(low, fmt, locale=messages.lang))
                     if cuts else _range(low, max(pos), fmt, messages))
        else:
            top = round(high - step, 6)
            label = _range(low, top, fmt, messages)
        out.append(ValueClass(low, high, label, fills[i]))
    return out


def _range(low: float, high: float, fmt: str | None, messages: Messages) -> str:
    lang = messages.lang
    if low == high:
        return format_value(low, fmt, locale=lang)
    # Translators: a map legend's class, values from `low` to `high` ("10–20%"); a per
    # cent sign is written once, with `high`
    return messages.gettext("%(low)s–%(high)s", low=_without_percent(low, fmt, lang),
                            high=format_value(high, fmt, locale=lang))


def _without_percent(value: float, fmt: str | None, lang: str) -> str:
    """The value as `fmt` writes it, less the per cent sign the locale puts after it
    ("10" of "10%", "10" of Russian "10\u00a0%")."""
    text = format_value(value, fmt, locale=lang)
    sign = format_value(0, "percent", locale=lang).removeprefix(format_value(0, "number",
                                                                             locale=lang))
    return text.removesuffix(sign) if sign and fmt in ("percent", "change") else text


def class_of(value: float, classes: list[ValueClass]) -> int:
    for i, c in enumerate(classes):
        if c.high is None or value < c.high:
            return i
    return len(classes) - 1


def nice_floor(v: float) -> float:
    """The largest 1-2-5 x 10^k number not above v."""
    k = math.floor(math.log10(v))
    for m in (5, 2, 1):
        if m * 10**k <= v:
            return round(m * 10**k, 6)
    return round(10**k, 6)


# -- the map's data ------------------------------------------------------------------------

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


def bubble_samples(values: list[float]) -> list[float]:
    """Two or three round values for the circle-size legend, largest first."""
    pos = [v for v in values if v > 0]
    if not pos:
        return []
    top = nice_floor(max(pos))
    out = [top]
    for f in (4, 20):
        v = nice_floor(top / f)
        if v >= min(pos) and v < out[-1]:
            out.append(v)
    return out


# -- the legend: one model for the live map, the page and the static image ----------------

class LegendKey(NamedTuple):
    """One legend row. `swatch` is how its key is drawn: "box" (a fill), "hatch" (not
    assessed: hatched, dashed outline), "dots" (no separate figure), "bubble" (a circle
    of diameter `size` px, as on the map) or "ring" (a hollow circle: a value of 0)."""

    label: str
    fill: str
    swatch: str
    size: float = 0.0


def legend_keys(data: MapData) -> list[LegendKey]:
    keys = []
    for label, style in data.legend:
        if style.bubble is not None:
            swatch = "ring" if style.fill == ZERO_FILL else "bubble"
            keys.append(LegendKey(label, style.fill, swatch, round(style.bubble, 1)))
        elif style.css == "na":
            keys.append(LegendKey(label, style.fill, "hatch"))
        elif style.css == "nofig":
            keys.append(LegendKey(label, style.fill, "dots"))
        else:
            keys.append(LegendKey(label, style.fill, "box"))
    return keys


def bubble_radius(value: float, top: float) -> float:
    """A bubble's radius in px: its area is proportional to the value."""
    return round(BUBBLE_MAX_RADIUS * math.sqrt(value / (top or 1.0)), 2)


def group_values(fig: Figure, rnd: Round) -> list[float]:
    """The values of every map of the round in `fig`'s class group (its own included),
    so related maps are classed by the same breaks; just its own values without a group."""
    if fig.class_group is None:
        return []
    out: list[float] = []
    for section in rnd.sections:
        for other in section.figures:
            if other.class_group != fig.class_group or other.value is None:
                continue
            table = rnd.table_for(other)
            out += [float(v) for row in table.rows
                    if isinstance(v := row.get(other.value), int | float)]
    return out


def group_members(rnd: Round, group: str) -> list[Figure]:
    return [f for s in rnd.sections for f in s.figures if f.class_group == group]
