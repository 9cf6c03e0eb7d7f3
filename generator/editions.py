"""A round in one language: the model every renderer reads, with its texts translated.

`edition(rnd, lang)` returns a copy of the round whose reader texts (the fields typed
`ReaderText` in contract.py, column descriptions and units, contact labels, the tables'
text cells) are given in `lang` where the round's translations/<lang>.yml has them,
country names from CLDR (Babel) and province names from the boundary layer
(`local_names`), whose narratives are the translated files where there are some, and
which carries the language's interface catalog (`Round.messages`). What has no
translation stays English. References keep working: a table keeps its rows' English
names (`Table.keys`), and the layer finds a province by its translated name too.
"""

from __future__ import annotations

import typing
from dataclasses import replace
from functools import cache
from typing import Any

import pycountry
from babel import Locale
from pydantic import BaseModel

from generator import messages as catalogs
from generator.contract import ReaderText
from generator.geo import Boundaries, normalise
from generator.model import Round, Table
from generator.references import row_keys
from generator.tabular import column_title

# Text fields that are not `ReaderText` but are shown to readers, by model class name.
SHOWN = {"Column": ("description", "unit"), "Contact": ("label",), "RoundMeta": ("kind",)}


def _is_text(model: type[BaseModel], name: str) -> bool:
    if name in SHOWN.get(model.__name__, ()):
        return True
    info = model.model_fields[name]
    annotation = info.annotation
    return (annotation is ReaderText or ReaderText in typing.get_args(annotation)
            or any(getattr(m, "func", None) is _reader_check() for m in info.metadata))


@cache
def _reader_check():  # type: ignore[no-untyped-def]
    return typing.get_args(ReaderText)[1].func


def _walk(value: Any, translate, texts: list[str] | None = None) -> Any:  # type: ignore[no-untyped-def]
    """`value` with every reader text passed through `translate` (and listed in `texts`)."""
    if isinstance(value, BaseModel):
        updates = {}
        for name in type(value).model_fields:
            current = getattr(value, name)
            if isinstance(current, str) and _is_text(type(value), name):
                if texts is not None:
                    texts.append(current)
                updates[name] = translate(current)
            elif isinstance(current, BaseModel | list | dict):
                updates[name] = _walk(current, translate, texts)
        return value.model_copy(update=updates)
    if isinstance(value, list):
        return [_walk(v, translate, texts) for v in value]
    if isinstance(value, dict):
        return {k: _walk(v, translate, texts) for k, v in value.items()}
    return value


def _text_columns(table: Table) -> list[str]:
    return [c for c, col in table.spec.columns.items()
            if col.type == "text" and not col.provenance]


def data_texts(rnd: Round) -> list[str]:
    """Every English text of the round's data a translation may give, in file order,
    without country and province names (CLDR and the layer name those) and repeats."""
    found: list[str] = []
    _walk(rnd.meta, lambda t: t, found)
    for table in rnd.tables.values():
        _walk(table.spec, lambda t: t, found)
        found += [column_title(k, c) for k, c in table.spec.columns.items()
                  if not c.provenance and c.title is None]
        for column in _text_columns(table):
            found += [r[column] for r in table.rows if isinstance(r[column], str)]
    seen: set[str] = set()
    return [t for t in found if t.strip() and not (t in seen or seen.add(t))
            and country_code(t) is None]


@cache
def _english_territories() -> dict[str, str]:
    return {name.casefold(): code for code, name in Locale.parse("en").territories.items()}


@cache
def _iso_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if getattr(c, attr, None):
                names[getattr(c, attr).casefold()] = c.alpha_2
    return names


def country_code(text: str) -> str | None:
    """The ISO alpha-2 code of a country written by its English name (CLDR's or ISO's),
    else None. Names only, never codes: a cell "no" is the word, not Norway."""
    key = text.strip().casefold()
    code = _english_territories().get(key) or _iso_names().get(key)
    return code if code and len(code) == 2 and code.isalpha() else None


def country_name(text: str, lang: str) -> str | None:
    """A country's English name in `lang` (CLDR's territory names), or None."""
    code = country_code(text)
    return Locale.parse(lang).territories.get(code) if code else None


def _layer_in(boundaries: Boundaries, lang: str) -> Boundaries:
    """The layer, also finding each unit by its name in `lang`."""
    aliases = dict(boundaries.aliases)
    for code, unit in boundaries.units.items():
        aliases.setdefault(normalise(unit.name_in(lang)), code)
    return replace(boundaries, aliases=aliases)


def edition(rnd: Round, lang: str) -> Round:
    """The round in `lang` (the round itself for English)."""
    if lang == catalogs.DEFAULT:
        return rnd
    given = next((t.entries for t in rnd.data_texts if t.lang == lang), {})

    def translate(text: str) -> str:
        return given.get(text) or country_name(text, lang) or text

    def province(text: str) -> str:
        try:
            return rnd.boundaries.resolve(text).name_in(lang)
        except LookupError:
            return translate(text)

    tables = {}
    for name, table in rnd.tables.items():
        columns = _text_columns(table)
        provinces = [c for c, col in table.spec.columns.items() if col.type == "province"]
        rows = tuple({**row,
                      **{c: translate(row[c]) for c in columns if isinstance(row[c], str)},
                      **{c: province(row[c]) for c in provinces if isinstance(row[c], str)}}
                     for row in table.rows)
        spec = _walk(table.spec, translate)
        # Headers: a column without a `title` is headed by its name as words; translated.
        titled = {k: c if c.title is not None else c.model_copy(
            update={"title": translate(column_title(k, c))})
            for k, c in spec.columns.items()}
        tables[name] = replace(table, spec=spec.model_copy(update={"columns": titled}),
                               rows=rows, keys=tuple(row_keys(table)))
    narratives = dict(rnd.narratives)
    state = []
    for section in rnd.sections:
        found = next((e for e in rnd.editions if e.section == section.id and e.lang == lang),
                     None)
        if found is None:
            state.append((section.id, "english"))
        else:
            narratives[section.id] = found.text
            state.append((section.id, found.review))
    return replace(rnd, meta=_walk(rnd.meta, translate), tables=tables, narratives=narratives,
                   boundaries=_layer_in(rnd.boundaries, lang),
                   messages=catalogs.load(lang), narrative_state=tuple(state))
