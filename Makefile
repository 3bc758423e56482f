# Two commands on a fresh machine: `make run` and `make test`.
# Both create .venv on first use and reinstall only when pyproject.toml changes.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: install run test bench dagster-ui clean-data help

help:
	@echo "make run    - set up .venv and run the whole pipeline on the bundled offline archive"
	@echo "make test   - set up .venv and run the test suite (offline)"
	@echo "make bench  - run the benchmarks in benchmarks/ (installs splink for the comparison)"
	@echo "make dagster-ui - open the Dagster UI on http://127.0.0.1:3000"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@echo "installing the project into $(VENV) (first time takes about a minute)"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check uv || true
	@if [ -x $(BIN)/uv ]; then \
	  $(BIN)/uv pip install --quiet --python $(BIN)/python -e . ; \
	else \
	  $(BIN)/python -m pip install --quiet --disable-pip-version-check -e . ; \
	fi
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/atmp run

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	@if [ -x $(BIN)/uv ]; then $(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[bench]'; \
	else $(BIN)/python -m pip install --quiet -e '.[bench]'; fi
	$(BIN)/python -m benchmarks.run_all

dagster-ui: install
	$(BIN)/atmp ui

clean-data:
	rm -rf warehouse/data
