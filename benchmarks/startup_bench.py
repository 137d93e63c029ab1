"""Cold start: how long ``dateline ask`` takes as a fresh process, against bare Python.

Each command runs as a new process ``--runs`` times (after one warm-up run that creates
the database); the table gives the median and the ratio to ``python -c pass``, the
floor any command pays, and to importing asyncio, sqlite3 and aiosqlite, the floor of
any command that opens the store.

    .venv/bin/python -m benchmarks.startup_bench [--runs 15] [--db PATH]
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

BIN = Path(sys.executable).parent


def _median_ms(args: list[str], env: dict[str, str], runs: int) -> float:
    subprocess.run(args, env=env, capture_output=True, check=False)  # warm-up, creates the db
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(args, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--db", type=Path, help="database to ask (default: a new sample store)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = options.db or Path(folder) / "dateline.sqlite3"
        # A user's Python caches compiled modules; a sandbox that forbids the cache
        # (PYTHONDONTWRITEBYTECODE) would time the compiler instead of Dateline.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["DATELINE_DB"] = str(db)
        python = str(BIN / "python")
        dateline = str(BIN / "dateline")
        cases = [
            ("python -c pass", [python, "-c", "pass"]),
            ("import asyncio, sqlite3, aiosqlite", [python, "-c",
                                                    "import asyncio, sqlite3, aiosqlite"]),
            ("dateline ask help", [dateline, "ask", "help"]),
            ("dateline ask 'when was Soleimani killed?'", [dateline, "ask",
                                                           "when was Soleimani killed?"]),
            ("dateline ask 'what happened on 7 January?'", [dateline, "ask",
                                                             "what happened on 7 January?"]),
        ]
        results = [(name, _median_ms(args, env, options.runs)) for name, args in cases]
    bare, floor = results[0][1], results[1][1]
    print(f"median of {options.runs} runs each\n")
    print("| command | median ms | × python -c pass | × store imports |")
    print("| --- | ---: | ---: | ---: |")
    for name, ms in results:
        print(f"| `{name}` | {ms:.0f} | {ms / bare:.1f} | {ms / floor:.1f} |")


if __name__ == "__main__":
    main()
