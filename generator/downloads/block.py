"""The Data page's "Downloads" block, from the model alone (the files need not exist yet)."""

from __future__ import annotations

from generator import markup
from generator.downloads import hxl, names
from generator.model import Round


def downloads_block(rnd: Round, root: str) -> str:
    """HTML of the block; `root` leads from the page to the round's docs root."""
    base = f"{root}{names.FOLDER}/"
    meta = rnd.meta
    licence = meta.effective_licence
    hxl_tables = [n for n, t in rnd.tables.items() if hxl.has_edition(t)]
    return str(markup.render(
        "downloads.html", archive=base + names.archive(rnd),
        workbook=base + names.workbook(rnd), datapackage=base + names.DATAPACKAGE,
        hxl_archive=base + names.hxl_archive(rnd),
        hxl_files=[(base + names.hxl(n), names.hxl(n).split("/")[-1]) for n in hxl_tables],
        bibtex=base + names.bibtex(rnd), ris=base + names.ris(rnd),
        table_count=len(rnd.tables), licence_name=licence.name, licence_url=licence.url,
        report_title=meta.source_report.title, report_url=meta.report_url))
