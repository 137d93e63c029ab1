"""Timing ``dateline import`` and ``dateline export`` on a file of 100k events.

Run ``python -m benchmarks.import_bench [--rows 100000] [--format csv] [--out DIR]``.

It writes a file of ``--rows`` synthetic, deterministic events (``store_bench``'s
headline-like events: 90% day, 7% month, 3% year precision, one or two sources each) in
the chosen format, then runs the real command line in a subprocess, as a user would,
into a new empty store (``DATELINE_SAMPLE=0``), and times:

- import:    ``dateline import FILE`` (read, check every row, look for duplicates, write
             in batches); standard error is not a terminal, so it prints one summary line
- again:     the same import into the now full store: every event is a duplicate
- export:    ``dateline export --format csv|json -o FILE`` of the store

Each line of the table is one run's wall time and the subprocess's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from adapters.formats import csv_format, json_format
from benchmarks.store_bench import synthetic_events

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "json"], default="csv")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    source = args.out / f"import_{args.rows}.{args.format}"
    database = args.out / "import_bench.sqlite3"
    events = list(synthetic_events(args.rows))
    dump = csv_format.dump if args.format == "csv" else json_format.dump
    source.write_text(dump(events), encoding="utf-8", newline="")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    size = source.stat().st_size / 2**20
    print(f"{args.rows:,} events, {args.format}, {size:.1f} MiB\n")
    print("| run | seconds | peak RSS (MiB) | output |")
    print("| --- | ---: | ---: | --- |")
    env = {**os.environ, "DATELINE_DB": str(database), "DATELINE_SAMPLE": "0"}
    for name, command in (
        ("import", ["import", str(source)]),
        ("again", ["import", str(source)]),
        ("export csv", ["export", "--format", "csv", "-o", str(args.out / "export.csv")]),
        ("export json", ["export", "--format", "json", "-o", str(args.out / "export.json")]),
    ):
        seconds, rss, output = _run(command, env)
        print(f"| {name} | {seconds:.1f} | {rss:.0f} | {output} |")


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall time, peak RSS (of this child alone) and the last line it printed."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *command],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    seconds = time.perf_counter() - started
    lines = (done.stdout + done.stderr).strip().splitlines()
    if done.returncode != 0:
        raise SystemExit(f"dateline {' '.join(command)} failed ({done.returncode}): {lines}")
    rss_line = next(line for line in lines if line.startswith("peak-rss-kib "))
    rss = int(rss_line.split()[1]) / 1024
    shown = [line for line in lines if not line.startswith("peak-rss-kib ")]
    return seconds, rss, (shown[-1] if shown else "")[:120].replace("|", "/")


# Each run in a fresh child that reports its own peak RSS (RUSAGE_CHILDREN would keep
# the largest of all runs so far).
_CHILD = (
    "import resource, sys\n"
    "from adapters.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print('peak-rss-kib', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "raise SystemExit(code)\n"
)


if __name__ == "__main__":
    main()
