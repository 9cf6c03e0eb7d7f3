"""Built editions, cached by content: MkDocs runs only for an edition whose input changed.

MkDocs turns a staged edition (its docs folder and config) into HTML; given the same
input, it writes the same files (the build date is fixed: engine.py). So a built edition
is stored under `build/cache/editions/<key>/`, keyed by a hash of everything the build
reads: every staged file, the generated config (minus the folders it names, which differ
between checkouts), the shared mkdocs.yml, every file of overrides/, and the versions of
MkDocs and Material. An unchanged edition is copied from there instead of being built
again; a full build prunes entries it did not use (site.py).

One step earlier, `Staged` remembers which entry each edition's inputs gave
(inputs.py: `build/cache/inputs/<inputs key>.json`, with the cache keys the
edition used), so an edition whose inputs are unchanged is not even staged: its entry is
`recorded`, and sitestate.py puts it in the new site.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import yaml

from generator.engine import run_mkdocs
from generator.inputs import update_tree

LIBRARIES = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions")


def edition_key(config: Path, mkdocs_yml: Path, overrides: Path) -> str:
    """What the MkDocs build of the edition staged beside `config` reads, as one digest."""
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    docs = Path(data.pop("docs_dir"))
    data.pop("INHERIT", None)
    data.get("theme", {}).pop("custom_dir", None)
    h = hashlib.sha256(yaml.safe_dump(data, sort_keys=True, allow_unicode=True).encode())
    h.update(b"\0mkdocs.yml\0" + mkdocs_yml.read_bytes())
    update_tree(h, docs)
    h.update(b"\0overrides\0")
    update_tree(h, overrides)
    for lib in LIBRARIES:
        h.update(f"\0{lib}=={metadata.version(lib)}".encode())
    return h.hexdigest()[:32]


def build(config: Path, out: Path, label: str, *, mkdocs_yml: Path, overrides: Path,
          cache: Path | None, build_date: str, used: set[str] | None = None) -> str:
    """Build the staged edition into `out`, or copy it from `cache`; its key ("" without a
    cache)."""
    if cache is None:
        run_mkdocs(config, out, label, build_date)
        return ""
    key = edition_key(config, mkdocs_yml, overrides)
    if used is not None:
        used.add(key)
    entry = cache / key
    if entry.is_dir():
        shutil.copytree(entry, out, dirs_exist_ok=True)
        return key
    run_mkdocs(config, out, label, build_date)
    # Stored atomically: a parallel build sees the entry whole or not at all.
    tmp = cache / f".{key}.{os.getpid()}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(out, tmp)
    try:
        tmp.rename(entry)
    except OSError:  # another process stored the same entry first
        shutil.rmtree(tmp, ignore_errors=True)
    return key


@dataclass(frozen=True)
class Staged:
    """What one edition's inputs gave: its built entry, the cache keys it used (figures,
    PDF, images: a full build must keep them) and how many figures it read."""

    entry: str
    used: frozenset[str]
    figures: int


def remember(folder: Path, inputs_key: str, staged: Staged) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{inputs_key}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps({"entry": staged.entry, "used": sorted(staged.used),
                               "figures": staged.figures}), encoding="utf-8")
    tmp.replace(folder / f"{inputs_key}.json")


def recorded(folder: Path, cache: Path, inputs_key: str) -> Staged | None:
    """What these inputs gave when last built, if its entry is still in `cache`."""
    try:
        data = json.loads((folder / f"{inputs_key}.json").read_text(encoding="utf-8"))
        staged = Staged(str(data["entry"]), frozenset(map(str, data["used"])),
                        int(data["figures"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # not built yet, or a damaged record: stage it again
    if not staged.entry or not (cache / staged.entry).is_dir():
        return None
    return staged


def prune(cache: Path, used: set[str]) -> int:
    """Remove the entries a full build did not use."""
    if not cache.is_dir():
        return 0
    removed = 0
    for entry in cache.iterdir():
        if entry.is_dir() and entry.name not in used:
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    return removed
