"""The project: every country under data/countries/, each with its rounds.

A country is a folder named by its lower-case ISO 3166-1 alpha-3 code (the URL segment,
e.g. `kaz`); a round is a folder inside it. Round ids are unique within a country, so a
round is known project-wide by its key `<country>/<round-id>`. Each country has its own
"latest" round, version list and trends comparison: a newer round of one country never
changes another country's pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.editions import edition
from generator.errors import InputError, Problem, display_path
from generator.layers import LayerCache
from generator.load import inside
from generator.model import Round, load_round
from generator.suggest import did_you_mean

COUNTRY_FOLDER = re.compile(r"^[a-z]{3}$")


@dataclass
class Country:
    """One country's rounds, oldest first."""

    code: str
    rounds: list[Round] = field(default_factory=list)

    @property
    def published(self) -> list[Round]:
        return [r for r in self.rounds if r.meta.status == "published"]

    @property
    def latest(self) -> Round:
        """The newest published round (drafts are previews, never "latest")."""
        return (self.published or self.rounds)[-1]

    def in_language(self, lang: str) -> list[Round]:
        """The published rounds (all rounds if none is) that have an edition in `lang`."""
        return [r for r in (self.published or self.rounds) if lang in r.meta.languages]

    def latest_in(self, lang: str) -> Round:
        """The newest round with an edition in `lang`, as that edition (editions.py)."""
        rounds = self.in_language(lang)
        return edition(rounds[-1], lang) if rounds else self.latest


@dataclass
class Project:
    """Every country of the site, in code order, each with its rounds."""

    countries: list[Country] = field(default_factory=list)

    @property
    def rounds(self) -> list[Round]:
        return [r for c in self.countries for r in c.rounds]

    def country_of(self, rnd: Round) -> Country:
        return next(c for c in self.countries if c.code == rnd.country)

    def only(self, keys: set[str]) -> list[Round]:
        return [r for r in self.rounds if r.key in keys]


def round_dirs(data_dir: Path) -> list[Path]:
    """Every round folder, sorted by country then round id."""
    base = data_dir / "countries"
    if not base.is_dir():
        return []
    return sorted(d for c in base.iterdir() if c.is_dir() and not c.name.startswith(".")
                  for d in c.iterdir() if d.is_dir() and not d.name.startswith("."))


def select(dirs: list[Path], wanted: list[str] | None, shown: str) -> list[Path]:
    """The round folders named by `wanted` (a round id, `<country>/<id>` or a country)."""
    if not wanted:
        return dirs
    names = {f"{d.parent.name}/{d.name}": d for d in dirs}
    by_id: dict[str, list[Path]] = {}
    for d in dirs:
        by_id.setdefault(d.name, []).append(d)
    countries = {d.parent.name for d in dirs}
    chosen: list[Path] = []
    problems = []
    for w in wanted:
        if w in names:
            chosen.append(names[w])
        elif w in countries:
            chosen += [d for d in dirs if d.parent.name == w]
        elif len(by_id.get(w, [])) == 1:
            chosen += by_id[w]
        elif w in by_id:
            keys = sorted(f"{d.parent.name}/{w}" for d in by_id[w])
            problems.append(Problem(shown, None, None, f"round id {w!r} is used in several "
                                    f"countries: write one of {', '.join(keys)}"))
        else:
            problems.append(Problem(shown, None, None, f"no round or country {w!r}: "
                                    + did_you_mean(w, [*names, *by_id, *countries])))
    if problems:
        raise InputError(problems)
    return sorted(set(chosen))


def load_project(data_dir: Path, only: list[str] | None = None) -> Project:
    """Every round under data/countries/; the problems of all rounds together."""
    base = data_dir / "countries"
    shown = display_path(base, data_dir.parent)
    dirs = select(round_dirs(data_dir), only, shown)
    problems: list[Problem] = []
    rounds: list[Round] = []
    layers = LayerCache()  # rounds of a country share a layer: read it once
    for d in dirs:
        if not COUNTRY_FOLDER.fullmatch(d.parent.name):
            problems.append(Problem(display_path(d.parent, data_dir.parent), None, None,
                                    "a country folder is named by its ISO 3166-1 alpha-3 code "
                                    "in lower case, e.g. 'kaz'"))
            continue
        if inside(base, f"{d.parent.name}/{d.name}") is None:
            problems.append(Problem(display_path(d, data_dir.parent), None, None,
                                    "a round must be a folder inside data/countries/<country>/, "
                                    "not a link to a folder elsewhere"))
            continue
        try:
            rounds.append(load_round(d, data_dir, layers=layers))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    if not rounds:
        raise InputError([Problem(shown, None, None, "no rounds found: each round is a folder "
                                  "data/countries/<country>/<round-id>/ with round.yml")])
    return from_rounds(rounds)


def from_rounds(rounds: Iterable[Round]) -> Project:
    """Group rounds by country, each country's rounds oldest first."""
    by_country: dict[str, list[Round]] = {}
    for r in sorted(rounds, key=lambda r: (r.country, r.id)):
        by_country.setdefault(r.country, []).append(r)
    return Project([Country(code, rs) for code, rs in sorted(by_country.items())])
