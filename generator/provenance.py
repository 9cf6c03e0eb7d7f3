"""Where a figure comes from stays in the data; what a reader sees stays free of it.

Transcription notes ("line 343 says ...", "column source_lines", "text-extraction debris")
belong in `tables.yml` (a table's `source` and `note`, and columns declared
`provenance: true`): the Data and sources page and the CSV downloads show them. Every
other text a reader sees (titles, captions, notes, labels, table cells, narrative) must
not look like one. This module holds the one list of patterns that `check` and the tests
use, so the rule and its tests cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.markup import Markup, render
from generator.messages import ENGLISH, Messages

# Each pattern is a shape only a transcriber's working note has. "line" must be followed
# by a number, so "a line of text" or "the poverty line" stay allowed.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a line number of the report's text", re.compile(r"\blines?\s+\d+", re.IGNORECASE)),
    ("a line number of the report's text", re.compile(r"\bl{1,2}\.\s*\d+", re.IGNORECASE)),
    ("the provenance column source_lines", re.compile(r"\bsource[_ ]lines\b", re.IGNORECASE)),
    ("a note on text extraction", re.compile(r"\btext[- ]extraction\b", re.IGNORECASE)),
    ("a note on the report's text file", re.compile(r"\b(?:the\s+)?text\s+file\b|\bcat -n\b",
                                                    re.IGNORECASE)),
)

EXPECTED = ("expected text for readers: move where a figure comes from to the table's "
            "`source` or `note` in tables.yml (shown on the Data and sources page only)")


def transcription_note(text: str | None) -> str | None:
    """What in `text` reads as a transcription note (a short description and the match),
    or None when the text is fit for readers."""
    if not text:
        return None
    for what, pattern in PATTERNS:
        m = pattern.search(text)
        if m:
            return f"{what} ({m.group(0)!r})"
    return None


def problem_message(found: str, cell: bool = False) -> str:
    hint = ", or declare the column `provenance: true`" if cell else ""
    return f"reads as a transcription note: {found}; {EXPECTED}{hint}"


def says_the_same(a: str, b: str) -> bool:
    """Two reader notes that say the same thing: one contains the other, words compared
    (case and punctuation aside). A figure says each remark once."""
    def words(t: str) -> str:
        return " ".join(re.findall(r"\w+", t.lower()))
    x, y = words(a), words(b)
    return bool(x and y) and (x in y or y in x)


# Filled in per page by pages.py (like figures' `{root}`): a figure's HTML is rendered once
# per round, and its credit names the round it was published in.
ROUND_TITLE = "{round_title}"


@dataclass(frozen=True)
class Credit:
    text: str  # plain text, without the round: "IOM MTM" or "<credit>, via IOM MTM"
    html: Markup  # the credit line's content, linked to the Data page


def source_credit(credit: str | None, href: str, round_title: str = ROUND_TITLE,
                  messages: Messages = ENGLISH) -> Credit:
    """The short source line under a figure: who produced the figures and in which round,
    linked to the table's entry on the Data and sources page (where its provenance is),
    in the reader's language (`messages`)."""
    # Translators: the short name of the programme credited under every figure.
    programme = messages.gettext("IOM MTM")
    text = (messages.gettext("%(credit)s, via %(source)s", credit=credit, source=programme)
            if credit else programme)
    html = render("source_credit.html", messages,
                  credits=[{"by": credit, "href": href, "round": round_title}])
    return Credit(text, html)


def credit_line(parts: list[dict[str, str | None]], messages: Messages = ENGLISH) -> Markup:
    """A credit line of several rounds (the trends page): `by`, `href`, `round` each."""
    return render("source_credit.html", messages, credits=parts)
