"""The Data page's "Downloads" block, from the model alone (the files need not exist yet)."""

from __future__ import annotations

from generator import markup
from generator.downloads import hxl, names
from generator.model import Round


def downloads_block(rnd: Round, root: str) -> str:
    """HTML of the block; `root` leads from the page to the round's docs root.

    `rnd` is the edition the page is written in: the labels are in its language and the
    report's title as it gives it; the links are those of every edition (the file names
    come from the country and the round's id), to the one data package made from the
    English round (store.files). It prints no number of its own (the published-number
    snapshot reads the Data page)."""
    base = f"{root}{names.FOLDER}/"
    meta = rnd.meta
    licence = meta.effective_licence
    return str(markup.render(
        "downloads.html", rnd.messages, archive=base + names.archive(rnd),
        workbook=base + names.workbook(rnd), datapackage=base + names.DATAPACKAGE,
        hxl_archive=base + names.hxl_archive(rnd),
        has_hxl=any(hxl.has_edition(t) for t in rnd.tables.values()),
        bibtex=base + names.bibtex(rnd), ris=base + names.ris(rnd),
        licence_name=licence.name, licence_url=licence.url,
        report_title=meta.source_report.title, report_url=meta.report_url))
