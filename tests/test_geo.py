from pathlib import Path

import pytest

from generator.geo import load_boundaries, normalise

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def kaz():
    return load_boundaries(ROOT / "data/geo/kaz_adm1.geojson", "kaz_adm1")


def test_twenty_units_with_numeric_iso_codes(kaz):
    assert len(kaz.units) == 20
    assert kaz.units["KZ-10"].name == "Abay"
    assert kaz.units["KZ-79"].kind == "city"


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
        ("KZ-43", "KZ-43"),
        ("  kyzylorda  ", "KZ-43"),
    ],
)
def test_spelling_variants_resolve(kaz, given, code):
    assert kaz.resolve(given).code == code


def test_unknown_name_gets_did_you_mean(kaz):
    with pytest.raises(LookupError, match="did you mean 'Kyzylorda'"):
        kaz.resolve("Kyzilorda")


def test_normalise_folds_case_accents_and_hyphens():
    assert normalise("North-Kazakhstan  Region") == "north kazakhstan region"
    assert normalise("Aqtöbe") == "aqtobe"
