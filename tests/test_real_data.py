"""The real data/ folder, checked by invariants only: whatever rounds and countries it holds.

This is the only test file that reads ROOT/data. It names no round, section, figure or
number: everything is found through load_project, so a pull request that adds or corrects
a round keeps these tests meaningful and green when the round is right. Behaviour is tested
on the fixtures under tests/fixtures/.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from markupsafe import escape

from generator import kinds, markup
from generator.formatting import DEFAULT_FOR_TYPE, format_cell
from generator.kinds import key_figures
from generator.project import load_project
from generator.provenance import transcription_note
from generator.tabular import reader_columns
from tests.conftest import ROOT, run_cli, serve_folder

CARD = re.compile(r'<span class="mtm-card__figure">(.*?)</span><span class="mtm-card__label">'
                  r'([^<]*)</span>')
FIGURE_START = re.compile(r'<(?:figure|section) class="mtm-figure[^"]*" id="fig-([\w-]+)"')
REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]*)">')


@pytest.fixture(scope="session")
def project():
    return load_project(ROOT / "data")


def round_dir(out: Path, rnd) -> Path:
    return out / rnd.country / rnd.id


def section_page(out: Path, rnd, index: int) -> Path:
    """The built page of the round's index-th section (the first is the round's home)."""
    base = round_dir(out, rnd)
    rel = "" if index == 0 else rnd.sections[index].id
    return base / rel / "index.html"


def figure_segments(html: str) -> dict[str, str]:
    """Each figure's HTML on a page, from its opening tag to the next figure's."""
    starts = [(m.start(), m.group(1)) for m in FIGURE_START.finditer(html)]
    ends = [s for s, _ in starts[1:]] + [html.find("</article>") if "</article>" in html
                                         else len(html)]
    return {fid: html[s:e] for (s, fid), e in zip(starts, ends, strict=True)}


def every_figure(project):
    for rnd in project.rounds:
        for i, section in enumerate(rnd.sections):
            for fig in section.figures:
                yield rnd, i, fig


def test_the_data_holds_rounds(project):
    assert project.countries and all(c.rounds for c in project.countries)
    assert all(c.published for c in project.countries), "each country publishes a round"


def test_every_round_passes_strict_check(project):
    proc = run_cli(ROOT, "check", "--strict")
    assert proc.returncode == 0, proc.stderr
    for rnd in project.rounds:
        assert f"ok  {rnd.key}" in proc.stdout, rnd.key


def test_every_page_of_every_round_is_built(project, real_site):
    out = real_site["out"]
    for rnd in project.rounds:
        for i, section in enumerate(rnd.sections):
            html = section_page(out, rnd, i).read_text(encoding="utf-8")
            assert "<h1" in html and "Disclaimer:" in html, (rnd.key, section.id)
        assert (round_dir(out, rnd) / "data/index.html").is_file(), rnd.key


def edition_dir(out: Path, rnd, lang: str) -> Path:
    return round_dir(out, rnd) if lang == "en" else out / rnd.country / lang / rnd.id


def test_every_round_is_built_in_each_declared_language_with_its_lang(project, real_site):
    """Any valid round: an edition per declared language, with the English edition's
    pages, each page and map document in its language, and an English fallback or a
    translation for every section (never an empty page)."""
    out = real_site["out"]
    for rnd in project.rounds:
        english = sorted(p.relative_to(round_dir(out, rnd)).as_posix()
                         for p in round_dir(out, rnd).rglob("index.html")
                         if "embed" not in p.parts)
        for lang in rnd.meta.languages:
            base = edition_dir(out, rnd, lang)
            built = sorted(p.relative_to(base).as_posix() for p in base.rglob("index.html")
                           if "embed" not in p.parts)
            assert built == english, (rnd.key, lang)
            for path in [*base.rglob("index.html"), *(base / "assets/maps").glob("*.html")]:
                if "search" in path.parts:
                    continue
                head = path.read_text(encoding="utf-8")[:400]
                assert f'<html lang="{lang}"' in head, (rnd.key, lang, path)
            for i, _section in enumerate(rnd.sections):
                page = base / ("" if i == 0 else rnd.sections[i].id) / "index.html"
                assert "<h1" in page.read_text(encoding="utf-8"), (rnd.key, lang, page)


def test_every_declared_figure_rendered_its_files(project, real_site):
    out = real_site["out"]
    checked = 0
    for rnd, i, fig in every_figure(project):
        base = round_dir(out, rnd)
        html = section_page(out, rnd, i).read_text(encoding="utf-8")
        where = (rnd.key, fig.id)
        assert html.count(f'id="fig-{fig.id}"') == 1, where
        if not rnd.table_for(fig).rows:
            continue  # a draft's empty table: the page says there is no data yet
        family = kinds.family(fig.kind)
        if family == "chart":
            assert (base / f"assets/charts/{fig.id}.vl.json").is_file(), where
            assert (base / f"assets/charts/{fig.id}.svg").is_file(), where
            json.loads((base / f"assets/charts/{fig.id}.vl.json").read_text(encoding="utf-8"))
        elif family == "map":
            assert (base / f"assets/maps/{fig.id}.html").is_file(), where
            assert f"assets/maps/{fig.id}.html" in html, where
        checked += 1
    assert checked
    for rnd in project.rounds:
        data_page = (round_dir(out, rnd) / "data/index.html").read_text(encoding="utf-8")
        for name in rnd.tables:
            assert (round_dir(out, rnd) / f"assets/data/{name}.csv").is_file(), (rnd.key, name)
            assert f"assets/data/{name}.csv" in data_page, (rnd.key, name)


def test_every_placeholder_is_resolved(real_site):
    pages = [p for p in real_site["out"].rglob("*.html") if "assets" not in p.parts]
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "{{" not in html and "mtm-figure:" not in html and "MTM-FIGURE" not in html, page


def test_key_figure_cards_show_the_data(project, real_site):
    """Each card shows its number, its qualifier when the row has one, and its unit at
    most once (figure-rules.md, "Key figures")."""
    out = real_site["out"]
    cards = 0
    for rnd, i, fig in every_figure(project):
        if fig.kind != "key_figures":
            continue
        table = rnd.table_for(fig)
        segment = figure_segments(section_page(out, rnd, i).read_text(encoding="utf-8"))[fig.id]
        how = fig.value_format or DEFAULT_FOR_TYPE.get(table.spec.columns[fig.value].type)
        shown = CARD.findall(segment)
        for row in table.rows:
            if row[fig.value] is None:
                continue
            unit = row.get(fig.label) if fig.label else None
            qualifier = row.get(fig.qualifier) if fig.qualifier else None
            card = key_figures.card(row[fig.value], how, str(row[fig.category]),
                                    None if unit is None else str(unit), qualifier)
            value = escape(card["value"])
            assert f'<span class="mtm-card__value">{value}</span>' in segment, \
                (rnd.key, fig.id, value)
            if qualifier:
                assert (f'<span class="mtm-card__qualifier">{escape(qualifier)}</span> '
                        f'<span class="mtm-card__value">{value}</span>') in segment, \
                    (rnd.key, fig.id, qualifier)
            cards += 1
        for figure_text, label in shown:
            # The words around the number (qualifier, unit): none of them twice.
            words = re.findall(r"[^\W\d_]+", re.sub(r"<[^>]+>", " ", figure_text).lower())
            label_words = re.findall(r"\w+", label.lower())
            unit = re.search(r'mtm-card__unit">([^<]*)<', figure_text)
            if unit:  # a unit the label already names is not printed again
                assert not set(re.findall(r"\w+", unit.group(1).lower())) <= set(label_words), \
                    (rnd.key, fig.id, label)
            assert len(words) == len(set(words)), (rnd.key, fig.id, figure_text)
    assert cards


def test_every_data_table_on_a_page_holds_the_tables_values(project, real_site):
    """Each chart, map and table figure's data table shows every cell of its table,
    formatted as the column's type says."""
    out = real_site["out"]
    cells = 0
    for rnd, i, fig in every_figure(project):
        family = kinds.family(fig.kind)
        table = rnd.table_for(fig)
        if family not in ("chart", "map", "table") or not table.rows:
            continue
        segment = figure_segments(section_page(out, rnd, i).read_text(encoding="utf-8"))[fig.id]
        if fig.kind == "definitions":
            for row in table.rows:
                term, meaning = escape(str(row[fig.category])), escape(str(row[fig.value]))
                assert f"<dt>{term}</dt><dd>{meaning}</dd>" in segment, (rnd.key, fig.id, term)
                cells += 1
            continue
        columns = (fig.columns if fig.kind == "table" and fig.columns
                   else reader_columns(table.spec))
        for row in table.rows:
            for col in columns:
                spec = table.spec.columns[col]
                text = escape(format_cell(row[col], spec.type, spec.decimals))
                assert re.search(rf">{re.escape(text)}</t[hd]>", segment), \
                    (rnd.key, fig.id, col, text)
                cells += 1
    assert cells


def test_each_country_lists_its_published_rounds_newest_first(project, real_site):
    out = real_site["out"]
    for country in project.countries:
        versions = json.loads((out / country.code / "versions.json").read_text())
        ids = [v["version"] for v in versions]
        assert ids == [r.id for r in reversed(country.published)], country.code
        assert ids == sorted(ids, reverse=True)
        assert versions[0]["aliases"] == ["latest"] and ids[0] == country.latest.id
        assert all(v["aliases"] == [] for v in versions[1:])
        titles = {r.id: markup.text(r.meta.short_title) for r in country.rounds}
        assert all(v["title"] == titles[v["version"]] for v in versions)
        for rnd in country.rounds:
            if rnd is country.latest or rnd not in country.published:
                continue
            home = section_page(out, rnd, 0).read_text(encoding="utf-8")
            assert "You are reading an earlier round" in home, rnd.key
            assert f"/../{country.latest.id}/" in home, rnd.key


def _resolves(out: Path, page: Path, href: str) -> bool:
    url = urlparse(urljoin("http://site/" + page.relative_to(out).as_posix(), href))
    if url.netloc != "site":
        return False
    path = out / url.path.lstrip("/")
    return (path / "index.html").is_file() if url.path.endswith("/") else path.is_file()


def test_latest_redirects_and_the_landing_page_lead_to_existing_pages(project, real_site):
    out = real_site["out"]
    redirects = [p for p in out.rglob("index.html")
                 if REFRESH.search(p.read_text(encoding="utf-8"))]
    for country in project.countries:
        latest = [p for p in redirects if p.is_relative_to(out / country.code / "latest")]
        assert latest, country.code
        target = REFRESH.search((out / country.code / "index.html").read_text()).group(1)
        assert target == f"{country.latest.id}/", country.code
    for page in redirects:
        target = REFRESH.search(page.read_text(encoding="utf-8")).group(1)
        assert _resolves(out, page, target), (page.relative_to(out), target)
    landing = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)"', landing)
    assert links
    for href in links:
        assert _resolves(out, out / "index.html", href), href
    for country in project.countries:
        assert f'href="{country.code}/{country.latest.id}/"' in landing, country.code


@pytest.mark.browser
def test_real_pages_and_maps_have_no_accessibility_violations(project, real_site):
    """axe-core on every page and map document of the real site: real content (long
    tables, many bars, long names) is where accessibility breaks. Embed pages are one
    template around a figure's image and its data table (which the section pages carry
    too): each round's largest one is checked here, every one in test_browser.py (mini)."""
    from playwright.sync_api import sync_playwright

    from tests.test_browser import ARGS, CHROMIUM, Visit

    out = real_site["out"]
    paths = [""]
    for rnd in project.rounds:
        base = round_dir(out, rnd)
        prefix = f"{rnd.country}/{rnd.id}/"
        pages = [p for p in sorted(base.rglob("index.html"))
                 if "assets" not in p.parts and "embed" not in p.relative_to(base).parts]
        embeds = sorted((base / "embed").glob("*/index.html"), key=lambda p: p.stat().st_size)
        assert embeds, f"{prefix}: no embed pages"
        paths += [prefix + ("" if p.parent == base else p.parent.relative_to(base).as_posix()
                            + "/")
                  for p in [*pages, embeds[-1]]]
        paths += [prefix + f"assets/maps/{m.name}"
                  for m in sorted((base / "assets/maps").glob("*.html"))]
    httpd = serve_folder(out, real_site["port"])
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            v = Visit(browser, real_site["url"])
            found = v.axe(paths, settle_ms=100)
            v.close()
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert found == {}
    assert v.errors == [] and v.external == [] and v.failed == []


def test_no_page_but_the_data_page_reads_like_a_transcription_note(project, real_site):
    """Provenance (report line numbers, source_lines, transcription notes) is shown on the
    Data and sources pages only: no other page of the real site has text that matches a
    pattern of generator/provenance.py. The Data pages do carry it."""
    out = real_site["out"]
    data_pages = {edition_dir(out, rnd, lang) / "data/index.html" for rnd in project.rounds
                  for lang in rnd.meta.languages}
    pages = [p for p in out.rglob("*.html") if "assets" not in p.parts]
    checked = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        body = html.split('<article', 1)[-1]  # the page's content, not the search index
        text = unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", " ", body,
                                                       flags=re.S)))
        found = transcription_note(text)
        if page in data_pages:
            continue
        assert found is None, (page.relative_to(out).as_posix(), found)
        checked += 1
    assert checked
    assert any(transcription_note(p.read_text(encoding="utf-8")) for p in data_pages)
