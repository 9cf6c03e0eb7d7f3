"""`new-round`: start a round from the previous one, so publishing is filling in data.

The new folder gets the previous round's declarations (round.yml, tables.yml), its
narrative with every number still bound to a placeholder, and empty tables with the
right headers. It is marked `status: draft` until the team publishes it.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

from generator.contract import ROUND_ID
from generator.errors import InputError
from generator.model import load_round
from generator.project import round_dirs, select

HEADER = """\
# Scaffolded from {source} by `python -m generator new-round`.
# Fill in before publishing: title, short_title, data_collection, published, citation,
# source_report, and check disclaimer, funding, contacts, indicators and sections.
# Then fill tables/*.csv (headers are ready), update the narrative, and change
# `status: draft` to `status: published`.
"""


class ScaffoldError(Exception):
    pass


def new_round(root: Path, new_id: str, source_id: str) -> Path:
    """A draft round beside `source_id` (a round id, or `<country>/<id>`), in its country."""
    if not ROUND_ID.fullmatch(new_id):
        raise ScaffoldError(f"{new_id!r} is not a round id: use YYYY-MM-words, e.g. "
                            "'2024-10-bma-round-5' (publication year and month first)")
    try:
        found = select(round_dirs(root / "data"), [source_id], "data/countries")
    except InputError as exc:
        raise ScaffoldError(f"no round {source_id!r} to start from: "
                            f"{exc.problems[0].message}") from exc
    found = [d for d in found if (d / "round.yml").is_file()]
    if len(found) != 1:
        raise ScaffoldError(f"{source_id!r} names {len(found)} rounds: name one round, "
                            "e.g. kaz/2024-04-bma-round-4")
    source = found[0]
    rounds = source.parent  # the new round joins the source's country
    dest = rounds / new_id
    if dest.exists():
        raise ScaffoldError(f"{dest} already exists: new-round never overwrites a round")
    try:
        load_round(source, root / "data")
    except InputError as exc:
        raise ScaffoldError(f"round {source_id!r} has problems; fix them first:\n{exc.render()}") \
            from exc

    tmp = rounds / f".{new_id}.partial"
    if tmp.exists():
        shutil.rmtree(tmp)
    (tmp / "tables").mkdir(parents=True)
    (tmp / "round.yml").write_text(
        draft_round_yml((source / "round.yml").read_text(encoding="utf-8"), new_id, source_id),
        encoding="utf-8")
    shutil.copy2(source / "tables.yml", tmp / "tables.yml")
    for csv_path in sorted((source / "tables").glob("*.csv")):
        with csv_path.open(encoding="utf-8-sig", newline="") as f:
            header = next(csv.reader(f))
        with (tmp / "tables" / csv_path.name).open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerow(header)
    if (source / "narrative").is_dir():
        shutil.copytree(source / "narrative", tmp / "narrative")
    tmp.rename(dest)
    return dest


def draft_round_yml(text: str, new_id: str, source_id: str) -> str:
    text = re.sub(r"^id:.*$", f"id: {new_id}", text, count=1, flags=re.M)
    if re.search(r"^status:.*$", text, flags=re.M):
        text = re.sub(r"^status:.*$", "status: draft", text, count=1, flags=re.M)
    else:
        text = re.sub(r"^(id:.*)$", r"\1\nstatus: draft", text, count=1, flags=re.M)
    return HEADER.format(source=source_id) + text

