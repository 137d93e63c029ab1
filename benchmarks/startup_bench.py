"""Cold start: how long ``dateline ask`` takes as a fresh process, against bare Python.

Each command runs as a new process ``--runs`` times (after one warm-up run that creates
the database and lets Python cache bytecode); the table gives the median and the ratio
to ``python -c pass``, the floor any command pays, and to importing asyncio, sqlite3 and
aiosqlite, the floor of any command that opens the store.

``--against DIR`` also times another checkout of Dateline (``git archive REV | tar -x
-C DIR``), alternating the two run by run so that a noisy machine slows both alike, and
adds its medians and the ratio of the two.

    .venv/bin/python -m benchmarks.startup_bench [--runs 15] [--db PATH] [--against DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
QUESTIONS = ("help", "when was Soleimani killed?", "what happened on 7 January?")
FLOORS = {
    "python -c pass": "pass",
    "import asyncio, sqlite3, aiosqlite": "import asyncio, sqlite3, aiosqlite",
}


def _ask(question: str) -> list[str]:
    # The console script's own code, so that PYTHONPATH chooses which checkout runs.
    code = f"import sys; sys.argv = ['dateline', 'ask', {question!r}]\n" \
           "from adapters.cli import main; sys.exit(main())"
    return [PYTHON, "-c", code]


def _once(args: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    # Run outside any checkout: ``python -c`` puts the working folder first on the path.
    subprocess.run(args, env=env, capture_output=True, check=False, cwd=tempfile.gettempdir())
    return (time.perf_counter() - began) * 1000


def _medians(args: list[str], envs: list[dict[str, str]], runs: int) -> list[float]:
    """Median ms of ``args`` under each environment, the environments taking turns."""
    for env in envs:
        _once(args, env)  # warm-up: creates the database, caches bytecode
    times: list[list[float]] = [[] for _ in envs]
    for _ in range(runs):
        for samples, env in zip(times, envs, strict=True):
            samples.append(_once(args, env))
    return [statistics.median(samples) for samples in times]


def _env(folder: Path, checkout: Path | None, db: Path | None) -> dict[str, str]:
    # A user's Python caches compiled modules; a sandbox that forbids the cache
    # (PYTHONDONTWRITEBYTECODE) would time the compiler instead of Dateline.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["DATELINE_DB"] = str(db or folder / "dateline.sqlite3")
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--db", type=Path, help="database to ask (default: a new sample store)")
    parser.add_argument("--against", type=Path, help="another checkout to compare with")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as here, tempfile.TemporaryDirectory() as there:
        envs = [_env(Path(here), None, options.db)]
        if options.against:
            envs.append(_env(Path(there), options.against.resolve(), options.db))
        cases = [(name, [PYTHON, "-c", code]) for name, code in FLOORS.items()]
        cases += [(f"dateline ask '{q}'", _ask(q)) for q in QUESTIONS]
        results = [(name, _medians(args, envs, options.runs)) for name, args in cases]
    _print(results, options.runs, compared=options.against is not None)


def _print(results: list[tuple[str, list[float]]], runs: int, *, compared: bool) -> None:
    bare, floor = results[0][1][0], results[1][1][0]
    print(f"median of {runs} runs each\n")
    extra = " other checkout ms | this ÷ other |" if compared else ""
    print(f"| command | median ms | × python -c pass | × store imports |{extra}")
    print("| --- | ---: | ---: | ---: |" + (" ---: | ---: |" if compared else ""))
    for name, medians in results:
        ms = medians[0]
        row = f"| `{name}` | {ms:.0f} | {ms / bare:.1f} | {ms / floor:.1f} |"
        if compared:
            row += f" {medians[1]:.0f} | {ms / medians[1]:.2f} |"
        print(row)


if __name__ == "__main__":
    main()
