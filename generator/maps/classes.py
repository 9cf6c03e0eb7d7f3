"""Value classes: the round-number breaks that split a map's values into at most four
classes, each class's fill and legend label, and the class groups whose maps share one
set of breaks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from generator.formatting import format_value
from generator.messages import ENGLISH, Messages

if TYPE_CHECKING:  # the contract reads the kinds registry, which reads this module
    from generator.contract import Figure
    from generator.model import Round

# IOM blues, light to dark, ending at IOM blue #0033A0; #418FDE is IOM light blue.
RAMP = ("#C6DCF4", "#8DBBEB", "#418FDE", "#1A5CBF", "#0033A0")
RAMP_FOR = {1: (2,), 2: (1, 4), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4)}
MAX_CLASSES = 4


@dataclass(frozen=True)
class ValueClass:
    low: float  # inclusive
    high: float | None  # exclusive; None for the top class
    label: str
    fill: str


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
