"""The PDF of each round (generator/pdf.py), from the mini fixture's shared build.

It must exist for every round, be linked from every page, be tagged with the document's
language and title, hold the sections in order and the round's key figures, and draw
nothing from outside the round.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator import pdf
from generator.formatting import format_value
from generator.pages import pdf_path
from tests.conftest import COUNTRY, NEWER, OLDER


def _pdf(built_site, rnd) -> Path:
    return built_site["out"] / COUNTRY / rnd.id / pdf_path(rnd)


def _text(path: Path) -> str:
    reader = PdfReader(path)
    return "\n".join(page.extract_text() or "" for page in reader.pages)


@pytest.fixture(scope="module")
def rounds(mini_project):
    return {r.id: r for r in mini_project.rounds}


@pytest.mark.parametrize("rid", [NEWER, OLDER])
def test_each_round_has_a_tagged_pdf_with_title_and_language(built_site, rounds, rid):
    rnd = rounds[rid]
    reader = PdfReader(_pdf(built_site, rnd))
    root = reader.trailer["/Root"]
    assert reader.metadata.title == rnd.meta.title
    assert str(root.get("/Lang")) == "en"
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in root
    # A cover, a table of contents, then at least a page per section and the notices.
    assert len(reader.pages) >= 2 + len(rnd.sections) + 1


@pytest.mark.parametrize("rid", [NEWER, OLDER])
def test_pdf_holds_every_section_in_order_and_the_key_figures(built_site, rounds, rid):
    rnd = rounds[rid]
    text = _text(_pdf(built_site, rnd))
    body = text[text.index("Contents"):]
    body = body[body.index(rnd.sections[-1].title) + len(rnd.sections[-1].title):]  # past the TOC
    positions = [body.find(s.title) for s in rnd.sections[1:]]
    assert -1 not in positions and positions == sorted(positions), positions
    assert rnd.meta.citation.split(".")[0] in text
    assert "Notices" in text and rnd.meta.disclaimer.split(".")[0] in text
    figures = [f for s in rnd.sections for f in s.figures if f.kind == "key_figures"]
    assert figures
    for fig in figures:
        for row in rnd.table_for(fig).rows:
            shown = format_value(row[fig.value], fig.value_format or "count")
            assert shown in text, (fig.id, shown)


def test_pdf_draws_the_charts_as_vectors(built_site, rounds):
    rnd = rounds[NEWER]
    reader = PdfReader(_pdf(built_site, rnd))
    forms = sum(1 for page in reader.pages
                for x in (page.get("/Resources", {}).get("/XObject", {}) or {}).values()
                if x.get_object().get("/Subtype") == "/Form")
    charts = sum(1 for s in rnd.sections for f in s.figures if f.kind in ("bar", "score"))
    assert forms >= charts


def test_every_page_of_a_round_links_to_its_pdf(built_site, rounds):
    for rid in (NEWER, OLDER):
        rnd = rounds[rid]
        base = built_site["out"] / COUNTRY / rid
        # Reader pages; the embed pages of single figures (embeds.py) stand alone.
        pages = sorted(p for p in base.glob("**/index.html")
                       if p.relative_to(base).parts[0] != "embed")
        assert len(pages) >= len(rnd.sections)
        for page in pages:
            html = page.read_text(encoding="utf-8")
            links = re.findall(r'href="([^"]+\.pdf)"', html)
            assert links, page
            target = (page.parent / links[0]).resolve()
            assert target == _pdf(built_site, rnd).resolve(), (page, links[0])


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://example.org/x.png",
                                 "https://site.test/kaz/r/../../etc/passwd",
                                 "https://site.test/kaz/r/assets/not-generated.svg"])
def test_the_pdf_engine_gets_only_the_rounds_files(url):
    fetch = pdf._fetcher("https://site.test/kaz/r/", {"assets/a.svg": "<svg/>"})
    with pytest.raises(ValueError, match="not part of the round"):
        fetch.fetch(url)
    assert fetch.fetch("https://site.test/kaz/r/assets/a.svg").status == 200


def test_a_rebuild_takes_the_pdf_from_the_cache(built_site, tmp_path):
    from tests.conftest import build_site

    work = built_site["out"].parent / "work"  # the session build's cache
    cached = sorted((work / "cache" / "pdf").glob("*.pdf"))
    assert len(cached) == 2
    stamps = [p.stat().st_mtime_ns for p in cached]
    again = build_site(built_site["project"], built_site["url"], tmp_path / "again", work)
    assert [p.stat().st_mtime_ns for p in sorted((work / "cache" / "pdf").glob("*.pdf"))] == stamps
    for rid in (NEWER, OLDER):
        rel = Path(COUNTRY) / rid / "pdf" / f"{COUNTRY}-{rid}.pdf"
        assert (again / rel).read_bytes() == (built_site["out"] / rel).read_bytes()
