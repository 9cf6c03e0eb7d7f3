"""Admin-1 boundaries and the gazetteer that joins province names to them.

Tables name provinces the way reports spell them ("Turkistan", "Almaty city",
"Kyzylorda province"); maps need ISO 3166-2 codes. The gazetteer accepts the
spellings carried in the boundary file (`name_en`, `name_osm`, `name_alt`),
the ISO code itself and the usual "<name> region/province/oblast" forms, and
rejects anything else with a "did you mean".
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import InputError, Problem, display_path
from generator.load import MAX_GEOJSON_BYTES, LoadFailed, read_text
from generator.suggest import did_you_mean

SUFFIXES = ("region", "province", "oblast", "oblysy")


@dataclass(frozen=True)
class Unit:
    """One admin-1 unit (oblast or city of republican significance)."""

    code: str
    name: str
    name_local: str
    kind: str  # "region" or "city"
    label_lon: float
    label_lat: float


@dataclass(frozen=True)
class Boundaries:
    """A boundary layer: its GeoJSON, its units, and how to find a unit by name."""

    id: str
    geojson: dict
    units: dict[str, Unit]
    aliases: dict[str, str] = field(repr=False)
    attribution_html: str
    attribution_text: str
    vintage: str

    def resolve(self, name: str) -> Unit:
        """The unit a name or code stands for; LookupError with a hint otherwise."""
        code = self.aliases.get(normalise(name))
        if code is None:
            hint = did_you_mean(name, [u.name for u in self.units.values()])
            raise LookupError(f"unknown province {name!r}: {hint}")
        return self.units[code]

    def in_order(self) -> list[Unit]:
        return [self.units[c] for c in sorted(self.units)]


def normalise(name: str) -> str:
    """Fold case, accents, hyphens and spacing so spelling variants compare equal."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[-_./]+", " ", text.casefold())
    return re.sub(r"\s+", " ", text).strip()


def _aliases(features: list[dict]) -> dict[str, str]:
    by_alias: dict[str, set[str]] = {}
    primary: dict[str, str] = {}
    for feat in features:
        p = feat["properties"]
        code = p["iso_3166_2"]
        primary[normalise(p["name_en"])] = code
        names = {p["name_en"], p["name_osm"], code, *filter(None, p.get("name_alt", "").split(";"))}
        base = re.sub(r"\s+city$", "", p["name_en"]) if p["type"] == "city" else p["name_en"]
        if p["type"] == "region":
            names |= {f"{base} {s}" for s in SUFFIXES}
            names |= {f"{n} {s}" for n in p.get("name_alt", "").split(";") if n for s in SUFFIXES}
        else:
            names |= {f"{base} city", f"city of {base}"}
        for n in names:
            by_alias.setdefault(normalise(n), set()).add(code)
    # An alternate spelling shared by two units ("Almaty" is the region and,
    # informally, the city) goes to the unit whose English name it is, as in
    # IOM reports; one that is nobody's name is dropped as ambiguous.
    resolved: dict[str, str] = {}
    for alias, codes in by_alias.items():
        if len(codes) == 1:
            resolved[alias] = next(iter(codes))
        elif alias in primary:
            resolved[alias] = primary[alias]
    return resolved


def load_boundaries(geojson_path: Path, layer_id: str, shown: str | None = None) -> Boundaries:
    """Read a boundary GeoJSON in the shape of data/geo/kaz_adm1.geojson.

    The file comes by pull request like any other input: a broken one is an
    InputError naming it, not a traceback.
    """
    shown = shown or display_path(geojson_path)
    try:
        data = json.loads(read_text(geojson_path, shown, MAX_GEOJSON_BYTES))
        return _boundaries(data, layer_id)
    except LoadFailed as exc:
        raise InputError([exc.problem]) from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        reason = f"no property {exc}" if isinstance(exc, KeyError) else str(exc)
        raise InputError([Problem(shown, getattr(exc, "lineno", None), None,
                                  f"not a boundary file like data/geo/kaz_adm1.geojson: "
                                  f"{reason}")]) from exc


def _boundaries(data: dict, layer_id: str) -> Boundaries:
    units = {}
    for feat in data["features"]:
        p = feat["properties"]
        units[p["iso_3166_2"]] = Unit(
            code=p["iso_3166_2"],
            name=p["name_en"],
            name_local=p["name_local"],
            kind=p["type"],
            label_lon=float(p["label_lon"]),
            label_lat=float(p["label_lat"]),
        )
    return Boundaries(
        id=layer_id,
        geojson=data,
        units=units,
        aliases=_aliases(data["features"]),
        attribution_html=(
            'Boundaries &copy; <a href="https://www.openstreetmap.org/copyright">'
            "OpenStreetMap</a> contributors, available under the Open Database License (ODbL)"
        ),
        attribution_text=(
            "Boundaries © OpenStreetMap contributors, available under the "
            "Open Database License (ODbL)."
        ),
        vintage="OpenStreetMap admin-1 boundaries as of about June 2023 (post-2022 reform)",
    )
