"""How far each round is translated, and what has drifted (`generator check`).

Per round and language: how many sections have a translated narrative (and how many of
those are not yet reviewed), and how many of the data's texts are translated. Drift: a
translated narrative whose English file changed after it (its `source` hash is not the
English file's), and a translation of a data text the data no longer has. Both are
warnings: the page still builds, with the English text where the translation is stale.
A message missing from an interface catalog is an error (catalogs.problems).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import catalogs
from generator.editions import data_texts
from generator.errors import Problem
from generator.messages import DEFAULT
from generator.model import Round

DRIFT = "translation-drift"


@dataclass(frozen=True)
class Coverage:
    key: str
    lang: str
    sections: int
    translated: int
    pending: int
    texts: int
    texts_translated: int

    def line(self) -> str:
        pending = f", {self.pending} not yet reviewed" if self.pending else ""
        return (f"    {self.lang}: narrative {self.translated}/{self.sections} sections"
                f"{pending}; data texts {self.texts_translated}/{self.texts}")


def coverage(rnd: Round) -> list[Coverage]:
    texts = data_texts(rnd)
    out = []
    for lang in rnd.meta.languages:
        if lang == DEFAULT:
            continue
        editions = [e for e in rnd.editions if e.lang == lang]
        given = next((t.entries for t in rnd.data_texts if t.lang == lang), {})
        out.append(Coverage(rnd.key, lang, len(rnd.sections), len(editions),
                            sum(e.review == "pending" for e in editions), len(texts),
                            sum(t in given for t in texts)))
    return out


def drift(rnd: Round) -> list[Problem]:
    out = []
    narratives = {s.id: s.narrative for s in rnd.sections}
    for e in rnd.editions:
        if e.drifted:
            out.append(Problem(e.file, 3, "source", f"translates an earlier version of "
                               f"{narratives[e.section]} (source {e.source}, the English file "
                               f"is now {e.current}): update the translation, then set "
                               f"`source: {e.current}`", category=DRIFT))
    known = set(data_texts(rnd))
    for t in rnd.data_texts:
        for english, line in t.lines.items():
            if english not in known:
                out.append(Problem(t.file, line, english[:40], "no such English text in the "
                                   "round's data any more (changed or removed?): translate "
                                   "the new text, or remove this entry", category=DRIFT))
    return out


def catalog_problems(rounds: list[Round]) -> list[Problem]:
    """Every interface message missing in a catalog of a language some round uses."""
    langs = sorted({lang for r in rounds for lang in r.meta.languages} - {DEFAULT})
    return [p for lang in langs for p in catalogs.problems(lang)]
