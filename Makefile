# The two commands a new machine needs: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2

SCALE ?= 1
DB ?= sqlite
DURATION ?= 10
SOAK_SECONDS ?= 60
SOAK_CLIENTS ?= 16

.PHONY: run test test-only lint lock messages clean-db help bench soak

help:
	@echo "make run    - install what is needed, migrate, seed demo data, serve on http://$(HOST):$(PORT)/"
	@echo "make test   - install what the tests need (Chromium included) and run the whole suite"
	@echo "make lint   - ruff check + ruff format --check + makemigrations --check"
	@echo "make lock   - re-pin requirements/lock.txt from pyproject.toml"
	@echo "make bench  - load-test the portal as in production (SCALE=1 DB=sqlite|postgres DURATION=10)"
	@echo "make soak   - load, PostgreSQL restart and Redis outage against the portal as in production (SOAK_SECONDS=60 SOAK_CLIENTS=16)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMPS)/python-deps: requirements/lock.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/lock.txt
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/system-run: scripts/install-system-deps.sh
	bash scripts/install-system-deps.sh run
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/system-bench: scripts/install-system-deps.sh
	bash scripts/install-system-deps.sh bench
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/system-soak: scripts/install-system-deps.sh
	bash scripts/install-system-deps.sh soak
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/system-test: scripts/install-system-deps.sh
	bash scripts/install-system-deps.sh test
	@mkdir -p $(STAMPS) && touch $@

# Compiled catalogues are build output: made from locale/*/LC_MESSAGES/django.po.
messages: $(STAMPS)/python-deps $(STAMPS)/system-run
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

run: $(STAMPS)/system-run $(STAMPS)/python-deps messages
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMPS)/system-run $(STAMPS)/system-test $(STAMPS)/python-deps messages test-only

test-only:
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMPS)/python-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

lock: $(STAMPS)/python-deps
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 --no-header -o requirements/lock.txt

bench: $(STAMPS)/system-run $(STAMPS)/system-bench $(STAMPS)/python-deps messages
	$(BIN)/python bench/run.py --scale $(SCALE) --db $(DB) --duration $(DURATION)

# Not part of `make test`: a few minutes of load and faults; exits 1 when a check fails.
soak: $(STAMPS)/system-run $(STAMPS)/system-soak $(STAMPS)/python-deps messages
	SOAK_SECONDS=$(SOAK_SECONDS) SOAK_CLIENTS=$(SOAK_CLIENTS) $(BIN)/python bench/soak.py

clean-db:
	rm -f db.sqlite3 db.sqlite3-shm db.sqlite3-wal
