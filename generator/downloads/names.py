"""The file names of the downloads, relative to the round's downloads/ folder.

Shared by the writer (store.py) and the Data page block (block.py), which only needs the
round, not the files. Names carry the round's slug so a reader's Downloads folder tells
rounds apart; the data package keeps its conventional name.
"""

from __future__ import annotations

from generator.model import Round

FOLDER = "downloads"
DATAPACKAGE = "datapackage.json"


def slug(rnd: Round) -> str:
    return f"{rnd.country}-{rnd.id}"


def csv(table: str) -> str:
    return f"csv/{table}.csv"


def sidecar(table: str) -> str:
    # The W3C CSV on the Web convention: metadata for <file> is found at <file>-metadata.json.
    return f"csv/{table}.csv-metadata.json"


def hxl(table: str) -> str:
    return f"hxl/{table}.hxl.csv"


def workbook(rnd: Round) -> str:
    return f"{slug(rnd)}.xlsx"


def archive(rnd: Round) -> str:
    return f"{slug(rnd)}-data.zip"


def bibtex(rnd: Round) -> str:
    return f"{slug(rnd)}.bib"


def ris(rnd: Round) -> str:
    return f"{slug(rnd)}.ris"


def hxl_archive(rnd: Round) -> str:
    return f"{slug(rnd)}-hxl.zip"


README = "README.txt"
