"""Boundary layers are data: sidecars, two countries, ambiguous names, countries, dates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import countries, layers
from generator.contract import RoundMeta
from generator.dates import PartialDate
from generator.errors import InputError
from generator.model import load_round
from generator.pages import data_page

FIXTURE = Path(__file__).resolve().parent / "fixtures/two-countries"
GEO = FIXTURE / "data/geo"
KAZ_ROUND = "countries/kaz/2030-01-kaz-round"
KGZ_ROUND = "countries/kgz/2030-03-kgz-round"


@pytest.fixture(scope="module")
def kgz():
    return layers.load_layer(GEO, "kgz_test_adm1", FIXTURE)


@pytest.fixture(scope="module")
def kaz():
    return layers.load_layer(GEO, "kaz_test_adm1", FIXTURE)


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    dest = tmp_path / "two-countries"
    shutil.copytree(FIXTURE, dest)
    return dest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(call) -> list:
    with pytest.raises(InputError) as info:
        call()
    return info.value.problems


# -- the sidecar is what is read ----------------------------------------------------------

def test_every_sidecar_in_data_geo_is_a_layer():
    assert layers.discover(GEO) == ["kaz_test_adm1", "kgz_test_adm1"]


def test_other_property_names_work(kgz):
    assert sorted(kgz.units) == ["KG-C", "KG-GB", "KG-O"]
    bishkek = kgz.units["KG-GB"]
    assert (bishkek.name, bishkek.kind, bishkek.name_local) == ("Bishkek city", "city", "Бишкек")
    assert (bishkek.label_lon, bishkek.label_lat) == (74.6, 42.87)  # LX/LY, as declared
    assert sorted(f["id"] for f in kgz.geojson["features"]) == sorted(kgz.units)


@pytest.mark.parametrize(("given", "code"), [
    ("Chui", "KG-C"),  # an `alternates` property
    ("Chuy oblusu", "KG-C"),  # a declared unit word
    ("Osh Oblast", "KG-O"),
    ("Frunze", "KG-GB"),
    ("Bishkek", "KG-GB"),  # the name without its city word
    ("Bishkek shaary", "KG-GB"),  # a declared city word
    ("kg-gb", "KG-GB"),
])
def test_declared_spellings_resolve(kgz, given, code):
    assert kgz.resolve(given).code == code


def test_words_of_another_layer_are_not_known(kgz):
    with pytest.raises(LookupError, match="not a province of Kyrgyzstan in layer kgz_test_adm1"):
        kgz.resolve("Chuy province")  # `province` is a unit word of the KAZ layers only


def test_label_point_is_computed_when_the_sidecar_gives_none(kaz):
    almaty = kaz.units["KZ-19"]  # a MultiPolygon: the big rectangle's centre, not the islet's
    assert (almaty.label_lon, almaty.label_lat) == (77.0, 44.5)


def test_unknown_place_names_country_and_layer(kgz):
    with pytest.raises(LookupError, match="'Chuu' is not a province of Kyrgyzstan in layer "
                       "kgz_test_adm1; did you mean 'Chuy'"):
        kgz.resolve("Chuu")


def test_exact_english_name_wins_a_shared_spelling(kaz):
    assert kaz.resolve("Almaty").code == "KZ-19"  # also an alternate of Almaty city
    assert kaz.resolve("Almaty city").code == "KZ-75"


def test_ambiguous_name_lists_the_candidates_with_codes(kaz):
    with pytest.raises(LookupError, match=r"'Alma-Ata' is ambiguous in layer kaz_test_adm1: it "
                       r"may be Almaty \(KZ-19\) or Almaty city \(KZ-75\)"):
        kaz.resolve("Alma-Ata")


def test_attribution_vintage_source_licence_come_from_the_sidecar(kgz):
    assert kgz.attribution_html == ('Test boundaries for <strong>KGZ</strong>, '
                                    '<a href="https://example.org/kgz">not real</a>')
    assert kgz.attribution_text == "Test boundaries for KGZ, not real"
    assert (kgz.vintage, kgz.source, kgz.licence) == (
        "Made up in 2031", "Drawn by hand for the tests.", "CC0 1.0")


# -- broken sidecars and layers -----------------------------------------------------------

SIDECAR = "data/geo/kgz_test_adm1.yml"


@pytest.mark.parametrize(("old", "new", "line", "field", "message"), [
    ("level: 1\n", "level: 1\nlevle: 2\n", 5, "levle", "unknown key"),
    ("  kind: CATEGORY\n", "  kind: CATEGORY\n  kinds: x\n", 12, "properties.kinds", "unknown key"),
    ("vintage: Made up in 2031\n", "", 3, "vintage", "required key is missing"),
    ("file: kgz_test_adm1.geojson", "file: ../kaz_adm1.geojson", 5, "file", "no folders"),
    ("file: kgz_test_adm1.geojson", "file: /etc/passwd", 5, "file", "no folders"),
    ('<a href="https://example.org/kgz">', '<a href="javascript:alert(1)">', 20,
     "attribution.html", "only <a href"),
    ("<strong>KGZ</strong>", "<script>x</script>", 20, "attribution.html", "only <a href"),
    ('<a href="https://example.org/kgz">', '<a href="/local">', 20, "attribution.html",
     "only <a href"),
    ("country: KGZ", "country: KGX", 3, "country", "did you mean 'KGZ'"),
    ("  label_lat: LY\n", "", 7, "properties", "both label_lon and label_lat"),
])
def test_bad_sidecar_is_an_error_with_file_line_field(copy, old, new, line, field, message):
    edit(copy / SIDECAR, old, new)
    [problem] = problems_of(lambda: layers.load_layer(copy / "data/geo", "kgz_test_adm1", copy))
    assert (problem.file, problem.line, problem.field) == (SIDECAR, line, field)
    assert message in problem.message


def test_feature_without_the_declared_property_is_an_error(copy):
    edit(copy / "data/geo/kgz_test_adm1.geojson", '"ISO": "KG-O"', '"ISO_CODE": "KG-O"')
    [problem] = problems_of(lambda: layers.load_layer(copy / "data/geo", "kgz_test_adm1", copy))
    assert problem.file == "data/geo/kgz_test_adm1.geojson"
    assert problem.field == "features[1].properties.ISO"
    assert "missing" in problem.message


def test_layer_linked_from_outside_data_geo_is_an_error(copy, tmp_path):
    outside = tmp_path / "elsewhere.geojson"
    shutil.copy(copy / "data/geo/kgz_test_adm1.geojson", outside)
    (copy / "data/geo/kgz_test_adm1.geojson").unlink()
    (copy / "data/geo/kgz_test_adm1.geojson").symlink_to(outside)
    [problem] = problems_of(lambda: layers.load_layer(copy / "data/geo", "kgz_test_adm1", copy))
    assert problem.file == "data/geo/kgz_test_adm1.geojson"  # the link, not its target
    assert "inside data/geo" in problem.message


def test_broken_sidecar_stops_every_round(copy):
    edit(copy / SIDECAR, "level: 1\n", "level: one\n")
    found = problems_of(lambda: load_round(copy / "data" / KAZ_ROUND, copy / "data"))
    assert [(p.file, p.field) for p in found] == [(SIDECAR, "level")]


# -- countries ----------------------------------------------------------------------------

def test_country_names_come_from_pycountry():
    assert countries.country_name("KGZ") == "Kyrgyzstan"
    assert countries.country_name("KAZ") == "Kazakhstan"
    assert countries.country_name("BOL") == "Bolivia"  # common_name, not the formal name


def test_unknown_country_code_gets_did_you_mean():
    assert "did you mean" in countries.code_problem("KAX")
    assert "'KAZ'" in countries.code_problem("KAX")
    assert countries.code_problem("KAZ") is None


def test_round_without_boundaries_uses_its_countrys_layer():
    rnd = load_round(FIXTURE / "data" / KAZ_ROUND, FIXTURE / "data")
    assert rnd.meta.boundaries is None and rnd.boundaries.id == "kaz_test_adm1"


def test_round_whose_country_differs_from_its_layers_is_an_error(copy):
    edit(copy / "data" / KGZ_ROUND / "round.yml", "boundaries: kgz_test_adm1",
         "boundaries: kaz_test_adm1")
    found = problems_of(lambda: load_round(copy / "data" / KGZ_ROUND, copy / "data"))
    country = [p for p in found if p.field == "country"]
    assert len(country) == 1 and country[0].line == 5
    assert "Kyrgyzstan (KGZ)" in country[0].message and "Kazakhstan (KAZ)" in country[0].message


def test_round_naming_an_unknown_layer_gets_did_you_mean(copy):
    edit(copy / "data" / KGZ_ROUND / "round.yml", "boundaries: kgz_test_adm1",
         "boundaries: kgz_adm1")
    found = problems_of(lambda: load_round(copy / "data" / KGZ_ROUND, copy / "data"))
    assert [p.field for p in found] == ["boundaries"]
    assert "did you mean 'kgz_test_adm1'" in found[0].message


def test_round_with_a_country_that_is_no_iso_code_is_an_error(copy):
    edit(copy / "data" / KGZ_ROUND / "round.yml", "country: KGZ", "country: KGX")
    found = problems_of(lambda: load_round(copy / "data" / KGZ_ROUND, copy / "data"))
    assert any(p.field == "country" and "did you mean 'KGZ'" in p.message for p in found)


def test_two_layers_of_one_country_must_be_named(copy):
    geo = copy / "data/geo"
    shutil.copy(geo / "kaz_test_adm1.yml", geo / "kaz_test_adm2.yml")
    found = problems_of(lambda: load_round(copy / "data" / KAZ_ROUND, copy / "data"))
    assert "name one in `boundaries` (kaz_test_adm1, kaz_test_adm2)" in found[0].message


# -- dates at the precision the report gives ----------------------------------------------

def test_partial_dates_parse_sort_and_display():
    month, day = PartialDate.parse("2024-04"), PartialDate.parse("2024-04-01")
    assert (month.year, month.month, month.day) == (2024, 4, None)
    assert month.display() == "April 2024"
    assert day.display() == "1 April 2024"
    assert sorted([day, PartialDate.parse("2025-01"), month]) == [
        month, day, PartialDate.parse("2025-01")]
    assert str(month) == "2024-04" and str(day) == "2024-04-01"


@pytest.mark.parametrize("bad", ["2024-13", "2024-02-30", "April 2024", "2024", "2024-4"])
def test_impossible_or_other_dates_are_refused(bad):
    with pytest.raises(ValueError, match="2024"):
        PartialDate.parse(bad)


def test_round_dates_keep_their_precision():
    rnd = load_round(FIXTURE / "data" / KGZ_ROUND, FIXTURE / "data")
    assert isinstance(rnd.meta, RoundMeta)
    assert rnd.meta.published == PartialDate(2030, 3)
    assert "(published March 2030)" in data_page(rnd).markdown
    kaz = load_round(FIXTURE / "data" / KAZ_ROUND, FIXTURE / "data")
    assert "(published 20 January 2030)" in data_page(kaz).markdown
