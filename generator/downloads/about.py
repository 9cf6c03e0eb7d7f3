"""What every download says about its round: title, citation, licence, address, source.

One value built from the model and the round's public address, so the CSV sidecars, the
workbook's README sheet, the data package and the citations cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import countries
from generator.dates import PartialDate
from generator.model import Round

AUTHOR = "International Organization for Migration (IOM)"


@dataclass(frozen=True)
class About:
    key: str  # "kaz/2024-04-bma-round-4"
    slug: str  # "kaz-2024-04-bma-round-4": file names and the package name
    title: str
    short_title: str
    country: str  # the country's name
    url: str  # the round's public address, ending in "/"
    citation: str
    licence_name: str
    licence_url: str
    terms_url: str
    published: PartialDate
    report_title: str
    report_url: str | None
    collection_start: str
    collection_end: str

    @property
    def downloads_url(self) -> str:
        return self.url + "downloads/"

    def lines(self) -> list[tuple[str, str]]:
        """The facts as label/value pairs, in reading order (sidecars, README sheet)."""
        rows = [("Round", self.title), ("Country", self.country),
                ("Published", self.published.display()),
                ("Data collection", f"{self.collection_start} to {self.collection_end}"),
                ("Web page", self.url), ("Required citation", self.citation),
                ("Licence", f"{self.licence_name} ({self.licence_url})"),
                ("Source report", self.report_title)]
        if self.report_url:
            rows.append(("Source report online", self.report_url))
        return rows


def about(rnd: Round, round_url: str) -> About:
    meta = rnd.meta
    licence = meta.effective_licence
    return About(
        key=rnd.key, slug=f"{rnd.country}-{rnd.id}", title=meta.title,
        short_title=meta.short_title, country=countries.country_name(meta.country),
        url=round_url if round_url.endswith("/") else round_url + "/",
        citation=meta.citation, licence_name=licence.name, licence_url=licence.url,
        terms_url=meta.terms_url, published=meta.published,
        report_title=meta.source_report.title, report_url=meta.report_url,
        collection_start=meta.data_collection.start.isoformat(),
        collection_end=meta.data_collection.end.isoformat())
