"""Altair, imported when a chart is first drawn rather than when the kinds are read.

Each figure kind declares its roles and checks beside its renderer (generator/kinds/),
and `check`, which reads only the declarations, runs on every pull request and in most
tests. Importing Altair takes about 0.45 s, half of `check`'s start-up. `alt` stands for
the module: the first attribute read imports it; the import system keeps it from then on.
"""

from __future__ import annotations

import importlib
from typing import Any


class _Altair:
    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module("altair"), name)


alt: Any = _Altair()
