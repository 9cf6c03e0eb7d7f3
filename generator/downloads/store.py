"""The build's entry point: a round's downloads, from the cache when nothing they read changed.

Validating the data package and writing the workbook take about a second a round; a
no-change rebuild reads one file instead. The key is a hash of everything the downloads
read: the round's metadata, its tables (declarations and rows), the boundary layer's names
(for the HXL edition's codes), the round's address, this package's code and the versions of
the libraries that write or check the files. One entry per round, in
`build/cache/downloads/<country>/<round-id>/<key>.zip` (written atomically; a new entry
replaces the round's older ones).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from functools import cache
from importlib import metadata
from pathlib import Path

from generator.downloads import package
from generator.downloads.names import FOLDER
from generator.messages import DEFAULT
from generator.model import Round

PACKAGE = Path(__file__).parent
CODE = [PACKAGE, PACKAGE.parent / "contract.py", PACKAGE.parent / "tabular.py"]
LIBRARIES = ("XlsxWriter", "frictionless")


@cache
def code_version() -> str:
    h = hashlib.sha256()
    for path in CODE:
        for f in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            h.update(f.name.encode() + b"\0" + f.read_bytes())
    for lib in LIBRARIES:
        h.update(f"{lib}=={metadata.version(lib)}\0".encode())
    return h.hexdigest()


def key(rnd: Round, round_url: str) -> str:
    payload = {
        "meta": rnd.meta.model_dump(mode="json"),
        "tables": {n: [t.spec.model_dump(mode="json"), [list(r.items()) for r in t.rows]]
                   for n, t in rnd.tables.items()},
        "boundaries": [rnd.boundaries.id, sorted(rnd.boundaries.aliases.items())],
        "url": round_url, "code": code_version(),
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def files(rnd: Round, round_url: str, cache_dir: Path | None = None) -> dict[str, bytes]:
    """The round's downloads by path in its site (`downloads/...`).

    `rnd` is the English round: the data package is machine-readable and the same in every
    edition (the editions' pages link to it), so it is never made from a translated one."""
    if rnd.lang != DEFAULT:
        raise ValueError(f"{rnd.key}: the data package is made from the English round, "
                         f"not its {rnd.lang!r} edition")
    found = None
    if cache_dir is not None:
        folder = cache_dir / "downloads" / rnd.country / rnd.id
        entry = folder / f"{key(rnd, round_url)}.zip"
        found = _read(entry)
    if found is None:
        found = package.render(rnd, round_url)
        if cache_dir is not None:
            _write(folder, entry, found)
    return {f"{FOLDER}/{rel}": content for rel, content in found.items()}


def _read(entry: Path) -> dict[str, bytes] | None:
    try:
        with zipfile.ZipFile(entry) as zf:
            return {name: zf.read(name) for name in zf.namelist()}
    except (OSError, zipfile.BadZipFile, KeyError):
        return None  # not cached yet, or a damaged entry: make them again


def _write(folder: Path, entry: Path, found: dict[str, bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:  # already compressed mostly
        for rel in sorted(found):
            zf.writestr(rel, found[rel])
    tmp = folder / f".{entry.stem}.{os.getpid()}.tmp"
    tmp.write_bytes(buf.getvalue())
    tmp.replace(entry)  # atomic: a parallel build sees all or nothing
    for old in folder.glob("*.zip"):
        if old != entry:
            old.unlink(missing_ok=True)
