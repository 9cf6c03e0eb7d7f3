"""Leaflet, served from the site itself: the files behind `assets/vendor/leaflet/`."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import xstatic.pkg.leaflet as xleaflet

# Leaflet is BSD-2-Clause: redistributions keep its copyright notice and licence text.
LEAFLET_LICENSE = """BSD 2-Clause License

Copyright (c) 2010-2022, Vladimir Agafonkin
Copyright (c) 2010-2011, CloudMade
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
"""

LEAFLET_VERSION = xleaflet.VERSION
# leaflet.css refers to images/layers*.png and images/marker-icon.png; the other
# marker images are referenced by leaflet.js (default icon). Source maps are left out.
_FILES = (
    "leaflet.js",
    "leaflet.css",
    "images/layers.png",
    "images/layers-2x.png",
    "images/marker-icon.png",
    "images/marker-icon-2x.png",
    "images/marker-shadow.png",
)


@cache
def _read() -> tuple[tuple[str, bytes], ...]:
    base = Path(xleaflet.BASE_DIR)
    files = [(f"leaflet/{name}", (base / name).read_bytes()) for name in _FILES]
    files.append(("leaflet/LICENSE.txt", LEAFLET_LICENSE.encode("utf-8")))
    return tuple(files)


def vendor_assets() -> dict[str, bytes]:
    """Relative path under assets/vendor/ -> file bytes, for every file the maps load."""
    return dict(_read())
