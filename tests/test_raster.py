"""PNGs are drawn by resvg and re-packed by Pillow (generator/raster.py): every pixel and
the resolution kept, the file much smaller, the same bytes every time."""

from __future__ import annotations

import io

from PIL import Image

from generator import raster

# A map-like drawing: flat fills, an outline, anti-aliased text.
SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="600" height="400">
<rect width="600" height="400" fill="#ffffff"/>
<path d="M40 60 L300 40 L420 200 L260 360 L60 300 Z" fill="#2b6a9b" stroke="#222" stroke-width="1.5"/>
<path d="M300 40 L560 90 L540 330 L420 200 Z" fill="#9ecae1" stroke="#222" stroke-width="1.5"/>
<circle cx="480" cy="300" r="40" fill="#f4a261" fill-opacity="0.7"/>
<text x="30" y="390" font-family="sans-serif" font-size="15">Emigrants by province, 2024</text>
</svg>"""


def test_packing_keeps_every_pixel_and_the_resolution_and_saves_bytes() -> None:
    import vl_convert as vlc

    drawn = vlc.svg_to_png(SVG, scale=1.5)
    packed = raster.pack(drawn)
    with Image.open(io.BytesIO(drawn)) as a, Image.open(io.BytesIO(packed)) as b:
        assert (a.mode, a.size) == (b.mode, b.size)
        assert a.tobytes() == b.tobytes()
        assert a.info.get("dpi") is not None
        assert [round(x) for x in b.info["dpi"]] == [round(x) for x in a.info["dpi"]]
    assert len(packed) * 2 < len(drawn), (len(packed), len(drawn))
    assert raster.svg_to_png(SVG, scale=1.5) == packed  # deterministic


def test_the_cache_key_names_the_packer() -> None:
    assert "pillow==" in raster.VERSION and f"zlib{raster.LEVEL}" in raster.VERSION
