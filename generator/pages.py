"""Stage 4, render: the Markdown of each page of a round.

A section page is: its title, the comms team's narrative, its figures, then
the citation and disclaimer. Pages are plain Markdown with raw HTML blocks,
so any Markdown static site tool can build them.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from generator import narrative
from generator.contract import Section
from generator.figures import RenderedFigure, for_page
from generator.model import Round


@dataclass(frozen=True)
class Page:
    path: str  # relative to the docs dir, e.g. "emigrants.md"
    title: str
    markdown: str


def page_path(rnd: Round, section: Section) -> str:
    """The first section is the round's home page; the others get their own URL."""
    return "index.md" if section is rnd.sections[0] else f"{section.id}.md"


def root_prefix(path: str) -> str:
    """From a page's URL to the docs root (pages are served as <name>/ directories)."""
    return "" if path == "index.md" else "../"


def front_matter(title: str, description: str) -> str:
    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return f"---\ntitle: {q(title)}\ndescription: {q(description)}\n---\n\n"


def citation_block(rnd: Round, root: str) -> str:
    meta = rnd.meta
    return (
        '<aside class="mtm-page-footer" aria-label="Citation and disclaimer">'
        f'<p class="mtm-cite"><span class="mtm-label">Cite as:</span> {escape(meta.citation)} '
        f'<a href="{escape(meta.terms_url)}">Terms and conditions of DTM information products</a>.'
        "</p>"
        f'<p class="mtm-disclaimer"><span class="mtm-label">Disclaimer:</span> '
        f"{escape(meta.disclaimer)}</p>"
        f'<p class="mtm-data-link"><a href="{root}data/">All data of this round, with sources '
        "(CSV)</a></p>"
        "</aside>"
    )


def section_page(rnd: Round, section: Section, figures: list[RenderedFigure]) -> Page:
    path = page_path(rnd, section)
    root = root_prefix(path)
    written = narrative.render(rnd, section, rnd.narratives[section.id], section.narrative)
    text = written.markdown.strip()
    by_id = {f.figure_id: f for f in figures}
    for fid in written.placed:
        text = text.replace(f"<!--mtm-figure:{fid}-->", for_page(by_id[fid], root))
    # A declared figure the narrative does not place still appears, after the text.
    rest = [for_page(f, root) for f in figures if f.figure_id not in written.placed]
    blocks = [f"# {section.title}", text, *rest, citation_block(rnd, root)]
    description = f"{section.title}: {rnd.meta.short_title}, IOM Mobility Tracking Matrix."
    md = front_matter(section.title, description) + "\n\n".join(blocks) + "\n"
    return Page(path, section.title, md)


def data_page(rnd: Round) -> Page:
    """Every table of the round: what it holds, where it comes from, a CSV to download."""
    root = root_prefix("data.md")
    parts = [
        "# Data and sources",
        f"Every figure on this site comes from the tables below, transcribed from "
        f"*{escape(rnd.meta.source_report.title)}* (published "
        f"{rnd.meta.source_report.published:%B %Y}). Each table names the place in the "
        "report it comes from. Download them as CSV (UTF-8, comma-separated, one row per "
        "observation, numbers without formatting, empty cells where the report gives no "
        "figure).",
    ]
    for name, table in rnd.tables.items():
        spec = table.spec
        cols = "".join(
            f"<tr><th scope=\"row\"><code>{escape(c)}</code></th><td>{escape(col.type)}</td>"
            f"<td>{escape(col.unit or '')}</td><td>{escape(col.description)}</td></tr>"
            for c, col in spec.columns.items()
        )
        note = f"<p>{escape(spec.note)}</p>" if spec.note else ""
        parts.append(
            f'<section class="mtm-dataset" id="table-{escape(name)}" '
            f'aria-labelledby="table-{escape(name)}-title">'
            f'<h2 id="table-{escape(name)}-title">{escape(spec.title)}</h2>'
            f'<p><span class="mtm-label">Source:</span> {escape(spec.source)}</p>{note}'
            f'<p><a class="mtm-download" href="{root}assets/data/{escape(name)}.csv" download>'
            f"Download {escape(name)}.csv</a> ({len(table.rows)} rows)</p>"
            '<div class="mtm-table__scroll"><table class="mtm-data">'
            f"<caption>Columns of {escape(name)}.csv</caption>"
            '<thead><tr><th scope="col">Column</th><th scope="col">Type</th>'
            '<th scope="col">Unit</th><th scope="col">Meaning</th></tr></thead>'
            f"<tbody>{cols}</tbody></table></div></section>"
        )
    parts.append(citation_block(rnd, root))
    md = front_matter("Data and sources", f"Data tables of {rnd.meta.short_title}.")
    return Page("data.md", "Data and sources", md + "\n\n".join(parts) + "\n")

