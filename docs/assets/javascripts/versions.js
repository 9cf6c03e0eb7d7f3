/* Version switching that keeps the section: see docs/figure-rules.md. */
