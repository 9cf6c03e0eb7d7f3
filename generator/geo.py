"""Admin-1 boundaries and the gazetteer that joins province names to them.

Tables name provinces the way reports spell them ("Turkistan", "Almaty city",
"Kyzylorda province"); maps need ISO 3166-2 codes. Which GeoJSON properties hold
the code, the names and the other spellings, and which words may follow a name,
is declared by the layer's sidecar (`generator/layers.py`): nothing here knows a
country or a language. The gazetteer accepts the declared spellings, the code and
"<name> <unit word>" forms, and rejects anything else with a "did you mean".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.suggest import did_you_mean

if TYPE_CHECKING:  # layers.py builds Boundaries: no import cycle at run time
    from generator.layers import LayerProperties

KINDS = ("region", "city")


@dataclass(frozen=True)
class Unit:
    """One admin-1 unit (a region, or a city with the status of one)."""

    code: str
    name: str
    kind: str  # "region" or "city"
    label_lon: float
    label_lat: float
    name_local: str | None = None
    # The unit's name in other languages, by language code (the layer's `local_names`).
    names: tuple[tuple[str, str], ...] = ()

    def name_in(self, lang: str) -> str:
        """The unit's name in `lang`; English (`name`) where the layer gives none."""
        return dict(self.names).get(lang, self.name)


@dataclass(frozen=True)
class Boundaries:
    """A boundary layer: its GeoJSON, its units, how to find a unit by name, its credits."""

    id: str
    country: str  # ISO 3166-1 alpha-3
    country_name: str
    level: int
    # Features as in the file, each with `id` set to its unit's code (what maps key on).
    geojson: dict
    units: dict[str, Unit]
    aliases: dict[str, str] = field(repr=False)
    ambiguous: dict[str, tuple[str, ...]] = field(repr=False)
    attribution_html: str  # sanitized when the sidecar was read (layers.py)
    attribution_text: str
    vintage: str
    source: str
    licence: str

    def resolve(self, name: str) -> Unit:
        """The unit a name or code stands for; LookupError with a hint otherwise."""
        key = normalise(name)
        code = self.aliases.get(key)
        if code is not None:
            return self.units[code]
        if key in self.ambiguous:
            candidates = " or ".join(f"{self.units[c].name} ({c})" for c in self.ambiguous[key])
            raise LookupError(f"{name!r} is ambiguous in layer {self.id}: it may be "
                              f"{candidates}; write the code or the unit's English name")
        hint = did_you_mean(name, [u.name for u in self.units.values()])
        raise LookupError(f"{name!r} is not a province of {self.country_name} in layer "
                          f"{self.id}; {hint}")

    def in_order(self) -> list[Unit]:
        return [self.units[c] for c in sorted(self.units)]


def normalise(name: str) -> str:
    """Fold case, accents, hyphens and spacing so spelling variants compare equal."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[-_./]+", " ", text.casefold())
    return re.sub(r"\s+", " ", text).strip()


# -- reading features through the sidecar's property names --------------------------------

class FeatureError(ValueError):
    """A feature that does not have what the sidecar says it has; `where` names it."""

    def __init__(self, where: str, message: str):
        self.where = where
        super().__init__(message)


def _text(props: dict, key: str, where: str, required: bool) -> str | None:
    value = props.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise FeatureError(f"{where}.properties.{key}", "missing or empty")
        return None
    if not isinstance(value, str | int):
        raise FeatureError(f"{where}.properties.{key}", f"expected text, found {value!r:.40}")
    return str(value).strip()


def _polygons(geometry: Any, where: str) -> list[list]:
    """The polygons (lists of rings) of a Polygon or MultiPolygon geometry."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise FeatureError(f"{where}.geometry", "expected a Polygon or MultiPolygon")
    coords = geometry.get("coordinates")
    polygons = [coords] if geometry["type"] == "Polygon" else coords
    try:
        ok = bool(polygons) and all(
            ring and all(len(pt) >= 2 and all(isinstance(v, int | float) for v in pt[:2])
                         for pt in ring)
            for poly in polygons for ring in poly)
    except TypeError:
        ok = False
    if not ok:
        raise FeatureError(f"{where}.geometry.coordinates", "expected rings of [lon, lat] points")
    return polygons


def _area(ring: list) -> float:
    # Shoelace formula in degrees: only to compare the parts of one unit.
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in pairwise(ring)))


def label_point(geometry: Any, where: str = "geometry") -> tuple[float, float]:
    """Where to put a unit's label or marker when the layer gives no point: the centre of
    the bounding box of its largest part (a city's circle, a bubble)."""
    largest = max(_polygons(geometry, where), key=lambda poly: _area(poly[0]))
    lons = [float(p[0]) for p in largest[0]]
    lats = [float(p[1]) for p in largest[0]]
    return (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2


def read_units(features: Any, props: LayerProperties) -> list[tuple[Unit, list[str]]]:
    """Each feature as a Unit plus its other spellings, read through the declared properties.

    Raises FeatureError naming the feature and property for anything missing or malformed.
    """
    if not isinstance(features, list) or not features:
        raise FeatureError("features", "expected a non-empty list of features")
    out: list[tuple[Unit, list[str]]] = []
    for i, feat in enumerate(features):
        where = f"features[{i}]"
        p = feat.get("properties") if isinstance(feat, dict) else None
        if not isinstance(p, dict):
            raise FeatureError(where, "expected a Feature with properties")
        code = _text(p, props.code, where, True)
        name = _text(p, props.name, where, True)
        kind = _text(p, props.kind, where, True) if props.kind else "region"
        if kind not in KINDS:
            raise FeatureError(f"{where}.properties.{props.kind}",
                               f"{kind!r} is not one of {', '.join(KINDS)}")
        if props.label_lon and props.label_lat:
            try:
                lon, lat = float(p[props.label_lon]), float(p[props.label_lat])
            except (KeyError, TypeError, ValueError) as exc:
                raise FeatureError(f"{where}.properties.{props.label_lon}",
                                   "expected numbers for the label point") from exc
            _polygons(feat.get("geometry"), where)
        else:
            lon, lat = label_point(feat.get("geometry"), where)
        spellings = [s for key in props.alternates if (s := _text(p, key, where, False))]
        if props.alternates_list:
            listed = _text(p, props.alternates_list, where, False) or ""
            spellings += [s.strip() for s in listed.split(";") if s.strip()]
        local = _text(p, props.local_name, where, False) if props.local_name else None
        names = tuple(sorted((lang, text) for lang, key in props.local_names.items()
                             if (text := _text(p, key, where, False))))
        out.append((Unit(code, name, kind, lon, lat, local, names), spellings))
    return out


# -- the gazetteer ------------------------------------------------------------------------

def _strip_word(name: str, words: list[str]) -> str:
    for w in words:
        if normalise(name).endswith(" " + normalise(w)):
            return name[: len(name) - len(w)].strip()
    return name


def gazetteer(units: list[tuple[Unit, list[str]]], unit_words: list[str],
              city_words: list[str]) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Spelling -> code for every unambiguous spelling, and spelling -> candidate codes for
    the ambiguous ones.

    A spelling two units share ("Almaty": the region's name, and the city's everyday
    name) goes to the unit whose declared English `name` it is exactly, as IOM reports
    write it; any other shared spelling is ambiguous, and resolving it is an error that
    lists the candidates.
    """
    by_alias: dict[str, set[str]] = {}
    by_name: dict[str, set[str]] = {}
    for unit, spellings in units:
        by_name.setdefault(normalise(unit.name), set()).add(unit.code)
        # "Aqtöbe region" gives "Aqtöbe", and both give "Aqtöbe oblast", ...
        words = city_words if unit.kind == "city" else unit_words
        bases = {_strip_word(n, words) for n in (unit.name, *spellings)}
        names = {unit.code, unit.name, *spellings, *bases,
                 *(f"{b} {w}" for b in bases for w in words)}
        for n in names:
            by_alias.setdefault(normalise(n), set()).add(unit.code)
    resolved: dict[str, str] = {}
    ambiguous: dict[str, tuple[str, ...]] = {}
    for alias, codes in by_alias.items():
        named = by_name.get(alias, set())
        if len(codes) == 1:
            resolved[alias] = next(iter(codes))
        elif len(named) == 1:
            resolved[alias] = next(iter(named))
        else:
            ambiguous[alias] = tuple(sorted(codes))
    return resolved, ambiguous


def load_boundaries(geojson_path: Path, layer_id: str | None = None) -> Boundaries:
    """The layer `layer_id` (default: the GeoJSON's file stem) of the folder holding
    `geojson_path`, read through its sidecar `<layer_id>.yml`. For tests and tools;
    the build uses `layers.load_layer`."""
    from generator.layers import load_layer  # layers.py imports this module

    geo_dir = geojson_path.parent
    return load_layer(geo_dir, layer_id or geojson_path.stem, geo_dir.parent.parent)
