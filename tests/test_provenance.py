"""Provenance stays in the data; reader notes and a short source line go under figures.

The rule (docs/figure-rules.md, "Provenance and reader notes"): reader text never reads as
a transcription note (`check` says where), provenance columns never reach a figure, the
Data and sources page shows each table's provenance, and key-figure cards keep the
report's bounds ("more than 17") and print their unit once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import figures
from generator.kinds.key_figures import card
from generator.model import load_round
from generator.provenance import transcription_note
from tests.conftest import GALLERY, stage_project
from tests.hostile import assert_rejected, run_cli

ROUND = "data/countries/kaz/2030-01-mini-round"
RY, TY = f"{ROUND}/round.yml", f"{ROUND}/tables.yml"
CHECK = (("check",),)
NOTE = "transcription note"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return stage_project("mini", tmp_path / "p")


def edit(project: Path, rel: str, old: str, new: str) -> int:
    """Replace `old` (once) in a project file; the 1-based line where `new` starts."""
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


# -- the pattern list ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "line 343 says eight of the ten provinces had emigrants", "Lines 3-5 of the report",
    "see column source_lines", "a stray '~$' (text-extraction debris), ignored",
    "as given on l. 12", "line numbers refer to the text file"])
def test_working_notes_match_a_pattern(text):
    assert transcription_note(text)


@pytest.mark.parametrize("text", [
    "The shares add up to 95 per cent as published.", "Below the poverty line",
    "Lines of credit", "A line of text", None, ""])
def test_reader_notes_do_not(text):
    assert transcription_note(text) is None


# -- check: reader text with a transcription note is an error with file:line ----------------

def test_a_transcription_note_in_a_figure_note_fails_check_with_its_line(project):
    line = edit(project, RY, "note: Shares of all return migrants.",
                "note: Line 343 says shares of all return migrants.")
    assert_rejected(project, file=RY, line=line, field="sections.1.figures.0.note",
                    message=NOTE + ".*'Line 343'.*expected text for readers", commands=CHECK)


def test_a_transcription_note_in_the_narrative_fails_check_with_its_line(project):
    path = project / ROUND / "narrative/overview.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, "", "The figures come from lines 3-5."]) + "\n",
                    encoding="utf-8")
    assert_rejected(project, file=f"{ROUND}/narrative/overview.md", line=len(lines) + 2,
                    field="narrative", message=NOTE, commands=CHECK)


def test_a_transcription_note_in_a_reader_cell_fails_until_the_column_is_provenance(project):
    csv = f"{ROUND}/tables/key_figures.csv"
    edit(project, csv, "indicator,value,unit\n", "indicator,value,unit,where\n")
    path = project / csv
    rows = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([rows[0], *(r + ",line 4" for r in rows[1:])]) + "\n",
                    encoding="utf-8")
    edit(project, TY, "        description: Unit of the value.\n",
         "        description: Unit of the value.\n      where:\n        type: text\n"
         "        description: Where the figure was read.\n")
    assert_rejected(project, file=csv, line=2, field="where", message=NOTE + ".*provenance: true",
                    commands=CHECK)
    edit(project, TY, "        description: Where the figure was read.\n",
         "        description: Where the figure was read.\n        provenance: true\n")
    proc = run_cli(project, "check")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_note_that_repeats_the_caption_fails_check(project):
    line = edit(project, RY, "        note: Shares of all return migrants.\n",
                "        caption: Shares of all return migrants.\n"
                "        note: Shares of all return migrants\n") + 1
    assert_rejected(project, file=RY, line=line, field="note", message="each remark once",
                    commands=CHECK)


def test_a_figure_cannot_show_a_provenance_column(project):
    edit(project, TY, "        description: Unit of the value.\n",
         "        description: Unit of the value.\n        provenance: true\n")
    assert_rejected(project, file=RY, line=None, field="label", message="provenance",
                    commands=CHECK)


# -- key-figure cards ------------------------------------------------------------------

def test_a_card_keeps_its_qualifier_and_prints_its_unit_once():
    assert card(17, "number", "Countries of return", "countries", "more than") == {
        "qualifier": "more than", "value": "17", "unit": None, "label": "Countries of return"}
    assert card(598094, "count", "International migrant workers", "people", None)["unit"] \
        == "people"
    assert card(7, "count", "Provinces assessed", "provinces", None)["unit"] is None
    assert card(8, "number", "Provinces/cities with emigrants", "provinces/cities",
                None)["unit"] is None
    share = card(40, "number", "Share of communities", "per cent", "approximately")
    assert (share["value"], share["unit"]) == ("40%", None)


def _qualified_mini(project: Path) -> None:
    edit(project, f"{ROUND}/tables/key_figures.csv", "indicator,value,unit\n"
         "Return migrants,1200,people\nProvinces assessed,3,provinces\n",
         "indicator,value,unit,qualifier\nReturn migrants,1200,people,more than\n"
         "Provinces assessed,3,provinces,\n")
    edit(project, TY, "        description: Unit of the value.\n",
         "        description: Unit of the value.\n      qualifier:\n        type: text\n"
         "        description: How exact the value is.\n        required: false\n")
    edit(project, RY, "        label: unit\n        value_format: count\n",
         "        label: unit\n        qualifier: qualifier\n        value_format: count\n")


def test_cards_show_the_qualifier_and_the_unit_once(project):
    _qualified_mini(project)
    rnd = load_round(project / ROUND, project / "data")
    _, fig = rnd.figure("key-figures")
    html = figures.render_figure(fig, rnd).html
    assert ('<span class="mtm-card__qualifier">more than</span> '
            '<span class="mtm-card__value">1,200</span> '
            '<span class="mtm-card__unit">people</span>') in html
    assert ('<li class="mtm-card"><span class="mtm-card__figure"><span class="mtm-card__value">3'
            '</span></span><span class="mtm-card__label">Provinces assessed</span>') in html


def test_a_qualifier_that_is_not_a_bound_fails_check(project):
    _qualified_mini(project)
    edit(project, f"{ROUND}/tables/key_figures.csv", "people,more than", "people,roughly-ish")
    assert_rejected(project, file=f"{ROUND}/tables/key_figures.csv", line=2, field="qualifier",
                    message="not a qualifier; expected one of more than", commands=CHECK)


# -- the built gallery site: provenance on the Data page only ---------------------------

def _pages(gallery_site) -> tuple[dict[str, str], str]:
    base = gallery_site["out"] / "kaz" / GALLERY
    pages = {p.relative_to(base).as_posix(): p.read_text(encoding="utf-8")
             for p in base.rglob("index.html") if "assets" not in p.parts}
    return {k: v for k, v in pages.items() if k != "data/index.html"}, pages["data/index.html"]


def _gallery_round(gallery_site):
    project = gallery_site["project"]
    return load_round(project / "data/countries/kaz" / GALLERY, project / "data")


def test_provenance_is_on_the_data_page_and_not_on_section_pages(gallery_site):
    from markupsafe import escape

    sections, data = _pages(gallery_site)
    rnd = _gallery_round(gallery_site)
    provenance_cells = 0
    for name, table in rnd.tables.items():
        spec = table.spec
        assert f'id="table-{name}"' in data, name
        for text in filter(None, (spec.source, spec.note)):
            assert str(escape(text)) in data, name
            assert all(str(escape(text)) not in html for html in sections.values()), name
        for col, column in spec.columns.items():
            if not column.provenance:
                continue
            for row in table.rows:
                cell = f">{escape(str(row[col]))}</td>"
                assert cell in data, (name, col)
                provenance_cells += 1
            header = col.replace("_", " ").capitalize()
            assert all(f">{header}</th>" not in html for html in sections.values()), (name, col)
    assert provenance_cells, "the gallery declares provenance columns"
    for page, html in sections.items():
        text = re.sub(r"<[^>]+>", " ", html.split("<article", 1)[-1])
        assert transcription_note(text) is None, page


def test_search_finds_each_table_by_its_title_not_by_its_provenance(gallery_site):
    """The Data page's provenance and schemas stay out of the search index, which every
    page fetches on first load; each table's title stays in (templates/dataset.html)."""
    import json

    _sections, data = _pages(gallery_site)
    rnd = _gallery_round(gallery_site)
    index = json.loads((gallery_site["out"] / "kaz" / GALLERY / "search/search_index.json")
                       .read_text(encoding="utf-8"))
    entries = {d["location"]: d for d in index["docs"] if d["location"].startswith("data/")}
    text = " ".join(d["text"] for d in entries.values())
    for name, table in rnd.tables.items():
        entry = entries.get(f"data/#table-{name}-title")
        assert entry is not None and entry["title"] == table.spec.title, name
        assert table.spec.source not in text, name  # on the page, not in the index
        assert table.spec.source.split(",")[0] in data, name
        for column in table.spec.columns.values():
            assert column.description not in entry["text"], (name, column.description)
    assert "data-search-exclude" not in data  # Material takes the attribute out of the page


def test_every_source_line_links_to_its_table_on_the_data_page(gallery_site):
    sections, data = _pages(gallery_site)
    rnd = _gallery_round(gallery_site)
    sources = 0
    for html in sections.values():
        for line in re.findall(r'<p class="mtm-figure__source">(.*?)</p>', html):
            anchor = re.search(r'href="(?:\.\./)?data/#table-([a-z0-9_]+)"', line)
            assert anchor, line
            assert anchor.group(1) in rnd.tables and f'id="table-{anchor.group(1)}"' in data
            assert f"IOM MTM, {rnd.meta.short_title}" in line
            sources += 1
    assert sources


def test_each_figure_says_each_remark_once(gallery_site):
    sections, _ = _pages(gallery_site)
    for page, html in sections.items():
        for figure in re.findall(r'<(?:figure|section) class="mtm-figure.*?</(?:figure|section)>',
                                 html, flags=re.S):
            notes = re.findall(r'<p class="mtm-figure__note[^"]*">(.*?)</p>', figure)
            assert len(notes) == len(set(notes)), (page, notes)
