"""Stage 1, load: read a round's files from disk, keeping line numbers for messages.

Nothing here judges the content; `validate.py` does. What this module returns
carries enough position information (YAML nodes, CSV line numbers) for every
later error to name a file, a line and a field.

Every input file arrives by pull request, so reading is defensive: sizes are
checked before reading, text must be UTF-8, and YAML is parsed by a loader that
refuses the features that make small files expensive or ambiguous (aliases,
duplicate keys, deep nesting). Whatever goes wrong becomes a `LoadFailed` with
a `Problem`, never a traceback.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import yaml

from generator.errors import Problem

# Size limits for input files, the one place they are set (docs/data-contract.md lists
# them). Real rounds are far below: the largest YAML is ~40 KB, the largest CSV ~2 KB.
MAX_YAML_BYTES = 1_000_000
MAX_NARRATIVE_BYTES = 512 * 1024
MAX_CSV_BYTES = 5_000_000
MAX_CSV_ROWS = 20_000
MAX_CSV_COLUMNS = 100
MAX_CELL_CHARS = 10_000
MAX_GEOJSON_BYTES = 20_000_000  # data/geo/kaz_adm1.geojson is 175 KB
MAX_YAML_DEPTH = 50  # nesting of mappings and lists; real files nest 6 deep


class LoadFailed(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def _size(n: int) -> str:
    return f"{n // 1024} KB" if n < 1_000_000 else f"{n / 1_000_000:.3g} MB"


def read_text(path: Path, shown_as: str, limit: int, *, hint: str = "UTF-8") -> str:
    """A UTF-8 text file of at most `limit` bytes; anything else is a LoadFailed."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise LoadFailed(Problem(shown_as, None, None,
                                     f"the file is {_size(size)}, more than the limit of "
                                     f"{_size(limit)}: split it or shorten it"))
        with path.open("rb") as f:
            raw = f.read(limit + 1)  # the file may have grown since stat()
    except OSError as exc:
        raise LoadFailed(Problem(shown_as, None, None,
                                 f"cannot be read: {exc.strerror or exc}")) from exc
    if len(raw) > limit:
        raise LoadFailed(Problem(shown_as, None, None,
                                 f"the file is more than the limit of {_size(limit)}"))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LoadFailed(Problem(shown_as, line, None,
                                 f"not UTF-8 text: save the file as {hint}")) from exc


def read_narrative(path: Path, shown_as: str) -> str:
    return read_text(path, shown_as, MAX_NARRATIVE_BYTES)


def inside(folder: Path, relative: str) -> Path | None:
    """`folder/relative` if it stays inside `folder` once symlinks are resolved, else None.

    The contract already refuses absolute paths and '..'; a symlink committed into a
    round folder or data/geo could still point anywhere, and its target would be published.
    The one confinement check: rounds, boundary layers and narrative images use it.
    """
    path = folder / relative
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):  # outside, unreadable, or a symlink loop
        return None
    return path


# -- YAML ----------------------------------------------------------------------------------

class _Refused(yaml.YAMLError):
    """A YAML feature data files may not use, at a position."""

    def __init__(self, mark: yaml.Mark | None, problem: str, field: str | None = None):
        self.problem_mark, self.problem, self.field = mark, problem, field
        super().__init__(problem)


class _UniqueKeys:
    """A duplicate key is an error on its line (PyYAML keeps the last value silently)."""

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        if isinstance(node, yaml.MappingNode):
            seen: dict[object, int] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:
                    continue  # an unhashable key: the parent class reports it
                if first is not None:
                    raise _Refused(key_node.start_mark,
                                   f"key {key!r} appears twice (first on line {first})",
                                   str(key))
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


class DataLoader(_UniqueKeys, yaml.SafeLoader):
    """SafeLoader without aliases, duplicate keys, deep nesting or implicit dates.

    Aliases let a 1 KB file expand to gigabytes ("billion laughs"); a duplicate key
    silently drops the first value; implicit timestamps make PyYAML raise on
    `2024-13-45` instead of letting validation say which field is wrong.
    """

    # No implicit timestamps: dates stay strings and pydantic parses and reports them.
    yaml_implicit_resolvers: ClassVar[dict] = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(event.start_mark, "aliases/anchors (& and *) are not supported in "
                           "data files: write the value out in full")
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise _Refused(event.start_mark,
                               f"nested more than {MAX_YAML_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# An explicit `!!timestamp` tag gives a string too, for pydantic to judge.
DataLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


class _FastLoader(_UniqueKeys, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same rules with libyaml's C parser and composer (about 10x faster on a round's
    files): the resolvers and constructors above are Python and are used as they are;
    aliases and depth are refused by `_prescan`, as the C composer cannot be overridden."""

    yaml_implicit_resolvers = DataLoader.yaml_implicit_resolvers


_FastLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
FAST = hasattr(yaml, "CSafeLoader")


def _prescan(text: str) -> None:
    """Refuse aliases, anchors and deep nesting from the event stream (C-parsed)."""
    depth = 0
    for event in yaml.parse(text, Loader=_FastLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(event.start_mark, "aliases/anchors (& and *) are not supported in "
                           "data files: write the value out in full")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth >= MAX_YAML_DEPTH:  # a scalar inside is one level more (DataLoader)
                raise _Refused(event.start_mark, f"nested more than {MAX_YAML_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML file with its node tree, to find the line of any key path."""

    path: str
    data: object
    node: yaml.Node | None

    def line_of(self, loc: tuple[object, ...]) -> int | None:
        """1-based line of the deepest node on a pydantic-style path (keys and indexes)."""
        node, line = self.node, None
        for key in loc:
            if node is None or key == "[key]":  # pydantic's mark for a bad mapping key
                break
            line = node.start_mark.line + 1
            if isinstance(node, yaml.MappingNode):
                name = str(key)
                match = next(((k, v) for k, v in node.value if k.value == name), None)
                if match is None:
                    break
                line = match[0].start_mark.line + 1
                node = match[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                if key >= len(node.value):
                    break
                node = node.value[key]
            else:
                break
        else:
            if node is not None:
                line = node.start_mark.line + 1
        return line


def parse_yaml(text: str, shown_as: str) -> YamlDoc:
    """Parse YAML text that must hold a mapping; every failure is a LoadFailed."""
    loader = None
    try:
        if FAST:
            DataLoader(text).dispose()  # the Python reader checks for unprintable characters
            _prescan(text)
            loader = _FastLoader(text)
        else:
            loader = DataLoader(text)
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        if isinstance(exc, yaml.reader.ReaderError):
            line = text[: exc.position].count("\n") + 1
            reason = f"character U+{exc.character:04X} is not allowed ({exc.reason})"
        field = getattr(exc, "field", None)
        raise LoadFailed(Problem(shown_as, line, field, f"not valid YAML: {reason}")) from exc
    except RecursionError as exc:
        raise LoadFailed(Problem(shown_as, None, None, "not valid YAML: nested too deeply")) from exc
    except (ValueError, TypeError, OverflowError) as exc:
        # A constructor refusing a value (PyYAML's own checks); say so, not a traceback.
        raise LoadFailed(Problem(shown_as, None, None, f"not valid YAML: {exc}")) from exc
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        raise LoadFailed(Problem(shown_as, 1, None,
                                 "the file is empty: expected keys and values (key: value)"))
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else f"a single value {data!r:.40}"
        raise LoadFailed(Problem(shown_as, node.start_mark.line + 1, None,
                                 f"found {found}: expected keys and values (key: value)"))
    return YamlDoc(shown_as, data, node)


def read_yaml(path: Path, shown_as: str) -> YamlDoc:
    """Read and parse a YAML file; any problem becomes a LoadFailed with its line."""
    return parse_yaml(read_text(path, shown_as, MAX_YAML_BYTES), shown_as)


# -- CSV -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CsvRow:
    line: int  # where the record starts (a quoted cell may span lines)
    cells: dict[str, str]


@dataclass(frozen=True)
class CsvFile:
    path: str
    header: list[str]
    rows: list[CsvRow]


def parse_csv(text: str, shown_as: str) -> CsvFile:
    """CSV text with a header row; cells stay strings until validation."""
    def fail(line: int | None, message: str) -> LoadFailed:
        return LoadFailed(Problem(shown_as, line, None, message))

    if "\x00" in text:
        raise fail(text[: text.index("\x00")].count("\n") + 1,
                   "contains a NUL byte: save the file as CSV UTF-8 text")
    # newline="" keeps line breaks inside quoted cells; strict rejects stray quotes.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            records.append((start, cells))
            if len(records) > MAX_CSV_ROWS + 1:
                raise fail(start, f"more than {MAX_CSV_ROWS:,} rows, the limit for a table")
            start = reader.line_num + 1
    except csv.Error as exc:
        raise fail(start, f"not valid CSV: {exc} (check the double quotes)") from exc
    if not records:
        raise fail(1, "the file is empty: expected a header row")
    header = [h.strip() for h in records[0][1]]
    if len(header) > MAX_CSV_COLUMNS:
        raise fail(1, f"the header has {len(header):,} columns, more than the limit of "
                   f"{MAX_CSV_COLUMNS}")
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise LoadFailed(Problem(shown_as, 1, name, "the column appears twice in the header"))
        seen.add(name)
    rows = []
    for line, cells in records[1:]:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise fail(line, f"has {len(cells)} cells but the header has {len(header)}: a comma "
                       "inside a value splits it (write numbers without thousands separators, "
                       "e.g. 462048, and put text that contains commas in double quotes)")
        for name, cell in zip(header, cells, strict=True):
            if len(cell) > MAX_CELL_CHARS:
                raise LoadFailed(Problem(shown_as, line, name, f"the cell has {len(cell):,} "
                                         f"characters, more than the limit of {MAX_CELL_CHARS:,}"))
        rows.append(CsvRow(line, dict(zip(header, (c.strip() for c in cells), strict=True))))
    return CsvFile(shown_as, header, rows)


def read_csv(path: Path, shown_as: str) -> CsvFile:
    """Read a UTF-8 CSV with a header row; any problem becomes a LoadFailed with its line."""
    return parse_csv(read_text(path, shown_as, MAX_CSV_BYTES, hint="CSV UTF-8"), shown_as)
