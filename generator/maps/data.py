"""What a map shows, before any drawing: the statuses a unit can have, each unit's state
(status, value, texts, style) and the classified content of one map (`MapData`).

This module, the ones that fill it in (states.py, with classes.py or sizes.py) and
the ones that read it (summary.py, legend.py) are pure data work (no Folium), so they
are easy to test and the same texts feed the map tooltips, the in-map legend, the page
legend and the text alternative. They are written in the round's language: the words
from its catalog (`Round.messages`, carried by `MapData.messages`), numbers in its
locale and the units' names as the layer gives them in that language (`Unit.name_in`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from generator.geo import Unit
from generator.maps.classes import ValueClass
from generator.maps.palette import ZERO_FILL, Style
from generator.messages import DEFAULT, ENGLISH, N_, Messages

# Statuses of a unit on a map.
VALUE, ZERO, NO_FIGURE, NOT_ASSESSED, NO_DATA, ASSESSED = (
    "value", "zero", "no figure", "not assessed", "no data", "assessed",
)

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
