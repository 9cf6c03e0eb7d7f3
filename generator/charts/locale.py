"""Numbers a chart formats itself, in the reader's locale: the d3-format locale of a spec.

Vega formats axis ticks (and any number a spec formats, `format` ",~f") with d3-format,
whose default is US English. A spec in another language carries `config.locale.number`,
built here from the locale's CLDR symbols (Babel), so the ticks read "600 000" in
Russian. vl-convert applies it to the static SVG and vega-embed to the live chart, both
from the spec itself. Labels the builders write (value labels, tooltips) are formatted
in Python with the same locale (formatting.format_value).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from babel import Locale
from babel.core import get_global
from babel.numbers import get_currency_symbol, get_territory_currencies

# d3-format's own locale (en-US). A spec whose locale equals it carries none: English
# specs stay as they were. Its minus, U+2212, is the one formatting.change writes.
D3_DEFAULT: dict[str, Any] = {"decimal": ".", "thousands": ",", "grouping": [3],
                              "currency": ["$", ""]}


def _affixes(pattern: str) -> tuple[str, str]:
    """What a CLDR number pattern writes before and after the number."""
    first = min(pattern.find(c) for c in "#0" if c in pattern)
    last = max(pattern.rfind(c) for c in "#0" if c in pattern)
    return pattern[:first].replace("'", ""), pattern[last + 1:].replace("'", "")


def _currency(locale: Locale) -> list[str]:
    """d3's [prefix, suffix] of money: the currency of the language's main country (CLDR
    likely subtags: ru -> RU -> RUB, kk -> KZ -> KZT) where its pattern puts it."""
    likely = get_global("likely_subtags").get(str(locale), str(locale))
    territory = locale.territory or Locale.parse(likely).territory
    found = get_territory_currencies(territory) if territory else []
    symbol = get_currency_symbol(found[0], locale) if found else "\u00a4"
    before, after = _affixes(locale.currency_formats["standard"].pattern)
    return [before.replace("\u00a4", symbol), after.replace("\u00a4", symbol)]


@cache
def number_locale(lang: str) -> dict[str, Any] | None:
    """The d3 number locale of `lang`, or None where it is d3's default (English)."""
    locale = Locale.parse(lang)
    symbols = locale.number_symbols[locale.default_numbering_system]
    primary, secondary = locale.decimal_formats[None].grouping
    number: dict[str, Any] = {
        "decimal": symbols["decimal"],
        "thousands": symbols["group"],
        "grouping": [primary] if primary == secondary else [primary, secondary],
        "currency": _currency(locale),
    }
    # d3 writes its percent sign after the number: the locale's suffix ("\u00a0%" in ru).
    after = _affixes(locale.percent_formats[None].pattern)[1]
    if after and after != "%":
        number["percent"] = after
    return None if number == D3_DEFAULT else number


def locale_config(lang: str) -> dict[str, Any]:
    """The `config` entries a spec in `lang` adds ({} for English)."""
    number = number_locale(lang)
    return {"locale": {"number": number}} if number else {}
