# The two commands a newcomer needs are `make run` and `make test`; the rest serve them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: help run test ci bench bench-load lint format assets venv migrate seed worker beat clean

help:
	@echo "make run     set up (first time) and serve http://127.0.0.1:$(PORT)/ with demo data"
	@echo "make test    run the test suite (skips what needs PostgreSQL, Redis or Chromium if absent)"
	@echo "make ci      everything as CI runs it: PostgreSQL, Redis, Chromium, lint; no skips"
	@echo "make bench   run the benchmarks and print ratios, then the load test"
	@echo "make bench-load  50 simulated people for 60 s against gunicorn, PostgreSQL and Redis"
	@echo "make lint    ruff and mypy"
	@echo "make assets  rebuild the compiled GOV.UK Frontend styles (needs Node)"

# A virtual environment with Python >= 3.12 and the pinned dependencies.
$(STAMP): pyproject.toml
	@test -x $(PY) || { PYTHON=$$(scripts/find-python) && "$$PYTHON" -m venv $(VENV); }
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || \
		{ echo "$(VENV) uses Python < 3.12; remove it and run make again." >&2; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	@touch $(STAMP)

venv: $(STAMP)

# Local settings for a first run: DEBUG on and a secret key of this machine's own.
.env: | $(STAMP)
	@printf 'DEBUG=true\nSECRET_KEY=%s\n' "$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env
	@echo "Wrote .env (DEBUG=true, a new SECRET_KEY). See .env.example for the other settings."

migrate: $(STAMP) .env
	$(PY) manage.py migrate --noinput

# A self-signed certificate for sealing PDFs (kept under var/, never committed); does
# nothing once there is one.
seed: migrate
	$(PY) manage.py create_signing_cert
	$(PY) manage.py seed_demo

run: seed
	@echo "Serving on http://127.0.0.1:$(PORT)/ - demo sign-ins are listed in README.md"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	$(PY) -m pytest

# As CI runs it: installs what is missing, starts PostgreSQL and Redis, lints, and runs
# the whole suite with any skipped test failing it.
ci:
	.ci/run

bench: $(STAMP)
	$(PY) bench/run.py
	@if [ -n "$$REDIS_URL" ] && [[ "$$DATABASE_URL" == postgres* ]]; then $(MAKE) --no-print-directory bench-load; \
	else echo "Skipping the load test: it needs DATABASE_URL (PostgreSQL) and REDIS_URL."; fi

# The load test: gunicorn (2 workers), a Celery worker, PostgreSQL and Redis on this
# machine, driven by Locust (bench/locustfile.py); then verify_audit.
bench-load: $(STAMP)
	$(PY) bench/load.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

assets:
	cd frontend && npm ci && npm run build

worker: $(STAMP)
	$(VENV)/bin/celery -A datasharing worker --loglevel=INFO

beat: $(STAMP)
	$(VENV)/bin/celery -A datasharing beat --loglevel=INFO

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
