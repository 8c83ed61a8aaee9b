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

# Two passes, two workers each (pytest-xdist; each worker has its own temp folders, ports and
# PostgreSQL database): every test on SQLite, then every test that uses a database on PostgreSQL
# (DEVELOPERS.md, "Tests": which tests run on PostgreSQL and how a test is counted as one).
test: $(VENV)/.dev system-deps lint
	$(BIN)/python -m pytest -q -n 2
	bash scripts/with_postgres.sh $(BIN)/python -m pytest -q -n 2 -m "not browser" --database-tests-only -p no:cacheprovider

bench: $(VENV)/.dev
	$(BIN)/python bench/documents.py
	$(BIN)/python bench/records.py
	$(BIN)/python bench/assessment.py
	$(BIN)/python bench/search.py

clean:
	rm -rf $(VENV) instance .pytest_cache
