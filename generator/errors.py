"""Problems found in the input, reported with file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one input file."""

    file: str
    line: int | None
    field: str | None
    message: str
    # What kind of warning this is (SANITIZER, ...): `check --strict` fails on some kinds.
    category: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}:{field} {self.message}"


SANITIZER = "sanitizer"


class InputError(Exception):
    """Raised with every problem found, so one run reports them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.field or ""))
        super().__init__(self.render())

    def render(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found in the input:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


class BuildError(Exception):
    """A step of the build failed for a reason that is not bad input."""


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as a user should read it in a message: relative to the project when possible."""
    root = root or Path.cwd()
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
