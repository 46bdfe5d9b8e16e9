# Two commands set everything up: `make` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# cffconvert (the Citation File Format's validator) pins jsonschema < 4, which frictionless
# cannot live with: it gets a venv of its own, for the test of CITATION.cff
CFFCONVERT := .tools/cffconvert/bin/cffconvert
LINKML := .tools/linkml/bin/linkml-validate
# Python writes the bytecode of what it imports (src/ and tests/ get __pycache__ folders,
# which git ignores): with PYTHONDONTWRITEBYTECODE set, as some shells and containers do,
# every `python -m gremien_rdf` the tests and the benchmark start compiled the package
# afresh, 0.7 of a build's 2.5 s of CPU
unexport PYTHONDONTWRITEBYTECODE

.PHONY: all build test test-fast lint bench bench-scale clean vendor-oxigraph

all: build

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/gremien-rdf build --output dist

$(CFFCONVERT):
	$(PYTHON) -m venv .tools/cffconvert
	.tools/cffconvert/bin/python -m pip install --quiet --upgrade pip
	.tools/cffconvert/bin/python -m pip install --quiet cffconvert==2.0.0

# one worker per core (pytest-xdist); each test module runs whole in one worker, so that
# its module-scoped fixtures (the browser, a server, a Java batch) are made once; modules in
# the order collected, where tests/conftest.py puts the longest first (LONGEST_FIRST), not
# by their number of tests, which would start the page checks (7 tests, the longest
# module) last. LinkML's venv is made too: tests/test_bench.py checks the benchmark's
# LinkML schema with linkml-validate
test: $(STAMP) $(CFFCONVERT) $(LINKML)
	$(BIN)/python -m pytest -n logical --dist loadscope --no-loadscope-reorder $(PYTEST_ARGS)

# the tests not marked slow (no browser, no servers, no Java, no builds of their own; see
# pyproject.toml): about a minute on 2 cores, for the inner loop. `make test` runs them all.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow" -n logical --dist loadscope $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/queries.py

# the scaling benchmark of issue #14 (bench/scale.py): our commands and the baselines
# (pySHACL by hand, pyoxigraph, Jena, LinkML) on synthetic registers of each size, one table
# written to bench/results/. The default finishes in a few minutes; e.g.
#   make bench-scale SCALE="--sizes 44,1000,10000,100000 --repeat 5 --timeout 900"
SCALE ?= --sizes 44,1000 --repeat 3 --timeout 300
bench-scale: $(STAMP) $(LINKML)
	$(BIN)/python -m bench.scale $(SCALE)

# LinkML, for the benchmark only (a baseline), in a venv of its own at a pinned version
$(LINKML):
	$(PYTHON) -m venv .tools/linkml
	.tools/linkml/bin/python -m pip install --quiet --upgrade pip
	.tools/linkml/bin/python -m pip install --quiet linkml==1.12.1

# the SPARQL engine of the query pages, again from npm at the pinned version (see
# src/gremien_rdf/site/assets/vendor/oxigraph/README.md)
vendor-oxigraph: $(STAMP)
	$(BIN)/python scripts/vendor_oxigraph.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf dist build .pytest_cache .ruff_cache .tools
