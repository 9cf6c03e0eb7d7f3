"""'Did you mean ...?' hints for names typed by people."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str], n: int = 3) -> str:
    """A hint naming the closest valid choices, or the list of choices when few."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=n, cutoff=0.5)
    if not close:
        close = [o for o in options if word.lower() in o.lower() or o.lower() in word.lower()][:n]
    if close:
        return "did you mean " + " or ".join(repr(c) for c in close) + "?"
    if len(options) <= 12:
        return "expected one of: " + ", ".join(repr(o) for o in options)
    return f"expected one of {len(options)} known names"
