"""Charts: Vega-Lite specs (Altair), their static SVG, text alternative, table and CSV.

The shared chart code lives here; each kind's builder and text alternative is in
generator/kinds/, and figures.render_chart puts the two together. This package
imports nothing from the contract or the model: the kinds registry reads it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

import vl_convert as vlc
from altair.utils._importers import vl_version_for_vl_convert

STATIC_WIDTH = 640


@dataclass(frozen=True)
class ChartArtifact:
    figure_id: str
    spec_json: str  # Vega-Lite, width "container": rendered live by vega-embed
    svg: str  # the same chart rendered at build time: the no-JavaScript fallback
    summary: str  # text alternative generated from the data
    table_html: str
    csv: str
    static_width: int
    static_height: int


@cache
def vl_version() -> str:
    return vl_version_for_vl_convert()


def chart_artifact(figure_id: str, spec: dict, summary: str, table_html: str,
                   csv: str) -> ChartArtifact:
    """The chart's files: its live spec and the same chart as SVG (the vl-convert call)."""
    static = dict(spec, width=STATIC_WIDTH - 36)  # minus the theme padding on both sides
    svg = stable_ids(vlc.vegalite_to_svg(static, vl_version=vl_version()), figure_id)
    width, height = _svg_size(svg)
    return ChartArtifact(
        figure_id=figure_id,
        spec_json=json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
        svg=svg,
        summary=summary,
        table_html=table_html,
        csv=csv,
        static_width=width,
        static_height=height,
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
    return (round(float(m.group(1))), round(float(m.group(2)))) if m else (STATIC_WIDTH, 300)


def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed in one script, matched to Altair's Vega-Lite version."""
    return vlc.javascript_bundle(vl_version=vl_version())
