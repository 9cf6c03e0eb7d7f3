"""What a change affects: which rounds to rebuild, which countries to build.

Pure: looks at paths only. `make serve` rebuilds the rounds a saved file affects; the
pull-request workflow builds the countries a pull request touches (plus the landing
page, which every build writes). Paths outside the inputs (site/, build/, .git/),
hidden files and editors' temporary files affect nothing.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Literal


class Scope(enum.Enum):
    ALL = "every round"


ALL = Scope.ALL
Rebuild = set[str] | Literal[Scope.ALL]

# What only a round's own pages read: these folders of a round's folder. A round's pages
# show its siblings' metadata and tables (trends, versions, the newest-round notice), never
# their narrative, so a change here concerns no other round (inputs.py's keys, the
# preview's rebuild). A section's narrative declared elsewhere in the round's folder is
# simply counted for every round: the rule can only err towards work.
PRIVATE = frozenset({"narrative"})


def _is_noise(name: str) -> bool:
    """Editors' and tools' temporary files: never an input."""
    return name.endswith(("~", ".swp", ".swx", ".swo", ".tmp", ".part")) or name == "4913"


def _parts(changed: str | os.PathLike[str], base: Path) -> tuple[str, ...] | None:
    """A changed path's parts relative to the project, or None when it is outside."""
    try:
        return Path(os.path.abspath(changed)).relative_to(base).parts
    except ValueError:
        return None


def _input_parts(changed: str | os.PathLike[str], base: Path) -> tuple[str, ...] | None:
    """The parts of a changed path that can be an input, or None: paths outside the
    project, hidden files and editors' temporary files affect nothing."""
    parts = _parts(changed, base)
    if not parts or any(p.startswith(".") for p in parts) or _is_noise(parts[-1]):
        return None
    return parts


def rounds_to_rebuild(changed_paths: Iterable[str | os.PathLike[str]], root: Path) -> Rebuild:
    """Which rounds the changed paths affect: a set of round keys (`<country>/<id>`), or ALL.

    Pure: looks at the paths only. Paths outside the inputs (site/, build/, .git/),
    hidden files and editors' temporary files affect nothing.
    """
    base = Path(os.path.abspath(root))
    rounds: set[str] = set()
    for changed in changed_paths:
        parts = _input_parts(changed, base)
        if parts is None:
            continue
        if parts == ("mkdocs.yml",) or parts[0] in ("docs", "overrides"):
            return ALL
        if parts[0] != "data":
            continue
        if len(parts) > 4 and parts[1] == "countries":
            rounds.add(f"{parts[2]}/{parts[3]}")
            continue
        # data/geo/..., a round folder added, removed or renamed, anything else in data/.
        return ALL
    return rounds


def only_private(changed_paths: Iterable[str | os.PathLike[str]], root: Path) -> bool:
    """Whether every changed input lies in a round's PRIVATE folder, so no round but its own
    can show the change. Paths that affect nothing (see rounds_to_rebuild) are left out."""
    base = Path(os.path.abspath(root))
    for changed in changed_paths:
        parts = _input_parts(changed, base)
        if parts is None:
            continue
        if not (len(parts) > 5 and parts[:2] == ("data", "countries") and parts[4] in PRIVATE):
            return False
    return True


def languages_edited(changed_paths: Iterable[str | os.PathLike[str]]) -> set[str]:
    """The languages whose own files changed, as translations.py names them: a translated
    narrative `overview.ru.md`, a round's `translations/ru.yml`. The preview builds those
    editions of a round first, so the page being edited reloads soonest."""
    found = set()
    for changed in changed_paths:
        path = Path(changed)
        parts = path.name.split(".")
        if len(parts) == 3 and parts[2] == "md":
            lang = parts[1]
        elif len(parts) == 2 and parts[1] == "yml" and path.parent.name == "translations":
            lang = parts[0]
        else:
            continue
        if lang.isascii() and lang.isalpha() and lang.islower() and 2 <= len(lang) <= 3:
            found.add(lang)
    return found


def countries_affected(changed_paths: Iterable[str | os.PathLike[str]], root: Path) -> Rebuild:
    """The countries a pull request's changed files can change, or ALL.

    Narrowed only when every changed file lies inside a country's folder: a change to
    code, templates, styles, boundary layers or the build itself rebuilds everything.
    """
    base = Path(os.path.abspath(root))
    countries: set[str] = set()
    for changed in changed_paths:
        parts = _parts(changed, base)
        if parts is not None and len(parts) >= 4 and parts[:2] == ("data", "countries"):
            countries.add(parts[2])
        else:
            return ALL
    return countries or ALL
