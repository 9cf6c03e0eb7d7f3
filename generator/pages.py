"""Stage 4, render: the Markdown of each page of a round.

A section page is: its title, the comms team's narrative, its figures, then
the citation and disclaimer. Pages are plain Markdown with raw HTML blocks,
so any Markdown static site tool can build them. Every text from data reaches
the page through an escaping template (markup.py), never as Markdown.

Pages are written for one edition of the round (editions.py): its data texts are
translated already, the interface words come from its catalog (`rnd.messages`), and
a section whose narrative is not translated (or not yet reviewed) says so.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import yaml
from markdown.extensions.toc import slugify

from generator import images, markup, narrative
from generator.contract import Section
from generator.downloads.block import downloads_block
from generator.figures import RenderedFigure, for_page
from generator.formatting import format_value
from generator.messages import DEFAULT, ENGLISH
from generator.model import Round, Table
from generator.provenance import ROUND_TITLE
from generator.tabular import html_table


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
    """YAML front matter. Material prints `title` and `description` unescaped (in <title>,
    the header and <meta content="...">), so they are written as escaped HTML."""
    fields = {"title": markup.text(title), "description": markup.text(description)}
    return "---\n" + yaml.safe_dump(fields, sort_keys=False, allow_unicode=True,
                                    width=float("inf")) + "---\n\n"


def heading(title: str, fallback_id: str) -> str:
    """The page's <h1>, with the id Markdown would have given a `# title` line."""
    return str(markup.render("heading.html", title=title,
                             id=slugify(title, "-") or fallback_id))


def pdf_path(rnd: Round) -> str:
    """Where the round's PDF (generator/pdf.py) sits, relative to the round's root: one
    per edition, `pdf/kaz-<round>.pdf` in English and `pdf/kaz-<round>.ru.pdf` in Russian."""
    # Beside, not inside, downloads/: that folder is the data package (all of it zipped).
    edition = "" if rnd.lang == DEFAULT else f".{rnd.lang}"
    return f"pdf/{rnd.country}-{rnd.id}{edition}.pdf"


def citation_block(rnd: Round, root: str) -> str:
    meta = rnd.meta
    return str(markup.render("citation.html", rnd.messages, citation=meta.citation,
                             terms_url=meta.terms_url, disclaimer=meta.disclaimer, root=root,
                             pdf=root + pdf_path(rnd)))


def translation_notice(rnd: Round, section: Section) -> str | None:
    """What the reader is told about the section's translation, or None (English, or a
    reviewed translation): "english" (not translated: shown in English) or "pending"."""
    state = rnd.state_of(section.id)
    if rnd.lang == DEFAULT or state not in ("english", "pending"):
        return None
    return str(markup.render("translation_notice.html", rnd.messages, state=state))


_FIRST_TAG = re.compile(r"^<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])([^>]*)>")


def in_english(page_text: str) -> str:
    """The narrative's page text (narrative.page_text) marked as English, for an edition
    that shows it untranslated (WCAG 3.1.2, language of parts). Each block carries
    lang="en" rather than one wrapper: Markdown would read nothing inside a raw HTML
    element, and the headings must stay Markdown (the table of contents and permalinks).
    Placed figures are in the edition's language: their tokens are left alone."""
    out = []
    for block in page_text.split("\n\n"):
        if block.startswith("#"):  # an escaped Markdown heading: attr_list sets lang
            block += ' {: lang="en" }'
        elif (m := _FIRST_TAG.match(block)) and not re.search(r"\blang\s*=", m.group(2)):
            # The author's own lang attribute (a quoted word in Kazakh) stays as written.
            block = f'<{m.group(1)} lang="en"' + block[len(m.group(1)) + 1:]
        out.append(block)
    return "\n\n".join(out)


def section_page(rnd: Round, section: Section, figures: list[RenderedFigure]) -> Page:
    path = page_path(rnd, section)
    root = root_prefix(path)
    fallback = rnd.lang != DEFAULT and rnd.state_of(section.id) == "english"
    # An untranslated narrative is English text: its numbers are written as English writes
    # them ("58 per cent", "3,224"), not in the edition's locale.
    writer = dataclasses.replace(rnd, messages=ENGLISH) if fallback else rnd
    written = narrative.render(writer, section, rnd.narratives[section.id], section.narrative)
    text = narrative.page_text(written.markdown)  # sanitized: see generator/sanitize.py
    text = images.relink(text, section.narrative, root)  # to the copies site.py publishes
    if fallback:
        text = in_english(text)
    by_id = {f.figure_id: f for f in figures}

    def placed(fig: RenderedFigure) -> str:
        # Each figure's source line names the round it is published in (escaped).
        return for_page(fig, root).replace(ROUND_TITLE, markup.text(rnd.meta.short_title))

    for fid in written.placed:
        text = text.replace(f"<!--mtm-figure:{fid}-->", placed(by_id[fid]))
    # A declared figure the narrative does not place still appears, after the text.
    rest = [placed(f) for f in figures if f.figure_id not in written.placed]
    notice = translation_notice(rnd, section)
    blocks = [heading(section.title, section.id), *([notice] if notice else []), text, *rest,
              citation_block(rnd, root)]
    # Translators: the description search engines and share previews show for a page.
    description = rnd.messages.gettext("%(section)s: %(round)s, IOM Mobility Tracking Matrix.",
                                       section=section.title, round=rnd.meta.short_title)
    md = front_matter(section.title, description) + "\n\n".join(blocks) + "\n"
    return Page(path, section.title, md)


def data_page(rnd: Round) -> Page:
    """Every table of the round: what it holds, where it comes from, a CSV to download."""
    root = root_prefix("data.md")
    report = rnd.meta.source_report
    messages = rnd.messages
    title = messages.gettext("Data and sources")
    parts = [
        heading(title, "data-and-sources"),
        str(markup.render("data_intro.html", messages, report_title=report.title,
                          published=report.published.display(rnd.lang))),
        downloads_block(rnd, root),  # the round's downloads (generator/downloads/)
    ]
    for name, table in rnd.tables.items():
        rows = len(table.rows)
        parts.append(str(markup.render(
            "dataset.html", messages, name=name, spec=table.spec, row_count=rows,
            rows_text=format_value(rows, "count", locale=rnd.lang), root=root,
            figures=_figures_of(rnd, name, root),
            provenance_html=_provenance_table(table, rnd))))
    parts.append(citation_block(rnd, root))
    md = front_matter(title, messages.gettext("Data tables of %(round)s.",
                                              round=rnd.meta.short_title))
    return Page("data.md", title, md + "\n\n".join(parts) + "\n")


def _figures_of(rnd: Round, table_name: str, root: str) -> list[dict[str, str]]:
    """The figures drawn from a table, with links to them on their section pages."""
    out = []
    for section in rnd.sections:
        page = page_path(rnd, section).removesuffix(".md").removesuffix("index")
        for fig in section.figures:
            if fig.table == table_name:
                out.append({"title": fig.title, "href": f"{root}{page}{'/' if page else ''}"
                                                        f"#fig-{fig.id}"})
    return out


def _provenance_table(table: Table, rnd: Round) -> markup.Markup | None:
    """Where each row was read: the rows' names beside the provenance columns."""
    spec = table.spec
    kept = [c for c, col in spec.columns.items() if col.provenance]
    if not kept or not table.rows:
        return None
    first = next((c for c in spec.columns if c not in kept), None)
    names = spec.key_columns or ([first] if first else [])
    caption = rnd.messages.gettext("Where each row of %(file)s was read",
                                   file=f"{table.name}.csv")
    return html_table(spec, list(table.rows), columns=[*names, *kept], caption=caption,
                      messages=rnd.messages)
