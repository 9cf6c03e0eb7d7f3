"""Every piece of HTML the generator writes comes from a Jinja2 template in templates/.

The environment autoescapes, so a text from data/ is escaped wherever a
template prints it, including fields added later. A fragment that is already
HTML (a nested template's output, the boundary attribution) is passed as
`Markup`, so trusting it is a visible decision at the call site.

Figure and page blocks end up inside Markdown, which ends a raw HTML block at
a blank line. So templates are written one tag per line for reading and the
loader joins the lines of a template (layout whitespace between lines is
dropped: keep a space that matters inside a line), and every printed text has
its line breaks folded to one space.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound
from markupsafe import Markup, escape

from generator.messages import ENGLISH, Messages

TEMPLATES = Path(__file__).parent / "templates"
# A line break and the spaces around it; other spaces (such as Babel's no-break ones) stay.
_BREAK = re.compile(r"\s*[\n\r\x0b\x0c\x85\u2028\u2029]\s*")


class _JoinedLines(BaseLoader):
    """Loads templates/<name> with its lines stripped and joined into one line."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Any]:
        path = TEMPLATES / template
        if not path.is_file():
            raise TemplateNotFound(template)
        source = "".join(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
        mtime = path.stat().st_mtime
        return source, str(path), lambda: path.stat().st_mtime == mtime


def _one_line(value: Any) -> Any:
    """A printed text on one line; HTML we built (Markup) is left as it is."""
    if type(value) is str:
        return _BREAK.sub(" ", value)
    return value


@cache
def environment() -> Environment:
    # Built once per process and never changed afterwards; no global Jinja state is touched.
    return Environment(
        loader=_JoinedLines(),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_one_line,
    )


def render(template_name: str, messages: Messages = ENGLISH, **context: Any) -> Markup:
    """The template filled in: escaped HTML on one line, safe to nest in another template.

    Templates write their words as `_("...")` (extracted by `make messages`); `messages`
    is the reader's language (generator/messages.py), `lang` its code. A translation is
    a plain text like any other: it is escaped where it is printed."""
    return Markup(environment().get_template(template_name).render(
        _=messages.gettext, gettext=messages.gettext, ngettext=messages.ngettext,
        pgettext=messages.pgettext, lang=messages.lang, **context))


def text(value: str) -> str:
    """A data text as escaped HTML on one line, for places that print it raw.

    MkDocs and Material print config values and front matter unescaped, in HTML
    text and in double-quoted attributes, so quotes are escaped as well.
    """
    return str(escape(_BREAK.sub(" ", value)))
