"""Charts: Vega-Lite specs (Altair), their static SVG, text alternative, table and CSV.

The shared chart code lives here; each kind's builder and text alternative is in
generator/kinds/, and figures.render_chart puts the two together. This package
imports nothing from the contract or the model: the kinds registry reads it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from generator.charts.layout import NARROW, WIDE, Layout


@dataclass(frozen=True)
class ChartArtifact:
    """A chart in its two layouts (wide, narrow: generator/charts/layout.py)."""

    figure_id: str
    spec_json: str  # Vega-Lite, width "container": rendered live by vega-embed
    svg: str  # the same chart rendered at build time: shown first, and without JavaScript
    summary: str  # text alternative generated from the data
    table_html: str
    csv: str
    static_width: int
    static_height: int
    narrow_spec_json: str = ""  # the narrow layout, for phones
    narrow_svg: str = ""
    narrow_width: int = 0
    narrow_height: int = 0


@cache
def vl_version() -> str:
    # Imported here, as vl-convert below: reading the kinds imports no drawing library.
    from altair.utils._importers import vl_version_for_vl_convert

    return vl_version_for_vl_convert()


def _json(spec: dict) -> str:
    return json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def static_svg(spec: dict, layout: Layout, figure_id: str, lang: str = "en") -> str:
    """The spec drawn at the layout's static width (the vl-convert call). A "container"
    width would render at 300 px: the static render gets an explicit one. The numbers are
    in the spec's `config.locale` (vl-convert applies it as vega-embed does)."""
    import vl_convert as vlc

    static = dict(spec, width=layout.static_width)  # autosize "contains padding"
    svg = vlc.vegalite_to_svg(static, vl_version=vl_version())
    return with_language(stable_ids(svg, f"{figure_id}-{layout.name}"), lang)


def with_language(svg: str, lang: str) -> str:
    """The SVG document marked with its language, where that is not English: a chart
    opened on its own is read in its language. (English SVGs stay as they were.)"""
    if lang == "en" or not svg.startswith("<svg "):
        return svg
    return f'<svg xml:lang="{lang.replace("_", "-")}" ' + svg[len("<svg "):]


def chart_artifact(figure_id: str, specs: dict[str, dict], summary: str, table_html: str,
                   csv: str, lang: str = "en") -> ChartArtifact:
    """The chart's files: its live specs (by layout name) and the same charts as SVG, in
    the language `lang` (the specs carry its words and number locale already)."""
    wide, narrow = specs[WIDE.name], specs[NARROW.name]
    svg = static_svg(wide, WIDE, figure_id, lang)
    narrow_svg = static_svg(narrow, NARROW, figure_id, lang)
    width, height = _svg_size(svg)
    n_width, n_height = _svg_size(narrow_svg)
    return ChartArtifact(
        figure_id=figure_id,
        spec_json=_json(wide),
        svg=svg,
        summary=summary,
        table_html=table_html,
        csv=csv,
        static_width=width,
        static_height=height,
        narrow_spec_json=_json(narrow),
        narrow_svg=narrow_svg,
        narrow_width=n_width,
        narrow_height=n_height,
    )


def stable_ids(svg: str, prefix: str) -> str:
    """Vega numbers gradients and clip paths per process; number them per chart instead."""
    import re

    ids: dict[str, str] = {}

    def rename(m: re.Match[str]) -> str:
        return ids.setdefault(m.group(0), f"{prefix}-{m.group(1)}-{len(ids)}")

    return re.sub(r"\b(gradient|clip|pattern)_?\d+\b", rename, svg)


def _svg_size(svg: str) -> tuple[int, int]:
    import re

    m = re.search(r'<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', svg)
    return (round(float(m.group(1))), round(float(m.group(2)))) if m else (WIDE.static_width, 300)


def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed in one script, matched to Altair's Vega-Lite version."""
    import vl_convert as vlc

    return vlc.javascript_bundle(vl_version=vl_version())
