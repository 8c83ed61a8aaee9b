# HallMark: `make run` serves the demo center on http://127.0.0.1:5000; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi.py

.PHONY: run test test-postgres setup setup-dev system-deps lint bench clean

$(VENV)/.runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load

run: setup
	$(BIN)/flask run --host 127.0.0.1 --port 5000

system-deps:
	bash scripts/system_packages.sh

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.dev system-deps lint
	$(BIN)/python -m pytest -q
	bash scripts/with_postgres.sh $(BIN)/python -m pytest -q -m "not browser" -p no:cacheprovider

bench: $(VENV)/.dev
	$(BIN)/python bench/documents.py
	$(BIN)/python bench/records.py
	$(BIN)/python bench/assessment.py
	$(BIN)/python bench/search.py

clean:
	rm -rf $(VENV) instance .pytest_cache
