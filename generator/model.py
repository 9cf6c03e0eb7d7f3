"""Stage 3, model: the typed, validated picture of a round that every renderer reads.

`load_round` runs load and validate for one round folder and returns a
`Round`, or raises `InputError` with every problem found in that round.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator import countries
from generator.contract import INSIDE_ROUND, Figure, RoundMeta, Section, TablesFile, TableSpec
from generator.errors import InputError, Problem, display_path
from generator.geo import Boundaries
from generator.images import Image
from generator.layers import LayerCache, choose
from generator.load import LoadFailed, YamlDoc, inside, read_csv, read_narrative, read_yaml
from generator.messages import ENGLISH, Messages
from generator.references import row_key
from generator.translations import DataTexts, NarrativeEdition, read_data_texts, read_editions
from generator.validate import (
    check_figure_fits,
    check_figures,
    check_map_rows,
    pydantic_problems,
    validate_rows,
)


@dataclass(frozen=True)
class Table:
    """One validated table: its declaration, where it came from, and typed rows."""

    name: str
    spec: TableSpec
    path: Path
    rows: tuple[dict[str, Any], ...]
    lines: tuple[int, ...] = ()  # the CSV line each row starts on, for messages
    # The rows' names in references, when the key cells are shown translated (an edition
    # in another language: editions.py); None: from the key cells.
    keys: tuple[str, ...] | None = None

    @cached_property
    def row_names(self) -> tuple[str, ...]:
        """Each row's name from its key cells (references.row_key), worked out once: every
        reference in the narrative and every figure looks rows up by name."""
        return tuple(row_key(self, r) for r in self.rows)

    def values(self, column: str) -> list[Any]:
        return [r[column] for r in self.rows]


@dataclass(frozen=True)
class Round:
    """Everything known about one report round, validated."""

    meta: RoundMeta
    path: Path
    tables: dict[str, Table]
    narratives: dict[str, str]
    boundaries: Boundaries
    warnings: tuple[Problem, ...] = ()
    trends_text: str | None = None  # the `trends_narrative` Markdown, read while validating
    # Narrative images, checked while validating (generator/images.py): what the build copies.
    images: tuple[Image, ...] = ()
    # Translations (translations.py), as read: every language's narratives and data texts.
    editions: tuple[NarrativeEdition, ...] = ()
    data_texts: tuple[DataTexts, ...] = ()
    # The edition's language (editions.py makes one per language of `meta.languages`) and,
    # per section id, how its narrative is given: "reviewed", "pending" (translated, not yet
    # reviewed) or "english" (not translated: the English text, with a notice).
    messages: Messages = ENGLISH
    narrative_state: tuple[tuple[str, str], ...] = ()

    @property
    def lang(self) -> str:
        return self.messages.lang

    def state_of(self, section_id: str) -> str:
        return dict(self.narrative_state).get(section_id, "reviewed")

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def country(self) -> str:
        """The country's folder and URL segment: lower-case ISO 3166-1 alpha-3 ("kaz")."""
        return self.meta.country.lower()

    @property
    def key(self) -> str:
        """Unique in the project (round ids are unique within a country): "kaz/<id>"."""
        return f"{self.country}/{self.id}"

    @property
    def sections(self) -> list[Section]:
        return self.meta.sections

    def figure(self, figure_id: str) -> tuple[Section, Figure]:
        for section in self.sections:
            for fig in section.figures:
                if fig.id == figure_id:
                    return section, fig
        raise KeyError(figure_id)

    def table_for(self, fig: Figure) -> Table:
        return self.tables[fig.table]

    @property
    def assessed_units(self) -> list[str] | None:
        """Names of the admin-1 units the round assessed, if it declares them."""
        name = self.meta.coverage_table
        if name is None:
            return None
        table = self.tables[name]
        col = next(c for c, s in table.spec.columns.items() if s.type == "province")
        return table.values(col)


def load_boundary_layer(data_dir: Path, meta: RoundMeta | None, round_doc: YamlDoc | None,
                        root: Path, layers: LayerCache | None = None
                        ) -> tuple[Boundaries | None, list[Problem]]:
    """The layer a round uses (its `boundaries`, else its country's only layer in
    data/geo), and what is wrong with the choice; None when no layer could be read."""
    geo = data_dir / "geo"
    # With an invalid round.yml, rows are still checked against the layer it seems to mean.
    raw = round_doc.data if round_doc is not None else {}
    named = meta.boundaries if meta is not None else raw.get("boundaries")
    country = meta.country if meta is not None else raw.get("country")
    try:
        layers = layers or LayerCache()
        specs = layers.specs(geo, root)
        layer = choose(specs, named if isinstance(named, str) else None,
                       country if isinstance(country, str) else None)
        boundaries = layers.layer(geo, layer, root)
    except InputError as exc:
        return None, exc.problems
    except LookupError as exc:
        key = "boundaries" if named is not None else "country"
        if round_doc is None:
            return None, [Problem(display_path(geo, root), None, None, str(exc))]
        return None, [Problem(round_doc.path, round_doc.line_of((key,)), key, str(exc))]
    if meta is None:
        return boundaries, []
    return boundaries, [Problem(round_doc.path, round_doc.line_of(("country",)), "country", m)
                        for m in countries.validate(meta.country, boundaries.country, layer)]


def load_round(round_dir: Path, data_dir: Path, root: Path | None = None,
               layers: LayerCache | None = None) -> Round:
    """Load and validate one round folder; raise InputError listing every problem."""
    root = root or data_dir.parent
    shown = display_path(round_dir, root)
    problems: list[Problem] = []

    def doc(name: str):
        path = inside(round_dir, name)
        if path is None:
            problems.append(Problem(f"{shown}/{name}", None, None,
                                    f"{INSIDE_ROUND} (it is a link to a file outside)"))
            return None
        if not path.is_file():
            problems.append(Problem(f"{shown}/{name}", None, None, "file is missing"))
            return None
        try:
            return read_yaml(path, f"{shown}/{name}")
        except LoadFailed as exc:
            problems.append(exc.problem)
            return None

    round_doc, tables_doc = doc("round.yml"), doc("tables.yml")
    meta = tables_file = None
    if round_doc is not None:
        try:
            meta = RoundMeta.model_validate(round_doc.data)
        except ValidationError as exc:
            problems += pydantic_problems(exc, round_doc)
    if tables_doc is not None:
        try:
            tables_file = TablesFile.model_validate(tables_doc.data)
        except ValidationError as exc:
            problems += pydantic_problems(exc, tables_doc)
    if meta is not None and meta.id != round_dir.name:
        problems.append(Problem(round_doc.path, round_doc.line_of(("id",)), "id",
                                f"id {meta.id!r} differs from the folder name {round_dir.name!r}"))
    if meta is not None and meta.country.lower() != round_dir.parent.name:
        # The country folder is the round's URL segment: the two must agree.
        problems.append(Problem(
            round_doc.path, round_doc.line_of(("country",)), "country",
            f"country {meta.country!r} differs from the country folder "
            f"{round_dir.parent.name!r}; expected {round_dir.parent.name.upper()!r}, or move the "
            f"round to data/countries/{meta.country.lower()}/"))
    boundaries, layer_problems = load_boundary_layer(data_dir, meta, round_doc, root, layers)
    problems += layer_problems
    if boundaries is None:
        raise InputError(problems)

    if meta is not None and tables_file is not None:
        problems += check_figures(meta, tables_file.tables, round_doc)
        cover = tables_file.tables.get(meta.coverage_table or "")
        where = round_doc.path, round_doc.line_of(("coverage_table",)), "coverage_table"
        if meta.coverage_table and cover is None:
            problems.append(Problem(*where, f"unknown table {meta.coverage_table!r}"))
        elif cover and not any(c.type == "province" for c in cover.columns.values()):
            problems.append(Problem(*where, f"table {meta.coverage_table!r} has no "
                                    "`province` column to say which units were assessed"))

    # Rows are checked even when round.yml has problems, so one run reports both.
    tables: dict[str, Table] = {}
    for name, spec in (tables_file.tables if tables_file else {}).items():
        path = inside(round_dir, spec.file)
        where = tables_doc.path, tables_doc.line_of(("tables", name, "file")), "file"
        if path is None:
            problems.append(Problem(*where, f"{spec.file} {INSIDE_ROUND} (it is a link to a "
                                    "file outside)"))
            continue
        if not path.is_file():
            problems.append(Problem(*where, f"table file {spec.file} does not exist"))
            continue
        try:
            csv_file = read_csv(path, f"{shown}/{spec.file}")
        except LoadFailed as exc:
            problems.append(exc.problem)
            continue
        rows, lines, row_problems = validate_rows(name, spec, csv_file, boundaries)
        problems += row_problems
        if not row_problems:
            tables[name] = Table(name, spec, path, tuple(rows), tuple(lines))
    if meta is None or tables_file is None:
        raise InputError(problems)

    # Indicators must name a value that exists (checked now, compared on the trends page).
    from generator.references import RefError, resolve

    indicator_warnings: list[Problem] = []
    for ind_id, ind in meta.indicators.items():
        if ind.value.split(".")[0] in tables_file.tables.keys() - tables.keys():
            continue  # that table failed to load: its own error says why
        try:
            resolve(tables, ind.value)
        except RefError as exc:
            # A draft's tables are still being filled in: a gap is expected there.
            (indicator_warnings if meta.status == "draft" else problems).append(
                Problem(round_doc.path, round_doc.line_of(("indicators", ind_id, "value")),
                        f"indicators.{ind_id}.value", str(exc)))

    def markdown(relative: str, loc: tuple[object, ...], field: str) -> str | None:
        where = round_doc.path, round_doc.line_of(loc), field
        path = inside(round_dir, relative)
        if path is None:
            problems.append(Problem(*where, f"{relative} {INSIDE_ROUND} (it is a link to a "
                                    "file outside)"))
        elif not path.is_file():
            problems.append(Problem(*where, f"narrative file {relative} does not exist"))
        else:
            try:
                return read_narrative(path, f"{shown}/{relative}")
            except LoadFailed as exc:
                problems.append(exc.problem)
        return None

    narratives: dict[str, str] = {}
    for si, section in enumerate(meta.sections):
        text = markdown(section.narrative, ("sections", si, "narrative"), "narrative")
        if text is not None:
            narratives[section.id] = text
    trends_text = None
    if meta.trends_narrative is not None:
        trends_text = markdown(meta.trends_narrative, ("trends_narrative",), "trends_narrative")
    # What a renderer would refuse is refused here, so `check` finds it with a line.
    for section in meta.sections:
        for fig in section.figures:
            if fig.table in tables:
                table = tables[fig.table]
                reason = check_figure_fits(fig, list(table.rows))
                if reason:
                    problems.append(Problem(tables_doc.path,
                                            tables_doc.line_of(("tables", fig.table)), fig.table,
                                            f"cannot draw figure {fig.id!r}: {reason}"))
                problems += check_map_rows(fig, f"{shown}/{table.spec.file}", table.rows,
                                           table.lines)
    if problems:
        raise InputError(problems)

    warnings: list[Problem] = list(indicator_warnings)
    draft = meta.status == "draft"
    for section in meta.sections:
        for fig in section.figures:
            if not tables[fig.table].rows:
                (warnings if draft else problems).append(Problem(
                    f"{shown}/{tables[fig.table].spec.file}", None, fig.table,
                    f"the table has no rows, so figure {fig.id!r} has nothing to show"
                    + (" (draft round: shown as 'no data yet')" if draft else "")))
    # Translations: every other language's narratives and data texts (translations.py).
    others = meta.languages[1:]
    editions = read_editions(round_dir, shown, [(s.id, s.narrative) for s in meta.sections],
                             others, problems)
    data_texts = [t for lang in others
                  if (t := read_data_texts(round_dir, shown, lang, problems)) is not None]
    rnd = Round(meta, round_dir, tables, narratives, boundaries, trends_text=trends_text,
                editions=tuple(editions), data_texts=tuple(data_texts))
    # Placeholders in the narrative are checked now, so `check` catches them without a build.
    from generator.narrative import check_round

    narrative_problems, narrative_warnings, images = check_round(rnd)
    problems += narrative_problems
    warnings += narrative_warnings
    if problems:
        raise InputError(problems)
    return replace(rnd, warnings=tuple(warnings), images=tuple(images))
