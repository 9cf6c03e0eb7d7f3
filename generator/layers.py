"""Boundary layers as data: a GeoJSON file in data/geo plus a YAML sidecar describing it.

`data/geo/<layer>.yml` says which country and admin level the layer is, which GeoJSON
properties hold each unit's code, names and other spellings, which words may follow a
name, and the source, licence, attribution and vintage printed under every map. Every
`*.yml` in data/geo is a sidecar; its file stem is the layer id a round names in
`boundaries:`. Sidecars and layers arrive by pull request like any other input: a
broken one is an InputError with file, line and field, and the attribution HTML is
sanitized because it is written into every map page.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import nh3
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from generator import countries
from generator.errors import InputError, Problem, display_path
from generator.geo import Boundaries, FeatureError, gazetteer, read_units
from generator.load import MAX_GEOJSON_BYTES, LoadFailed, YamlDoc, inside, read_text, read_yaml
from generator.suggest import did_you_mean
from generator.validate import pydantic_problems

# A bare file name: the layer lives next to its sidecar, inside data/geo.
LAYER_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*\.geojson")
OUTSIDE = "the boundary file must be a file inside data/geo, not a link to a file elsewhere"
ALLOWED_HTML = "<a href=\"https://...\">, <em> and <strong>"


class _Sidecar(BaseModel):
    """Unknown keys are errors: a typo must not silently drop a spelling or a credit."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LayerProperties(_Sidecar):
    """Which GeoJSON property of each feature holds what."""

    code: str
    name: str
    local_name: str | None = None
    # The unit's name per language (a language code -> the property holding it), used by
    # that language's edition of the site (generator/editions.py); English is `name`.
    local_names: dict[str, str] = Field(default_factory=dict)
    alternates: list[str] = Field(default_factory=list)
    alternates_list: str | None = None
    kind: str | None = None
    label_lon: str | None = None
    label_lat: str | None = None

    @model_validator(mode="after")
    def _label_pair(self) -> LayerProperties:
        if (self.label_lon is None) != (self.label_lat is None):
            raise ValueError("give both label_lon and label_lat, or neither (a label point "
                             "is then computed from each unit's geometry)")
        return self


def _link_only(tag: str, attr: str, value: str) -> str | None:
    # nh3 lets relative links through; a credit links to its source's site or nowhere.
    return value if tag == "a" and attr == "href" and re.match(r"https?://", value) else None


def sanitize_attribution(markup: str) -> str:
    return nh3.clean(markup, tags={"a", "em", "strong"}, attributes={"a": {"href"}},
                     url_schemes={"http", "https"}, link_rel=None, attribute_filter=_link_only)


class Attribution(_Sidecar):
    """The credit the licence asks for: as text (alt texts, CSV) and as HTML (maps)."""

    text: str = Field(min_length=1)
    html: str = Field(min_length=1)

    @field_validator("html")
    @classmethod
    def _sanitized(cls, v: str) -> str:
        clean = sanitize_attribution(v)
        # Entities are compared decoded: "&copy;" and "©" are the same credit.
        if html.unescape(clean) != html.unescape(v):
            raise ValueError(f"only {ALLOWED_HTML} are allowed (the sanitizer would make it "
                             f"{clean!r})")
        return clean


class LayerSpec(_Sidecar):
    """A boundary layer's sidecar, `data/geo/<layer>.yml`."""

    country: str
    level: int = Field(ge=0, le=5)
    file: str
    properties: LayerProperties
    unit_words: list[str] = Field(default_factory=list)
    city_words: list[str] = Field(default_factory=list)
    source: str = Field(min_length=1)
    licence: str = Field(min_length=1)
    attribution: Attribution
    vintage: str = Field(min_length=1)
    notes: str | None = None

    @field_validator("country")
    @classmethod
    def _iso(cls, v: str) -> str:
        problem = countries.code_problem(v)
        if problem:
            raise ValueError(problem)
        return v

    @field_validator("file")
    @classmethod
    def _in_geo(cls, v: str) -> str:
        if not LAYER_FILE.fullmatch(v):
            raise ValueError("expected the name of a .geojson file next to the sidecar in "
                             "data/geo, e.g. 'kaz_adm1.geojson' (no folders, no '..')")
        return v


def _shown(geo_dir: Path, name: str, root: Path) -> str:
    # The folder resolved, not the file: a link is named as the link, not as its target.
    return f"{display_path(geo_dir, root)}/{name}"


def discover(geo_dir: Path) -> list[str]:
    """The ids of every layer declared in `geo_dir` (the stems of its sidecars)."""
    if not geo_dir.is_dir():
        return []
    return sorted(p.stem for p in geo_dir.glob("*.yml") if not p.name.startswith("."))


def read_spec(geo_dir: Path, layer_id: str, root: Path) -> tuple[LayerSpec, YamlDoc]:
    """One sidecar, validated; InputError with file:line: [field] otherwise."""
    shown = _shown(geo_dir, f"{layer_id}.yml", root)
    path = inside(geo_dir, f"{layer_id}.yml")
    if path is None:
        raise InputError([Problem(shown, None, None, "a layer sidecar must be a file inside "
                                  "data/geo, not a link to a file elsewhere")])
    try:
        doc = read_yaml(path, shown)
    except LoadFailed as exc:
        raise InputError([exc.problem]) from exc
    try:
        return LayerSpec.model_validate(doc.data), doc
    except ValidationError as exc:
        raise InputError(pydantic_problems(exc, doc)) from exc


def read_specs(geo_dir: Path, root: Path) -> dict[str, LayerSpec]:
    """Every declared layer's sidecar; the problems of all broken ones together."""
    specs: dict[str, LayerSpec] = {}
    problems: list[Problem] = []
    for layer_id in discover(geo_dir):
        try:
            specs[layer_id] = read_spec(geo_dir, layer_id, root)[0]
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return specs


def choose(specs: dict[str, LayerSpec], named: str | None, country: str | None) -> str:
    """The layer a round uses: the one it names, else the only one of its country.

    LookupError with a hint when there is no such layer or the choice is not unique.
    """
    if named is not None:
        if named not in specs:
            raise LookupError(f"unknown boundary layer {named!r} (layers are the *.yml "
                              f"sidecars in data/geo): {did_you_mean(named, specs)}")
        return named
    # Without a country (round.yml unreadable) a project with one layer still has one.
    mine = sorted(k for k, s in specs.items() if country is None or s.country == country)
    if len(mine) == 1:
        return mine[0]
    if not mine:
        raise LookupError(f"no boundary layer in data/geo is of country {country!r}: add a "
                          "layer and its sidecar (docs/data-contract.md), then name it in "
                          "`boundaries`")
    raise LookupError(f"{len(mine)} boundary layers are of {country}: name one in "
                      f"`boundaries` ({', '.join(mine)})")


def load_layer(geo_dir: Path, layer_id: str, root: Path) -> Boundaries:
    """A layer's sidecar and GeoJSON as Boundaries; InputError naming what is wrong."""
    spec, doc = read_spec(geo_dir, layer_id, root)
    shown = _shown(geo_dir, spec.file, root)
    path = inside(geo_dir, spec.file)
    if path is None:
        raise InputError([Problem(shown, None, None, OUTSIDE)])
    if not path.is_file():
        raise InputError([Problem(doc.path, doc.line_of(("file",)), "file",
                                  f"the boundary file {shown} does not exist")])
    try:
        data = json.loads(read_text(path, shown, MAX_GEOJSON_BYTES))
    except LoadFailed as exc:
        raise InputError([exc.problem]) from exc
    except ValueError as exc:
        raise InputError([Problem(shown, getattr(exc, "lineno", None), None,
                                  f"not valid JSON: {exc}")]) from exc
    try:
        return build(spec, layer_id, data)
    except FeatureError as exc:
        raise InputError([Problem(shown, None, exc.where,
                                  f"{exc} (the sidecar {doc.path} says which properties a "
                                  "feature must have)")]) from exc


def build(spec: LayerSpec, layer_id: str, data: object) -> Boundaries:
    """Boundaries from a parsed GeoJSON and its sidecar. Raises FeatureError."""
    features = data.get("features") if isinstance(data, dict) else None
    read = read_units(features, spec.properties)
    units = {}
    for i, (unit, _) in enumerate(read):
        if unit.code in units:
            raise FeatureError(f"features[{i}].properties.{spec.properties.code}",
                               f"code {unit.code!r} is also the code of {units[unit.code].name!r}")
        units[unit.code] = unit
    aliases, ambiguous = gazetteer(read, spec.unit_words, spec.city_words)
    # Maps key features on their unit's code, whatever property the layer keeps it in.
    keyed = [{**feat, "id": unit.code} for feat, (unit, _) in zip(features, read, strict=True)]
    return Boundaries(
        id=layer_id,
        country=spec.country,
        country_name=countries.country_name(spec.country),
        level=spec.level,
        geojson={"type": "FeatureCollection", "features": keyed},
        units=units,
        aliases=aliases,
        ambiguous=ambiguous,
        attribution_html=spec.attribution.html,
        attribution_text=spec.attribution.text,
        vintage=spec.vintage,
        source=spec.source,
        licence=spec.licence,
    )


class LayerCache:
    """Each layer read once while one project is loaded (rounds share their layers).

    Created by load_project and passed down, so nothing outlives the load: a later load
    (the preview, after an edit) reads the files again.
    """

    def __init__(self) -> None:
        self._memo: dict[tuple[str, ...], tuple[object, BaseException | None]] = {}

    def _get(self, key: tuple[str, ...], make):  # type: ignore[no-untyped-def]
        if key not in self._memo:
            try:
                self._memo[key] = (make(), None)
            except InputError as exc:  # the same problems for every round that uses it
                self._memo[key] = (None, exc)
        value, error = self._memo[key]
        if error is not None:
            raise error
        return value

    def specs(self, geo_dir: Path, root: Path) -> dict[str, LayerSpec]:
        return self._get(("specs", str(geo_dir), str(root)), lambda: read_specs(geo_dir, root))

    def layer(self, geo_dir: Path, layer_id: str, root: Path) -> Boundaries:
        return self._get(("layer", str(geo_dir), layer_id, str(root)),
                         lambda: load_layer(geo_dir, layer_id, root))
