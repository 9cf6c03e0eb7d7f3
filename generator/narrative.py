"""Narrative Markdown with placeholders bound to the round's data.

Comms staff write plain Markdown. Double braces mark a placeholder:

    {{ value("key_figures.return_migrants") }}   a number from the data, formatted
    {{ value("imw_top_nationalities.uzbekistan.percent", "%") }}   77% instead of 77 per cent
    {{ figure("imw-nationalities") }}             a chart, map or table of this section
    {{ chart("...") }} {{ map("...") }} {{ table("...") }}   the same, checking the kind
    {{ key_figures() }}                           this section's key-figure cards

The grammar is deliberately tiny (a name, brackets, quoted words) so a mistake can be
reported precisely: file, line, what was written, and the closest valid names. Every
problem in every file is collected; nothing stops at the first one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator import images, kinds, sanitize
from generator.contract import Figure, Section
from generator.errors import SANITIZER, Problem
from generator.formatting import DEFAULT_FOR_TYPE, STYLE_FITS, format_value, percent_words
from generator.messages import ENGLISH, Messages
from generator.provenance import problem_message, transcription_note
from generator.references import RefError, resolve, row_keys
from generator.suggest import did_you_mean

OPEN, CLOSE = "{{", "}}"
CALL = re.compile(r"^\s*([A-Za-z_][\w]*)\s*\((.*)\)\s*$", re.S)
ARG = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)'|\u201c([^\u201d]*)\u201d)\s*(?:,|$)""")
FUNCTIONS = ("value", "figure", "chart", "map", "table", "key_figures")
# The placeholders that check a figure's family (kinds registry: `Kind.family`).
FAMILY_PLACEHOLDERS = ("chart", "map", "table")


# A placed figure is a paragraph of its own holding this marker; the sanitizer keeps it as
# a paragraph (comments would be stripped) and `page_markdown` turns it into PAGE_TOKEN,
# which pages.py swaps for the figure's HTML. Authors cannot type the marker: it is
# removed from their text first, so only a placeholder can place a figure.
MARKER = "MTM-FIGURE-PLACEHOLDER:"
MARKER_BLOCK = re.compile(r"<p>" + re.escape(MARKER) + r"([a-z0-9_-]+)</p>")
PAGE_TOKEN = "<!--mtm-figure:{id}-->"


def figure_token(figure_id: str) -> str:
    """Where a placed figure goes, in the narrative Markdown before sanitizing."""
    return f"\n\n{MARKER}{figure_id}\n\n"


def page_text(rendered_markdown: str) -> str:
    """The narrative as safe page Markdown, with PAGE_TOKEN where figures go."""
    return sanitize.page_markdown(rendered_markdown, MARKER_BLOCK, PAGE_TOKEN)


@dataclass
class Rendered:
    markdown: str
    placed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Placeholder:
    start: int
    end: int
    line: int
    source: str  # as written, with braces


def find_placeholders(text: str, file: str) -> tuple[list[Placeholder], list[Problem]]:
    found, problems = [], []
    pos = 0
    while (start := text.find(OPEN, pos)) != -1:
        line = text.count("\n", 0, start) + 1
        end = text.find(CLOSE, start + 2)
        nxt = text.find(OPEN, start + 2)
        if end == -1 or (nxt != -1 and nxt < end):
            snippet = text[start:start + 40].split("\n")[0]
            problems.append(Problem(file, line, None,
                                    f"placeholder {snippet!r} is not closed: end it with }}}}"))
            pos = start + 2
            continue
        found.append(Placeholder(start, end + 2, line, text[start:end + 2]))
        pos = end + 2
    return found, problems


def parse_call(inner: str) -> tuple[str, list[str]] | str:
    """(name, args) or an explanation of what is wrong."""
    m = CALL.match(inner)
    if not m:
        return ('write a name followed by brackets, e.g. value("key_figures.return_migrants") '
                "or figure(\"imw-nationalities\")")
    name, rest = m.group(1), m.group(2).strip()
    args: list[str] = []
    while rest:
        a = ARG.match(rest)
        if not a:
            return f'put each word in double quotes, e.g. {name}("...")'
        args.append(next(g for g in a.groups() if g is not None))
        rest = rest[a.end():].strip()
    return name, args


STYLES = {
    "%": "77%",
    "words": "77 per cent",
    "abs": "the number without its sign: -14 -> 14 (write 'fell by ... per cent')",
    "change": "a signed change: +47%, \u221214%",
}


def prose_value(value: Any, column_type: str, style: str | None, decimals: int | None = None,
                messages: Messages = ENGLISH) -> str:
    """A value as prose writes it, in the reader's locale (`messages`): per cent values in
    words unless asked for '%' (77 per cent, 77%; Russian 77 процентов, 77 %)."""
    if value is None:
        return "\u2013"
    locale = messages.lang
    if style == "abs":
        value = abs(value)
    if style == "change":
        return format_value(value, "change", decimals, locale)
    if style == "%":
        return format_value(value, "percent", decimals, locale)
    if column_type == "percent" or style == "words":
        return percent_words(value, decimals, messages)
    return format_value(value, DEFAULT_FOR_TYPE.get(column_type), decimals, locale)


def _style_hint(style: str, column_type: str) -> str:
    if style in ("%", "words"):
        return ("leave the style out to print the number as it is (a count as 3,224)"
                if column_type != "text" else "a text value takes no style")
    return "a text value takes no style: leave it out"


class _Context:
    def __init__(self, rnd, section: Section, file: str, draft: bool):
        self.rnd, self.section, self.file, self.draft = rnd, section, file, draft
        self.out = Rendered("")

    def problem(self, line: int, msg: str, soft: bool = False) -> None:
        target = self.out.warnings if soft else self.out.problems
        target.append(Problem(self.file, line, None, msg))

    def value(self, line: int, written: str, args: list[str]) -> str:
        if len(args) not in (1, 2):
            self.problem(line, f"{written}: value() takes a reference in quotes, e.g. "
                               'value("key_figures.return_migrants")')
            return written
        ref, style = args[0], (args[1] if len(args) == 2 else None)
        if style is not None and style not in STYLES:
            options = "; ".join(f'"{k}" for {v}' for k, v in STYLES.items())
            self.problem(line, f"{written}: unknown style {style!r}: use {options}")
            return written
        try:
            res = resolve(self.rnd.tables, ref)
        except RefError as exc:
            msg = f"{written}: {exc}"
            if self.draft:
                self.problem(line, msg + " (draft round: shown as a gap until the data is in)",
                             soft=True)
                # Translators: shown in a draft round's text where a figure is not in the
                # data yet; `ref` is the reference as written (not translated).
                return self.rnd.messages.gettext("[missing: %(ref)s]", ref=ref)
            self.problem(line, msg)
            return written
        if style is not None and res.column_type not in STYLE_FITS[style]:
            self.problem(line, f"{written}: style {style!r} does not fit {ref!r}: its column "
                               f"is {res.column_type}, and {style!r} is for "
                               f"{' or '.join(sorted(STYLE_FITS[style]))} values; "
                               + _style_hint(style, res.column_type))
            return written
        if res.value is None:
            self.problem(line, f"{written}: the data has no figure there (the cell is empty)",
                         soft=True)
        return prose_value(res.value, res.column_type, style, res.decimals, self.rnd.messages)

    def place(self, line: int, written: str, name: str, args: list[str]) -> str:
        own = {f.id: f for f in self.section.figures}
        if name == "key_figures":
            if args:
                self.problem(line, f"{written}: key_figures() takes nothing between the brackets")
                return ""
            ids = [f.id for f in self.section.figures if f.kind == "key_figures"]
            if not ids:
                self.problem(line, f"{written}: section {self.section.id!r} has no key_figures "
                                   "figure in round.yml")
                return ""
            self.out.placed += ids
            return "".join(figure_token(i) for i in ids)
        if len(args) != 1:
            self.problem(line, f'{written}: {name}() takes one figure id in quotes, e.g. '
                               f'{name}("{next(iter(own), "figure-id")}")')
            return ""
        fid = args[0]
        fig: Figure | None = own.get(fid)
        if fig is None:
            elsewhere = [s.id for s in self.rnd.sections for f in s.figures if f.id == fid]
            if elsewhere:
                self.problem(line, f"{written}: figure {fid!r} belongs to section "
                                   f"{elsewhere[0]!r}; declare it under {self.section.id!r} "
                                   "in round.yml to show it here")
            else:
                self.problem(line, f"{written}: section {self.section.id!r} has no figure "
                                   f"{fid!r}: " + did_you_mean(fid, own))
            return ""
        family = kinds.family(fig.kind)
        if name in FAMILY_PLACEHOLDERS and family != name:
            right = family if family in FAMILY_PLACEHOLDERS else "figure"
            self.problem(line, f'{written}: {fid!r} is a {fig.kind}, not a {name}: write '
                               f'{right}("{fid}") or figure("{fid}")')
            return ""
        if fid in self.out.placed:
            self.problem(line, f"{written}: figure {fid!r} is already placed on this page")
            return ""
        self.out.placed.append(fid)
        return figure_token(fid)


def render(rnd, section: Section, text: str, file: str) -> Rendered:
    """The narrative with values filled in and figure tokens where figures are placed."""
    ctx = _Context(rnd, section, file, draft=rnd.meta.status == "draft")
    text = text.replace(MARKER, "")  # see MARKER: only placeholders place figures
    found, ctx.out.problems = find_placeholders(text, file)
    parts, pos = [], 0
    for ph in found:
        parts.append(text[pos:ph.start])
        pos = ph.end
        inner = ph.source[2:-2]
        parsed = parse_call(inner)
        written = ph.source
        if isinstance(parsed, str):
            ctx.problem(ph.line, f"{written}: {parsed}")
            parts.append(written)
            continue
        name, args = parsed
        if name not in FUNCTIONS:
            ctx.problem(ph.line, f"{written}: unknown placeholder {name!r}: "
                                 + did_you_mean(name, FUNCTIONS))
            parts.append(written)
        elif name == "value":
            parts.append(ctx.value(ph.line, written, args))
        else:
            parts.append(ctx.place(ph.line, written, name, args))
    parts.append(text[pos:])
    ctx.out.markdown = "".join(parts)
    ctx.out.warnings += drift_warnings(rnd, text, found, file)
    return ctx.out


# Numbers typed by hand can drift from the data. We flag a typed count that is close to
# (within 5 per cent), but not equal to, a count of the round: most likely a stale copy.
TYPED = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s*(?:per cent|%))?(?![\w,])")


def _known_values(rnd) -> dict[float, list[str]]:
    """Every count of the round, with the references that name it uniquely (maybe none)."""
    known: dict[float, list[str]] = {}
    for name, table in rnd.tables.items():
        keys = row_keys(table)
        for col, spec in table.spec.columns.items():
            if spec.type != "integer":
                continue
            for key, r in zip(keys, table.rows, strict=True):
                if r[col] is None:
                    continue
                refs = known.setdefault(float(r[col]), [])
                if keys.count(key) == 1:
                    refs.append(f"{name}.{key}.{col}")
    return known


def drift_warnings(rnd, text: str, found: list[Placeholder], file: str) -> list[Problem]:
    known = _known_values(rnd)
    spans = [(p.start, p.end) for p in found]
    out = []
    for m in TYPED.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        raw, is_pct = m.group(1), bool(m.group(2))
        number = float(raw.replace(",", ""))
        # Only counts written with thousands separators are checked: small numbers and
        # per cent values are too dense for "close to" to mean "the same figure", and
        # round thousands ("over 30,000") are approximations on purpose.
        if is_pct or "," not in raw or number % 1000 == 0 or number in known:
            continue
        near = sorted((v for v in known if known[v] and v and abs(v - number) / v <= 0.05),
                      key=lambda v: abs(v - number))[:2]
        if not near:
            continue
        line = text.count("\n", 0, m.start()) + 1
        options = " or ".join(f'{format_value(v, "count")} ({{{{ value("{known[v][0]}") }}}})'
                              for v in near)
        out.append(Problem(file, line, None,
                           f"typed number {raw!r} is close to, but not the same as, a figure "
                           f"in the data: {options}. If it is the same figure, use the "
                           "placeholder so text and data cannot drift"))
    return out


def check_round(rnd) -> tuple[list[Problem], list[Problem], list[images.Image]]:
    """Problems and warnings of every narrative file of a round, without building, and the
    images the narratives show (checked: the build copies them)."""
    problems, warnings, shown = [], [], []
    files = [(f"{_shown(rnd)}/{s.narrative}", rnd.narratives[s.id], s) for s in rnd.sections]
    # Translated narratives are checked like the English ones (generator/translations.py).
    by_id = {s.id: s for s in rnd.sections}
    files += [(e.file, e.text, by_id[e.section]) for e in rnd.editions]
    if rnd.trends_text is not None:  # plain Markdown: no placeholders, sanitized the same way
        files.append((f"{_shown(rnd)}/{rnd.meta.trends_narrative}", rnd.trends_text, None))
    for file, text, section in files:
        tangled = [Problem(file, line, "markdown", msg)
                   for line, msg in sanitize.complexity_problems(text)]
        if tangled:  # converting it would take minutes: say why and go no further
            problems += tangled
            continue
        html = sanitize.to_html(text)  # once: both audits below read the same HTML
        if section is not None:
            out = render(rnd, section, text, file)
            problems += out.problems
            warnings += out.warnings
            found, bad = images.problems(rnd.path, section.narrative, text, html)
            shown += found
            problems += [Problem(file, line, "image", msg) for line, msg in bad]
        warnings += [Problem(file, r.line, "html", f"removed from the published page: {r.what}",
                             category=SANITIZER)
                     for r in sanitize.removed_html(text, html)]
        problems += reader_text_problems(file, text)
    return problems, warnings, shown


def reader_text_problems(file: str, text: str) -> list[Problem]:
    """Narrative lines that read as a transcription note (see generator/provenance.py)."""
    out = []
    for line, content in enumerate(text.splitlines(), start=1):
        found = transcription_note(content)
        if found:
            out.append(Problem(file, line, "narrative", problem_message(found)))
    return out


def _shown(rnd) -> str:
    from generator.errors import display_path

    # <root>/data/countries/<country>/<round-id>: messages name files from the project root.
    return display_path(rnd.path, rnd.path.parents[3])
