"""The interface catalogs as files: extract the marked strings, merge them into each
language's .po, and say what a catalog lacks (`check` fails on a missing message).

    make messages   ->  generator/locales/messages.pot, generator/locales/<lang>.po

The template keeps no source locations: a line moved in the code must not change it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from generator.errors import Problem
from generator.messages import DEFAULT, LOCALES, TEMPLATE, catalog_path, languages

SOURCE = Path(__file__).parent
METHODS = [("locales/**", "ignore"), ("**.py", "python"),
           ("templates/**.html", "jinja2"), ("templates/**.svg", "jinja2")]
KEYWORDS = {"gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None,
            "_": None}
# A fixed date: the files change only when their messages do.
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
HEADER = dict(project="MTM microsites", version="1", copyright_holder="IOM",
              msgid_bugs_address="", creation_date=EPOCH, revision_date=EPOCH,
              fuzzy=False)


def extract() -> Catalog:
    """Every marked string of the generator's code and templates."""
    catalog = Catalog(**HEADER)
    for _file, _line, message, comments, context in extract_from_dir(
            str(SOURCE), METHODS, keywords=KEYWORDS, comment_tags=("Translators:",),
            strip_comment_tags=True):
        catalog.add(message, None, [], auto_comments=comments, context=context)
    return catalog


def message_ids(catalog: Catalog) -> set[tuple[str | None, str]]:
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0])
            for m in catalog if m.id}


def _write(catalog: Catalog, path: Path) -> None:
    with path.open("wb") as fh:
        write_po(fh, catalog, width=88, no_location=True, sort_output=True,
                 include_previous=False)


def update(langs: list[str] | None = None) -> dict[str, tuple[int, int]]:
    """Rewrite messages.pot from the code and merge it into each .po (new messages empty,
    changed ones fuzzy, gone ones dropped). Returns (messages, untranslated) per language."""
    template = extract()
    _write(template, TEMPLATE)
    counts: dict[str, tuple[int, int]] = {}
    for lang in langs or [lang for lang in languages() if lang != DEFAULT]:
        path = catalog_path(lang)
        if path.is_file():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
        else:
            catalog = Catalog(locale=lang, **HEADER)
        catalog.update(template, no_fuzzy_matching=False)
        catalog.obsolete.clear()
        catalog.revision_date = EPOCH
        _write(catalog, path)
        counts[lang] = (len(template), sum(1 for m in catalog if m.id and not _done(m)))
    return counts


def _done(message) -> bool:  # type: ignore[no-untyped-def]
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return not message.fuzzy and all(strings)


def problems(lang: str, locales: Path = LOCALES) -> list[Problem]:
    """What the `lang` catalog lacks against messages.pot: each missing, empty or fuzzy
    message, and each whose %(name)s fields differ from the English. (`locales`: another
    folder of catalogs, for tests.)"""
    path = locales / f"{lang}.po"
    shown = f"generator/locales/{path.name}"
    if not path.is_file():
        return [Problem(shown, None, "catalog", f"no catalog for language {lang!r}; expected "
                        f"{shown} (run `make messages`, then translate it)")]
    with (locales / TEMPLATE.name).open("rb") as fh:
        template = read_po(fh)
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    found: list[Problem] = []
    for message in template:
        if not message.id:
            continue
        have = catalog.get(message.id, context=message.context)
        label = message.id if isinstance(message.id, str) else message.id[0]
        if have is None or not _done(have):
            what = ("has no translation" if have is None or not have.string
                    else "is fuzzy (its English changed): check it and remove the flag")
            found.append(Problem(shown, have.lineno if have else None, "msgstr",
                                 f"message {label!r} {what}; expected a {lang} translation"))
            continue
        for _msg, errors in [(have, list(have.check(catalog)))]:
            for error in errors:
                found.append(Problem(shown, have.lineno, "msgstr",
                                     f"message {label!r}: {error}"))
    return found


__all__ = ["LOCALES", "extract", "message_ids", "problems", "update"]
