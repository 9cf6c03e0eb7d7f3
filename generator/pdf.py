"""A PDF of the whole round, made from the same pages and figure files as the site.

Engine: WeasyPrint (PyPI, BSD). It runs offline, draws SVG charts and maps as vectors,
lays out paged media from CSS (page numbers, a table of contents with page numbers via
`target-counter`) and writes tagged PDF/UA-1 with the document's language and title.
Chromium's print-to-PDF needs a browser at build time; Typst would need every page
written a second time in its own markup. See docs/downloads.md.

Nothing outside the round reaches the PDF: WeasyPrint fetches every image and style
through `_Fetcher`, which serves only the files the round's build generated (the same
bytes the site publishes) and the PDF stylesheet, and refuses any other URL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

import markdown

from generator import blobs, countries, markup
from generator.dates import PartialDate
from generator.figures import Renderers, render_figure
from generator.messages import Messages
from generator.model import Round
from generator.pages import Page, section_page

STYLESHEET = Path(__file__).parent / "templates" / "pdf.css"
# The same Markdown extensions as mkdocs.yml, without the permalink anchors.
EXTENSIONS = ["admonition", "attr_list", "def_list", "footnotes", "tables", "toc",
              "pymdownx.details", "pymdownx.superfences"]
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    html: str  # the page's HTML, from its Markdown


def chapters(pages: list[Page]) -> list[Chapter]:
    """Each page's body as HTML, in nav order. Links are relative to a page one level down
    (as every page but the home page is), so they resolve against `document_url`."""
    out = []
    for i, page in enumerate(pages):
        body = markdown.markdown(_FRONT_MATTER.sub("", page.markdown, count=1),
                                 extensions=EXTENSIONS, output_format="html")
        out.append(Chapter(f"chapter-{i + 1}", page.title, body))
    return out


def document(rnd: Round, chapters_: list[Chapter], site_round_url: str) -> str:
    """The round as one HTML document for the PDF engine (autoescaped template), in the
    edition's language: its texts, its interface words and the document's `lang` (the
    PDF's language)."""
    meta = rnd.meta
    messages = rnd.messages
    # Translators: the period of data collection, e.g. "1 November 2029 to 15 December 2029".
    period = messages.gettext("%(start)s to %(end)s", start=_day(meta.data_collection.start,
                                                                rnd.lang),
                              end=_day(meta.data_collection.end, rnd.lang))
    return str(markup.render(
        "pdf_round.html", messages, meta=meta,
        country=countries.country_name(meta.country, rnd.lang),
        period=period, published=meta.published.display(rnd.lang), url=site_round_url,
        page_counter=page_counter(messages),
        attribution=markup.Markup(rnd.boundaries.attribution_html),
        vintage=rnd.boundaries.vintage,
        # The Data page's annex, short: each table's title and source (schemas stay online).
        tables=[(t.spec.title, t.spec.source) for t in rnd.tables.values()],
        chapters=[(c.id, c.title, markup.Markup(c.html)) for c in chapters_]))


_COUNTER = re.compile(r"%\((page|pages)\)s")
_CSS_SAFE = re.compile(r'[^\x00-\x1f\x7f"\\<>&]')


def page_counter(messages: Messages) -> markup.Markup:
    """The CSS `content` of the page number at each page's foot, in the reader's language:
    "Page 3 of 12" is `"Page " counter(page) " of " counter(pages)`. Markup: it is put into
    the document's <style> as it is, every text written as a CSS string with escapes."""
    # Translators: at the foot of every page of the PDF; keep both fields.
    text = messages.gettext("Page %(page)s of %(pages)s")  # no values: the fields stay
    parts, pos = [], 0
    for m in _COUNTER.finditer(text):
        if m.start() > pos:
            parts.append(_css_string(text[pos:m.start()]))
        parts.append(f"counter({m.group(1)})")
        pos = m.end()
    if pos < len(text):
        parts.append(_css_string(text[pos:]))
    return markup.Markup(" ".join(parts))


def _css_string(text: str) -> str:
    # Quotes, backslashes, control characters and "<" (which could end the <style>) as CSS
    # escapes; a trailing space ends each escape.
    return '"' + "".join(c if _CSS_SAFE.fullmatch(c) else f"\\{ord(c):x} " for c in text) + '"'


def _day(d: date, lang: str) -> str:
    # As every date of the site is written (dates.PartialDate: CLDR names via Babel).
    return PartialDate.parse(d).display(lang)


def _fetcher(base: str, files: Mapping[str, str | bytes]) -> Any:
    """WeasyPrint's URL fetcher, serving the round's generated files and nothing else:
    it never opens a URL, so the PDF cannot pull in a local file or make a request."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class RoundFiles(URLFetcher):
        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            if url.startswith(base):
                rel = url[len(base):].split("#", 1)[0].split("?", 1)[0]
                content = files.get(rel)
                if content is not None:
                    data = content.encode("utf-8") if isinstance(content, str) else content
                    return URLFetcherResponse(url, data, {"Content-Type": _mime(rel)})
            raise ValueError(f"not part of the round: {url}")

    return RoundFiles(fail_on_errors=True)


def _mime(rel: str) -> str:
    ext = rel.rsplit(".", 1)[-1].lower()
    return {"svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg",
            "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
            "css": "text/css"}.get(ext, "application/octet-stream")


def render_pdf(html: str, site_round_url: str, files: Mapping[str, str | bytes]) -> bytes:
    """The PDF (tagged, PDF/UA-1), deterministic: fixed dates from the round, no clock."""
    from weasyprint import CSS, HTML  # only when a PDF is made: it takes a while to import

    base = site_round_url.rstrip("/") + "/"
    doc = HTML(string=html, base_url=base + "pdf/", url_fetcher=_fetcher(base, files))
    return doc.write_pdf(stylesheets=[CSS(string=STYLESHEET.read_text(encoding="utf-8"))],
                         pdf_variant="pdf/ua-1", uncompressed_pdf=False,
                         custom_metadata=False)


def cache_key(html: str, files: Mapping[str, str | bytes]) -> str:
    """Everything the PDF is made from: its HTML, the files it links to, the stylesheet and
    the engine's version."""
    linked = sorted(set(re.findall(r'(?:src|href)="\.\./([^"#?]+)', html)))
    return blobs.digest(f"weasyprint=={metadata.version('weasyprint')}",
                        STYLESHEET.read_bytes(), html,
                        *[part for rel in linked if rel in files for part in (rel, files[rel])])


def round_pdf(rnd: Round, renderers: Renderers, files: Mapping[str, str | bytes],
              site_round_url: str, folder: Path) -> tuple[bytes, str, bool]:
    """The round's PDF from the cache or made now: (bytes, cache key, whether it was made).

    Every section is laid out as if it sat one level below the round's root (a copy of the
    home section is not the home section, see pages.page_path), so every relative link in
    the document resolves against one base: `<round URL>/pdf/`."""
    pages = [section_page(rnd, s.model_copy(),
                          [render_figure(f, rnd, renderers=renderers) for f in s.figures])
             for s in rnd.sections]
    html = document(rnd, chapters(pages), site_round_url)
    key = cache_key(html, files)
    data, made = blobs.cached(folder, key, ".pdf", lambda: render_pdf(html, site_round_url, files))
    return data, key, made
