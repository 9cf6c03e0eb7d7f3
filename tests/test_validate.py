import pytest
from pydantic import ValidationError

from generator.contract import Column, Contact, Figure, Section
from generator.load import LoadFailed, parse_csv, parse_yaml
from generator.validate import FIGURE_ROLES, LIMIT, value_range


def test_every_figure_kind_has_its_roles_declared():
    kinds = Figure.model_fields["kind"].annotation.__args__
    assert set(kinds) == set(FIGURE_ROLES)


def test_numeric_columns_have_default_ranges_that_min_and_max_replace():
    assert value_range(Column(type="integer", description="d")) == (0, LIMIT)
    assert value_range(Column(type="percent", description="d")) == (0, 100)
    assert value_range(Column(type="percent", description="d", min=-50, max=300)) == (-50, 300)
    assert value_range(Column(type="number", description="d", max=10**30)) == (-LIMIT, LIMIT)
    assert value_range(Column(type="text", description="d")) is None
    with pytest.raises(ValidationError, match="numeric columns"):
        Column(type="text", description="d", min=0)


@pytest.mark.parametrize("url", ["https://x.org/a", "http://x.org", "mailto:a@b.org",
                                 "terms.html", "../about/", "#top", "HTTPS://X.ORG"])
def test_safe_links_pass(url):
    assert Contact(label="l", url=url).url == url


@pytest.mark.parametrize("url", ["javascript:alert(1)", " javascript:x", "\x01javascript:x",
                                 "JAVASCRIPT:x", "java\tscript:x", "data:text/html,x",
                                 "vbscript:x", "file:///etc/passwd", ""])
def test_unsafe_links_fail(url):
    with pytest.raises(ValidationError, match="expected an https:, http: or mailto: URL"):
        Contact(label="l", url=url)


@pytest.mark.parametrize("path", ["/etc/passwd", "../x.md", "narrative/../../x.md",
                                  "C:\\x.md", "narrative\\x.md", " narrative/x.md", ""])
def test_file_fields_stay_in_the_round_folder(path):
    with pytest.raises(ValidationError, match="must be a file inside the round folder"):
        Section(id="s", title="t", narrative=path)


def test_yaml_dates_stay_strings_and_duplicates_name_both_lines():
    assert parse_yaml("d: 2024-13-45\n", "f.yml").data == {"d": "2024-13-45"}
    with pytest.raises(LoadFailed, match=r"f.yml:3: \[a\] .*first on line 1"):
        parse_yaml("a: 1\nb: 2\na: 3\n", "f.yml")


def test_csv_rows_report_the_line_where_they_start():
    csv_file = parse_csv('a,b\n"x\ny",1\nz,2\n', "f.csv")
    assert [(r.line, r.cells["a"]) for r in csv_file.rows] == [(2, "x\ny"), (4, "z")]
