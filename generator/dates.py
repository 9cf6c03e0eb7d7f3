"""Dates at the precision the report gives: a day (2024-04-01) or a month (2024-04).

Reports often say only "April 2024"; writing 2024-04-01 would invent a day that then
shows on the site. `PartialDate` keeps what was given and prints exactly that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import total_ordering
from typing import Any

from babel.dates import format_date
from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

_FORM = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
EXPECTED = "expected a day like 2024-04-01 or a month like 2024-04"


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int
    day: int | None = None  # None: the source gives the month only

    def __post_init__(self) -> None:
        date(self.year, self.month, self.day or 1)  # ValueError for 2024-13 or 2024-02-30

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, date):
            return cls(value.year, value.month, value.day)
        match = _FORM.fullmatch(value.strip()) if isinstance(value, str) else None
        if match is None:
            raise ValueError(f"{EXPECTED}, not {value!r:.40}")
        year, month, day = match.groups()
        try:
            return cls(int(year), int(month), int(day) if day else None)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a valid date ({exc}); {EXPECTED}") from exc

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, self.day or 1)

    def _key(self) -> tuple[int, int, int]:
        # A month sorts before its days: "April 2024" is not after 2024-04-01.
        return self.year, self.month, self.day or 0

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def display(self, lang: str = "en") -> str:
        """"April 2024" for a month, "1 April 2024" for a day, in `lang` ("апрель 2024",
        "1 апреля 2024"). English is written as IOM writes it."""
        # Babel's CLDR names, not strftime: the process locale must not change the site.
        # A month on its own takes CLDR's stand-alone form (LLLL: Russian "апрель"); with
        # a day, the format form (MMMM: "1 апреля"). English has one form for both.
        month = "MMMM y" if lang == "en" else "LLLL y"
        pattern = month if self.day is None else "d MMMM y"
        return format_date(self.first_day, pattern, locale=lang)

    def __str__(self) -> str:
        ym = f"{self.year:04d}-{self.month:02d}"
        return ym if self.day is None else f"{ym}-{self.day:02d}"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.to_string_ser_schema())
