"""Numbers as the reports write them, in the reader's locale, via Babel's CLDR data.

Rules (documented in docs/authoring.md): counts get the locale's thousands separators
(598,094; Russian 598 094); other numbers show the decimals they have, trailing zeros
dropped (77%, 0.4%, 61.0 -> 61) unless the column declares `decimals` (61.0); scores
have one decimal (3.1); changes carry a sign (+47%, −14%). The per cent sign sits where
the locale's CLDR pattern puts it (English 77%, Russian 77 %). Every function takes the
locale (a language code); English is the default.
"""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.numbers import format_decimal

from generator.messages import ENGLISH, Messages

LOCALE = "en"


def _trim(value: float, locale: str = LOCALE) -> str:
    # Up to two decimals, trailing zeros dropped: 77.0 -> "77", 18.8 -> "18.8".
    return format_decimal(value, format="#,##0.##", locale=locale)


@cache
def _percent_affixes(locale: str) -> tuple[str, str]:
    """What the locale writes before and after a per cent number ("", "\u00a0%" in ru)."""
    pattern = Locale.parse(locale).percent_formats[None].pattern
    first = min(pattern.find(c) for c in "#0" if c in pattern)
    last = max(pattern.rfind(c) for c in "#0" if c in pattern)
    return pattern[:first].replace("'", ""), pattern[last + 1:].replace("'", "")


def _with_percent(number_text: str, locale: str) -> str:
    before, after = _percent_affixes(locale)
    return f"{before}{number_text}{after}"


def count(value: float, locale: str = LOCALE) -> str:
    return format_decimal(value, format="#,##0.##", locale=locale)


def percent(value: float, locale: str = LOCALE) -> str:
    return _with_percent(_trim(value, locale), locale)


def percent_words(value: float, decimals: int | None = None,
                  messages: Messages = ENGLISH) -> str:
    """Per cent as prose writes it: "77 per cent" ("77 процентов")."""
    text = format_value(value, "number", decimals, messages.lang)
    return messages.ngettext("%(value)s per cent", "%(value)s per cent",
                             int(abs(value)) if float(value).is_integer() else 2, value=text)


def score(value: float, locale: str = LOCALE) -> str:
    return format_decimal(value, format="0.0", locale=locale)


def _sign(value: float) -> str:
    return "+" if value > 0 else "\u2212" if value < 0 else ""


def change(value: float, locale: str = LOCALE) -> str:
    return _sign(value) + _with_percent(_trim(abs(value), locale), locale)


def number(value: float, locale: str = LOCALE) -> str:
    return _trim(value, locale)


FORMATS = {
    "count": count,
    "percent": percent,
    "score": score,
    "change": change,
    "number": number,
}

# Which column types each `value_format` of a figure fits (docs/data-contract.md, "A
# figure"). A format that does not fit prints a wrong figure: `percent` on a count
# turns 3,224 people into "3,224%", `count` on a per cent value drops its % sign.
FORMAT_FITS: dict[str, frozenset[str]] = {
    "count": frozenset({"integer", "number"}),
    "percent": frozenset({"percent", "number"}),
    "score": frozenset({"score", "number"}),
    "number": frozenset({"integer", "number", "percent", "score"}),
    "change": frozenset({"number", "percent"}),
}

# Which column types each narrative `value()` style fits (docs/authoring.md): per cent
# styles only per cent values, signs and absolute values only numbers.
STYLE_FITS: dict[str, frozenset[str]] = {
    "%": frozenset({"percent"}),
    "words": frozenset({"percent"}),
    "change": frozenset({"integer", "number", "percent", "score", "year"}),
    "abs": frozenset({"integer", "number", "percent", "score", "year"}),
}

DEFAULT_FOR_TYPE = {
    "integer": "count",
    "number": "number",
    "percent": "percent",
    "score": "score",
    "year": "year",
}


def format_value(value: object, how: str | None, decimals: int | None = None,
                 locale: str = LOCALE) -> str:
    """One cell as text; None becomes an en dash so empty cells read as 'not given'.

    `decimals` fixes the number of decimals (a column's `decimals`, e.g. 61.0 in a
    table whose report prints one decimal); otherwise trailing zeros are dropped."""
    if value is None:
        return "\u2013"
    if isinstance(value, str):
        return value
    if how == "year":
        return str(int(value))  # type: ignore[call-overload]
    if decimals is not None and how != "score":
        fixed = format_decimal(abs(value) if how == "change" else value,  # type: ignore[arg-type]
                               format="#,##0." + "0" * decimals if decimals else "#,##0",
                               locale=locale)
        if how == "percent":
            return _with_percent(fixed, locale)
        if how == "change":
            return _sign(value) + _with_percent(fixed, locale)  # type: ignore[arg-type]
        return fixed
    return FORMATS.get(how or "number", number)(value, locale)  # type: ignore[arg-type]


def format_cell(value: object, column_type: str, decimals: int | None = None,
                locale: str = LOCALE) -> str:
    return format_value(value, DEFAULT_FOR_TYPE.get(column_type), decimals, locale)
