"""The round's data package: every table as CSV (plain and HXL), one workbook, a Frictionless
Data Package, citations and one ZIP of it all, written into the round's site at downloads/.

One module per job: about.py (what every file says about the round), names.py (file names),
tables.py (the plain CSVs and their sidecars), hxl.py, workbook.py, datapackage.py,
citations.py, archive.py (the ZIPs), package.py (all files of a round), store.py (the
content-keyed cache and the build's entry point `files`), block.py (the Data page's
"Downloads" block). docs/downloads.md says what readers get.
"""
