"""Hostile input: every input file arrives by pull request, so bad input is a clear message.

Each case breaks a staged copy of the `mini` fixture one way, then runs the real CLI
(`check` and `build`, see tests/hostile.py): non-zero exit, `file:line: [field]`, no
traceback, nothing written. A few positive cases show what must keep working.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from generator.dates import PartialDate
from generator.project import load_project
from tests.hostile import ROOT, ROUND, assert_rejected

RY, TY = f"{ROUND}/round.yml", f"{ROUND}/tables.yml"
KF, RC, RP = (f"{ROUND}/tables/{n}.csv" for n in ("key_figures", "return_countries",
                                                   "return_by_province"))
OVERVIEW, RETURNS = f"{ROUND}/narrative/overview.md", f"{ROUND}/narrative/returns.md"
INSIDE = "must be a file inside the round folder"
URL = "expected an https:, http: or mailto: URL or a relative link"

BOMB = 'lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))


def edit(project: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def write(project: Path, rel: str, content: str | bytes) -> None:
    path = project / rel
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)


def latin1(project: Path, rel: str, old: str, new: str) -> None:
    """Re-save a file as Latin-1 with one accented word: what Excel on Windows may do."""
    path = project / rel
    path.write_bytes(path.read_text(encoding="utf-8").replace(old, new, 1).encode("latin-1"))


def symlink_out(project: Path, rel: str, content: str) -> None:
    """Replace a file of the round by a link to a file outside the project."""
    outside = project.parent / f"outside-{Path(rel).name}"
    outside.write_text(content, encoding="utf-8")
    (project / rel).unlink()
    (project / rel).symlink_to(outside)


@dataclass(frozen=True)
class Case:
    id: str
    mutate: Callable[[Path], None]
    file: str
    line: int | None
    field: str | None
    message: str


CASES = [
    # -- confinement: every field that names a file ------------------------------------
    Case("narrative-absolute", lambda p: edit(p, RY, "narrative: narrative/overview.md",
                                              "narrative: /etc/passwd"),
         RY, 26, "sections.0.narrative", INSIDE),
    Case("narrative-dotdot", lambda p: edit(p, RY, "narrative: narrative/overview.md",
                                            "narrative: ../../../../../etc/passwd"),
         RY, 26, "sections.0.narrative", INSIDE),
    Case("narrative-symlink-out", lambda p: symlink_out(p, f"{ROUND}/narrative/overview.md",
                                                        "secret\n"),
         RY, 26, "narrative", INSIDE),
    Case("table-file-absolute", lambda p: edit(p, TY, "file: tables/key_figures.csv",
                                               "file: /etc/passwd"),
         TY, 3, "tables.key_figures.file", INSIDE),
    Case("table-file-dotdot", lambda p: edit(p, TY, "file: tables/key_figures.csv",
                                             "file: tables/../../../../secret.csv"),
         TY, 3, "tables.key_figures.file", INSIDE),
    Case("table-file-symlink-out", lambda p: symlink_out(
        p, f"{ROUND}/tables/key_figures.csv", "indicator,value,unit\nx,1,y\n"),
         TY, 3, "file", INSIDE),
    Case("trends-narrative-absolute", lambda p: edit(
        p, RY, "coverage_table: coverage\n", "coverage_table: coverage\n"
        "trends_narrative: /etc/passwd\n"),
         RY, 23, "trends_narrative", INSIDE),
    Case("trends-narrative-symlink-out", lambda p: (
        edit(p, RY, "coverage_table: coverage\n",
             "coverage_table: coverage\ntrends_narrative: narrative/overview.md\n"),
        symlink_out(p, f"{ROUND}/narrative/overview.md", "secret\n")),
         RY, 23, "trends_narrative", INSIDE),
    Case("source-report-file-dotdot", lambda p: edit(p, RY, "file: mini-report.txt",
                                                     "file: ../../../etc/passwd"),
         RY, 20, "source_report.file", INSIDE),
    Case("round-yml-symlink-out", lambda p: symlink_out(
        p, RY, (p / RY).read_text(encoding="utf-8")), RY, None, None, INSIDE),
    Case("round-folder-symlink-out", lambda p: (
        shutil.copytree(p / ROUND, p.parent / "elsewhere"),
        (p / "data/countries/kaz/2030-02-linked").symlink_to(p.parent / "elsewhere")),
         "data/countries/kaz/2030-02-linked", None, None, "not a link to a folder elsewhere"),
    Case("boundaries-symlink-out", lambda p: symlink_out(
        p, "data/geo/kaz_adm1.geojson",
        (ROOT / "tests/fixtures/mini/data/geo/kaz_adm1.geojson").read_text(encoding="utf-8")),
         "data/geo/kaz_adm1.geojson", None, None, "inside data/geo"),
    Case("table-name-traversal", lambda p: edit(p, TY, "  coverage:\n", '  "../../../x":\n'),
         TY, 17, "tables.../../../x", "'../../../x' must be lower_snake_case"),
    # -- numbers ----------------------------------------------------------------------
    Case("nan", lambda p: edit(p, RC, "Uzbekistan,360,30", "Uzbekistan,360,nan"),
         RC, 3, "percent", "expected a finite number"),
    Case("inf", lambda p: edit(p, RC, "Uzbekistan,360,30", "Uzbekistan,360,inf"),
         RC, 3, "percent", "expected a finite number"),
    Case("minus-inf", lambda p: edit(p, RP, "Turkestan,30", "Turkestan,-Infinity"),
         RP, 3, "percent", "expected a finite number"),
    Case("negative-count", lambda p: edit(p, RC, "Uzbekistan,360,30", "Uzbekistan,-360,30"),
         RC, 3, "count", "integer columns are counts"),
    Case("percent-101", lambda p: edit(p, RC, "China,120,10", "China,120,101"),
         RC, 4, "percent", "from 0 to 100"),
    Case("integer-10-to-30", lambda p: edit(p, KF, "Return migrants,1200",
                                            f"Return migrants,{10**30}"),
         KF, 2, "value", "out of range"),
    Case("declared-max", lambda p: (
        edit(p, TY, "        description: Return migrants.\n",
             "        description: Return migrants.\n        max: 500\n"),),
         RC, 2, "count", r"from 0 to 500 \(`min`/`max`"),
    Case("min-above-max", lambda p: edit(p, TY, "        description: Return migrants.\n",
                                         "        description: Return migrants.\n"
                                         "        min: 10\n        max: 5\n"),
         TY, 35, "tables.return_countries.columns.count", "min 10 is more than max 5"),
    # -- tables: keys and totals ------------------------------------------------------
    Case("duplicate-key", lambda p: edit(p, RC, "China,120,10\n",
                                         "China,120,10\nUzbekistan,1,0\n"),
         RC, 5, "country", "already the key of the row on line 3"),
    Case("totals-mismatch", lambda p: (
        edit(p, TY, "    key: country\n", "    key: country\n"
             "    totals: [{column: percent, equals: 100, tolerance: 1}]\n"),
        edit(p, RC, "China,120,10", "China,120,5")),
         RC, 2, "percent", "add up to 95; expected 100"),
    Case("totals-by-group", lambda p: (
        edit(p, TY, "    key: country\n", "    key: country\n"
             "    totals: [{column: percent, equals: 100, by: [country]}]\n")),
         RC, 2, "percent", "add up to 60 where country is 'Russian Federation'"),
    Case("totals-not-numeric", lambda p: edit(
        p, TY, "    key: country\n",
        "    key: country\n    totals: [{column: country, equals: 100}]\n"),
         TY, 26, "tables.return_countries", "totals: column 'country' is not numeric"),
    # -- maps: checks that used to fail only at build time --------------------------------
    Case("map-duplicate-province", lambda p: edit(p, RP, "Almaty city,20\n",
                                                  "Almaty city,20\nKostanay region,5\n"),
         RP, 5, "province", "Kostanay appears in more than one row .first on line 2."),
    Case("map-negative-value", lambda p: (
        edit(p, TY, "        description: Share of return migrants.\n",
             "        description: Share of return migrants.\n        min: -100\n"),
        edit(p, RP, "Turkestan,30", "Turkestan,-30")),
         RP, 3, "percent", "maps show values of 0 or more"),
    Case("unknown-province", lambda p: edit(p, RP, "Kostanay,50", "Kostanayy,50"),
         RP, 2, "province", "did you mean"),
    # -- YAML -----------------------------------------------------------------------
    Case("duplicate-key-round-yml", lambda p: edit(p, RY, "short_title:", "title: again\nshort_title:"),
         RY, 4, "title", r"key 'title' appears twice \(first on line 3\)"),
    Case("duplicate-key-tables-yml", lambda p: edit(p, TY, "    title: Key figures\n",
                                                    "    title: Key figures\n    title: Again\n"),
         TY, 5, "title", r"key 'title' appears twice \(first on line 4\)"),
    Case("alias-bomb", lambda p: write(p, RY, BOMB + (p / RY).read_text(encoding="utf-8")),
         RY, 1, None, "aliases/anchors .* are not supported in data files"),
    Case("date-2024-13-45", lambda p: edit(p, RY, "published: 2030-01-15", "published: 2024-13-45"),
         RY, 10, "published", "valid date"),
    Case("deep-nesting", lambda p: write(p, TY, "tables: " + "[" * 5000 + "]" * 5000 + "\n"),
         TY, 1, None, "nested more than"),
    Case("python-tag", lambda p: edit(p, RY, "kind: Baseline Mobility Assessment",
                                      "kind: !!python/object/apply:os.system [echo hi]"),
         RY, 6, None, "not valid YAML: could not determine a constructor"),
    Case("empty-round-yml", lambda p: write(p, RY, ""), RY, 1, None, "the file is empty"),
    Case("round-yml-is-a-list", lambda p: write(p, RY, "- id: x\n"),
         RY, 1, None, "found a list: expected keys and values"),
    Case("unknown-key", lambda p: edit(p, RY, "kind:", "colour: blue\nkind:"),
         RY, 6, "colour", "unknown key"),
    # -- encodings ----------------------------------------------------------------------
    Case("latin1-round-yml", lambda p: latin1(p, RY, "Mini Mobility", "Mini Mobilité"),
         RY, 3, None, "not UTF-8 text: save the file as UTF-8"),
    Case("latin1-tables-yml", lambda p: latin1(p, TY, "What is counted.", "Qué se cuenta."),
         TY, 9, None, "not UTF-8 text: save the file as UTF-8"),
    Case("latin1-narrative", lambda p: latin1(p, RETURNS, "Most return", "Moståreturn"),
         RETURNS, 1, None, "not UTF-8 text: save the file as UTF-8"),
    Case("latin1-csv", lambda p: latin1(p, RC, "China", "Türkiye"),
         RC, 4, None, "not UTF-8 text: save the file as CSV UTF-8"),
    # -- CSV ----------------------------------------------------------------------------
    Case("empty-csv", lambda p: write(p, RC, ""), RC, 1, None, "the file is empty"),
    Case("nul-byte-csv", lambda p: edit(p, RC, "China", "Ch\x00ina"), RC, 4, None, "NUL"),
    Case("stray-quote-csv", lambda p: edit(p, RC, "China,", '"Chi"na,'),
         RC, 4, None, "not valid CSV"),
    Case("duplicate-header", lambda p: edit(p, RC, "country,count,percent",
                                            "country,count,count"),
         RC, 1, "count", "appears twice in the header"),
    Case("line-after-multiline-cell", lambda p: write(
        p, KF, 'indicator,value,unit\n"Return\nmigrants",1200,people\nProvinces assessed,x,p\n'),
         KF, 4, "value", "valid integer"),
    Case("cell-too-long", lambda p: edit(p, RC, "China", "C" * 10_001),
         RC, 4, "country", "more than the limit of 10,000"),
    Case("too-many-rows", lambda p: write(
        p, RC, "country,count,percent\n" + "".join(f"c{i},1,0\n" for i in range(20_001))),
         RC, None, None, "more than 20,000 rows"),
    Case("too-many-columns", lambda p: write(p, RC, ",".join(f"c{i}" for i in range(5000)) + "\n"),
         RC, 1, None, "more than the limit of 100"),
    Case("oversized-csv", lambda p: write(
        p, RC, "country,count,percent\n" + ("x" * 999 + ",1,0\n") * 5_100),
         RC, None, None, "more than the limit of 5 MB"),
    Case("oversized-narrative", lambda p: write(p, RETURNS, "word " * 120_000),
         RETURNS, None, None, "more than the limit of 512 KB"),
    # -- round structure and URLs ---------------------------------------------------------
    Case("duplicate-section-id", lambda p: edit(p, RY, "  - id: returns", "  - id: overview"),
         RY, 41, "id", r"section id 'overview' is used twice \(first on line 24\)"),
    Case("javascript-terms-url", lambda p: edit(p, RY, "terms_url: https://dtm.iom.int/terms-and-conditions",
                                                "terms_url: javascript:alert(1)"),
         RY, 12, "terms_url", URL),
    Case("mixed-case-tab-terms-url", lambda p: edit(
        p, RY, "terms_url: https://dtm.iom.int/terms-and-conditions",
        'terms_url: "\\tJaVaScRiPt:alert(1)"'), RY, 12, "terms_url", URL),
    Case("data-contact-url", lambda p: edit(p, RY, "url: mailto:test@example.org",
                                            "url: data:text/html,<script>alert(1)</script>"),
         RY, 17, "contacts.0.url", URL),
    Case("vbscript-contact-url", lambda p: edit(p, RY, "url: mailto:test@example.org",
                                                "url: VBScript:msgbox"),
         RY, 17, "contacts.0.url", URL),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input_is_rejected_cleanly(mini: Path, case: Case):
    case.mutate(mini)
    assert_rejected(mini, file=case.file, line=case.line, field=case.field, message=case.message)


def test_the_corpus_covers_many_distinct_cases():
    assert len({c.id for c in CASES}) == len(CASES) >= 30


# -- what must keep working -------------------------------------------------------------

def _round(project: Path):
    """The round ROUND names, as load_project finds it."""
    key = ROUND.removeprefix("data/countries/")
    return next(r for r in load_project(project / "data").rounds if r.key == key)


def test_a_quoted_multiline_cell_keeps_its_newline(mini: Path):
    write(mini, KF, 'indicator,value,unit\n"Return\nmigrants",1200,people\n'
                    "Provinces assessed,3,provinces\n")
    rnd = _round(mini)
    assert rnd.tables["key_figures"].values("indicator")[0] == "Return\nmigrants"
    assert rnd.tables["key_figures"].lines == (2, 4)


def test_declared_bounds_and_totals_accept_good_data(mini: Path):
    edit(mini, TY, "    key: country\n", "    key: country\n"
         "    totals: [{column: percent, equals: 100, tolerance: 1}]\n")
    edit(mini, TY, "        description: Return migrants.\n",
         "        description: Return migrants.\n        min: -1000\n")
    edit(mini, RC, "China,120,10", "China,-120,10.5")
    rnd = _round(mini)
    assert rnd.tables["return_countries"].values("count")[2] == -120


def test_dates_are_parsed_from_strings(mini_project):
    assert mini_project.rounds
    for rnd in mini_project.rounds:
        for value in (rnd.meta.published, rnd.meta.data_collection.start,
                      rnd.meta.source_report.published):
            assert isinstance(value, (date, PartialDate)), value
            assert not isinstance(value, str)


def test_trends_narrative_is_read_while_validating(mini: Path):
    write(mini, f"{ROUND}/narrative/trends.md", "Trends in words.\n")
    edit(mini, RY, "coverage_table: coverage\n",
         "coverage_table: coverage\ntrends_narrative: narrative/trends.md\n")
    assert _round(mini).trends_text == "Trends in words.\n"


MEASURE = textwrap.dedent("""
    import resource, sys, time
    from generator.load import LoadFailed, parse_yaml
    text = sys.stdin.read()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    try:
        parse_yaml(text, "bomb.yml")
    except LoadFailed as exc:
        print(exc.problem.message)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(time.perf_counter() - t0, before, after)
""")


def test_the_alias_bomb_fails_fast_and_small():
    """A billion-laughs file (10^9 strings if expanded) is refused at its first anchor."""
    proc = subprocess.run([sys.executable, "-c", MEASURE], input=BOMB, capture_output=True,
                          text=True, cwd=ROOT, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    message, numbers = proc.stdout.strip().splitlines()
    seconds, before_kb, after_kb = (float(x) for x in numbers.split())
    print(f"alias bomb: {seconds * 1000:.2f} ms, max RSS {after_kb / 1024:.1f} MB "
          f"(+{(after_kb - before_kb) / 1024:.1f} MB while parsing)")
    assert "aliases/anchors" in message
    # Refused at the first anchor, before anything is expanded: no growth to speak of. (The
    # absolute max RSS inherits the parent's high-water mark across fork, so it is not used;
    # time is reported, not asserted: speed belongs to `make bench`.)
    assert after_kb - before_kb < 100 * 1024
