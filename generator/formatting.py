"""Numbers as the reports write them, via Babel's CLDR data (locale 'en').

Rules (documented in docs/authoring.md): counts get thousands separators
(598,094); other numbers show the decimals they have, trailing zeros dropped
(77%, 0.4%, 61.0 -> 61) unless the column declares `decimals` (61.0); scores
have one decimal (3.1); changes carry a sign (+47%, −14%).
"""

from __future__ import annotations

from babel.numbers import format_decimal

LOCALE = "en"


def _trim(value: float) -> str:
    # Up to two decimals, trailing zeros dropped: 77.0 -> "77", 18.8 -> "18.8".
    return format_decimal(value, format="#,##0.##", locale=LOCALE)


def count(value: float) -> str:
    return format_decimal(value, format="#,##0.##", locale=LOCALE)


def percent(value: float) -> str:
    return f"{_trim(value)}%"


def percent_words(value: float, decimals: int | None = None) -> str:
    """Per cent as prose writes it: "77 per cent"."""
    return f"{format_value(value, 'number', decimals)} per cent"


def score(value: float) -> str:
    return format_decimal(value, format="0.0", locale=LOCALE)


def change(value: float) -> str:
    sign = "+" if value > 0 else "\u2212" if value < 0 else ""
    return f"{sign}{_trim(abs(value))}%"


def number(value: float) -> str:
    return _trim(value)


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


def format_value(value: object, how: str | None, decimals: int | None = None) -> str:
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
        fixed = format_decimal(value, format="#,##0." + "0" * decimals if decimals else "#,##0",
                               locale=LOCALE)
        if how == "percent":
            return f"{fixed}%"
        if how == "change":
            sign = "+" if value > 0 else "\u2212" if value < 0 else ""  # type: ignore[operator]
            return f"{sign}{fixed.lstrip('-')}%"
        return fixed
    return FORMATS.get(how or "number", number)(value)  # type: ignore[arg-type]


def format_cell(value: object, column_type: str, decimals: int | None = None) -> str:
    return format_value(value, DEFAULT_FOR_TYPE.get(column_type), decimals)
