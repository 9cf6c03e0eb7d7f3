"""Reader-facing strings in the reader's language: gettext catalogs compiled by Babel.

Every string the generator writes for readers is English in the code, marked for
extraction (`messages.gettext("...")` in Python, `_("...")` in templates, `N_("...")` for
constants translated where they are used). `make messages` extracts them into
generator/locales/messages.pot and merges that into one `<lang>.po` per language;
translators edit the .po files. The build compiles a .po to gettext's binary form in
memory (Babel's read_po + write_mo): no compiled file is committed or goes stale.

A `Messages` is one language's catalog plus its CLDR locale. It is passed down to what
renders (the round edition carries it: model.Round.messages); nothing here is global
but the per-process cache of compiled catalogs, which depends only on the files.
"""

from __future__ import annotations

import gettext as _gettext
import hashlib
from dataclasses import dataclass, field
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = Path(__file__).parent / "locales"
TEMPLATE = LOCALES / "messages.pot"
DEFAULT = "en"  # the language the code is written in: it needs no catalog


def N_(message: str) -> str:
    """Marks a constant for extraction; it is translated where it is used."""
    return message


@dataclass(frozen=True)
class Messages:
    """One language's interface strings and locale (numbers, dates, names)."""

    lang: str
    translations: _gettext.NullTranslations = field(
        default_factory=_gettext.NullTranslations, compare=False, repr=False)

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.lang)

    @property
    def name(self) -> str:
        """The language's own name, as a language selector shows it ("Русский")."""
        name = self.locale.get_display_name(self.lang) or self.lang
        return name[:1].upper() + name[1:]

    def gettext(self, message: str, **values: object) -> str:
        """`message` translated; `%(name)s` fields filled from `values`."""
        text = self.translations.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        text = self.translations.ngettext(singular, plural, n)
        return text % values if values else text

    def pgettext(self, context: str, message: str, **values: object) -> str:
        text = self.translations.pgettext(context, message)
        return text % values if values else text


ENGLISH = Messages(DEFAULT)


def catalog_path(lang: str) -> Path:
    return LOCALES / f"{lang}.po"


def languages() -> list[str]:
    """The languages the interface is translated into, English first."""
    return [DEFAULT, *sorted(p.stem for p in LOCALES.glob("*.po"))]


def load(lang: str) -> Messages:
    """The compiled catalog of `lang` (English needs none)."""
    if lang == DEFAULT:
        return ENGLISH
    path = catalog_path(lang)
    return Messages(lang, _compiled(path, hashlib.sha256(path.read_bytes()).hexdigest()))


@cache
def _compiled(path: Path, digest: str) -> _gettext.GNUTranslations:
    # `digest` is part of the key: an edited catalog (make serve) is compiled again.
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=path.stem, abort_invalid=True)
    buf = BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)  # a fuzzy entry is not a translation yet
    buf.seek(0)
    return _gettext.GNUTranslations(buf)


def catalog_digest(lang: str) -> str:
    """What a cached render in `lang` depends on from the catalogs (generator/cache.py)."""
    if lang == DEFAULT:
        return DEFAULT
    return hashlib.sha256(catalog_path(lang).read_bytes()).hexdigest()[:16]
