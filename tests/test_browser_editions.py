"""The editions fixture in Chromium: the language selector keeps the page, the version
selector keeps the language (and the section), notices and search work per language, and
axe finds nothing on Russian and Kazakh pages (docs/translations.md)."""

from __future__ import annotations

import re

import pytest

from generator.messages import load
from tests.test_browser import Visit

NEW, OLD = "2030-01-mini-round", "2029-07-mini-round"


@pytest.fixture()
def visit(browser, editions_site):
    visits: list[Visit] = []

    def make(javascript: bool = True, width: int = 1280) -> Visit:
        v = Visit(browser, editions_site["url"], javascript, width)
        visits.append(v)
        return v

    yield make
    for v in visits:
        v.close()


def _choose(v: Visit, selector: str, text: str) -> None:
    # Material's selects open on hover; a DOM click goes through its handlers either way.
    link = v.page.locator(selector, has_text=text)
    link.wait_for(state="attached")
    link.evaluate("el => el.click()")


def test_the_language_selector_opens_the_same_section_in_another_language(visit):
    v = visit()
    v.goto(f"kaz/{NEW}/returns/")
    assert v.page.locator("html").get_attribute("lang") == "en"
    _choose(v, ".md-select__link", "Русский")
    v.page.wait_for_url(f"**/kaz/ru/{NEW}/returns/", timeout=15000)
    assert v.page.locator("html").get_attribute("lang") == "ru"
    _choose(v, ".md-select__link", "Қазақ тілі")
    v.page.wait_for_url(f"**/kaz/kk/{NEW}/returns/", timeout=15000)
    assert v.page.locator("html").get_attribute("lang") == "kk"
    assert v.errors == [] and v.external == [] and v.failed == []


def test_the_version_selector_keeps_the_language_and_the_section(visit):
    v = visit()
    v.goto(f"kaz/ru/{NEW}/data/")
    v.page.wait_for_selector(".md-version__current")
    assert "январь 2030" in v.page.locator(".md-version__current").inner_text()
    _choose(v, ".md-version__link", "Мини-раунд (июль 2029 г.)")
    v.page.wait_for_url(f"**/kaz/ru/{OLD}/data/", timeout=15000)
    ru = load("ru")
    banner = v.page.locator(".md-banner").inner_text()
    assert ru.gettext("A newer round is available:") in banner
    assert v.errors == [] and v.external == []


def test_switching_to_a_round_without_the_section_says_so_in_the_language(visit):
    v = visit()
    v.goto(f"kaz/ru/{NEW}/returns/")
    v.page.wait_for_selector(".md-version__current")
    _choose(v, ".md-version__link", "Мини-раунд (июль 2029 г.)")
    v.page.wait_for_url(re.compile(rf"/kaz/ru/{OLD}/\?mtm-missing=returns"), timeout=15000)
    notice = v.page.locator("article .mtm-missing")
    notice.wait_for()
    expected = load("ru").gettext(
        "The section \u201c%(section)s\u201d is not in this round (%(round)s). This is the "
        "round\u2019s home page.", section="Вернувшиеся мигранты", round="Мини-раунд (июль 2029 г.)")
    assert notice.inner_text() == expected
    assert v.errors == []


def test_an_untranslated_section_shows_english_with_a_notice(visit):
    v = visit()
    v.goto(f"kaz/kk/{NEW}/returns/")
    notice = v.page.locator(".mtm-translation-notice")
    assert notice.count() == 1
    assert v.page.locator("article [lang='en']").count() >= 1
    english = v.page.locator("article [lang='en']").first.inner_text()
    # English text, English numbers: "60%" as the English edition writes it, not "60 %".
    assert "Russian Federation (60%)" in english
    v.goto(f"kaz/ru/{NEW}/")
    assert v.page.locator(".mtm-translation-notice").count() == 1  # pending review
    v.goto(f"kaz/ru/{NEW}/returns/")
    assert v.page.locator(".mtm-translation-notice").count() == 0  # reviewed
    v.goto(f"kaz/{NEW}/returns/")
    assert v.page.locator(".mtm-translation-notice").count() == 0  # English


def test_search_finds_russian_words_in_the_russian_edition(visit, editions_site):
    import json

    for lang, stemmer in (("ru", ["ru"]), ("kk", ["ru"])):  # lunr has no Kazakh stemmer
        index = editions_site["out"] / "kaz" / lang / NEW / "search/search_index.json"
        assert json.loads(index.read_text(encoding="utf-8"))["config"]["lang"] == stemmer
    v = visit()
    for lang, word, title in (("ru", "Примечание", "Вернувшиеся мигранты"),
                              ("kk", "мигрант", "Оралған мигранттар")):
        v.goto(f"kaz/{lang}/{NEW}/")
        v.page.keyboard.press("s")  # Material's shortcut: open the search
        box = v.page.locator("input.md-search__input")
        # Playwright types Cyrillic as inserted text, without the keyup Material's search
        # listens to; a key press afterwards gives it one, as a reader's typing would.
        box.fill(word)
        box.press("End")
        v.page.wait_for_selector(".md-search-result__item", timeout=15000)
        assert title in v.page.locator(".md-search-result").inner_text(), lang


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_russian_and_kazakh_pages_have_no_accessibility_violations(editions_site, visit,
                                                                  lang):
    out = editions_site["out"]
    roots = [out / "kaz" / lang / rid for rid in (NEW, OLD) if (out / "kaz" / lang / rid).is_dir()]
    paths = []
    for root in roots:
        rel = root.relative_to(out).as_posix()
        paths += [f"{rel}/" + ("" if p.parent == root else p.parent.relative_to(root).as_posix()
                               + "/")
                  for p in sorted(root.rglob("index.html"))
                  if "assets" not in p.parts and "embed" not in p.parts]
        paths += [f"{rel}/assets/maps/{m.name}" for m in sorted((root / "assets/maps").glob("*.html"))]
    assert len(paths) >= 5
    v = visit()
    assert v.axe(paths) == {}
    assert v.errors == [] and v.external == [] and v.failed == []


def test_no_edition_page_scrolls_sideways_on_a_phone(editions_site, visit):
    """Titles are longer in Russian and Kazakh (the fixture's Kazakh round title is as
    long as the real ones): the header must still fit a 360 px screen."""
    out = editions_site["out"]
    v = visit(width=360)
    checked = 0
    for lang in ("ru", "kk"):
        for rid in (NEW, OLD):
            root = out / "kaz" / lang / rid
            if not root.is_dir():
                continue
            for page in sorted(root.rglob("index.html")):
                if {"assets", "embed", "search"} & set(page.parts):
                    continue
                rel = page.parent.relative_to(out).as_posix() + "/"
                v.goto(rel)
                width = v.page.evaluate("document.documentElement.scrollWidth")
                assert width <= 361, (rel, width)
                checked += 1
    assert checked >= 8
