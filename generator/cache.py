"""A content-addressed cache of rendered figures, shared by `make site` and `make serve`.

Rendering charts (vl-convert) and maps (Folium) is most of a build's time. A figure's
key is a hash of everything its rendering reads: the figure's declaration, its table
(declaration and rows), for maps the boundary layer and the assessed units, the
renderers' own code (every file of generator/kinds, charts, maps, figures.py,
formatting.py, tabular.py, templates) and the versions of the libraries that draw
(Altair, vl-convert, Folium, branca, Leaflet). An unchanged figure is therefore never
rendered twice, across builds and processes; a change to any of those renders it again.

Entries live in `build/cache/figures/<key>.json`, written atomically (so parallel
builds can share them); `manifest.json` lists what the last full build used, and
entries it did not use are pruned (`prune`).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from generator import kinds
from generator.charts import ChartArtifact
from generator.contract import Figure
from generator.figures import Renderers, render_chart, render_map
from generator.geo import Boundaries
from generator.maps import MapArtifact
from generator.maps.classes import group_members
from generator.messages import ENGLISH, Messages, catalog_digest
from generator.model import Round, Table

PACKAGE = Path(__file__).parent
CODE = ("kinds", "charts", "maps", "templates", "figures.py", "formatting.py", "tabular.py",
        "markup.py", "cache.py", "messages.py")
LIBRARIES = ("altair", "vl-convert-python", "folium", "branca", "XStatic-Leaflet", "Jinja2")
MANIFEST = "manifest.json"


@cache
def code_version() -> str:
    """The renderers' code and the drawing libraries' versions, as one digest."""
    h = hashlib.sha256()
    for name in CODE:
        path = PACKAGE / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if f.is_file() and f.suffix in (".py", ".html", ".js", ".css"):
                h.update(f.relative_to(PACKAGE).as_posix().encode() + b"\0" + f.read_bytes())
    for lib in LIBRARIES:
        h.update(f"{lib}=={metadata.version(lib)}\0".encode())
    return h.hexdigest()


def _digest(payload: Any) -> str:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _table(table: Table) -> dict[str, Any]:
    return {"name": table.name, "spec": table.spec.model_dump(mode="json"),
            "rows": [list(r.items()) for r in table.rows]}


def language_key(messages: Messages) -> dict[str, str]:
    """A render in another language depends on its interface catalog too."""
    return {"lang": messages.lang, "catalog": catalog_digest(messages.lang)}


def chart_key(fig: Figure, table: Table, messages: Messages = ENGLISH) -> str:
    return _digest({"chart": fig.model_dump(mode="json"), "table": _table(table),
                    "code": code_version(), **language_key(messages)})


def boundaries_key(b: Boundaries) -> str:
    return _digest({"id": b.id, "geojson": b.geojson, "attribution": b.attribution_html,
                    "units": {c: asdict(u) for c, u in sorted(b.units.items())},
                    "aliases": b.aliases})


def map_key(fig: Figure, table: Table, rnd: Round, boundaries: str, tiles: bool) -> str:
    # A map in a class group is classed by the values of every map in the group.
    group = [] if fig.class_group is None else [
        {"map": f.model_dump(mode="json"), "table": _table(rnd.table_for(f))}
        for f in group_members(rnd, fig.class_group)]
    return _digest({"map": fig.model_dump(mode="json"), "table": _table(table),
                    "boundaries": boundaries, "assessed": rnd.assessed_units, "tiles": tiles,
                    "group": group, "code": code_version(), **language_key(rnd.messages)})


@dataclass
class FigureCache:
    """Renderers that look in the cache first. Counts what it rendered and reused."""

    folder: Path
    rendered: int = 0
    reused: int = 0
    used: set[str] = field(default_factory=set)
    _boundaries: dict[int, tuple[Boundaries, str]] = field(default_factory=dict, repr=False)
    # Entries already read or written by this process: the PDF draws the figures again.
    _seen: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    @property
    def renderers(self) -> Renderers:
        return Renderers(chart=self.chart, map=self.map)

    def chart(self, fig: Figure, table: Table, messages: Messages = ENGLISH) -> ChartArtifact:
        key = chart_key(fig, table, messages)
        found = self._read(key)
        if found is not None:
            return ChartArtifact(**found)
        art = render_chart(fig, table, messages)
        self._write(key, asdict(art), fig)
        return art

    def map(self, fig: Figure, table: Table, rnd: Round, *, tiles: bool = False) -> MapArtifact:
        key = map_key(fig, table, rnd, self._boundaries_key(rnd.boundaries), tiles)
        found = self._read(key)
        if found is not None:
            found["legend"] = [tuple(x) for x in found["legend"]]
            return MapArtifact(**found)
        art = render_map(fig, table, rnd, tiles=tiles)
        self._write(key, asdict(art), fig)
        return art

    def has(self, fig: Figure, rnd: Round, *, tiles: bool = False) -> bool:
        """Whether the figure is cached (tables and cards are never cached: they are cheap)."""
        table = rnd.table_for(fig)
        family = kinds.get(fig.kind).family
        if family == "map":
            key = map_key(fig, table, rnd, self._boundaries_key(rnd.boundaries), tiles)
        elif family == "chart":
            key = chart_key(fig, table, rnd.messages)
        else:
            return True
        return (self.folder / f"{key}.json").is_file()

    def _boundaries_key(self, b: Boundaries) -> str:
        # Hashing a layer's GeoJSON takes milliseconds: once per layer object, not per map.
        known = self._boundaries.get(id(b))
        if known is None or known[0] is not b:
            known = self._boundaries[id(b)] = (b, boundaries_key(b))
        return known[1]

    def _read(self, key: str) -> dict[str, Any] | None:
        self.used.add(key)
        if key in self._seen:
            return dict(self._seen[key])
        try:
            data = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # not cached yet, or a damaged entry: render again
        self.reused += 1
        self._seen[key] = data["artifact"]
        return dict(data["artifact"])

    def _write(self, key: str, artifact: dict[str, Any], fig: Figure) -> None:
        self.rendered += 1
        self._seen[key] = artifact
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"figure": fig.id, "kind": fig.kind, "artifact": artifact},
                                  ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.folder / f"{key}.json")  # atomic: other processes see all or nothing


def prune(folder: Path, used: set[str]) -> int:
    """Keep the entries a full build used (listed in the manifest); remove the others."""
    if not folder.is_dir():
        return 0
    removed = 0
    for entry in folder.glob("*.json"):
        if entry.name != MANIFEST and entry.stem not in used:
            entry.unlink(missing_ok=True)
            removed += 1
    (folder / MANIFEST).write_text(json.dumps(sorted(used), indent=0) + "\n", encoding="utf-8")
    return removed
