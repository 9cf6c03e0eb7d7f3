"""A round's translated content, as files: narrative per section and language, and the
texts of its data per language. Read and checked here; editions.py applies them.

    narrative/<section>.<lang>.md    a section's narrative in <lang>, with front matter:
        ---
        review: pending              pending (not yet reviewed: a notice says so) | reviewed
        source: 1a2b3c4d5e6f         the SHA-256 (first 12 hex) of the English file it
        ---                          translates: `check` reports drift when they differ
    translations/<lang>.yml          English text: its <lang> text, for round.yml,
                                     tables.yml and the tables' text cells

A text without a translation is shown in English; a section without a translated file
shows the English narrative with a notice. See docs/translations.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

import yaml

from generator.errors import Problem
from generator.load import LoadFailed, inside, parse_yaml, read_narrative, read_yaml
from generator.provenance import problem_message, transcription_note

FOLDER = "translations"
REVIEW = ("pending", "reviewed")
HASH_LENGTH = 12


def source_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


@dataclass(frozen=True)
class NarrativeEdition:
    """One section's narrative in one language other than English."""

    section: str  # section id
    lang: str
    file: str  # as messages name it
    text: str  # the Markdown, front matter blanked (line numbers stay those of the file)
    review: Literal["pending", "reviewed"]
    source: str  # the hash of the English file it says it translates
    current: str  # the hash of the English file now

    @property
    def drifted(self) -> bool:
        return self.source != self.current


@dataclass(frozen=True)
class DataTexts:
    """One language's translations of a round's data texts: English -> translation."""

    lang: str
    file: str
    entries: dict[str, str]
    lines: dict[str, int]


def translated_name(narrative: str, lang: str) -> str:
    """narrative/overview.md -> narrative/overview.ru.md"""
    path = PurePosixPath(narrative)
    return str(path.with_name(f"{path.stem}.{lang}{path.suffix}"))


def split_front_matter(text: str, file: str) -> tuple[dict, str, list[Problem]]:
    """The front matter's fields and the text after it, with the front matter's lines
    left blank so that every later line keeps its number."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text, [Problem(file, 1, "front matter", "a translated narrative starts "
                                  "with front matter; expected '---', then 'review: pending' "
                                  "and 'source: <hash of the English file>', then '---'")]
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        return {}, text, [Problem(file, 1, "front matter", "the front matter is not closed; "
                                  "expected a line '---' after its fields")]
    try:
        doc = parse_yaml("\n".join(lines[1:end]) + "\n", file)
    except LoadFailed as exc:
        p = exc.problem
        return {}, text, [Problem(file, (p.line or 0) + 1, p.field, p.message)]
    data = doc.data if isinstance(doc.data, dict) else None
    body = "\n" * (end + 1) + "\n".join(lines[end + 1:])
    if data is None:
        return {}, body, [Problem(file, 2, "front matter", "expected fields `review` and "
                                  "`source`")]
    return data, body, []


def read_editions(round_dir: Path, shown: str, sections: list[tuple[str, str]],
                  languages: list[str], problems: list[Problem]) -> list[NarrativeEdition]:
    """Every translated narrative file of the round's sections ((id, narrative path))."""
    out: list[NarrativeEdition] = []
    for section_id, narrative in sections:
        english = inside(round_dir, narrative)
        if english is None or not english.is_file():
            continue  # the English file's own problem is reported where it is read
        current = source_hash(english.read_bytes())
        for lang in languages:
            relative = translated_name(narrative, lang)
            file = f"{shown}/{relative}"
            path = inside(round_dir, relative)
            if path is None:
                problems.append(Problem(file, None, None, "must be a file inside the round "
                                        "folder (it is a link to a file outside)"))
                continue
            if not path.is_file():
                continue
            try:
                text = read_narrative(path, file)
            except LoadFailed as exc:
                problems.append(exc.problem)
                continue
            fields, body, bad = split_front_matter(text, file)
            problems += bad
            if bad:
                continue
            review, source = fields.get("review"), fields.get("source")
            unknown = sorted(set(fields) - {"review", "source"})
            if unknown:
                problems.append(Problem(file, 2, unknown[0], "unknown front matter field; "
                                        "expected only `review` and `source`"))
            if review not in REVIEW:
                problems.append(Problem(file, 2, "review", f"{review!r} is not a review state; "
                                        "expected 'pending' or 'reviewed'"))
                continue
            if not isinstance(source, str) or len(source) != HASH_LENGTH:
                problems.append(Problem(file, 2, "source", "expected the first "
                                        f"{HASH_LENGTH} hex digits of the English file's "
                                        f"SHA-256 (now {current}): the text it translates"))
                continue
            out.append(NarrativeEdition(section_id, lang, file, body, review, source, current))
    return out


def read_data_texts(round_dir: Path, shown: str, lang: str,
                    problems: list[Problem]) -> DataTexts | None:
    relative = f"{FOLDER}/{lang}.yml"
    file = f"{shown}/{relative}"
    path = inside(round_dir, relative)
    if path is None:
        problems.append(Problem(file, None, None, "must be a file inside the round folder "
                                "(it is a link to a file outside)"))
        return None
    if not path.is_file():
        return None
    try:
        doc = read_yaml(path, file)
    except LoadFailed as exc:
        problems.append(exc.problem)
        return None
    if doc.data is None:
        return DataTexts(lang, file, {}, {})
    if not isinstance(doc.data, dict):
        problems.append(Problem(file, 1, None, "expected a mapping of English texts to their "
                                f"{lang} texts, e.g. 'Key figures: ...'"))
        return None
    entries: dict[str, str] = {}
    lines: dict[str, int] = {}
    for english, text in doc.data.items():
        line = doc.line_of((english,))
        if not isinstance(english, str) or not (text is None or isinstance(text, str)):
            problems.append(Problem(file, line, str(english), "expected a text: its translation, "
                                    "in quotes if it has a ':' (or nothing, for not yet)"))
            continue
        if text is None or not text.strip():
            continue  # listed, not translated yet: shown in English
        found = transcription_note(text)
        if found:
            problems.append(Problem(file, line, english, problem_message(found)))
            continue
        entries[english] = text.strip()
        lines[english] = line or 0
    return DataTexts(lang, file, entries, lines)


def template_yaml(texts: list[str], existing: dict[str, str], lang: str) -> str:
    """translations/<lang>.yml with every data text of the round: translated ones kept,
    the others listed with no translation (for `generator translations`)."""
    head = (f"# {lang} texts of this round's data: each English text (as in round.yml, "
            "tables.yml or a table's text cell), then its translation.\n"
            "# An empty entry is shown in English. See docs/translations.md.\n")
    body = {t: existing.get(t) for t in texts}
    return head + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=1000)
