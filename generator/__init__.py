"""MTM microsites: turn an MTM report round (data + narrative) into a static site.

The pipeline, one module per stage: load -> validate -> model -> render
(charts, maps, pages) -> assemble site. See README.md for the tour.
"""

__version__ = "0.1.0"
