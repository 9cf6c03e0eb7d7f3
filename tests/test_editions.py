"""Editions in other languages (docs/translations.md): the site's layout per language,
`lang` everywhere, the language and version selectors' data, the catalogs, and what
`check` says about coverage, drift and missing messages. Browser behaviour is in
tests/test_browser_editions.py."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator import catalogs
from generator.messages import TEMPLATE, load
from generator.project import load_project

ROOT = Path(__file__).resolve().parent.parent
NEW, OLD = "2030-01-mini-round", "2029-07-mini-round"
EDITIONS = {NEW: ["en", "ru", "kk"], OLD: ["en", "ru"]}


def edition_root(out: Path, rid: str, lang: str) -> Path:
    return out / "kaz" / rid if lang == "en" else out / "kaz" / lang / rid


def html_lang(path: Path) -> str:
    return re.search(r'<html lang="([^"]+)"', path.read_text(encoding="utf-8")).group(1)


def test_every_round_builds_in_each_of_its_languages_with_the_same_pages(editions_site):
    out = editions_site["out"]
    for rid, langs in EDITIONS.items():
        english = {p.relative_to(edition_root(out, rid, "en")).as_posix()
                   for p in edition_root(out, rid, "en").rglob("index.html")
                   if "embed" not in p.parts}
        for lang in langs:
            here = edition_root(out, rid, lang)
            assert (here / "index.html").is_file(), (rid, lang)
            built = {p.relative_to(here).as_posix() for p in here.rglob("index.html")
                     if "embed" not in p.parts}
            assert built == english, (rid, lang)
    assert not (out / "kaz" / "kk" / OLD).exists()  # not declared: not built


def test_every_page_and_map_document_has_its_editions_lang(editions_site):
    out = editions_site["out"]
    checked = 0
    for rid, langs in EDITIONS.items():
        for lang in langs:
            root = edition_root(out, rid, lang)
            files = [p for p in root.rglob("*.html") if "search" not in p.parts]
            for path in files:
                if path.name == "404.html":
                    continue
                assert html_lang(path) == lang, path
                checked += 1
            for svg in (root / "assets" / "maps").glob("*.svg"):
                assert f'xml:lang="{lang}"' in svg.read_text(encoding="utf-8"), svg
    assert checked > 30


def test_each_language_tree_has_its_own_versions_sections_and_latest(editions_site):
    out = editions_site["out"]
    versions = json.loads((out / "kaz/ru/versions.json").read_text(encoding="utf-8"))
    assert [v["version"] for v in versions] == [NEW, OLD]
    assert versions[0]["aliases"] == ["latest"]
    assert versions[0]["title"] == "Мини-раунд (январь 2030 г.)"  # the data's translation
    kk = json.loads((out / "kaz/kk/versions.json").read_text(encoding="utf-8"))
    assert [v["version"] for v in kk] == [NEW]  # the older round has no Kazakh edition
    sections = json.loads((out / "kaz/ru/sections.json").read_text(encoding="utf-8"))
    assert sections[NEW]["sections"][""] == "Обзор"
    assert (out / "kaz/ru/latest/index.html").is_file()
    assert f"{NEW}/" in (out / "kaz/ru/index.html").read_text(encoding="utf-8")
    english = json.loads((out / "kaz/versions.json").read_text(encoding="utf-8"))
    assert english[0]["title"] == "Mini Round (January 2030)"


def test_the_language_selector_links_the_same_page_in_each_edition(editions_site):
    out = editions_site["out"]
    page = edition_root(out, NEW, "ru") / "returns" / "index.html"
    html = page.read_text(encoding="utf-8")
    links = dict(re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+" '
                            r'class="md-select__link"', html))
    targets = {lang: (page.parent / href).resolve() for href, lang in links.items()}
    assert targets == {"en": (edition_root(out, NEW, "en") / "returns").resolve(),
                       "ru": page.parent.resolve(),
                       "kk": (edition_root(out, NEW, "kk") / "returns").resolve()}
    names = re.findall(r'class="md-select__link"[^>]*>\s*([^<]+?)\s*<', html)
    assert names == ["English", "Русский", "Қазақ тілі"]
    current = re.findall(r'<a href="[^"]+" hreflang="(\w+)"[^>]*aria-current="true"', html)
    assert current == ["ru"]


def test_data_texts_and_numbers_are_in_the_editions_language(editions_site):
    out = editions_site["out"]
    ru = (edition_root(out, NEW, "ru") / "index.html").read_text(encoding="utf-8")
    assert "Ключевые показатели" in ru and "Key figures" not in ru.split("<article", 1)[1]
    english = (edition_root(out, NEW, "en") / "index.html").read_text(encoding="utf-8")
    number = re.search(r"counted (\d{1,3}(?:,\d{3})+) return", english).group(1)
    assert number.replace(",", "\u00a0") in ru  # "1 234" with a no-break space
    # The data package is the same, machine-readable, in every edition.
    en_zip = next((edition_root(out, NEW, "en") / "downloads").glob("*.zip")).read_bytes()
    ru_zip = next((edition_root(out, NEW, "ru") / "downloads").glob("*.zip")).read_bytes()
    assert en_zip == ru_zip


def test_site_chrome_strings_come_from_the_catalog(editions_site):
    out = editions_site["out"]
    html = (edition_root(out, OLD, "ru") / "index.html").read_text(encoding="utf-8")
    strings = json.loads(re.search(r'<script type="application/json" id="mtm-strings">'
                                   r'(.*?)</script>', html).group(1))
    ru = load("ru")
    assert strings["copied"] == ru.gettext("Copied") != "Copied"
    # The older round's banner, in Russian, links the newest round's Russian edition.
    assert ru.gettext("A newer round is available:") in html
    assert f'/../{NEW}/"' in html


def test_the_catalog_template_lists_every_marked_string():
    """A string marked in the code but not extracted (make messages) fails here."""
    extracted = catalogs.message_ids(catalogs.extract())
    with TEMPLATE.open("rb") as fh:
        from babel.messages.pofile import read_po

        committed = catalogs.message_ids(read_po(fh))
    assert extracted == committed, "run `make messages` and translate the new messages"
    assert len(extracted) > 100


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_each_language_catalog_is_complete(lang):
    assert catalogs.problems(lang) == []


def test_a_missing_message_is_a_check_error_with_its_line(tmp_path):
    shutil.copy(TEMPLATE, tmp_path / TEMPLATE.name)
    text = (catalogs.LOCALES / "ru.po").read_text(encoding="utf-8")
    # Empty the translation of "Copied": the catalog now lacks it.
    broken = re.sub(r'(msgid "Copied"\nmsgstr )"[^"]*"', r'\1""', text)
    assert broken != text
    (tmp_path / "ru.po").write_text(broken, encoding="utf-8")
    found = catalogs.problems("ru", tmp_path)
    assert len(found) == 1
    line = broken.splitlines().index('msgid "Copied"') + 1
    assert found[0].line == line and "'Copied' has no translation" in found[0].message


def test_check_reports_coverage_and_drift(tmp_path, cli):
    project = tmp_path / "p"
    shutil.copytree(ROOT / "tests/fixtures/editions/data", project / "data")
    ok = cli(project, "check")
    assert ok.returncode == 0, ok.stderr
    assert "ru: narrative 2/2 sections, 1 not yet reviewed; data texts" in ok.stdout
    assert "kk: narrative 1/2 sections, 1 not yet reviewed" in ok.stdout
    english = project / "data/countries/kaz" / NEW / "narrative/overview.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nOne more line.\n",
                       encoding="utf-8")
    drifted = cli(project, "check")
    assert drifted.returncode == 0
    assert re.search(r"overview\.ru\.md:3: \[source\] translates an earlier version",
                     drifted.stdout + drifted.stderr)


def test_bad_translation_files_are_reported_with_file_and_line(tmp_path, cli):
    project = tmp_path / "p"
    shutil.copytree(ROOT / "tests/fixtures/editions/data", project / "data")
    rnd = project / "data/countries/kaz" / NEW
    (rnd / "narrative/returns.ru.md").write_text("---\nreview: maybe\nsource: abc\n---\n\nТекст\n",
                                                 encoding="utf-8")
    (rnd / "translations/kk.yml").write_text("Overview: [not, text]\n", encoding="utf-8")
    yml = rnd / "round.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("[en, ru, kk]", "[en, ru, xx]"),
                   encoding="utf-8")
    bad = cli(project, "check")
    assert bad.returncode != 0
    err = bad.stderr
    assert "Traceback" not in err
    assert re.search(r"round\.yml:\d+: \[languages.*'xx' is not a language", err), err
    yml.write_text(yml.read_text(encoding="utf-8").replace("[en, ru, xx]", "[en, ru, kk]"),
                   encoding="utf-8")
    bad = cli(project, "check")
    err = bad.stderr
    assert re.search(r"returns\.ru\.md:2: \[review\] 'maybe' is not a review state", err), err
    assert re.search(r"translations/kk\.yml:1: \[Overview\] expected a text", err), err


def test_the_real_rounds_build_every_declared_language():
    """An invariant of any valid round: its languages have interface catalogs and every
    translated narrative names a section of the round."""
    project = load_project(ROOT / "data")
    for rnd in project.rounds:
        assert rnd.meta.languages[0] == "en"
        for e in rnd.editions:
            assert e.lang in rnd.meta.languages and e.section in {s.id for s in rnd.sections}


def test_the_kazakh_material_strings_have_every_key_of_materials_english_set():
    import material

    keys = re.compile(r'^\s*"([a-z.]+)":', re.M)
    english = Path(material.__file__).parent / "templates/partials/languages/en.html"
    kazakh = ROOT / "overrides/partials/languages/kk.html"
    assert set(keys.findall(english.read_text(encoding="utf-8"))) == set(
        keys.findall(kazakh.read_text(encoding="utf-8")))


def test_the_landing_page_links_the_latest_rounds_other_editions(editions_site):
    out = editions_site["out"]
    html = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)" lang="(\w+)" hreflang="\w+">([^<]+)</a>', html)
    assert links == [(f"kaz/ru/{NEW}/", "ru", "Русский"), (f"kaz/kk/{NEW}/", "kk", "Қазақ тілі")]
    for href, _lang, _name in links:
        assert (out / href / "index.html").is_file()


def test_an_untranslated_narrative_keeps_english_numbers(editions_site):
    """The English text shown in the Russian edition writes its numbers as English does
    (a decimal point), while the page's own figures are Russian (a decimal comma)."""
    out = editions_site["out"]
    page = (edition_root(out, OLD, "ru") / "reasons" / "index.html").read_text(encoding="utf-8")
    first = re.search(r'<p lang="en">The end of a contract mattered most \(([^)]*)\)', page)
    assert first and re.fullmatch(r"\d\.\d out of 5", first.group(1)), first
    english = (edition_root(out, OLD, "en") / "reasons" / "index.html").read_text(
        encoding="utf-8")
    assert f"mattered most ({first.group(1)})" in english
