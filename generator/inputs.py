"""What an edition is made from, as one key: a rebuild does not even stage an unchanged one.

Staging an edition (its pages, figure files, PDF, images, downloads) reads the country's
data, the generator's code and templates, the installed libraries, the hand-written docs
and theme, and the build's options. `Inputs` hashes all of that once per build; its
`key(country, round, lang)` names one edition's inputs. builds.py keeps, per key, which
built edition it gave, so an edition whose key is unchanged is copied as it was built.

The key is coarse on purpose, so it can only err towards work. It counts, for every
edition of a country: every file of `data/` outside `data/countries/` (boundary layers);
every file of the country's folder, its sibling rounds' too (a round's pages show its
siblings: trends, versions, the newest-round notice); every file of the generator package,
and the name and version of every installed distribution. The one exception is what only
a round's own pages read (scope.PRIVATE: its narrative folder), which counts for that
round alone, so editing one round's narrative restages no other round. System fonts are
not in it (nor in the figure, PDF or image caches): a machine that changes its fonts
should build from an empty cache.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.scope import PRIVATE

PACKAGE = Path(__file__).parent


def update_tree(h: hashlib._Hash, folder: Path) -> None:
    """Every file's path and content under `folder`, sorted (bytecode caches left out)."""
    if not folder.is_dir():
        h.update(b"\0(none)\0")
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(folder).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())


def code_digest() -> str:
    """The generator package's files, the Python version and every installed distribution."""
    h = hashlib.sha256(sys.version.encode())
    update_tree(h, PACKAGE)
    h.update("\n".join(installed()).encode())
    return h.hexdigest()


def installed() -> list[str]:
    """Every installed distribution, as the name of its metadata folder on `sys.path`
    (`<name>-<version>.dist-info`, by the packaging spec): what importlib.metadata finds,
    without parsing some 200 METADATA files, which took 0.3 s of every build."""
    found: set[str] = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:  # a zip file, or a folder that is not there
            continue
        found.update(n for n in names if n.endswith((".dist-info", ".egg-info")))
    return sorted(found)


def _update_entry(h: hashlib._Hash, entry: Path) -> None:
    h.update(f"\0{entry.name}\0".encode())
    if entry.is_dir():
        update_tree(h, entry)
    else:
        h.update(hashlib.sha256(entry.read_bytes()).digest())


@dataclass(frozen=True)
class CountryInputs:
    """A country's data as digests: what every edition reads, and per round folder, what
    its siblings read (`open`) and what only its own pages read (`own`, scope.PRIVATE)."""

    base: str  # data/ outside the countries, and the country's files outside its rounds
    rounds: tuple[tuple[str, str, str], ...]  # (round id, open digest, own digest)

    def digest(self, round_id: str) -> str:
        own = next((o for rid, _, o in self.rounds if rid == round_id), "(none)")
        siblings = "\0".join(f"{rid}={open_}" for rid, open_, _ in self.rounds)
        return hashlib.sha256(f"{self.base}\0{siblings}\0{own}".encode()).hexdigest()


def country_inputs(folder: Path, outside: hashlib._Hash) -> CountryInputs:
    """A round folder is a visible folder of the country's (as project.round_dirs finds
    them); anything else in the country's folder counts for all its rounds."""
    base = outside.copy()
    base.update(f"\0country {folder.name}\0".encode())
    rounds = []
    for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
        if not (entry.is_dir() and not entry.name.startswith(".")):
            _update_entry(base, entry)
            continue
        open_, own = hashlib.sha256(), hashlib.sha256()
        for part in sorted(entry.iterdir()):
            _update_entry(own if part.name in PRIVATE and part.is_dir() else open_, part)
        rounds.append((entry.name, open_.hexdigest(), own.hexdigest()))
    return CountryInputs(base.hexdigest(), tuple(rounds))


@dataclass(frozen=True)
class Inputs:
    """The digests an edition's key is made of, gathered once per build (`gather`)."""

    code: str
    shared: str  # docs/, overrides/, mkdocs.yml and the build's options
    countries: tuple[tuple[str, CountryInputs], ...]  # by country code

    def key(self, country: str, round_key: str, lang: str) -> str:
        data = dict(self.countries)[country].digest(round_key.split("/", 1)[-1])
        h = hashlib.sha256("\0".join((self.code, self.shared, data, round_key, lang)).encode())
        return h.hexdigest()[:32]


def gather(data: Path, docs: Path, overrides: Path, mkdocs_yml: Path, countries: list[str],
           *, site_url: str, map_tiles: bool) -> Inputs:
    shared = hashlib.sha256(f"{site_url}\0tiles={map_tiles}\0".encode())
    for name, folder in (("docs", docs), ("overrides", overrides)):
        shared.update(f"\0{name}\0".encode())
        update_tree(shared, folder)
    shared.update(b"\0mkdocs.yml\0" + mkdocs_yml.read_bytes())
    root = data / "countries"
    outside = hashlib.sha256()  # data/ but the countries: the boundary layers, shared
    for entry in sorted(data.iterdir()) if data.is_dir() else []:
        if entry != root:
            _update_entry(outside, entry)
    per_country = tuple((code, country_inputs(root / code, outside))
                        for code in sorted(countries))
    return Inputs(code_digest(), shared.hexdigest(), per_country)
