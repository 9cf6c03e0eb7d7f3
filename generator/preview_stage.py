"""Turn a staged round (staging.stage_round) into a preview: its pages load livereload.js.

Also the fingerprint the preview compares to know whether a re-staged round would build
the same pages as the ones it serves.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.errors import BuildError
from generator.staging import Paths

LIVERELOAD = "assets/javascripts/livereload.js"


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml even if it uses MkDocs' own tags (!ENV, !relative)."""


_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def base_extra_javascript(mkdocs_yml: Path) -> list[Any]:
    """The shared config's extra_javascript. INHERIT replaces lists, so a round config
    that adds a script must repeat these."""
    try:
        doc = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except yaml.YAMLError as exc:
        raise BuildError(f"{mkdocs_yml.name} is not valid YAML: {exc}") from exc
    return list(doc.get("extra_javascript") or [])


def add_livereload(config: Path, paths: Paths) -> None:
    """Make a staged round (staging.stage_round) a preview: its pages load livereload.js."""
    docs = config.parent / "docs"
    target = docs / LIVERELOAD
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(paths.docs / LIVERELOAD, target)  # in case `make site` leaves it out
    doc = yaml.safe_load(config.read_text(encoding="utf-8"))
    doc["extra_javascript"] = [*base_extra_javascript(paths.mkdocs_yml), LIVERELOAD]
    config.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


def fingerprint(stage: Path) -> str:
    """A staged round's content: equal fingerprints build the same pages."""
    h = hashlib.sha256()
    for path in sorted(stage.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(stage).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
