"""The site's shape around the rounds: per-country versions and redirects, the landing
page, and redirects from the URLs of the single-country site.

    site/index.html                   landing page: each country, its latest round, key figures
    site/<country>/<round-id>/...     one MkDocs build per round
    site/<country>/versions.json      the country's version selector, newest first, "latest"
    site/<country>/sections.json      each round's sections, for switching rounds (versions.js)
    site/<country>/latest/...         redirect pages to the country's newest round
    site/<country>/index.html         redirect to the country's newest round
    site/<country>/<lang>/...         the same for each other language: its rounds'
                                      editions (config.py), versions.json, sections.json,
                                      latest/ and index.html
    site/<round-id>/..., site/latest/ redirects from the first site's URLs (one country)

Everything here is computed from the model, not from built files, so a job that builds
one country writes the same root files as a job that builds another (CI merges them).
"""

from __future__ import annotations

import json
import shutil
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from generator import markup
from generator.editions import edition
from generator.formatting import DEFAULT_FOR_TYPE, format_value
from generator.messages import DEFAULT, ENGLISH, N_, Messages
from generator.model import Round
from generator.project import Country, Project
from generator.trends import TITLE as TRENDS_TITLE

DATA_TITLE = N_("Data and sources")


def page_urls(rnd: Round, trends: bool) -> list[str]:
    """Every page of a round's site, as a path below the round ("" is its home page)."""
    urls = ["", *(f"{s.id}/" for s in rnd.sections[1:])]
    if trends:
        urls.append("trends/")
    return [*urls, "data/"]


def section_titles(rnd: Round, trends: bool) -> dict[str, str]:
    """A round's pages by section id (the page's path below the round, as page_urls gives
    it) with their titles as plain text, in the edition's language: what the version
    selector and the banner match."""
    titles = [s.title for s in rnd.sections]
    if trends:
        titles.append(rnd.messages.gettext(TRENDS_TITLE))
    titles.append(rnd.messages.gettext(DATA_TITLE))
    return dict(zip(page_urls(rnd, trends), titles, strict=True))


def css_string(text: str) -> str:
    """`text` as a quoted CSS string that is safe inside a <style> element: every character
    but letters, digits, spaces and a few punctuation marks as a CSS hex escape (so no
    quote, backslash, `<` or line break from data can end the string or the element)."""
    safe = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;()/-_")
    return '"' + "".join(c if c in safe else f"\\{ord(c):06x}" for c in text) + '"'


def print_margins(rnd: Round, trends: bool, round_url: str) -> dict[str, str]:
    """What overrides/main.html prints in the page margins: the citation, and each page's
    address by section id, as CSS strings (layout.css_string)."""
    cite = rnd.messages.gettext("Cite as: %(citation)s", citation=rnd.meta.citation)
    return {"citation": css_string(cite),
            "urls": {path: css_string(round_url + path) for path in page_urls(rnd, trends)}}


def versions_json(rounds: list[Round]) -> str:
    """Material's version selector data: newest round first, `latest` alias on it.
    `rounds`: the published rounds of one country in one language, oldest first.

    Material inserts each title into the page as HTML: titles are written escaped.
    """
    entries = [{
        "version": rnd.id,
        "title": markup.text(rnd.meta.short_title),
        "aliases": ["latest"] if rnd.key == rounds[-1].key else [],
    } for rnd in reversed(rounds)]
    return json.dumps(entries, indent=2, ensure_ascii=False) + "\n"


def redirect_html(target: str, title: str, messages: Messages = ENGLISH) -> str:
    return str(markup.render("redirect.html", messages, target=target, title=title)) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _redirects(out: Path, base: str, target_base: str, urls: list[str], title: str,
               messages: Messages = ENGLISH) -> None:
    """out/base/<url>index.html -> target_base/<url>, as relative links."""
    for url in urls:
        depth = len([p for p in f"{base}/{url}".split("/") if p])
        _write(out / base / url / "index.html",
               redirect_html("../" * depth + f"{target_base}/{url}", title, messages))


def sections_json(rounds: list[Round], urls_of: dict[str, list[str]]) -> str:
    """Each published round's title and sections (section id: title), for the version
    selector (docs/assets/javascripts/versions.js): the same section in another round, or
    a notice that it has none. One file per country and language, beside versions.json,
    so a new round changes this file and the notices, not every page of earlier rounds.

    Read as JSON and shown with textContent: plain text, not escaped."""
    entries = {r.id: {"title": r.meta.short_title,
                      "sections": section_titles(r, "trends/" in urls_of[r.key])}
               for r in rounds}
    return json.dumps(entries, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_country_index(country: Country, urls_of: dict[str, list[str]], out: Path) -> None:
    """Per language of the country's rounds (English at <country>/, the others at
    <country>/<lang>/): versions.json, sections.json, latest/ and the index redirect (no
    symlinks: GitHub Pages). `urls_of`: every round's page paths, by round key."""
    langs = sorted({lang for r in country.rounds for lang in r.meta.languages},
                   key=lambda lang: (lang != DEFAULT, lang))
    for lang in langs:
        rounds = [edition(r, lang) for r in country.in_language(lang)]
        if not rounds:
            continue
        base = country.code if lang == DEFAULT else f"{country.code}/{lang}"
        latest, t = rounds[-1], rounds[-1].messages
        urls = urls_of[latest.key]
        _write(out / base / "versions.json", versions_json(rounds))
        _write(out / base / "sections.json", sections_json(rounds, urls_of))
        _redirects(out, f"{base}/latest", f"{base}/{latest.id}", urls,
                   latest.meta.short_title, t)
        _write(out / base / "index.html", redirect_html(
            f"{latest.id}/", t.gettext("%(round)s (latest round)",
                                       round=latest.meta.short_title), t))


def legacy_country(project: Project) -> Country:
    """The country of the first, single-country site: the one with the oldest round.

    Its rounds were published at site/<round-id>/ and site/latest/ before countries had
    a level of their own; those addresses keep redirecting there.
    """
    return min(project.countries, key=lambda c: ((c.published or c.rounds)[0].id, c.code))


def write_legacy_redirects(project: Project, urls_of: dict[str, list[str]], out: Path) -> None:
    country = legacy_country(project)
    for rnd in country.rounds:
        _redirects(out, rnd.id, f"{country.code}/{rnd.id}", urls_of[rnd.key],
                   rnd.meta.short_title)
    latest = country.latest
    _redirects(out, "latest", f"{country.code}/{latest.id}", urls_of[latest.key],
               latest.meta.short_title)


@dataclass(frozen=True)
class Card:
    value: str
    label: str


def key_cards(rnd: Round, limit: int = 3) -> list[Card]:
    """A few cards of the round's first key-figures figure, formatted as its page shows them.

    The largest values, in the table's order: on these cards they are the headline
    populations, not the counts of provinces or districts assessed.
    """
    fig = next((f for s in rnd.sections for f in s.figures if f.kind == "key_figures"), None)
    if fig is None or fig.value is None or fig.category is None:
        return []
    table = rnd.table_for(fig)
    how = fig.value_format or DEFAULT_FOR_TYPE.get(table.spec.columns[fig.value].type)
    rows = [r for r in table.rows if isinstance(r[fig.value], int | float)]
    top = sorted(range(len(rows)), key=lambda i: -rows[i][fig.value])[:limit]
    return [Card(format_value(rows[i][fig.value], how), str(rows[i][fig.category]))
            for i in sorted(top)]


def write_landing(project: Project, names: dict[str, str], out: Path) -> None:
    """The site root: every country with its latest round and a few of its key figures."""
    countries = [{
        "code": c.code,
        "name": names[c.code],
        "latest": c.latest,
        "href": f"{c.code}/{c.latest.id}/",
        "cards": key_cards(c.latest),
        # Rounds compare field by field: identity says whether the latest is published.
        "earlier": sum(r is not c.latest for r in c.published),
    } for c in project.countries]
    _write(out / "index.html", str(markup.render("landing.html", countries=countries)) + "\n")
    _write(out / ".nojekyll", "")


def swap_in(new: Path, dest: Path, lock: AbstractContextManager | None = None) -> None:
    """Replace `dest` with `new` in two renames, so a reader never sees half a site.

    `make site` swaps the whole site, `make serve` one round at a time, holding `lock`
    (which its HTTP server also takes) so no request falls between the two renames.
    """
    old = dest.with_name(dest.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    with lock or nullcontext():
        if dest.exists():
            dest.rename(old)
        try:
            new.rename(dest)
        except BaseException:
            # Interrupted between the renames: put the previous site back before stopping.
            if old.exists() and not dest.exists():
                old.rename(dest)
            raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
