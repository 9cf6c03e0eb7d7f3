"""Stage 1, load: read a round's files from disk, keeping line numbers for messages.

Nothing here judges the content; `validate.py` does. What this module returns
carries enough position information (YAML nodes, CSV line numbers) for every
later error to name a file, a line and a field.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.errors import Problem


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
            if node is None:
                break
            line = node.start_mark.line + 1
            if isinstance(node, yaml.MappingNode):
                match = [(k, v) for k, v in node.value if k.value == str(key)]
                if not match:
                    break
                line = match[0][0].start_mark.line + 1
                node = match[0][1]
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


def read_yaml(path: Path, shown_as: str) -> YamlDoc:
    """Parse a YAML file; a syntax error becomes a Problem with its line."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise LoadFailed(Problem(shown_as, line, None, f"not valid YAML: {reason}")) from exc
    return YamlDoc(shown_as, data, node)


@dataclass(frozen=True)
class CsvRow:
    line: int
    cells: dict[str, str]


@dataclass(frozen=True)
class CsvFile:
    path: str
    header: list[str]
    rows: list[CsvRow]


def read_csv(path: Path, shown_as: str) -> CsvFile:
    """Read a UTF-8 CSV with a header row; cells stay strings until validation."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadFailed(
            Problem(shown_as, None, None, "not UTF-8 text: save the file as CSV UTF-8")
        ) from exc
    reader = csv.reader(text.splitlines())
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration as exc:
        raise LoadFailed(Problem(shown_as, 1, None, "the file is empty: expected a header row")) from exc
    rows = []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise LoadFailed(
                Problem(
                    shown_as,
                    line,
                    None,
                    f"has {len(cells)} cells but the header has {len(header)}: a comma "
                    "inside a value splits it (write numbers without thousands separators, "
                    "e.g. 462048, and put text that contains commas in double quotes)",
                )
            )
        rows.append(CsvRow(line, dict(zip(header, (c.strip() for c in cells), strict=True))))
    return CsvFile(shown_as, header, rows)


class LoadFailed(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))
