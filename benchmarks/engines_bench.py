"""SQLite and PostgreSQL side by side: questions through Bot.handle, and scheduler passes.

The same questions, and one scheduler pass for 1,000 subscriptions, on the same events in
both engines, at 10k, 100k and 1M events.

Run ``python -m benchmarks.engines_bench [--sizes 10000,100000,1000000] [--out DIR]
[--queries N] [--passes N] [--durable]`` (``make bench-engines``). It needs the PostgreSQL
server binaries (``tools/postgres.sh`` installs them) and starts its own throwaway server
on loopback with ``tests/pg_cluster.py``. That server is tuned for tests (fsync,
synchronous_commit and full_page_writes off); ``--durable`` turns those three back on.

For each size, in subprocesses of their own:

1. prepare: store_bench's SQLite store ``store_<size>.db`` in ``--out`` (built with
   store_bench's generator when missing, reused when present) is copied to a scratch
   file, ``engines_<size>.db``, which is brought to the current schema and given
   store_bench's ten-year event; that file is copied to a new database on the server
   with ``dateline db copy`` (``adapters.db_copy.copy_store``, timed: the load), then
   ``VACUUM (ANALYZE)`` runs on it (timed apart), as autovacuum would after a bulk load.
2. measure: both stores are opened with ``open_event_store`` (no sample), each behind a
   ``Bot`` as store_bench's bot mode builds it, and asked ``--queries`` rounds (after 20
   warm-up rounds) of three questions with the inputs store_bench draws, each round
   asking both engines the same thing, which one first alternating:

   - day:     "what happened on 7 March?"
   - range:   "what happened between 2001-03-04 and 2001-03-10?" (seven days)
   - keyword: "when was Okafor resigns?"

   Then 1,000 of scheduler_bench's subscriptions are saved in both, and ``--passes``
   days (after warm-up) are planned and dry-run ticked on each engine in turn:

   - plan: one pass planning a day for every subscription (scheduler_bench's ``plan``)
   - tick: a whole dry-run ``Scheduler.tick`` with every posting instant in the window
     (reading the subscriptions, planning, and the ledger lookups)

Reports p50 and p99 in ms per engine and PostgreSQL / SQLite, load time, database size
and the measuring process's peak RSS; prints a markdown table and writes it to
``engines_bench.md`` (``engines_bench_durable.md`` with ``--durable``) and every figure
to the matching ``.json`` in ``--out``. The scratch files and the server are removed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import asyncpg

from adapters.db_copy import copy_store
from adapters.store_location import StoreLocation
from adapters.stores import open_event_store
from benchmarks.scheduler_bench import (
    WARM_UP_DAYS,
    bench_days,
    build,
    db_files,
    dry_tick,
    events_db,
    move_watermarks,
    plan_pass,
    planned_subscriptions,
    subscribe,
    time_plan,
    watermarks,
)
from benchmarks.store_bench import (
    DAYS,
    FIRST_DAY,
    SEED,
    SURNAMES,
    VERBS,
    Questions,
    bot_questions,
    ensure_long_event,
)
from bot.reminders.model import Subscription
from tests.pg_cluster import PgCluster

if TYPE_CHECKING:  # the engines themselves are imported by open_event_store
    from storage.postgres.event_store import PgEventStore
    from storage.sqlite_store import SqliteEventStore

TARGETS_MS = {"day_p99": 10.0, "keyword_p99": 50.0}  # at 1M events on PostgreSQL, the issue
QUESTIONS = ("day", "range", "keyword")
SUBSCRIPTIONS = 1_000
WARM_UP_ROUNDS = 20
ENGINES = ("sqlite", "postgresql")
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
DURABLE = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}

Row = dict[str, Any]


# -- the server ----------------------------------------------------------------------------


class DurableCluster(PgCluster):
    """tests/pg_cluster's server with fsync, synchronous_commit and full_page_writes on:
    ``DURABLE`` goes after the test settings on the server's command line, where the
    last ``-c`` of a name wins."""

    def _as_server_user(self, args: list[str]) -> list[str]:
        if Path(args[0]).name == "postgres":
            args = [*args, *(f"-c{key}={value}" for key, value in DURABLE.items())]
        return super()._as_server_user(args)


async def create_database(admin_dsn: str, name: str) -> None:
    conn = await asyncpg.connect(admin_dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def server_facts(dsn: str) -> Row:
    conn = await asyncpg.connect(dsn)
    try:
        names = ("server_version", "fsync", "synchronous_commit", "full_page_writes",
                 "shared_buffers", "work_mem", "effective_cache_size")
        return {name: await conn.fetchval(f"SHOW {name}") for name in names}
    finally:
        await conn.close()


# -- step 1: the two stores ----------------------------------------------------------------


def scratch_db(out: Path, size: int) -> Path:
    return out / f"engines_{size}.db"


def prepare(size: int, out: Path, dsn: str) -> Row:
    """Copy ``store_<size>.db`` to the scratch file and that to the database at ``dsn``."""
    scratch = scratch_db(out, size)
    for file in db_files(scratch):
        file.unlink(missing_ok=True)
    started = time.perf_counter()
    with closing(sqlite3.connect(events_db(out, size))) as src, \
            closing(sqlite3.connect(scratch)) as dst:
        src.backup(dst, pages=16384)
    scratch_s = time.perf_counter() - started
    return {"scratch_s": scratch_s, **asyncio.run(_fill(scratch, dsn))}


async def _fill(scratch: Path, dsn: str) -> Row:
    now = datetime.now(UTC)
    sqlite_store = await open_event_store(StoreLocation(scratch), sample=False, now=now)
    try:  # brings the copy to the current schema, as starting Dateline on it would
        await ensure_long_event(cast("SqliteEventStore", sqlite_store))
    finally:
        await sqlite_store.close()
    _, copy_s = await copy_store(StoreLocation(scratch), StoreLocation(Path("."), dsn))
    conn = await asyncpg.connect(dsn)
    try:
        started = time.perf_counter()
        await conn.execute("VACUUM (ANALYZE)")
        analyze_s = time.perf_counter() - started
        pg_bytes = await conn.fetchval("SELECT pg_database_size(current_database())")
    finally:
        await conn.close()
    sqlite_bytes = sum(f.stat().st_size for f in db_files(scratch) if f.exists())
    return {"copy_s": copy_s, "analyze_s": analyze_s, "postgresql_mb": pg_bytes / 2**20,
            "sqlite_mb": sqlite_bytes / 2**20}


# -- step 2: timing ------------------------------------------------------------------------


@dataclass
class Engine:
    name: str
    store: SqliteEventStore | PgEventStore
    questions: Questions
    subscriptions: list[Subscription]


async def _time(call: Awaitable[object]) -> float:
    started = time.perf_counter()
    await call
    return (time.perf_counter() - started) * 1000


def quantiles(name: str, samples: Sequence[float]) -> Row:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {f"{name}_p50": cuts[49], f"{name}_p99": cuts[98]}


def _ask(
    questions: Questions, question: str, some_day: date, start: date, text: str
) -> Awaitable[object]:
    if question == "day":
        return questions.day(some_day.month, some_day.day)
    if question == "range":
        return questions.range(start, start + timedelta(days=6))
    return questions.keyword(text)


async def ask_rounds(engines: Sequence[Engine], queries: int, seed: int = SEED + 1) -> Row:
    """store_bench's day, range and keyword inputs, every round asked of each engine,
    which engine first alternating by round; p50 and p99 in ms per engine."""
    rng = random.Random(seed)
    samples: dict[str, dict[str, list[float]]] = {
        e.name: {q: [] for q in QUESTIONS} for e in engines
    }
    for i in range(WARM_UP_ROUNDS + queries):
        some_day = date(2000, 1, 1) + timedelta(days=rng.randrange(366))
        start = FIRST_DAY + timedelta(days=rng.randrange(DAYS - 10))
        text = f"{rng.choice(SURNAMES)} {rng.choice(VERBS)}"
        order = engines if i % 2 == 0 else list(reversed(engines))
        for question in QUESTIONS:
            for engine in order:
                ms = await _time(_ask(engine.questions, question, some_day, start, text))
                if i >= WARM_UP_ROUNDS:
                    samples[engine.name][question].append(ms)
    out: Row = {}
    for name, timings in samples.items():
        for question, values in timings.items():
            out.update(quantiles(f"{name}_{question}", values))
    return out


async def scheduler_passes(engines: Sequence[Engine], passes: int) -> Row:
    """``passes`` days, each planned then dry-run ticked on every engine (alternating
    which first): p50 and max in ms, and the per-pass median of time inside the store."""
    days = bench_days(passes)
    for engine in engines:
        engine.subscriptions = await subscribe(
            engine.store.reminders, planned_subscriptions(SUBSCRIPTIONS), days[0]
        )
        for day in bench_days(WARM_UP_DAYS, SEED + 4, specials=(), avoid=days):
            await plan_pass(engine.store, engine.subscriptions, day)
    plans: dict[str, list[Row]] = {e.name: [] for e in engines}
    ticks: dict[str, list[float]] = {e.name: [] for e in engines}
    occasions: dict[str, list[int]] = {e.name: [] for e in engines}
    for index, day in enumerate(days):
        order = engines if index % 2 == 0 else list(reversed(engines))
        for engine in order:
            plans[engine.name].append(
                await time_plan(cast("SqliteEventStore", engine.store), engine.subscriptions, day)
            )
        marks, now = watermarks(engines[0].subscriptions, day)
        for engine in order:
            engine.subscriptions = await move_watermarks(
                engine.store.reminders, engine.subscriptions, marks
            )
            if index == 0:  # warms the tick's own reads
                await dry_tick(cast("SqliteEventStore", engine.store), now)
        for engine in order:
            ms, would_post = await dry_tick(cast("SqliteEventStore", engine.store), now)
            ticks[engine.name].append(ms)
            occasions[engine.name].append(would_post)
    out: Row = {}
    for name, planned in plans.items():
        out[f"{name}_plan_p50"] = statistics.median(p["ms"] for p in planned)
        out[f"{name}_plan_max"] = max(p["ms"] for p in planned)
        out[f"{name}_plan_store_p50"] = statistics.median(p["store_ms"] for p in planned)
        out[f"{name}_tick_p50"] = statistics.median(ticks[name])
        out[f"{name}_tick_max"] = max(ticks[name])
        out[f"{name}_occasions_p50"] = statistics.median(occasions[name])
    if occasions[engines[0].name] != occasions[engines[-1].name]:
        raise RuntimeError(f"the engines planned different posts: {occasions}")
    return out


async def measure(size: int, out: Path, dsn: str, queries: int, passes: int) -> Row:
    now = datetime.now(UTC)
    locations = {"sqlite": StoreLocation(scratch_db(out, size)),
                 "postgresql": StoreLocation(Path("."), dsn)}
    engines: list[Engine] = []
    try:
        for name in ENGINES:
            store = await open_event_store(locations[name], sample=False, now=now)
            questions = bot_questions(cast("SqliteEventStore", store))
            engines.append(Engine(name, store, questions, []))
        asked = await ask_rounds(engines, queries)
        print(f"{size:,} events: questions asked", file=sys.stderr)
        scheduled = await scheduler_passes(engines, passes)
    finally:
        for engine in engines:
            await engine.store.close()
    return {"size": size, "queries": queries, "passes": passes, **asked, **scheduled,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


# -- the report ----------------------------------------------------------------------------


COLUMNS = (
    *(f"{q}_{p}" for q in QUESTIONS for p in ("p50", "p99")), "plan_p50", "tick_p50",
)


def table(results: Sequence[Row]) -> str:
    head = ("| events | engine | load s | db MB | day p50 | day p99 | range p50 | range p99 "
            "| keyword p50 | keyword p99 | plan p50 | tick p50 |")
    lines = [head, "| ---: | :--- |" + " ---: |" * 10]
    for r in results:
        size = f"{int(r['size']):,}"
        built = f"{r['build_s']:.1f} (built)" if r.get("build_s") is not None else "reused"
        loaded = f"{r['copy_s']:.1f} + {r['analyze_s']:.1f}"
        for engine, load, mb in (("sqlite", built, r["sqlite_mb"]),
                                 ("postgresql", loaded, r["postgresql_mb"])):
            cells = " | ".join(f"{r[f'{engine}_{c}']:.2f} ms" for c in COLUMNS)
            lines.append(f"| {size} | {NAMES[engine]} | {load} | {mb:,.0f} | {cells} |")
        ratios = " | ".join(f"{r[f'postgresql_{c}'] / r[f'sqlite_{c}']:.2f}x" for c in COLUMNS)
        lines.append(f"| {size} | PostgreSQL / SQLite | | "
                     f"{r['postgresql_mb'] / r['sqlite_mb']:.2f}x | {ratios} |")
    return "\n".join(lines)


def verdict(results: Sequence[Row]) -> str:
    for r in results:
        if int(r["size"]) == 1_000_000:
            parts = []
            for key, target in TARGETS_MS.items():
                value = r[f"postgresql_{key}"]
                ok = "met" if value < target else "NOT met"
                parts.append(f"{key.replace('_', ' ')} under {target:.0f} ms {ok} "
                             f"({value:.2f} ms)")
            return "Targets at 1,000,000 events on PostgreSQL: " + "; ".join(parts) + "."
    return "Targets not measured (they are at 1,000,000 events)."


def notes(
    results: Sequence[Row], server: Row, args: argparse.Namespace, started: datetime
) -> str:
    rss = ", ".join(f"{int(r['size']):,}: {r['rss_mb']:.0f} MB" for r in results)
    tuned = "durable" if args.durable else "test-tuned"
    return (
        f"PostgreSQL {server['server_version']} on loopback, {tuned} (fsync "
        f"{server['fsync']}, synchronous_commit {server['synchronous_commit']}, "
        f"full_page_writes {server['full_page_writes']}, shared_buffers "
        f"{server['shared_buffers']}, work_mem {server['work_mem']}). "
        f"{args.queries} rounds of questions after {WARM_UP_ROUNDS} warm-up rounds, each "
        f"asked of both engines in alternating order; plan and tick are per-pass medians "
        f"over {args.passes} days at {SUBSCRIPTIONS:,} subscriptions. PostgreSQL load is "
        f"`db copy` + `VACUUM (ANALYZE)` seconds. Peak RSS of the measuring process (both "
        f"stores open): {rss}. Started {started:%Y-%m-%d %H:%M} UTC."
    )


# -- processes -----------------------------------------------------------------------------


def run_child(args: argparse.Namespace, *extra: str) -> Any:
    """This module in a subprocess; the JSON on its last output line."""
    command = [sys.executable, "-m", "benchmarks.engines_bench", "--out", str(args.out),
               "--queries", str(args.queries), "--passes", str(args.passes), *extra]
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_size(args: argparse.Namespace, cluster: PgCluster, size: int) -> Row:
    result: Row = {"size": size, "build_s": None}
    if not events_db(args.out, size).exists():
        result["build_s"] = run_child(args, "--build", str(size))
        print(f"built {size:,} events in {result['build_s']:.1f} s", file=sys.stderr)
    name = f"bench_{size}"
    asyncio.run(create_database(cluster.dsn(), name))
    dsn = cluster.dsn(name)
    try:
        result.update(run_child(args, "--prepare", str(size), "--dsn", dsn))
        print(f"{size:,} events: copied in {result['copy_s']:.1f} s, analyzed in "
              f"{result['analyze_s']:.1f} s", file=sys.stderr)
        result.update(run_child(args, "--child", str(size), "--dsn", dsn))
    finally:
        for file in db_files(scratch_db(args.out, size)):
            file.unlink(missing_ok=True)
        asyncio.run(_drop_database(cluster.dsn(), name))
    return result


async def _drop_database(admin_dsn: str, name: str) -> None:
    conn = await asyncpg.connect(admin_dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        await conn.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"))
    parser.add_argument("--queries", type=int, default=500, help="rounds of questions")
    parser.add_argument("--passes", type=int, default=7, help="scheduler passes (days)")
    parser.add_argument("--durable", action="store_true",
                        help="run the server with fsync, synchronous_commit, full_page_writes on")
    parser.add_argument("--dsn", help=argparse.SUPPRESS)
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.build is not None:
        print(json.dumps(asyncio.run(build(events_db(args.out, args.build), args.build))))
        return
    if args.prepare is not None:
        print(json.dumps(prepare(args.prepare, args.out, args.dsn)))
        return
    if args.child is not None:
        print(json.dumps(asyncio.run(
            measure(args.child, args.out, args.dsn, args.queries, args.passes))))
        return
    started = datetime.now(UTC)
    cluster = (DurableCluster if args.durable else PgCluster).start()
    try:
        server = asyncio.run(server_facts(cluster.dsn()))
        results = [run_size(args, cluster, int(s)) for s in args.sizes.split(",")]
    finally:
        cluster.stop()
    report = "\n\n".join((table(results), verdict(results), notes(results, server, args, started)))
    stem = "engines_bench_durable" if args.durable else "engines_bench"
    (args.out / f"{stem}.md").write_text(report + "\n", encoding="utf-8")
    (args.out / f"{stem}.json").write_text(
        json.dumps({"server": server, "results": results}, indent=2) + "\n", encoding="utf-8"
    )
    print(report)


if __name__ == "__main__":
    main()
