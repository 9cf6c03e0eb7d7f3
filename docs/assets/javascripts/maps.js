/* Map figures on section pages: see docs/figure-rules.md. */
