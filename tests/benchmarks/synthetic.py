"""A synthetic project for the benchmark: N rounds x S sections x F figures, from a real round.

The figures, tables and narratives keep the shapes of a real round (its tables, its kinds
of figure in the proportions it has them); each generated figure has a title of its own,
so none is a copy the figure cache could share. Written to a folder outside data/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml


class NoAliases(yaml.SafeDumper):
    """Data files may not use YAML aliases: write shared values out in full."""

    def ignore_aliases(self, data) -> bool:
        return True


def _source_round(root: Path) -> Path:
    """The real round with the most figures: the richest shapes to copy."""
    best, most = None, -1
    for rnd in sorted((root / "data/countries").glob("*/*/round.yml")):
        meta = yaml.safe_load(rnd.read_text(encoding="utf-8"))
        n = sum(len(s.get("figures", [])) for s in meta["sections"])
        if n > most:
            best, most = rnd.parent, n
    assert best is not None, "no round to copy"
    return best


def make(root: Path, dest: Path, rounds: int = 20, sections: int = 10, figures: int = 5,
         languages: tuple[str, ...] = ("en",)) -> Path:
    """A project at `dest` (data/, docs/, overrides/, mkdocs.yml); returns `dest`.

    Its rounds are in `languages` only (English by default: the issue's 20 x 10 x 5 site
    counts rounds; each more language is one more edition of every round to build)."""
    source = _source_round(root)
    meta = yaml.safe_load((source / "round.yml").read_text(encoding="utf-8"))
    country = source.parent.name
    pool = [f for s in meta["sections"] for f in s.get("figures", [])]
    shutil.copytree(root / "data/geo", dest / "data/geo")
    for name in ("docs", "overrides"):
        shutil.copytree(root / name, dest / name)
    shutil.copy(root / "mkdocs.yml", dest / "mkdocs.yml")
    for r in range(1, rounds + 1):
        rid = f"{2030 + r // 12}-{r % 12 + 1:02d}-synthetic-round-{r:02d}"
        out = dest / "data/countries" / country / rid
        shutil.copytree(source / "tables", out / "tables")
        shutil.copy(source / "tables.yml", out / "tables.yml")
        (out / "narrative").mkdir(parents=True)
        new = {k: v for k, v in meta.items() if k not in ("sections", "indicators",
                                                           "trends_narrative")}
        new.update(id=rid, short_title=f"Synthetic round {r}", title=f"Synthetic round {r}",
                   languages=list(languages))
        new["sections"] = []
        for s in range(1, sections + 1):
            figs = []
            for f in range(figures):
                fig = dict(pool[((s - 1) * figures + f) % len(pool)])
                fig["id"] = f"{fig['id']}-s{s}-{f}"
                fig["title"] = f"{fig['title']} (round {r}, section {s}, figure {f + 1})"
                figs.append(fig)
            sid = f"section-{s:02d}"
            (out / "narrative" / f"{sid}.md").write_text(
                f"Synthetic text of section {s} of round {r}. " * 40 + "\n\n## More\n\n"
                + "Another paragraph of the same length. " * 40 + "\n", encoding="utf-8")
            new["sections"].append({"id": sid, "title": f"Section {s}",
                                    "narrative": f"narrative/{sid}.md", "figures": figs})
        (out / "round.yml").write_text(yaml.dump(new, Dumper=NoAliases, sort_keys=False,
                                                 allow_unicode=True), encoding="utf-8")
    return dest
