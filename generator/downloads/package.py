"""Every download of one round, as bytes by path inside downloads/ (validated)."""

from __future__ import annotations

from generator.downloads import hxl, names
from generator.downloads.about import About, about
from generator.downloads.archive import zip_bytes
from generator.downloads.citations import bibtex, ris
from generator.downloads.datapackage import descriptor, to_json, validate
from generator.downloads.tables import sidecar, table_csv
from generator.downloads.workbook import workbook
from generator.model import Round


def render(rnd: Round, round_url: str) -> dict[str, bytes]:
    ab = about(rnd, round_url)
    out: dict[str, bytes] = {}
    for name, table in rnd.tables.items():
        out[names.csv(name)] = table_csv(table)
        out[names.sidecar(name)] = sidecar(table, ab)
    out[names.DATAPACKAGE] = to_json(descriptor(rnd, ab))
    validate(out, rnd.key)  # the CSVs and the descriptor, as they are published
    editions = {names.hxl(name): hxl.hxl_csv(table, rnd.boundaries)
                for name, table in rnd.tables.items() if hxl.has_edition(table)}
    out.update(editions)
    out[names.workbook(rnd)] = workbook(rnd, ab)
    out[names.bibtex(rnd)] = bibtex(ab)
    out[names.ris(rnd)] = ris(ab)
    out[names.README] = readme(ab, sorted(out))
    out[names.hxl_archive(rnd)] = zip_bytes(editions, f"{ab.slug}-hxl")
    everything = {k: v for k, v in out.items() if k != names.hxl_archive(rnd)}
    out[names.archive(rnd)] = zip_bytes(everything, ab.slug)
    return out


def readme(ab: About, files: list[str]) -> bytes:
    """A plain-text note at the top of the ZIP: what the round is, how to cite, the licence."""
    lines = [ab.title, "=" * min(len(ab.title), 78), ""]
    lines += [f"{label}: {value}" for label, value in ab.lines()]
    lines += ["", "Files:", *(f"  {f}" for f in [*files, names.README])]
    lines += ["", "csv/ holds each table as CSV (UTF-8, header row first) with its metadata "
              "in <table>.csv-metadata.json (W3C CSV on the Web); datapackage.json describes "
              "them as a Frictionless Data Package; hxl/ holds the HXL edition (a second "
              "header row of HXL hashtags); the .xlsx workbook has a sheet per table; the "
              ".bib and .ris files cite the round.", ""]
    return "\n".join(" ".join(line.split("\n")) for line in lines).encode("utf-8")
