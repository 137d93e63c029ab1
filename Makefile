# Two entry points: `make run` starts the bot on its embedded default,
# `make test` runs the linters, the type checker and the whole test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test bench bench-bot bench-scheduler bench-timex bench-search clean

$(BIN)/dateline: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.dev: $(BIN)/dateline
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

run: $(BIN)/dateline
	$(BIN)/dateline chat

test: $(VENV)/.dev
	$(BIN)/ruff check bot adapters storage tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

bench: $(VENV)/.dev
	$(BIN)/python -m benchmarks.store_bench --out benchmarks/out

bench-bot: $(VENV)/.dev
	$(BIN)/python -m benchmarks.store_bench --out benchmarks/out --mode bot --reuse

# Scheduled posts: one pass over 10k/100k/1M events x 10/100/1,000 subscriptions. Reuses
# the stores `make bench` left in benchmarks/out (builds the missing ones).
bench-scheduler: $(VENV)/.dev
	$(BIN)/python -m benchmarks.scheduler_bench --out benchmarks/out --reuse

bench-timex: $(VENV)/.dev
	$(BIN)/python -m benchmarks.timex_eval

bench-search: $(VENV)/.dev
	$(BIN)/python -m benchmarks.search_eval

clean:
	rm -rf $(VENV) build *.egg-info
