"""The MkDocs config of one edition (a round in one language): the shared mkdocs.yml plus
what differs per edition, and where each edition is published.

    site/<country>/<round-id>/           the English edition (the round's stable address)
    site/<country>/<lang>/<round-id>/    the edition in <lang>

Each language is a tree of its own beside the English one, so Material's version
selector (`../versions.json`) and our section-keeping switch (`../sections.json`) work
in every language unchanged: a reader who switches rounds stays in their language
(layout.write_country_index writes those files per language). The language selector
(`extra.alternate`, overrides/partials/alternate.html) links the same page in the
round's other editions.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from generator import countries, markup
from generator.layout import DATA_TITLE, print_margins, section_titles
from generator.messages import DEFAULT, Messages
from generator.messages import load as load_messages
from generator.model import Round
from generator.pages import page_path
from generator.project import Country
from generator.trends import PAGE as TRENDS_PAGE
from generator.trends import TITLE as TRENDS_TITLE
from generator.trends import has_trends


def edition_dir(rnd: Round, lang: str | None = None) -> str:
    """Where an edition is published, below the site root: kaz/<id> or kaz/ru/<id>."""
    lang = lang or rnd.lang
    return f"{rnd.country}/{rnd.id}" if lang == DEFAULT else f"{rnd.country}/{lang}/{rnd.id}"


def round_url(site_url: str, rnd: Round, lang: str | None = None) -> str:
    return site_url.rstrip("/") + f"/{edition_dir(rnd, lang)}/"


def country_label(rnd: Round) -> str:
    return countries.country_name(rnd.meta.country, rnd.lang)


def nav(rnd: Round, trends: bool) -> list[dict[str, str]]:
    # Material prints nav titles unescaped (nav, breadcrumbs, footer, search results).
    t = rnd.messages
    items = [{markup.text(s.nav_title or s.title): page_path(rnd, s)} for s in rnd.sections]
    if trends:
        items.append({markup.text(t.gettext(TRENDS_TITLE)): TRENDS_PAGE})
    items.append({markup.text(t.gettext(DATA_TITLE)): "data.md"})
    return items


def alternates(rnd: Round, site_url: str) -> list[dict[str, str]]:
    """The round's editions for Material's language selector: `link` relative from this
    edition's root (overrides/partials/alternate.html adds the page), `url` absolute
    (the <link rel="alternate" hreflang> of every page)."""
    here = edition_dir(rnd)
    return [{"name": load_messages(lang).name, "lang": lang,
             "link": posixpath.relpath(edition_dir(rnd, lang), here) + "/",
             "url": round_url(site_url, rnd, lang)}
            for lang in rnd.meta.languages]


def chrome_strings(t: Messages) -> dict[str, str]:
    """The words of overrides/main.html, in the edition's language (`extra.mtm.t`)."""
    return {
        "draft": t.gettext("Draft:"),
        "draft_text": t.gettext("%(round)s is not published yet. Figures and text may change."),
        "earlier": t.gettext("You are reading an earlier round: %(round)s."),
        "newer": t.gettext("A newer round is available:"),
    }


def script_strings(t: Messages) -> dict[str, str]:
    """The words of the site's scripts (docs/assets/javascripts, read through strings.js
    from the #mtm-strings element main.html writes from `extra.mtm.js`)."""
    return {
        "copied": t.gettext("Copied"),
        "table_scrolls": t.gettext("Table: %(name)s (scrolls sideways)"),
        "missing_section": t.gettext("The section \u201c%(section)s\u201d is not in this round "
                                     "(%(round)s). This is the round\u2019s home page."),
        "date_locale": "en-GB" if t.lang == DEFAULT else t.lang,
    }


def round_config(rnd: Round, country: Country, mkdocs_yml: Path, overrides: Path,
                 docs_dir: Path, site_url: str) -> dict:
    """The MkDocs config of one edition.

    MkDocs' Jinja environment does not autoescape and Material prints site_name and
    site_description raw, in text and in attributes: they are written as escaped HTML.
    `extra.mtm` is read only by overrides/main.html, which escapes it (`|e`): plain text.
    The footer names the round's boundary layer (its attribution is sanitized HTML).
    `country.latest` is the newest round in the edition's language (project.py).
    """
    t = rnd.messages
    latest = country.latest_in(rnd.lang)
    return {
        "INHERIT": str(mkdocs_yml.resolve()),
        "site_name": markup.text(f"{country_label(rnd)} \u2013 {rnd.meta.short_title}"),
        "site_description": markup.text(rnd.meta.title),
        "site_url": round_url(site_url, rnd),
        "copyright": (markup.text(t.gettext(
            "Data and reports \u00a9 International Organization for Migration (IOM)."))
            + f" {rnd.boundaries.attribution_html}."),
        "docs_dir": str(docs_dir.resolve()),
        # Material's interface strings per language (Kazakh: overrides/partials/languages).
        "theme": {"name": "material", "custom_dir": str(overrides.resolve()),
                  "language": rnd.lang},
        "nav": nav(rnd, has_trends(country, rnd)),
        "extra": {
            "alternate": alternates(rnd, site_url) if len(rnd.meta.languages) > 1 else [],
            "mtm": {
                "round_id": rnd.id,
                "round_title": rnd.meta.short_title,
                "status": rnd.meta.status,
                "latest_id": latest.id,
                "latest_title": latest.meta.short_title,
                # The banner of an older round links to the same section of the newest.
                "latest_sections": section_titles(latest, has_trends(country, latest)),
                # Printed at the foot of every printed page (overrides/main.html).
                "print": print_margins(rnd, has_trends(country, rnd), round_url(site_url, rnd)),
                "t": chrome_strings(t),
                "js": script_strings(t),
            },
        },
    }
