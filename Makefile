# Two entry points: `make run` starts the bot on its embedded default,
# `make test` runs the linters, the type checker and the whole test suite.
# Both install the exact versions pinned in constraints.txt; `make lock` renews it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CONSTRAINTS := constraints.txt
LOCK_VENV := .lock-venv
# PIP_CONSTRAINT, unlike -c, also reaches the isolated environment pip builds
# the project in, so setuptools is pinned too.
PIP := PIP_CONSTRAINT=$(abspath $(CONSTRAINTS)) $(BIN)/pip

.PHONY: run test lock bench bench-bot bench-scheduler bench-engines bench-timex bench-search clean

$(BIN)/dateline: pyproject.toml $(CONSTRAINTS)
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.dev: $(BIN)/dateline
	$(PIP) install --quiet -e '.[dev]'
	@touch $@

# Resolve the newest versions pyproject.toml allows in a scratch environment and pin
# them all (the dev tools, pip and setuptools too) in constraints.txt.
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet --upgrade pip 'setuptools>=77,<85'
	$(LOCK_VENV)/bin/pip install --quiet '.[dev]'
	$(LOCK_VENV)/bin/python tools/lock.py > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf $(LOCK_VENV) build

run: $(BIN)/dateline
	$(BIN)/dateline chat

# The PostgreSQL tests start their own server on loopback from the machine's binaries,
# which tools/postgres.sh installs if missing; DATELINE_REQUIRE_PG turns a missing
# server into a failure instead of a skip.
test: $(VENV)/.dev
	sh tools/postgres.sh
	$(BIN)/ruff check .
	$(BIN)/mypy
	DATELINE_REQUIRE_PG=1 $(BIN)/pytest

bench: $(VENV)/.dev
	$(BIN)/python -m benchmarks.store_bench --out benchmarks/out

bench-bot: $(VENV)/.dev
	$(BIN)/python -m benchmarks.store_bench --out benchmarks/out --mode bot --reuse

# Scheduled posts: one pass over 10k/100k/1M events x 10/100/1,000 subscriptions. Reuses
# the stores `make bench` left in benchmarks/out (builds the missing ones).
bench-scheduler: $(VENV)/.dev
	$(BIN)/python -m benchmarks.scheduler_bench --out benchmarks/out --reuse

# SQLite and PostgreSQL side by side (questions through Bot.handle, one scheduler pass at
# 1,000 subscriptions) at 10k/100k/1M events, on a throwaway loopback server it starts and
# stops; reuses the stores `make bench` left in benchmarks/out (builds the missing ones).
bench-engines: $(VENV)/.dev
	sh tools/postgres.sh
	$(BIN)/python -m benchmarks.engines_bench --out benchmarks/out

bench-timex: $(VENV)/.dev
	$(BIN)/python -m benchmarks.timex_eval

bench-search: $(VENV)/.dev
	$(BIN)/python -m benchmarks.search_eval

clean:
	rm -rf $(VENV) $(LOCK_VENV) build *.egg-info
