from pathlib import Path

import pytest

from generator.geo import Unit, gazetteer, label_point, load_boundaries, normalise

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def kaz():
    return load_boundaries(ROOT / "data/geo/kaz_adm1.geojson", "kaz_adm1")


def test_twenty_units_with_numeric_iso_codes(kaz):
    assert len(kaz.units) == 20
    assert kaz.units["KZ-10"].name == "Abay"
    assert kaz.units["KZ-79"].kind == "city"
    assert kaz.units["KZ-79"].name_local == "Шымкент"
    assert (kaz.country, kaz.country_name, kaz.level) == ("KAZ", "Kazakhstan", 1)


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("Almaty", "KZ-19"),  # the region, as IOM reports use it
        ("Almaty city", "KZ-75"),
        ("Almaty province", "KZ-19"),
        ("Turkistan", "KZ-61"),
        ("Turkestan region", "KZ-61"),
        ("Shymkent", "KZ-79"),
        ("Nur-Sultan", "KZ-71"),
        ("North-Kazakhstan", "KZ-59"),
        ("Jambyl", "KZ-31"),
        ("Aqtöbe oblast", "KZ-15"),
        ("KZ-43", "KZ-43"),
        ("  kyzylorda  ", "KZ-43"),
    ],
)
def test_spelling_variants_resolve(kaz, given, code):
    assert kaz.resolve(given).code == code


def test_unknown_name_names_country_and_layer(kaz):
    with pytest.raises(LookupError, match="'Kyzilorda' is not a province of Kazakhstan in layer "
                       "kaz_adm1; did you mean 'Kyzylorda'"):
        kaz.resolve("Kyzilorda")


def test_real_layer_has_no_ambiguous_spelling(kaz):
    assert kaz.ambiguous == {}


def test_attribution_and_vintage_come_from_the_sidecar(kaz):
    assert kaz.attribution_html.startswith(
        'Boundaries © <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>')
    assert "Open Database License" in kaz.attribution_text
    assert "June 2023" in kaz.vintage
    assert "ODbL" in kaz.licence and "OpenStreetMap" in kaz.source


def test_features_are_keyed_by_unit_code(kaz):
    assert sorted(f["id"] for f in kaz.geojson["features"]) == sorted(kaz.units)


def test_normalise_folds_case_accents_and_hyphens():
    assert normalise("North-Kazakhstan  Region") == "north kazakhstan region"
    assert normalise("Aqtöbe") == "aqtobe"


def _unit(code, name, kind="region"):
    return Unit(code, name, kind, 0.0, 0.0)


def test_a_shared_spelling_goes_to_the_unit_it_names_exactly():
    units = [(_unit("X-1", "Oak"), ["Oakville"]), (_unit("X-2", "Oak city", "city"), ["Oak"])]
    aliases, ambiguous = gazetteer(units, ["region"], ["city"])
    assert aliases["oak"] == "X-1"
    assert aliases["oak city"] == "X-2"
    assert aliases["oakville region"] == "X-1"
    assert ambiguous == {}


def test_a_shared_spelling_that_is_no_units_name_is_ambiguous():
    units = [(_unit("X-1", "Oak"), ["Elm"]), (_unit("X-2", "Ash"), ["Elm"])]
    aliases, ambiguous = gazetteer(units, ["region"], [])
    assert "elm" not in aliases
    assert ambiguous["elm"] == ("X-1", "X-2")
    assert ambiguous["elm region"] == ("X-1", "X-2")


def test_label_point_is_the_bbox_centre_of_the_largest_part():
    big = [[[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]]]
    small = [[[10, 10], [11, 10], [11, 11], [10, 11], [10, 10]]]
    assert label_point({"type": "MultiPolygon", "coordinates": [small, big]}) == (2.0, 1.0)
    assert label_point({"type": "Polygon", "coordinates": small}) == (10.5, 10.5)
