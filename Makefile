# Sinergia: `make run` sets everything up and serves the app; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := cd backend && ../$(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST := $(PY) -m pytest -p no:cacheprovider

.PHONY: messages run setup demo test fuzz bench test-sqlite test-postgres test-frontend lint format migrate clean lock schema \
	types types-check

run: setup ## set up (venv, packages, frontend, database, demo) and serve on http://127.0.0.1:8000
	@echo "Sinergia at http://$(HOST):$(PORT)/ (logins: ana, bruno, carla, diego, elena, felipe, manager, accountant, admin; password: demo)"
	$(MANAGE) runserver $(HOST):$(PORT)

setup: $(VENV)/.installed frontend/dist/index.html .env
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) demo --if-empty

# The embedded default: DEBUG on, a generated secret, SQLite under var/.
.env:
	@printf 'DEBUG=true\nSECRET_KEY=%s\n' "$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')" > .env
	@echo "Wrote .env (DEBUG=true, a random SECRET_KEY)."

# .venv gets the runtime and the development packages (requirements-dev.lock); the image only the runtime ones
# (requirements.lock). Both locks pin every package with its hashes; `make lock` recompiles them.
$(VENV)/.installed: requirements-dev.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

# After editing requirements.txt or requirements-dev.txt: pip-tools, in its own .tools venv, keeps every pin it
# can and adds what changed (`make lock LOCK_ARGS=--upgrade` moves every package to its newest allowed version).
PIP_TOOLS := pip-tools==7.6.2
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" .tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock:
	test -x .tools/bin/pip-compile || { $(PYTHON) -m venv .tools && .tools/bin/pip install --quiet $(PIP_TOOLS); }
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --output-file requirements-dev.lock requirements-dev.txt

frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(shell find frontend/src frontend/scripts frontend/index.html frontend/vite.config.ts frontend/package.json -type f 2>/dev/null)
	cd frontend && npm run build

demo: $(VENV)/.installed .env
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) demo

messages: $(VENV)/.installed ## refresh the Spanish catalog from the code, then compile it
	cd backend && DEBUG=true ../$(PY) manage.py makemessages -l es --no-obsolete -v0
	cd backend && DEBUG=true ../$(PY) manage.py compilemessages -l es -v0

migrate: $(VENV)/.installed
	$(MANAGE) migrate

test: lint test-sqlite test-postgres test-frontend ## every test: lint, pytest on SQLite and PostgreSQL, frontend unit tests

lint: $(VENV)/.installed frontend/node_modules/.installed types-check ## ruff; ESLint and Prettier; openapi.ts
	$(VENV)/bin/ruff check backend tests
	$(VENV)/bin/ruff format --check backend tests
	cd frontend && npm run --silent lint

format: $(VENV)/.installed frontend/node_modules/.installed
	$(VENV)/bin/ruff format backend tests
	$(VENV)/bin/ruff check --fix backend tests
	cd frontend && npm run --silent format

# The frontend's API types (frontend/src/openapi.ts) come from the schema the backend serves at /api/schema/:
# `make types` regenerates them; `make types-check` (in make lint) fails when the committed file differs.
SCHEMA := var/openapi.json
schema: $(VENV)/.installed
	@mkdir -p var
	cd backend && DEBUG=true ../$(PY) manage.py spectacular --lang en --format openapi-json --file ../$(SCHEMA)

types: schema frontend/node_modules/.installed
	cd frontend && npm run --silent types

types-check: schema frontend/node_modules/.installed
	cd frontend && npm run --silent types:check

# The browser tests run apart, on E2E_WORKERS processes (pytest-xdist): each worker starts its own app on its
# own port and SQLite file (tests/e2e/conftest.py). Exit status 5 is "nothing collected", when PYTEST_ARGS
# picks tests of the other kind only.
# The other tests run on TEST_WORKERS processes too; each worker has its own test database (suffixed _gwN) and
# claims its own Redis database (tests/isolation.py). The slowest tests are listed at the end of each pass.
E2E_WORKERS ?= 2
TEST_WORKERS ?= 2
PYTEST_PARALLEL := -n $(TEST_WORKERS) --durations=12
test-sqlite: $(VENV)/.installed frontend/dist/index.html
	@echo "== pytest on SQLite ($(TEST_WORKERS) workers) =="
	env -u DATABASE_URL -u REDIS_URL $(PYTEST) -m "not postgres and not e2e" $(PYTEST_PARALLEL) $(PYTEST_ARGS) || [ $$? -eq 5 ]
	@echo "== browser tests on SQLite, in Chromium ($(E2E_WORKERS) workers) =="
	env -u DATABASE_URL -u REDIS_URL $(PYTEST) -m e2e -n $(E2E_WORKERS) $(PYTEST_ARGS) || [ $$? -eq 5 ]

# The browser tests (-m e2e) run in the SQLite pass only: their servers use their own SQLite files either way.
# Outside CI a missing PostgreSQL skips this pass with a visible reason; with CI=true it fails.
test-postgres: $(VENV)/.installed frontend/dist/index.html
	@echo "== pytest on PostgreSQL ($(PG_TEST_URL), $(TEST_WORKERS) workers) =="
	@if $(PY) scripts/db_ready.py "$(PG_TEST_URL)"; then \
		DATABASE_URL="$(PG_TEST_URL)" $(PYTEST) -m "not e2e" $(PYTEST_PARALLEL) $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL at $(PG_TEST_URL) does not answer, and CI requires it."; exit 1; \
	else \
		echo "SKIPPED: the PostgreSQL pass (no server answers at $(PG_TEST_URL)). Set PG_TEST_URL or start PostgreSQL."; \
	fi

# Schemathesis against /api/schema/ with many examples per operation (make test runs 5 each).
FUZZ_EXAMPLES ?= 200
fuzz: $(VENV)/.installed
	env -u DATABASE_URL FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PYTEST) tests/security/test_schemathesis.py $(PYTEST_ARGS)

test-frontend: frontend/node_modules/.installed
	@echo "== frontend unit tests (Vitest) =="
	cd frontend && npm test

# Benchmarks on PostgreSQL with gunicorn and the production settings (not part of `make test`, which runs
# them at smoke size). The first run builds the 1.46M-reservation dataset (bench_data) in BENCH_DATABASE_URL.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/sinergia_bench
bench: $(VENV)/.installed frontend/dist/index.html
	$(PY) -m tests.bench --database-url "$(BENCH_DATABASE_URL)" $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .tools frontend/node_modules frontend/dist var

# Background jobs (need REDIS_URL in .env or the environment; without it tasks run inside the web process).
.PHONY: worker beat
worker: setup ## a Celery worker: e-mails, expiry, reminders
	cd backend && ../$(VENV)/bin/celery -A sinergia worker --loglevel=INFO --concurrency=2

beat: setup ## the one Celery beat that schedules the periodic tasks
	cd backend && ../$(VENV)/bin/celery -A sinergia beat --loglevel=INFO --schedule=../var/celerybeat-schedule
