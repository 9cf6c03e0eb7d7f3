"""The round's data package (generator/downloads/, docs/downloads.md), on the mini fixture.

Every download of the session build (`built_site`) is read back with the library a reader
would use (csv, openpyxl, frictionless, libhxl) and compared with the validated tables.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pydantic import ValidationError

from generator.contract import Column, RoundMeta
from generator.downloads import archive, citations, hxl, names, package, store
from generator.downloads.about import about
from generator.downloads.block import downloads_block
from generator.downloads.workbook import HEADER_ROW, sheet_names
from generator.errors import BuildError
from tests.conftest import COUNTRY, NEWER, OLDER, ROOT
from tests.test_escaping import IMG, PAYLOADS, SCRIPT, live

ROUNDS = (NEWER, OLDER)
FORMULAS = ("=1+1", "+1+1", "-1+1", "@SUM(A1)", "=HYPERLINK(\"https://example.org\",\"x\")")


def _round(project, rid: str):
    return next(r for r in project.rounds if r.id == rid)


def _folder(built_site, rid: str) -> Path:
    return built_site["out"] / COUNTRY / rid / names.FOLDER


def _url(built_site, rid: str) -> str:
    return f"{built_site['url']}{COUNTRY}/{rid}/"


def _same(cell, value) -> bool:
    """A cell as read back (text or number) holds the model's value."""
    if value is None:
        return cell in ("", None)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(cell) == float(value)
    return str(cell) == str(value)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside = 0
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and a.get("class") == "mtm-downloads":
            self.inside = 1
        elif tag == "section" and self.inside:
            self.inside += 1
        if tag == "a" and self.inside:
            self.hrefs.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "section" and self.inside:
            self.inside -= 1


@pytest.mark.parametrize("rid", ROUNDS)
def test_data_page_links_every_download_and_each_exists(built_site, mini_project, rid):
    page = (built_site["out"] / COUNTRY / rid / "data/index.html").read_text(encoding="utf-8")
    parser = _Links()
    parser.feed(page)
    local = [h for h in parser.hrefs if not h.startswith("https://")]
    rnd = _round(mini_project, rid)
    expected = {names.archive(rnd), names.workbook(rnd), names.DATAPACKAGE,
                names.hxl_archive(rnd), names.bibtex(rnd), names.ris(rnd)}
    assert expected <= {h.removeprefix("../downloads/") for h in local}
    for href in local:
        assert href.startswith("../downloads/"), href
        assert (built_site["out"] / COUNTRY / rid / "data" / href).resolve().is_file(), href
    licence = rnd.meta.effective_licence
    assert f'<a href="{licence.url}">{licence.name}</a>' in page
    assert "Download all data (ZIP)" in page


@pytest.mark.parametrize("rid", ROUNDS)
def test_csvs_hold_the_tables_numbers_with_a_sidecar(built_site, mini_project, rid):
    rnd = _round(mini_project, rid)
    folder = _folder(built_site, rid)
    for name, table in rnd.tables.items():
        text = (folder / names.csv(name)).read_text(encoding="utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert list(rows[0]) == list(table.spec.columns)  # the header row comes first
        assert len(rows) == len(table.rows)
        for got, want in zip(rows, table.rows, strict=True):
            assert all(_same(got[c], want[c]) for c in table.spec.columns), (name, got, want)
        side = json.loads((folder / names.sidecar(name)).read_text(encoding="utf-8"))
        assert side["url"] == f"{name}.csv" and side["dc:source"] == table.spec.source
        assert side["dc:bibliographicCitation"] == rnd.meta.citation
        assert side["dc:license"]["@id"] == rnd.meta.effective_licence.url
        assert _url(built_site, rid) in side["dc:isPartOf"]
        assert [c["name"] for c in side["tableSchema"]["columns"]] == list(table.spec.columns)


@pytest.mark.parametrize("rid", ROUNDS)
def test_workbook_round_trips_every_table_with_units_and_a_readme(built_site, mini_project, rid):
    from openpyxl import load_workbook

    rnd = _round(mini_project, rid)
    book = load_workbook(_folder(built_site, rid) / names.workbook(rnd))
    sheets = sheet_names(list(rnd.tables))
    assert book.sheetnames == ["README", *sheets.values()]
    readme = " ".join(str(c.value) for row in book["README"].iter_rows() for c in row if c.value)
    assert rnd.meta.citation in readme and rnd.meta.effective_licence.url in readme
    for name, table in rnd.tables.items():
        ws = book[sheets[name]]
        rows = list(ws.iter_rows(values_only=True))
        assert rows[0][0] == table.spec.title
        header = rows[HEADER_ROW][:len(table.spec.columns)]
        units = rows[HEADER_ROW + 1][:len(table.spec.columns)]
        assert list(header) == list(table.spec.columns)
        assert [u or None for u in units] == [c.unit for c in table.spec.columns.values()]
        data = rows[HEADER_ROW + 2:]
        assert len(data) == len(table.rows)
        for got, want in zip(data, table.rows, strict=True):
            for j, (c, col) in enumerate(table.spec.columns.items()):
                assert _same(got[j], want[c]), (name, c, got[j], want[c])
                if want[c] is not None and col.type not in ("text", "province"):
                    assert isinstance(got[j], int | float)  # numbers as numbers


@pytest.mark.parametrize("rid", ROUNDS)
def test_datapackage_validates_with_frictionless_and_describes_every_table(
        built_site, mini_project, rid):
    from frictionless import Package

    rnd = _round(mini_project, rid)
    path = _folder(built_site, rid) / names.DATAPACKAGE
    report = Package(str(path)).validate()
    assert report.valid, report.flatten(["type", "note"])
    desc = json.loads(path.read_text(encoding="utf-8"))
    assert [r["name"] for r in desc["resources"]] == list(rnd.tables)
    assert desc["licenses"][0]["path"] == rnd.meta.effective_licence.url
    assert desc["homepage"] == _url(built_site, rid) and desc["citation"] == rnd.meta.citation
    for res in desc["resources"]:
        spec = rnd.tables[res["name"]].spec
        assert res["sources"] == [{"title": spec.source}]
        units = {f["name"]: f.get("unit") for f in res["schema"]["fields"]}
        assert units == {c: col.unit for c, col in spec.columns.items()}


def test_an_optional_key_is_no_primary_key_so_an_empty_key_cell_validates(mini_project):
    from generator.downloads.datapackage import descriptor, to_json, validate

    rnd = _round(mini_project, NEWER)
    table = rnd.tables["return_countries"]
    assert table.spec.key_columns == ["country"]
    col = table.spec.columns["country"].model_copy(update={"required": False})
    spec = table.spec.model_copy(update={"columns": {**table.spec.columns, "country": col}})
    rows = (*table.rows, {**table.rows[0], "country": None})
    rnd = dataclasses.replace(rnd, tables={"return_countries": dataclasses.replace(
        table, spec=spec, rows=rows)})
    desc = descriptor(rnd, about(rnd, "https://example.org/r/"))
    assert "primaryKey" not in desc["resources"][0]["schema"]
    validate({names.DATAPACKAGE: to_json(desc),
              names.csv("return_countries"): package.table_csv(rnd.tables["return_countries"])},
             rnd.key)


def test_a_package_frictionless_rejects_stops_the_build_with_a_clear_message(mini_project):
    rnd = _round(mini_project, NEWER)
    files = package.render(rnd, "https://example.org/r/")
    broken = {k: v for k, v in files.items() if k.startswith("csv/") or k == names.DATAPACKAGE}
    broken[names.csv("return_countries")] = b"country,count,percent\nChina,many,10\n"
    with pytest.raises(BuildError, match=r"(?s)kaz/2030-01-mini-round: the data package does not "
                                         r"validate .*return_countries.*many"):
        from generator.downloads.datapackage import validate

        validate(broken, rnd.key)


@pytest.mark.parametrize("rid", ROUNDS)
def test_hxl_edition_parses_with_libhxl_and_carries_the_tags(built_site, mini_project, rid):
    import hxl as libhxl

    rnd = _round(mini_project, rid)
    folder = _folder(built_site, rid)
    editions = 0
    for name, table in rnd.tables.items():
        path = folder / names.hxl(name)
        assert path.is_file() == hxl.has_edition(table), name
        if not path.is_file():
            continue
        editions += 1
        source = libhxl.data(str(path), libhxl.InputOptions(allow_local=True))
        rows = list(source)
        assert len(rows) == len(table.rows)
        tags = dict(zip([c.header for c in source.columns], source.display_tags, strict=True))
        for c, col in table.spec.columns.items():
            assert tags[c] == hxl.tag(col)
            if col.type == "province":
                assert tags[c] == "#adm1+name" and tags[f"{c}_code"] == "#adm1+code"
                codes = [r.get("#adm1+code") for r in rows]
                assert all(re.fullmatch(r"KZ-\d\d", code) for code in codes), codes
            if col.type == "percent":
                assert tags[c] == "#indicator+pct"
        tag_of = {c: hxl.tag(col) for c, col in table.spec.columns.items()}
        for row, want in zip(rows, table.rows, strict=True):
            for c in table.spec.columns:
                got = row.values[[col.header for col in source.columns].index(c)]
                assert _same(got, want[c]), (name, c, tag_of[c])
    assert editions >= 1


def test_a_declared_hxl_tag_replaces_the_derived_one_and_is_validated(mini_project):
    rnd = _round(mini_project, NEWER)
    table = rnd.tables["return_countries"]
    col = table.spec.columns["country"].model_copy(update={"hxl": "#country+origin"})
    spec = table.spec.model_copy(update={"columns": {**table.spec.columns, "country": col}})
    text = hxl.hxl_csv(dataclasses.replace(table, spec=spec), rnd.boundaries).decode()
    assert text.splitlines()[1] == "#country+origin,#indicator+num,#indicator+pct"
    assert Column(type="text", description="d", hxl="#affected+f+adults").hxl
    for bad in ("country+origin", "#Country", "#adm1 +name", "#x,#y", "#x\n#y", ""):
        with pytest.raises(ValidationError, match="HXL hashtag"):
            Column(type="text", description="d", hxl=bad)


@pytest.mark.parametrize("rid", ROUNDS)
def test_zip_holds_every_download_with_fixed_times_in_sorted_order(built_site, mini_project, rid):
    rnd = _round(mini_project, rid)
    folder = _folder(built_site, rid)
    on_disk = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
               if p.is_file() and p.suffix != ".zip"}
    with zipfile.ZipFile(folder / names.archive(rnd)) as zf:
        infos = zf.infolist()
        prefix = f"{names.slug(rnd)}/"
        assert [i.filename for i in infos] == sorted(prefix + k for k in on_disk)
        assert all(i.date_time == archive.FIXED for i in infos)
        assert {i.filename.removeprefix(prefix): zf.read(i) for i in infos} == on_disk
    with zipfile.ZipFile(folder / names.hxl_archive(rnd)) as zf:
        assert sorted(n.split("/", 1)[1] for n in zf.namelist()) == sorted(
            k for k in on_disk if k.startswith("hxl/"))


def test_downloads_are_byte_identical_in_another_process_and_time_zone(built_site, mini_project):
    """The session build against a fresh render in a new process (no cache), other TZ."""
    code = ("import sys, json, base64; from pathlib import Path;"
            "from generator.project import load_project; from generator.downloads import package;"
            f"r = next(x for x in load_project(Path({str(ROOT / 'tests/fixtures/mini/data')!r}))"
            f".rounds if x.id == {NEWER!r});"
            f"out = package.render(r, {_url(built_site, NEWER)!r});"
            "print(json.dumps({k: base64.b64encode(v).decode() for k, v in out.items()}))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env={"TZ": "Pacific/Kiritimati", "PATH": "/usr/bin:/bin"},
                          check=True)
    import base64

    fresh = {k: base64.b64decode(v) for k, v in json.loads(proc.stdout).items()}
    folder = _folder(built_site, NEWER)
    built = {p.relative_to(folder).as_posix(): p.read_bytes()
             for p in folder.rglob("*") if p.is_file()}
    assert built.keys() == fresh.keys()
    assert [k for k in built if built[k] != fresh[k]] == []


def test_an_unchanged_round_comes_from_the_cache_and_a_change_renders_again(
        tmp_path, mini_project, monkeypatch):
    rnd = _round(mini_project, NEWER)
    url = "https://example.org/kaz/r/"
    first = store.files(rnd, url, tmp_path)
    assert all(k.startswith("downloads/") for k in first)

    def fail(*_a):
        raise AssertionError("rendered again")

    with monkeypatch.context() as m:
        m.setattr(package, "render", fail)
        assert store.files(rnd, url, tmp_path) == first
    changed = dataclasses.replace(rnd, meta=rnd.meta.model_copy(update={"citation": "New."}))
    assert store.key(changed, url) != store.key(rnd, url)
    again = store.files(changed, url, tmp_path)
    assert b"New." in again[f"downloads/{names.bibtex(rnd)}"]
    entries = list((tmp_path / "downloads" / COUNTRY / NEWER).glob("*.zip"))
    assert [e.stem for e in entries] == [store.key(changed, url)]  # the old entry is gone


def _hostile_round(rnd):
    """The round with formulas and payloads in a table title, source, note and text cells."""
    table = rnd.tables["return_countries"]
    spec = table.spec.model_copy(update={"title": FORMULAS[0] + " " + SCRIPT,
                                         "source": FORMULAS[3], "note": FORMULAS[4]})
    rows = tuple({**r, "country": FORMULAS[i % len(FORMULAS)]} for i, r in enumerate(table.rows))
    rows += tuple({**table.rows[0], "country": f} for f in FORMULAS[len(table.rows):])
    tables = {**rnd.tables, "return_countries": dataclasses.replace(table, spec=spec, rows=rows)}
    meta = rnd.meta.model_copy(update={"title": "A {title} } with \\ %, $ and #\nline 2",
                                       "citation": "Cite } \n TY  - JOUR {"})
    return dataclasses.replace(rnd, tables=tables, meta=meta)


def test_formulas_in_data_stay_text_in_the_workbook(mini_project):
    from openpyxl import load_workbook

    rnd = _hostile_round(_round(mini_project, NEWER))
    out = package.render(rnd, "https://example.org/r/")
    book = load_workbook(io.BytesIO(out[names.workbook(rnd)]))
    ws = book[sheet_names(list(rnd.tables))["return_countries"]]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    seen = {c.value for c in cells}
    assert set(FORMULAS) <= seen and any(SCRIPT in v for v in seen)
    assert all(c.data_type == "s" for c in cells)  # a string, never "f" (formula)
    with zipfile.ZipFile(io.BytesIO(out[names.workbook(rnd)])) as xlsx:
        sheets = [n for n in xlsx.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == len(rnd.tables) + 1
        assert not any(b"<f>" in xlsx.read(n) for n in sheets)
    # The CSV keeps the exact text, quoted where needed, one row per observation.
    rows = list(csv.DictReader(io.StringIO(out[names.csv("return_countries")].decode())))
    assert [r["country"] for r in rows] == [r["country"] for r in rnd.tables[
        "return_countries"].rows]


def test_citations_escape_braces_and_keep_ris_tags_on_their_lines(mini_project):
    rnd = _hostile_round(_round(mini_project, NEWER))
    ab = about(rnd, "https://example.org/r/")
    bib = citations.bibtex(ab).decode()
    unescaped = re.sub(r"\\[{}]", "", bib)
    depth = 0
    for ch in unescaped:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0, bib
    assert depth == 0 and bib.count("\n@") == 0
    assert r"A \{title\} \} with \textbackslash{} \%, \$ and \# line 2" in bib
    ris = citations.ris(ab).decode()
    lines = ris.split("\r\n")
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines if line), lines
    assert sum(line.startswith("TY  -") for line in lines) == 1
    assert lines[-2] == "ER  - "


def test_downloads_block_escapes_every_text_and_links_the_report(mini_project):
    rnd = _round(mini_project, NEWER)
    meta = rnd.meta.model_copy(update={
        "licence": rnd.meta.effective_licence.model_copy(update={"name": " ".join(PAYLOADS)}),
        "report_url": 'https://example.org/r.pdf"onmouseover="window.__xss=1',
        "source_report": rnd.meta.source_report.model_copy(update={"title": IMG})})
    html = downloads_block(dataclasses.replace(rnd, meta=meta), "../")
    assert not live(html) and "&lt;script&gt;" in html
    assert 'href="https://example.org/r.pdf&#34;onmouseover=' in html
    assert "Original report:" in html
    plain = downloads_block(rnd, "../")
    assert "Original report:" not in plain  # the fixture declares no report_url


def test_round_fields_are_checked_like_every_link(mini_project):
    data = _round(mini_project, NEWER).meta.model_dump(mode="json")
    ok = RoundMeta.model_validate({**data, "report_url": "https://example.org/report.pdf",
                                   "licence": {"name": "CC BY 4.0",
                                               "url": "https://creativecommons.org/licenses/by/4.0/"}})
    assert ok.effective_licence.name == "CC BY 4.0"
    assert RoundMeta.model_validate(data).effective_licence.url == data["terms_url"]
    for bad in ({"report_url": "javascript:alert(1)"},
                {"licence": {"name": "x", "url": "data:text/html,x"}},
                {"licence": {"name": "x"}},
                {"licence": {"name": "x", "url": "https://x.org", "extra": 1}}):
        with pytest.raises(ValidationError):
            RoundMeta.model_validate({**data, **bad})


@pytest.mark.parametrize(("file", "old", "new", "field"), [
    ("tables.yml", "        description: Country returned from.\n",
     '        description: Country returned from.\n        hxl: "#country origin"\n',
     "tables.return_countries.columns.country.hxl"),
    ("round.yml", "terms_url: https://dtm.iom.int/terms-and-conditions\n",
     "terms_url: https://dtm.iom.int/terms-and-conditions\nreport_url: javascript:alert(1)\n",
     "report_url"),
])
def test_check_rejects_a_bad_tag_or_report_link_with_file_line_and_field(
        mini, file, old, new, field):
    from tests.hostile import ROUND, assert_rejected

    path = mini / ROUND / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    # The added key is the last line of `new`.
    line = text[:text.index(old)].count("\n") + len(new.splitlines())
    assert_rejected(mini, file=f"{ROUND}/{file}", line=line, field=field)
