# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000
# make is for a development machine: the settings accept their built-in
# SECRET_KEY only there (production sets SECRET_KEY; see README, Deploying).
export DEVELOPMENT ?= 1

.PHONY: run test setup migrate seed editor lint format check-migrations clean loadtest bench bench-against slowest digests

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the pinned versions change.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

setup: $(VENV)/.installed

migrate: setup
	$(MANAGE) migrate --no-input

seed: migrate
	$(MANAGE) load_article

# -- The task worker: `make run` starts it beside the server (imports run in it)
# and stops it when the server stops.
run: seed
	@$(MANAGE) db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM; \
	$(MANAGE) runserver $(HOST)

# Today's alert digests, queued for the worker `make run` started (it prints them).
digests: migrate
	$(MANAGE) send_alert_digests

# Two workers: the machine has two cores (pytest-xdist; PYTEST_WORKERS=0 for one).
# Not --dist worksteal: a stolen test can run after a transactional one that
# flushed the seeded company kinds, which pytest-django's ordering prevents.
PYTEST_WORKERS ?= 2

test: setup check-migrations
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

check-migrations: setup
	$(MANAGE) makemigrations --check --dry-run

# A benchmark, not a test: prints requests/s, p50, p99 and errors (loadtest/run.py).
LOADTEST_VENV := .venv-loadtest

$(LOADTEST_VENV)/.installed: loadtest/requirements.lock
	$(PYTHON) -m venv $(LOADTEST_VENV)
	$(LOADTEST_VENV)/bin/python -m pip install --quiet -r loadtest/requirements.lock
	touch $@

loadtest: setup $(LOADTEST_VENV)/.installed
	$(BIN)/python loadtest/run.py --locust $(LOADTEST_VENV)/bin/locust $(LOADTEST_ARGS)

# A benchmark, not a test: p50/p95 per endpoint at each scale, and requests/s
# side by side with Datasette and a floor (bench/run.py). L takes minutes to
# generate the first time: `make bench BENCH_SCALES=S` for a quick run.
BENCH_VENV := .venv-bench
BENCH_SCALES ?= S L

$(BENCH_VENV)/.installed: bench/requirements.lock
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet -r bench/requirements.lock
	touch $@

bench: setup $(BENCH_VENV)/.installed
	$(BIN)/python -m bench.run --datasette $(BENCH_VENV)/bin/datasette \
		--sqlite-utils $(BENCH_VENV)/bin/sqlite-utils --scales "$(BENCH_SCALES)" $(BENCH_ARGS)

# This checkout's pages at scale S against an older commit's, on the same
# records, asked in turn (bench/against.py): `make bench-against REV=72bea9b`.
bench-against: setup
	@test -n "$(REV)" || { echo "REV: name the older commit, e.g. REV=72bea9b"; exit 2; }
	$(BIN)/python -m bench.against $(REV) $(AGAINST_ARGS)

# The slowest pages of the data set DATABASE_URL names, found by following the
# site's links (bench/slowest.py); SLOWEST_ARGS="--sql" prints slow queries.
slowest: setup
	$(BIN)/python -m bench.slowest $(SLOWEST_ARGS)

editor: migrate
	$(MANAGE) createeditor

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) $(LOADTEST_VENV) $(BENCH_VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles artifacts
