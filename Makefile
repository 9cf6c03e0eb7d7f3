# The two commands a newcomer needs: `make site` and `make test`.
# Both create .venv and install the pinned dependency tree (requirements.lock) first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site test serve check lint browser-deps lock clean bench

site: $(STAMP)
	$(BIN)/python -m generator build

test: $(STAMP) browser-deps
	$(BIN)/ruff check generator tests
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/python -m generator check

serve: $(STAMP)
	$(BIN)/python -m generator serve

lint: $(STAMP)
	$(BIN)/ruff check generator tests

bench: $(STAMP)
	$(BIN)/python tests/benchmarks/bench_build.py

# Browser tests drive Debian's chromium (Playwright cannot download a browser here).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests (needs root)..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

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
