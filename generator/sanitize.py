"""Narrative Markdown to safe page Markdown: convert, sanitize with an allow-list, re-emit.

Comms staff write Markdown and may use what Material offers (admonitions, details,
tables, footnotes, definition lists, links, emphasis, code). Narrative files arrive by
pull request, so raw HTML in them is untrusted. The narrative is converted to HTML here
with Python-Markdown (the engine MkDocs uses), passed through `nh3` (the Rust `ammonia`
sanitizer) with the allow-list below, and written back into the page as:

- headings as Markdown headings with their text escaped, so MkDocs still builds the
  table of contents and permalinks from them;
- every other top-level block as one line of raw HTML, which Markdown passes through.

What the allow-list removes is reported (file, line, what) by `removed_html`, which
`check` shows as a warning and `check --strict` as an error. The sanitizer, not the
report, is the guarantee: the report only explains.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
import nh3

# The narrative dialect: what docs/authoring.md promises. `toc` is left to MkDocs, which
# sees the re-emitted headings.
EXTENSIONS = ["admonition", "attr_list", "def_list", "footnotes", "tables",
              "pymdownx.details", "pymdownx.superfences"]

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd",
    "del", "details", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul",
}
# Removed with their content: what is inside them is code or markup, never reader text.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript",
                        "template", "svg", "math", "textarea", "select", "frame", "frameset"}
GENERIC_ATTRIBUTES = {"class", "id", "title", "lang", "dir"}
ATTRIBUTES = {
    "*": GENERIC_ATTRIBUTES,
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style", "scope"},
    "ol": {"start"},
    "details": {"open"},
}
URL_ATTRIBUTES = {("a", "href"), ("img", "src")}
LINK_SCHEMES = {"http", "https", "mailto"}
# Markdown's table alignment is the only inline style worth keeping.
STYLE_PROPERTIES = {"text-align"}
H1 = re.compile(r"^<h1\b", re.I)
VOID = frozenset({"br", "hr", "img", "col", "wbr", "input", "meta", "link"})


def _url_kept(tag: str, value: str) -> bool:
    """Links: http(s), mailto or relative. Images: relative only (no request elsewhere)."""
    v = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
    scheme = re.match(r"^([a-z][a-z0-9+.\-]*):", v)
    if tag == "img":
        return scheme is None and not v.startswith("//")
    return scheme is None or scheme.group(1) in LINK_SCHEMES


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if (tag, attr) in URL_ATTRIBUTES and not _url_kept(tag, value):
        return None
    return value


CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ATTRIBUTES,
    attribute_filter=_attribute_filter,
    url_schemes=LINK_SCHEMES,
    link_rel="noopener noreferrer",
    filter_style_properties=STYLE_PROPERTIES,
    strip_comments=True,
)


# Python-Markdown takes quadratic time on some shapes of text (measured: 8,000 unclosed
# "[" took 17 s, 4,000 "![x](" 9 s, quotes nested 40,000 deep 2.8 s). Real narratives
# stay far below these bounds; a file above them is refused before it is converted.
MAX_OPEN_BRACKETS = 16
MAX_LINK_STARTS = 200  # "](" in one paragraph
MAX_QUOTE_DEPTH = 16


def complexity_problems(text: str) -> list[tuple[int, str]]:
    """(line, message) for each paragraph too tangled to convert in reasonable time."""
    out: list[tuple[int, str]] = []
    start, open_max, links = 1, 0, 0
    depth = 0
    for i, line in enumerate([*text.split("\n"), ""], 1):
        if not line.strip():
            if open_max > MAX_OPEN_BRACKETS:
                out.append((start, f"{open_max} '[' open at once in one paragraph; expected at "
                                   f"most {MAX_OPEN_BRACKETS} (close each '[' with ']')"))
            if links > MAX_LINK_STARTS:
                out.append((start, f"{links} links in one paragraph; expected at most "
                                   f"{MAX_LINK_STARTS} (split the paragraph)"))
            start, open_max, links, depth = i + 1, 0, 0, 0
            continue
        quote = len(re.match(r"^(?:\s*>)*", line).group(0).replace(" ", ""))
        if quote > MAX_QUOTE_DEPTH:
            out.append((i, f"quotes nested {quote} deep; expected at most {MAX_QUOTE_DEPTH}"))
        links += line.count("](")
        for ch in line:
            if ch == "[":
                depth += 1
                open_max = max(open_max, depth)
            elif ch == "]" and depth:
                depth -= 1
    return out


def to_html(text: str) -> str:
    """Narrative Markdown as HTML, before sanitizing (a new converter each time: no state)."""
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


def clean(fragment: str) -> str:
    return CLEANER.clean(fragment)


@dataclass(frozen=True)
class Removed:
    line: int
    what: str


class _Audit(HTMLParser):
    """What the allow-list removes from a fragment, for the author's report."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip:
            return
        if tag in DROPPED_WITH_CONTENT:
            self.found.append(f"<{tag}> element and its content")
            self._skip = 0 if tag in {"embed"} else 1
            self._skip_tag = tag
            return
        if tag not in TAGS:
            self.found.append(f"<{tag}> tag (its text is kept)")
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                self.found.append(f"attribute {name!r} on <{tag}>")
            elif (tag, name) in URL_ATTRIBUTES and not _url_kept(tag, value or ""):
                rule = ("images only from this site: a relative path" if tag == "img" else
                        "links only to http:, https:, mailto: or relative addresses")
                self.found.append(f"{name}={value!r} on <{tag}> ({rule})")

    def handle_endtag(self, tag: str) -> None:
        if self._skip and tag == getattr(self, "_skip_tag", None):
            self._skip = 0


def removed_html(text: str, html: str | None = None) -> list[Removed]:
    """Each thing the sanitizer would remove, with the first source line that shows it.
    `html`: the text already converted (`to_html`), when the caller has it."""
    audit = _Audit()
    audit.feed(to_html(text) if html is None else html)
    audit.close()
    lines = text.splitlines()
    out: list[Removed] = []
    for what in dict.fromkeys(audit.found):  # each distinct thing once, in order
        out.append(Removed(_line_of(what, lines), what))
    return out


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        src = dict(attrs).get("src") if tag == "img" else None
        if src and _url_kept("img", src):
            self.sources.append(src)


def image_sources(text: str, html: str | None = None) -> list[tuple[int, str]]:
    """(line, src) of each image the sanitizer keeps (relative sources only); `html` as in
    `removed_html`."""
    parser = _Images()
    parser.feed(to_html(text) if html is None else html)
    lines = text.splitlines()
    out = []
    for src in parser.sources:
        line = next((i for i, x in enumerate(lines, 1) if src in x), 1)
        out.append((line, src))
    return out


def _line_of(what: str, lines: list[str]) -> int:
    """The first line mentioning the removed tag, attribute or URL scheme (else line 1)."""
    m = re.match(r"<(\w+)>|attribute '([^']+)'|(\w+)='([^']*)'", what)
    needles: list[str] = []
    if m and m.group(1):
        needles = [f"<{m.group(1)}"]
    elif m and m.group(2):
        needles = [m.group(2)]
    elif m and m.group(4) is not None:
        needles = [m.group(4), m.group(4).split(":")[0] + ":"]
    for needle in needles:
        for i, line in enumerate(lines, 1):
            if needle.lower() in line.lower():
                return i
    return 1


class _TopLevel(HTMLParser):
    """Split a fragment into its top-level elements (start and end offsets)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.depth = 0
        self.spans: list[tuple[int, int]] = []
        self._start = 0

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs) -> None:
        if self.depth == 0:
            self._start = self._offset()
        if tag in VOID:
            if self.depth == 0:
                self.spans.append((self._start, self._offset() + len(self.get_starttag_text())))
            return
        self.depth += 1

    def handle_startendtag(self, tag, attrs) -> None:
        if self.depth == 0:
            start = self._offset()
            self.spans.append((start, start + len(self.get_starttag_text())))

    def handle_endtag(self, tag) -> None:
        if tag in VOID:
            return
        self.depth -= 1
        if self.depth == 0:
            end = self.text.index(">", self._offset()) + 1
            self.spans.append((self._start, end))


def blocks(fragment: str) -> list[str]:
    """Top-level elements of sanitized HTML; stray top-level text becomes a paragraph."""
    parser = _TopLevel(fragment)
    parser.feed(fragment)
    parser.close()
    out, pos = [], 0
    for start, end in parser.spans:
        if fragment[pos:start].strip():
            out.append(f"<p>{fragment[pos:start].strip()}</p>")
        out.append(fragment[start:end])
        pos = end
    if fragment[pos:].strip():
        out.append(f"<p>{fragment[pos:].strip()}</p>")
    return out


PRE = re.compile(r"(<pre\b.*?</pre>)", re.S | re.I)


def _one_line(block: str) -> str:
    """The block on one line, so Markdown keeps it as raw HTML. Outside <pre> a newline is
    just white space; inside, the entity `&#10;` is the same character to the browser."""
    parts = PRE.split(block.replace("\r", ""))
    return "".join(p.replace("\n", "&#10;") if i % 2 else re.sub(r">\n<", "><", p).replace("\n", " ")
                   for i, p in enumerate(parts))


HEADING = re.compile(r"^<h([2-6])(?:\s[^>]*)?>(.*)</h\1>$", re.S | re.I)
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#+!|~<>&])")


def heading_markdown(level: int, inner_html: str) -> str:
    """A heading as Markdown: its text only, escaped so Markdown adds no markup."""
    text = html.unescape(re.sub(r"<[^>]*>", "", inner_html)).strip()
    text = re.sub(r"\s+", " ", text)
    return "#" * level + " " + MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def page_markdown(text: str, figure_marker: re.Pattern[str] | None = None,
                  figure_token: str = "") -> str:
    """Safe page Markdown of a narrative: escaped headings and one-line HTML blocks.

    `figure_marker` matches a block that stands for a placed figure (its group 1 is the
    figure id); such a block becomes `figure_token` with `{id}` filled in.
    """
    out = []
    for block in blocks(clean(to_html(text))):
        m = figure_marker.fullmatch(block) if figure_marker is not None else None
        if m:
            out.append(figure_token.format(id=m.group(1)))
            continue
        h = HEADING.match(block)
        if h:
            out.append(heading_markdown(int(h.group(1)), h.group(2)))
        elif H1.match(block):  # the page has its own <h1>: a narrative h1 becomes an h2
            out.append(heading_markdown(2, re.sub(r"^<h1[^>]*>|</h1>$", "", block)))
        else:
            out.append(_one_line(block))
    return "\n\n".join(out)
