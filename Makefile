# gridnews: `make html` builds the site into output/, `make test` runs every check.
# The first run of either creates .venv and installs the pinned dependencies.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INPUTDIR := content
OUTPUTDIR := output
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
PELICANOPTS ?=
PORT ?= 8000
INSTALLED := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install html test lint format serve devserver publish clean check lock import bench

help:
	@echo "make html       build the site into $(OUTPUTDIR)/ (sets up $(VENV) on first use)"
	@echo "make test       lint, then run the whole test suite"
	@echo "make check      check every story's front matter in $(INPUTDIR)/"
	@echo "make import SRC=folder-or-files   import scraped articles into $(INPUTDIR)/stories/"
	@echo "make serve      serve $(OUTPUTDIR)/ on http://localhost:$(PORT)/"
	@echo "make devserver  keep the site in memory, update it on changes, reload the browser"
	@echo "make publish    build with $(PUBLISHCONF) (absolute URLs, clean output)"
	@echo "make clean      stop the build server, remove $(OUTPUTDIR)/ and caches"
	@echo "make bench      measure speed beside the tools we replace (figures in bench/results.json)"
	@echo "make lock       re-pin every dependency into requirements.lock"

$(INSTALLED): pyproject.toml requirements.lock
	@if [ -x $(BIN)/gridnews ]; then $(BIN)/gridnews build $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) --stop-server >/dev/null || true; fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

install: $(INSTALLED)

html: $(INSTALLED)
	$(BIN)/gridnews build $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -- $(PELICANOPTS)

publish: $(INSTALLED)
	$(BIN)/gridnews build $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) --stop-server
	$(BIN)/pelican $(INPUTDIR) -o $(OUTPUTDIR) -s $(PUBLISHCONF) --fatal warnings $(PELICANOPTS)

check: $(INSTALLED)
	$(BIN)/gridnews check $(INPUTDIR)

import: $(INSTALLED)
	@test -n "$(SRC)" || { echo "usage: make import SRC=path/to/articles [IMPORTOPTS='--dry-run']"; exit 2; }
	$(BIN)/gridnews import $(SRC) --out $(INPUTDIR)/stories $(IMPORTOPTS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: $(INSTALLED) lint
	scripts/install-test-tools.sh
	GRIDNEWS_REQUIRE_TOOLS=1 $(BIN)/pytest

serve: $(INSTALLED)
	$(BIN)/pelican --listen --port $(PORT) -o $(OUTPUTDIR) -s $(CONFFILE)

devserver: $(INSTALLED)
	$(BIN)/python scripts/devserver.py --port $(PORT) --content $(INPUTDIR) --output $(OUTPUTDIR) --settings $(CONFFILE)

clean:
	@if [ -x $(BIN)/gridnews ]; then $(BIN)/gridnews build $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) --stop-server; fi
	rm -rf $(OUTPUTDIR) .pytest_cache .ruff_cache cache

BENCH_INSTALLED := $(VENV)/.bench-installed

$(BENCH_INSTALLED): $(INSTALLED) requirements-bench.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.lock
	@touch $@

bench: $(BENCH_INSTALLED)
	$(BIN)/python scripts/bench.py $(BENCHOPTS)

# Re-pin: install the direct dependencies into a scratch venv and freeze what they pull in.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet "setuptools==84.2.1" -e ".[dev]"
	.lock-venv/bin/python -m pip freeze --exclude-editable --all | grep -v "^pip==" > requirements.lock
	.lock-venv/bin/python -m pip install --quiet -e ".[dev,bench]"
	.lock-venv/bin/python -m pip freeze --exclude-editable --all | grep -v "^pip==" > requirements-bench.lock
	rm -rf .lock-venv
