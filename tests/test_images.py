"""Images in narrative Markdown: published from inside the round, or a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import warm_mini
from tests.hostile import ROUND, assert_rejected, run_cli

# A checkout that built the fixture before (conftest.warm): only what a test changes is made.
mini = pytest.fixture(name="mini")(warm_mini)


NARRATIVE = f"{ROUND}/narrative/returns.md"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # enough of a PNG for the signature check


def _add(project: Path, markdown: str) -> int:
    path = project / NARRATIVE
    before = path.read_text(encoding="utf-8")
    path.write_text(before + "\n" + markdown + "\n", encoding="utf-8")
    return before.count("\n") + 2


def test_an_image_inside_the_round_is_published_and_linked(mini: Path):
    (mini / ROUND / "narrative/images").mkdir()
    (mini / ROUND / "narrative/images/fieldwork.png").write_bytes(PNG)
    _add(mini, "![Enumerators at work](images/fieldwork.png)")
    proc = run_cli(mini, "build")
    assert proc.returncode == 0, proc.stderr
    out = mini / "site" / ROUND.removeprefix("data/countries/")
    published = out / "assets/narrative/narrative/images/fieldwork.png"
    assert published.read_bytes() == PNG
    page = (out / "returns/index.html").read_text(encoding="utf-8")
    assert 'src="../assets/narrative/narrative/images/fieldwork.png"' in page
    assert 'alt="Enumerators at work"' in page


@pytest.mark.parametrize(("case", "setup", "markdown", "message"), [
    ("outside", None, "![x](../../../../../etc/passwd.png)", "outside the round folder"),
    ("missing", None, "![x](images/none.png)", "does not exist"),
    ("svg", ("images/a.svg", b"<svg onload='alert(1)'/>"), "![x](images/a.svg)",
     "not a PNG, JPEG, GIF or WebP"),
    ("not-really-png", ("images/b.png", b"<html>not an image</html>"), "![x](images/b.png)",
     "not a PNG file inside"),
    ("too-big", ("images/c.png", b"\x89PNG" + b"\x00" * (2 * 1024 * 1024)), "![x](images/c.png)",
     "limit of 2 MB"),
])
def test_an_image_that_cannot_be_published_is_an_error(mini: Path, case, setup, markdown,
                                                       message):
    if setup:
        target = mini / ROUND / "narrative" / setup[0]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(setup[1])
    line = _add(mini, markdown)
    assert_rejected(mini, file=NARRATIVE, line=line, field="image", message=message)
