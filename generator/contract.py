"""The data contract: what `round.yml` and `tables.yml` may say, as pydantic models.

These models validate the *declarations* (metadata, table schemas, sections,
figures). Table *rows* are validated against the declared columns in
`validate.py`. Every field here is documented in docs/data-contract.md; a test
fails when one is not.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from generator import kinds
from generator.countries import code_problem
from generator.dates import PartialDate
from generator.messages import languages as catalog_languages
from generator.provenance import problem_message, transcription_note
from generator.suggest import did_you_mean

ROUND_ID = re.compile(r"^\d{4}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
# An HXL hashtag and its attributes (hxlstandard.org): "#adm1+name", "#affected+f+adults".
HXL_TAG = re.compile(r"^#[a-z][a-z0-9_]*(?:\+[a-z][a-z0-9_]*)*$")

ColumnType = Literal["text", "integer", "number", "percent", "score", "year", "province"]
"""Column types. `percent` is 0-100, `score` is the 0-5 importance scale,
`province` is an admin-1 name or ISO 3166-2 code resolved against the boundaries."""

NUMERIC_TYPES = {"integer", "number", "percent", "score", "year"}

INSIDE_ROUND = ("must be a file inside the round folder, written relative to it with '/' "
                "and without '..', e.g. 'narrative/overview.md'")


def _round_file(v: str) -> str:
    # Files are named by pull requests: an absolute path or '..' could make the build
    # read (and publish) any file on the machine. model.py also resolves symlinks.
    bad = (not v or v != v.strip() or "\\" in v or any(ord(c) < 32 for c in v)
           or PurePosixPath(v).is_absolute() or PureWindowsPath(v).drive
           or ".." in PurePosixPath(v).parts)
    if bad:
        raise ValueError(INSIDE_ROUND)
    return v


RoundFile = Annotated[str, AfterValidator(_round_file)]
"""A path relative to the round folder that cannot point outside it."""

SAFE_SCHEMES = ("https", "http", "mailto")


def _safe_url(v: str) -> str:
    # Links are written into every page: `javascript:` or `data:` would run code in
    # readers' browsers. Browsers drop whitespace and control characters from URLs
    # (so "java\tscript:" is javascript:), hence no such character is allowed at all.
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", v)
    if (not v or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in v)
            or (scheme and scheme.group(1).lower() not in SAFE_SCHEMES)):
        raise ValueError("expected an https:, http: or mailto: URL or a relative link")
    return v


Url = Annotated[str, AfterValidator(_safe_url)]


def _reader_text(v: str) -> str:
    # Readers see this text on section pages: a transcriber's note ("line 343 says ...")
    # belongs in tables.yml's `source`/`note`, which only the Data page shows.
    found = transcription_note(v)
    if found:
        raise ValueError(problem_message(found))
    return v


ReaderText = Annotated[str, AfterValidator(_reader_text)]
"""Text shown to readers on section pages: it must not read as a transcription note."""

DEFAULT_LICENCE = "Terms and conditions of DTM information products"

# The kinds a figure may be: one module per kind in generator/kinds/, which never
# imports this module at run time (so no cycle).
FigureKind = Literal[kinds.names()]  # type: ignore[valid-type]


class Strict(BaseModel):
    """Unknown keys are errors: a typo in a YAML key must not pass silently."""

    # Numbers typed where text is expected (a year as a label) are taken as text.
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Column(Strict):
    type: ColumnType
    description: str
    # The column's header in tables; default: its name, "_" as spaces, capitalised.
    title: ReaderText | None = None
    # Provenance (where each value was read, e.g. `source_lines`): shown on the Data and
    # sources page and kept in the CSV, never in a figure or its data table.
    provenance: bool = False
    unit: str | None = None
    required: bool = True
    allowed: list[str] | None = None
    decimals: int | None = Field(default=None, ge=0, le=4)
    # Bounds replacing the type's default range (counts >= 0, per cent 0-100, ...).
    min: float | None = Field(default=None, allow_inf_nan=False)
    max: float | None = Field(default=None, allow_inf_nan=False)
    # The column's HXL hashtag in the HXL edition of the downloads (generator/downloads/hxl.py
    # derives one from the type when this is not given), e.g. "#country+origin".
    hxl: str | None = None

    @field_validator("hxl")
    @classmethod
    def _hxl_tag(cls, v: str | None) -> str | None:
        # Written into a CSV row that HXL tools parse: only the hashtag syntax, nothing else.
        if v is not None and not HXL_TAG.fullmatch(v):
            raise ValueError("expected an HXL hashtag with optional attributes, "
                             "e.g. '#country+origin' or '#affected+returnees'")
        return v

    @model_validator(mode="after")
    def _bounds(self) -> Column:
        if (self.min is not None or self.max is not None) and self.type not in NUMERIC_TYPES:
            raise ValueError(f"min and max apply to numeric columns, not to {self.type}")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is more than max {self.max:g}")
        found = None if self.provenance else transcription_note(self.description)
        if found:  # a reader column's description is shown with its header
            raise ValueError("description " + problem_message(found))
        return self


class Total(Strict):
    """Shares that must add up: the sum of `column` is `equals`, within `tolerance`."""

    column: str
    equals: float = Field(allow_inf_nan=False)
    tolerance: float = Field(default=0, ge=0, allow_inf_nan=False)
    by: str | list[str] | None = None

    @property
    def groups(self) -> list[str]:
        return [self.by] if isinstance(self.by, str) else list(self.by or [])


class TableSpec(Strict):
    file: RoundFile
    title: ReaderText
    # Provenance: where in the report each figure was read, and transcription notes.
    # Shown on the Data and sources page only (figures link to it).
    source: str
    columns: dict[str, Column]
    note: str | None = None
    # Who produced the figures when it is not IOM MTM itself (a ministry, a statistics
    # office), named in the short source line under each figure.
    credit: ReaderText | None = None
    key: str | list[str] | None = None
    totals: list[Total] = Field(default_factory=list)

    @property
    def key_columns(self) -> list[str]:
        return [self.key] if isinstance(self.key, str) else list(self.key or [])

    @field_validator("file")
    @classmethod
    def _csv_in_tables(cls, v: str) -> str:
        if not re.fullmatch(r"tables/[A-Za-z0-9_\-]+\.csv", v):
            raise ValueError("expected a path like 'tables/<name>.csv'")
        return v

    @field_validator("columns")
    @classmethod
    def _column_names(cls, v: dict[str, Column]) -> dict[str, Column]:
        for name in v:
            if not SLUG.fullmatch(name):
                raise ValueError(f"column name {name!r} must be lower_snake_case")
        if not v:
            raise ValueError("a table needs at least one column")
        return v

    @model_validator(mode="after")
    def _key_is_a_column(self) -> TableSpec:
        for k in self.key_columns:
            if k not in self.columns:
                raise ValueError(f"key {k!r} is not one of the columns")
        for total in self.totals:
            if total.column not in self.columns:
                raise ValueError(f"totals: {total.column!r} is not one of the columns")
            if self.columns[total.column].type not in NUMERIC_TYPES:
                raise ValueError(f"totals: column {total.column!r} is not numeric")
            for g in total.groups:
                if g not in self.columns:
                    raise ValueError(f"totals: 'by' column {g!r} is not one of the columns")
        return self


def _name(v: str) -> str:
    # Table names and indicator ids become file names and URLs of the built site
    # (assets/data/<table>.csv): nothing that could climb out of a folder.
    if not SLUG.fullmatch(v):
        raise ValueError(f"{v!r} must be lower_snake_case (letters, digits and '_')")
    return v


Name = Annotated[str, AfterValidator(_name)]


class TablesFile(Strict):
    tables: dict[Name, TableSpec]


class Figure(Strict):
    """One chart, map or table on a section page, fed by one table.

    Which column roles each kind needs: its module in generator/kinds/ and
    docs/data-contract.md; `validate.check_figures` checks them against the tables.
    """

    id: str
    kind: FigureKind
    table: str
    title: ReaderText
    # Reader notes, shown under the figure: short, each remark once.
    caption: ReaderText | None = None
    # Column roles; which ones a kind needs is checked in validate.check_figures.
    category: str | None = None
    value: str | None = None
    label: str | None = None
    low: str | None = None
    high: str | None = None
    row: str | None = None
    column: str | None = None
    province: str | None = None
    qualifier: str | None = None
    series: str | None = None  # change: the source of each row, drawn and named apart
    columns: list[str] | None = None
    # Display options.
    value_format: Literal["count", "percent", "score", "number", "change"] | None = None
    sort: Literal["descending", "ascending", "table"] = "table"
    legend_title: ReaderText | None = None
    # Choropleths naming the same group share one set of classes (maps/classes.py).
    class_group: str | None = None
    note: ReaderText | None = None

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not SLUG.fullmatch(v):
            raise ValueError("figure ids are lower-case words joined by '-' or '_'")
        return v

    @field_validator("kind", mode="before")
    @classmethod
    def _known_kind(cls, v: object) -> object:
        # Before the Literal check, to name the closest kinds instead of all thirteen.
        if isinstance(v, str) and v not in kinds.KINDS:
            raise ValueError(f"{v!r} is not allowed: not a figure kind; "
                             + did_you_mean(v, kinds.names()))
        return v


class Section(Strict):
    id: str
    title: ReaderText
    narrative: RoundFile
    figures: list[Figure] = Field(default_factory=list)
    nav_title: ReaderText | None = None

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not SLUG.fullmatch(v):
            raise ValueError("section ids are lower-case words joined by '-'")
        return v


class Period(Strict):
    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


class Indicator(Strict):
    """A value that rounds share, compared on the latest round's trends page."""

    value: str
    label: ReaderText
    period: ReaderText
    coverage: ReaderText
    note: ReaderText | None = None


class Contact(Strict):
    label: str
    url: Url


class SourceReport(Strict):
    title: str
    file: RoundFile
    published: PartialDate  # "2024-04" when the report gives only the month


class Licence(Strict):
    """The terms the round's data are published under, stated on the Data page and in
    every download."""

    name: str
    url: Url


class RoundMeta(Strict):
    id: str
    title: ReaderText
    short_title: ReaderText
    country: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]  # ISO 3166-1 alpha-3 (pycountry)
    kind: str
    data_collection: Period
    published: PartialDate
    citation: str
    terms_url: Url
    # The data licence; without it, IOM's terms and conditions at `terms_url`
    # (effective_licence): the reports name no other licence.
    licence: Licence | None = None
    # Where the original report can be read online, linked from the Data page.
    report_url: Url | None = None
    disclaimer: ReaderText
    map_disclaimer: ReaderText
    funding: ReaderText | None = None
    contacts: list[Contact] = Field(default_factory=list)
    source_report: SourceReport
    # A layer id (data/geo/<id>.yml); None: the one layer declared for `country`.
    boundaries: str | None = None
    coverage_table: str | None = None
    status: Literal["published", "draft"] = "published"
    indicators: dict[Name, Indicator] = Field(default_factory=dict)
    trends_narrative: RoundFile | None = None
    # The editions of the round (docs/translations.md): English first, then languages with
    # an interface catalog (generator/locales/<lang>.po).
    languages: list[str] = Field(default_factory=lambda: ["en"])
    sections: list[Section]

    @property
    def effective_licence(self) -> Licence:
        return self.licence or Licence(name=DEFAULT_LICENCE, url=self.terms_url)

    @field_validator("id")
    @classmethod
    def _round_id(cls, v: str) -> str:
        if not ROUND_ID.fullmatch(v):
            raise ValueError(
                "round ids start with the publication year and month, e.g. '2024-04-bma-round-4'"
            )
        return v

    @field_validator("country")
    @classmethod
    def _iso_country(cls, v: str) -> str:
        problem = code_problem(v)
        if problem:
            raise ValueError(problem)
        return v

    @field_validator("languages")
    @classmethod
    def _languages(cls, v: list[str]) -> list[str]:
        known = catalog_languages()
        for lang in v:
            if lang not in known:
                raise ValueError(f"{lang!r} is not a language of the site; expected one of "
                                 f"{', '.join(known)} (a language needs an interface catalog, "
                                 "generator/locales/<lang>.po)")
        if len(set(v)) != len(v):
            raise ValueError("a language is listed twice")
        if not v or v[0] != "en":
            raise ValueError("expected English first: it is the round's default edition "
                             "and the fallback of every untranslated text")
        return v

    @field_validator("sections")
    @classmethod
    def _sections(cls, v: list[Section]) -> list[Section]:
        if not v:
            raise ValueError("a round needs at least one section")
        return v
