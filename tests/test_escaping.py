"""Every text from data/ is escaped in every context it reaches, by construction.

Unit tests feed each template and each raw context (MkDocs config, front matter,
map document, redirect) a payload; a build of the `mini` fixture with payloads in
every text field of round.yml, tables.yml, the CSV cells and the province names
then checks every generated file. tests/test_browser_hostile.py opens the same
build in Chromium. Narrative Markdown is not covered here (generator/sanitize.py).
"""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator import markup
from generator.contract import Column, Figure, TableSpec
from generator.figures import Renderers, render_figure
from generator.layout import redirect_html
from generator.maps.document import _js_template_safe
from generator.pages import front_matter, heading
from generator.project import load_project
from generator.tabular import html_table
from tests.conftest import free_port, stage_project

SCRIPT = "<script>window.__xss=1</script>"
IMG = '"><img src=x onerror="window.__xss=1">'
TITLE = "</title><script>window.__xss=1</script>"
QUOTE = "' onmouseover='window.__xss=1' x='"
ENTITY = "&lt;script&gt;window.__xss=1&lt;/script&gt;"  # unescaped by `striptags`
MARKDOWN = "[go](javascript:window.__xss=1) {: onclick=\"window.__xss=1\" } *x*"
PAYLOADS = (SCRIPT, IMG, TITLE, QUOTE, ENTITY, MARKDOWN)
ROUND = "data/countries/kaz/2030-01-mini-round"
NEWER = "2030-02-mini-round"
OLD_PATH = "kaz/2030-01-mini-round"  # where the payload rounds are built
NEW_PATH = f"kaz/{NEWER}"



class _Live(HTMLParser):
    """What a browser would run from a payload: a script element it opened, an event
    handler attribute, a javascript: URL or the payload's <img>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._script = tag == "script"
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "__xss" in value:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and value.strip().lower().startswith(
                    "javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_data(self, data: str) -> None:
        if self._script and data.lstrip().startswith("window.__xss"):
            self.found.append(f"<script>{data[:40]}")
            self._script = False


def live(html: str) -> list[str]:
    parser = _Live()
    parser.feed(html)
    parser.close()
    return parser.found


def tagged(label: str) -> str:
    """A field's text: its name (to find it on the page) and every payload."""
    return f"{label} " + " ".join(PAYLOADS)


# -- unit tests: each template context --------------------------------------------------------

def test_render_escapes_text_and_attribute_contexts():
    html = markup.render("heading.html", title=SCRIPT + IMG + QUOTE + "&", id='x"y')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&#34;&gt;&lt;img" in html
    assert "&#39; onmouseover=&#39;" in html and "&amp;" in html
    assert 'id="x&#34;y"' in html


def test_render_folds_newlines_so_markdown_keeps_the_block_whole():
    html = markup.render("heading.html", title="a\n\nb", id="t")
    assert "\n" not in html and ">a b<" in html


def test_render_fails_on_a_missing_value():
    from jinja2 import UndefinedError

    with pytest.raises(UndefinedError):
        markup.render("heading.html", title="t")


def test_text_for_raw_contexts_escapes_quotes_and_ampersands():
    assert markup.text(SCRIPT) == "&lt;script&gt;window.__xss=1&lt;/script&gt;"
    assert markup.text('a"b\'c&d') == "a&#34;b&#39;c&amp;d"
    assert markup.text(ENTITY).startswith("&amp;lt;script")


def test_front_matter_values_are_escaped_html_in_valid_yaml():
    fm = front_matter(TITLE + QUOTE, IMG + "\n" + ENTITY)
    meta = yaml.safe_load(fm.strip().strip("-"))
    assert meta["title"] == markup.text(TITLE + QUOTE)
    assert meta["description"] == markup.text(IMG + " " + ENTITY)
    assert '"' not in meta["description"] and "<" not in meta["title"]


def test_heading_is_html_not_markdown():
    h = heading(MARKDOWN, "fallback")
    assert h.startswith("<h1 ") and "javascript:" in h and "<a " not in h
    assert heading("!!!", "fallback") == '<h1 id="fallback">!!!</h1>'


def test_html_table_escapes_cells_headers_and_descriptions():
    spec = TableSpec(file="tables/t.csv", title="t", source="s", columns={
        "name": Column(type="text", description=IMG, unit=SCRIPT),
        "n": Column(type="integer", description="n"),
    })
    html = html_table(spec, [{"name": SCRIPT, "n": 1}], caption=TITLE)
    assert not live(html) and "</title>" not in html
    assert 'title="&#34;&gt;&lt;img' in html


def test_redirect_escapes_title_attribute_and_script():
    html = redirect_html('x"></script><script>window.__xss=1</script>', TITLE)
    assert not live(html)
    # In the script, the target is JSON with < escaped: no `</script>` inside it.
    script = re.search(r"<script>(.*?)</script>", html).group(1)
    assert "<" not in script and json.loads(script.split("location.replace(")[1].split(" +")[0])


def test_map_tooltip_text_cannot_end_the_script_or_the_template_literal():
    text = _js_template_safe("<strong>a</strong>`${x}`\\</script>")
    assert "</" not in text and "`" not in text and "${" not in text and "\\" not in text.replace(
        "<\\/", "")


def test_urls_from_data_stay_inside_their_attribute():
    html = markup.render("citation.html", citation=SCRIPT, disclaimer=IMG, root="../",
                         pdf="../downloads/x.pdf",
                         terms_url='https://example.org/"onmouseover="window.__xss=1')
    assert not live(html)
    assert 'href="https://example.org/&#34;onmouseover=&#34;window.__xss=1"' in html


def test_trends_intro_is_html_not_markdown():
    html = markup.render("trends_intro.html", country=IMG, titles=[MARKDOWN, SCRIPT])
    assert not live(html) and "<em>[go](javascript:" in html and "&lt;script&gt;" in html
    assert "&#34;&gt;&lt;img src=x" in html


def test_figure_templates_escape_every_field(mini):
    rnd = next(r for r in load_project(mini / "data").rounds if r.key == OLD_PATH)
    section = rnd.sections[1]
    fig = section.figures[0]
    hostile = fig.model_copy(update={"title": tagged("t"), "caption": tagged("c"),
                                     "note": tagged("n")})

    def chart(f, table, messages):
        from generator.charts import ChartArtifact

        return ChartArtifact(f.id, "{}", "<svg/>", tagged("summary"), "", "", 1, 1)

    html = render_figure(hostile, rnd, renderers=Renderers(chart=chart)).html
    assert not live(html) and "</title>" not in html
    assert "\n" not in html
    for kind in ("key_figures", "definitions", "table"):
        other = Figure(id="x", kind=kind, table="return_countries", title=tagged(kind),
                       category="country", value="count", note=tagged("note"),
                       columns=["country", "count"])
        html = render_figure(other, rnd).html
        assert not live(html) and tagged(kind)[:4] in html, kind


# -- the payload project, built once per session ----------------------------------------------

def _edit_yaml(path: Path, edit) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _hostile_round(meta: dict) -> None:
    for key in ("title", "short_title", "kind", "citation", "disclaimer", "map_disclaimer"):
        meta[key] = tagged(key)
    meta["funding"] = tagged("funding")
    meta["contacts"] = [{"label": tagged("contact"), "url": "mailto:test@example.org"}]
    meta["source_report"]["title"] = tagged("report")
    for section in meta["sections"]:
        section["title"] = tagged(f"Section {section['id']}")
        section["nav_title"] = tagged(f"Nav {section['id']}")
        for fig in section["figures"]:
            fig["title"] = tagged(f"Figure {fig['id']}")
            fig["caption"] = tagged("caption")
            fig["note"] = tagged("note")
            if fig["kind"] in ("choropleth", "coverage_map", "bubble_map", "heat_table"):
                fig["legend_title"] = tagged("legend")
    meta["indicators"] = {"returns": {
        "value": "return_countries.russian_federation.count", "label": tagged("indicator"),
        "period": tagged("period"), "coverage": tagged("coverage"), "note": tagged("inote")}}


def _hostile_tables(tables: dict) -> None:
    for name, spec in tables["tables"].items():
        spec["title"] = tagged(f"table {name}")
        spec["source"] = tagged("source")
        spec["note"] = tagged("tnote")
        for col in spec["columns"].values():
            col["description"] = tagged("description")
            if col.get("unit") and not col["unit"].startswith("varies"):
                col["unit"] = tagged("unit")


def _hostile_csv(round_dir: Path) -> None:
    tables = round_dir / "tables"
    # New rows carry the payloads; the rows the narrative names stay as they are.
    with (tables / "key_figures.csv").open("a", encoding="utf-8") as f:
        f.write(f'"{SCRIPT}",7,"{IMG.replace(chr(34), chr(34) * 2)}"\n')
    with (tables / "return_countries.csv").open("a", encoding="utf-8") as f:
        f.write(f'"{SCRIPT}",10,5\n"{IMG.replace(chr(34), chr(34) * 2)}",5,3\n"{TITLE}",1,1\n')
    # Provinces renamed below are named by their ISO code.
    for name in ("coverage.csv", "return_by_province.csv"):
        path = tables / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Kostanay", "KZ-39").replace("Almaty city", "KZ-75"),
                        encoding="utf-8")


def _hostile_boundaries(geo: Path) -> None:
    data = json.loads(geo.read_text(encoding="utf-8"))
    for feat in data["features"]:
        p = feat["properties"]
        if p["iso_3166_2"] in ("KZ-39", "KZ-75"):  # a region and a city (a circle marker)
            p["name_en"] = f"{p['name_en']} {SCRIPT} {IMG} {TITLE} `${{x}}` \\"
            p["name_local"] = tagged(p["name_local"])
    geo.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def make_hostile_project(dest: Path) -> Path:
    """The mini project with payloads in every text field, plus a newer round like it
    (so the older round shows the "newer round" notice and the trends page is built)."""
    project = stage_project("mini", dest)
    old = project / ROUND
    _edit_yaml(old / "round.yml", _hostile_round)
    _edit_yaml(old / "tables.yml", _hostile_tables)
    _hostile_csv(old)
    _hostile_boundaries(project / "data/geo/kaz_adm1.geojson")
    # Only the payload round and its copy: the fixture's other round would add build time.
    for other in (project / "data/countries/kaz").iterdir():
        if other != old:
            shutil.rmtree(other)
    new = project / "data/countries/kaz" / NEWER
    shutil.copytree(old, new)

    def newer(meta: dict) -> None:
        meta["id"] = NEWER
        meta["short_title"] = tagged("newer short_title")
        meta["published"] = meta["source_report"]["published"] = "2030-02-15"

    _edit_yaml(new / "round.yml", newer)
    return project


HOSTILE = pytest.StashKey[dict]()


@pytest.fixture(scope="session")
def hostile_build(request, tmp_path_factory):
    """One build of the payload project per session, shared with the browser test."""
    if HOSTILE not in request.config.stash:
        from generator.site import build

        base = tmp_path_factory.mktemp("hostile")
        project = make_hostile_project(base / "project")
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        build(project, url, out=base / "site", progress=lambda _m: None, work=base / "work")
        request.config.stash[HOSTILE] = {"out": base / "site", "url": url, "port": port,
                                         "project": project}
    return request.config.stash[HOSTILE]


def generated(out: Path, suffixes=(".html", ".svg", ".xml")) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file() and p.suffix in suffixes)


def test_no_generated_page_svg_or_map_holds_a_live_payload(hostile_build):
    out = hostile_build["out"]
    files = generated(out)
    assert len(files) > 20
    reached = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        reached += "__xss" in text
        assert not live(text), (path.relative_to(out), live(text))
    assert reached > 10  # the payloads did reach the output, escaped


def test_map_tooltips_are_escaped_html(hostile_build):
    """Leaflet inserts tooltips as HTML (and the document reads them through innerHTML)."""
    for path in (hostile_build["out"] / OLD_PATH / "assets/maps").glob("*.html"):
        html = path.read_text(encoding="utf-8")
        tips = re.findall(r"bindTooltip\(\s*`(.*?)`", html, re.S)
        features = json.loads(re.search(r'_add\((\{"features".*\})\);', html).group(1))
        tips += [f["properties"]["tip"] for f in features["features"]]
        named = [t for t in tips if "__xss" in t]
        assert named, path
        for tip in named:
            # A template literal: `<\/` is `</` in JavaScript.
            assert not live(tip.replace("<\\/", "</")), (path.name, tip)
            assert "&lt;script&gt;" in tip


def _pages(out: Path) -> list[Path]:
    return [p for p in generated(out, (".html",)) if "assets" not in p.parts]


def test_title_and_meta_cannot_be_broken_out_of(hostile_build):
    for path in _pages(hostile_build["out"] / NEW_PATH) + _pages(hostile_build["out"] / OLD_PATH):
        html = path.read_text(encoding="utf-8")
        head = html[:html.index("</head>")]
        assert head.count("<title>") == 1 and head.count("</title>") == 1, path
        for content in re.findall(r'<meta name="description" content="([^"]*)"', head):
            assert "<" not in content, path


def test_section_title_is_shown_escaped_in_h1_nav_and_notice(hostile_build):
    out = hostile_build["out"]
    html = (out / OLD_PATH / "returns/index.html").read_text(encoding="utf-8")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert "Section returns &lt;script&gt;window.__xss=1&lt;/script&gt;" in h1
    assert "Nav returns &lt;script&gt;" in html
    notice = re.search(r'<p class="mtm-notice">(.*?)</p>', html, re.S).group(1)
    assert "newer short_title &lt;script&gt;" in notice and "&amp;lt;script&amp;gt;" in notice


def test_search_index_holds_titles_as_escaped_html(hostile_build):
    index = json.loads((hostile_build["out"] / OLD_PATH / "search/search_index.json")
                       .read_text(encoding="utf-8"))
    titles = [d["title"] for d in index["docs"]]
    assert any("Section returns &lt;script&gt;" in t for t in titles), titles
    for doc in index["docs"]:
        # Material's search results insert title and text as HTML.
        assert not live(doc["title"]) and not live(doc["text"]), doc["location"]


def test_version_selector_titles_are_escaped_html(hostile_build):
    """Material's version selector inserts versions.json titles into the page as HTML."""
    versions = json.loads((hostile_build["out"] / "kaz/versions.json").read_text(encoding="utf-8"))
    assert [v["version"] for v in versions] == [NEWER, "2030-01-mini-round"]
    for v in versions:
        assert "<" not in v["title"] and not live(v["title"])
        assert v["title"].startswith("newer short_title &lt;script&gt;") or v["title"].startswith(
            "short_title &lt;script&gt;")


def test_static_chart_svg_escapes_labels(hostile_build):
    svgs = list((hostile_build["out"] / OLD_PATH / "assets/charts").glob("*.svg"))
    assert svgs
    text = "".join(p.read_text(encoding="utf-8") for p in svgs)
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in text and "<script" not in text
    page = (hostile_build["out"] / OLD_PATH / "returns/index.html").read_text()
    assert re.search(r'<img class="mtm-chart__static" src="[^"]+\.svg"', page)


def test_chart_spec_is_json_with_the_texts_as_data(hostile_build):
    specs = list((hostile_build["out"] / OLD_PATH / "assets/charts").glob("*.vl.json"))
    spec = json.loads(specs[0].read_text(encoding="utf-8"))
    assert SCRIPT in json.dumps(spec, ensure_ascii=False)


def test_map_documents_escape_names_in_every_context(hostile_build):
    maps = list((hostile_build["out"] / OLD_PATH / "assets/maps").glob("*.html"))
    assert len(maps) == 2
    for path in maps:
        html = path.read_text(encoding="utf-8")
        # The one inline script runs to the end of the body: nothing in it ended it early.
        script = re.search(r"\n<script>\n(.*)\n</script>\n</body>", html, re.S).group(1)
        assert "</script" not in script.lower(), path
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html


def test_logo_title_and_footer_labels_are_escaped_once(hostile_build):
    """overrides/partials drop Material's second `| e`: titles arrive escaped already."""
    html = (hostile_build["out"] / OLD_PATH / "returns/index.html").read_text(encoding="utf-8")
    titles = re.findall(r'title="([^"]*)" class="md-(?:header|nav)__button md-logo"', html)
    labels = re.findall(r'class="md-footer__link[^"]*" aria-label="([^"]*)"', html)
    labels = [v for v in labels if "script" in v]  # the neighbour pages with payload titles
    assert len(titles) == 2 and labels
    for value in [*titles, *labels]:
        # Read by the browser (unescaped once), the attribute is the text as typed.
        assert "<" not in value and SCRIPT in html_lib.unescape(value), value
