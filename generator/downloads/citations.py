"""A BibTeX and an RIS entry for the round, from round.yml.

Both are plain-text formats with their own special characters: BibTeX's are escaped (an
unbalanced brace in a title would swallow the rest of a reader's .bib file), RIS values are
kept on one line (a line break would start a new, forged tag).
"""

from __future__ import annotations

import re

from generator.downloads.about import AUTHOR, About

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_BIB_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&",
                "%": r"\%", "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}
_BREAKS = re.compile(r"\s+")


def bib_text(value: str) -> str:
    one_line = _BREAKS.sub(" ", value).strip()
    return "".join(_BIB_SPECIAL.get(c, c) for c in one_line)


def bib_url(value: str) -> str:
    # URLs are checked (contract.Url: no spaces or control characters); braces and % would
    # still end or comment out the field.
    return "".join(_BIB_SPECIAL.get(c, c) if c in "{}%\\" else c for c in value)


def bibtex(about: About) -> bytes:
    key = re.sub(r"[^A-Za-z0-9]+", "-", f"iom-{about.slug}").strip("-")
    fields = [
        ("author", "{" + bib_text(AUTHOR) + "}"),  # a corporate author: kept as one name
        ("title", bib_text(about.title)),
        ("institution", bib_text(AUTHOR)),
        ("year", str(about.published.year)),
        ("month", MONTHS[about.published.month - 1]),
        ("url", bib_url(about.url)),
        ("note", bib_text(f"Required citation: {about.citation} Data licence: "
                          f"{about.licence_name}, {about.licence_url}.")),
    ]
    body = ",\n".join(f"  {k} = {v}" if k == "month" else f"  {k} = {{{v}}}"
                      for k, v in fields)
    return f"@techreport{{{key},\n{body}\n}}\n".encode()


def ris_text(value: str) -> str:
    return _BREAKS.sub(" ", value).strip()


def ris(about: About) -> bytes:
    p = about.published
    date = f"{p.year:04d}/{p.month:02d}/{'' if p.day is None else f'{p.day:02d}'}"
    tags = [("TY", "RPRT"), ("AU", AUTHOR), ("TI", about.title), ("PY", str(p.year)),
            ("DA", date), ("PB", AUTHOR), ("UR", about.url),
            ("N1", f"Required citation: {about.citation}"),
            ("N1", f"Data licence: {about.licence_name}, {about.licence_url}")]
    if about.report_url:
        tags.append(("L2", about.report_url))
    # RIS ends every line with CR LF and the record with "ER  - ".
    lines = [f"{t}  - {ris_text(v)}" for t, v in tags] + ["ER  - "]
    return ("\r\n".join(lines) + "\r\n").encode()
