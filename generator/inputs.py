"""What an edition is made from, as one key: a rebuild does not even stage an unchanged one.

Staging an edition (its pages, figure files, PDF, images, downloads) reads the country's
data, the generator's code and templates, the installed libraries, the hand-written docs
and theme, and the build's options. `Inputs` hashes all of that once per build; its
`key(country, round, lang)` names one edition's inputs. builds.py keeps, per key, which
built edition it gave, so an edition whose key is unchanged is copied as it was built.

The key is deliberately coarse, so it can only err towards work: any file of the
country's data (a round's page can show its sibling rounds: trends, versions) and any
file outside `data/countries/` (boundary layers) counts for every edition of the country;
every file of the generator package, and the name and version of every installed
distribution, counts for all. System fonts are not in it (nor in the figure, PDF or image
caches): a machine that changes its fonts should build from an empty cache.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

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
    dists = sorted({f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()})
    h.update("\n".join(dists).encode())
    return h.hexdigest()


@dataclass(frozen=True)
class Inputs:
    """The digests an edition's key is made of, gathered once per build (`gather`)."""

    code: str
    shared: str  # docs/, overrides/, mkdocs.yml and the build's options
    countries: tuple[tuple[str, str], ...]  # (country code, digest of its data)

    def key(self, country: str, round_key: str, lang: str) -> str:
        data = dict(self.countries)[country]
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
            outside.update(f"\0{entry.name}\0".encode())
            if entry.is_dir():
                update_tree(outside, entry)
            else:
                outside.update(hashlib.sha256(entry.read_bytes()).digest())
    per_country = []
    for code in sorted(countries):
        h = outside.copy()
        h.update(f"\0country {code}\0".encode())
        update_tree(h, root / code)
        per_country.append((code, h.hexdigest()))
    return Inputs(code_digest(), shared.hexdigest(), tuple(per_country))
