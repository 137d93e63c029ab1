"""Timing benchmark of scheduled posts: one scheduler pass over 10k, 100k and 1M events
for 10, 100 and 1,000 subscriptions.

Run ``python -m benchmarks.scheduler_bench [--sizes 10000,100000,1000000]
[--subscriptions 10,100,1000] [--days 30] [--out DIR] [--reuse]`` (``make bench-scheduler``).
The target, from the issue: one pass planning a day for 1,000 subscriptions over 1M
events in under 200 ms.

The events are store_bench's: the same generator, built by ``store_bench.load`` into the
same file, ``store_<size>.db`` in ``--out``, so ``--reuse`` picks up a store that either
benchmark built (a build runs in a subprocess of its own). Each size is measured in its
own subprocess, so peak RSS belongs to that size; it is the peak so far, so it grows
along a size's subscription counts. Subscriptions are written to a scratch copy,
``scheduler_<size>.db``, deleted afterwards, so the events store is left as it was.

The subscriptions are one seeded list of 1,000 Slack channels over 21 IANA time zones
with posting times spread over the day; the counts are its nested prefixes. About 70%
have the default policy; the rest filter on 1-3 of the store's tags, and some of those
have their own milestones or lead days, are digest-only or alerts-only, move weekend
alerts to Friday or post empty digests.

For each (events, subscriptions), after warm-up, over ``--days`` days of 2026-2028
(random, plus 1 March, 28 February of a common year and 29 February):

- plan: what a scheduler pass does to decide what is due on one local day: a fresh
  ``Planner``, ``prepare`` for every subscription, then ``plan`` for each. The store is
  wrapped to count its calls and the time spent in them ("store calls", "in store").
- tick: ``Scheduler.tick(now, dry_run=True)`` with every subscription's posting instant
  in the window (its watermark five minutes before it; moved between days by pausing
  and resuming, untimed): reading the subscriptions, planning, and the ledger lookups.

Prints a markdown table (p50 and max in ms; store calls, time in the store and occasions
are per-pass medians) and writes it to ``scheduler_bench.md`` in ``--out``, and every
figure, each day's plan pass included, to ``scheduler_bench.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import itertools
import json
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Collection, Sequence
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any, cast

from benchmarks.store_bench import SEED, TAGS, load
from bot.messages import Reply
from bot.ports import EventStore, Posted
from bot.reminders import rules
from bot.reminders.model import DEFAULT_LEAD_DAYS, DEFAULT_MILESTONES, Policy, Subscription
from bot.reminders.planning import Planner
from bot.reminders.scheduler import Scheduler
from bot.reminders.store import ReminderStore
from storage.sqlite_store import SqliteEventStore

TARGET_MS = 200.0  # plan p50 at 1M events x 1,000 subscriptions, from the issue
ACTOR = "bench:scheduler"
AHEAD = timedelta(minutes=5)  # a watermark this long before the posting instant
WARM_UP_DAYS = 3
FIRST_BENCH_DAY, LAST_BENCH_DAY = date(2026, 1, 1), date(2028, 12, 31)
SPECIAL_DAYS = (date(2027, 3, 1), date(2027, 2, 28), date(2028, 2, 29))
ZONES = (
    "UTC", "Europe/London", "Europe/Berlin", "Europe/Istanbul", "Africa/Lagos",
    "Africa/Nairobi", "Asia/Tehran", "Asia/Dubai", "Asia/Kolkata", "Asia/Kathmandu",
    "Asia/Tokyo", "Australia/Sydney", "Australia/Adelaide", "Pacific/Auckland",
    "Pacific/Kiritimati", "Pacific/Honolulu", "America/Los_Angeles", "America/Mexico_City",
    "America/New_York", "America/St_Johns", "America/Sao_Paulo",
)
MILESTONES = ((1, 5, 10, 25, 50, 100), (10, 25, 50, 75, 100, 150), (1, 2, 3, 4, 5, 10, 20))
LEAD_DAYS = ((7, 0), (1, 0), (14, 7, 1, 0), (0,))

Row = dict[str, Any]  # one measurement, as written to the JSON file


# -- subscriptions and days ---------------------------------------------------------------


def planned_subscriptions(count: int, seed: int = SEED + 2) -> list[Subscription]:
    """``count`` deterministic, unsaved subscriptions; a shorter list is a prefix of a longer."""
    rng = random.Random(seed)
    return [Subscription("slack", f"C{n:08d}", _policy(rng)) for n in range(count)]


def _policy(rng: random.Random) -> Policy:
    tz = rng.choice(ZONES)
    post_at = clock_time(rng.randrange(24), rng.choice((0, 15, 30, 45)))
    if rng.random() < 0.7:
        return Policy(tz=tz, post_at=post_at)
    kinds = rng.choices(("both", "digest", "alerts"), weights=(6, 2, 2))[0]
    return Policy(
        digest=kinds != "alerts",
        alerts=kinds != "digest",
        tz=tz,
        post_at=post_at,
        milestones=rng.choice(MILESTONES) if rng.random() < 0.3 else DEFAULT_MILESTONES,
        lead_days=rng.choice(LEAD_DAYS) if rng.random() < 0.3 else DEFAULT_LEAD_DAYS,
        tags=tuple(dict.fromkeys(rng.choice(TAGS) for _ in range(rng.randint(1, 3)))),
        weekend_friday=rng.random() < 0.25,
        post_empty=rng.random() < 0.1,
    )


def bench_days(
    count: int, seed: int = SEED + 3, specials: Sequence[date] = SPECIAL_DAYS,
    avoid: Collection[date] = (),
) -> list[date]:
    """``count`` distinct days: ``specials`` first, then seeded random ones not in ``avoid``."""
    rng = random.Random(seed)
    span = (LAST_BENCH_DAY - FIRST_BENCH_DAY).days + 1
    days = list(specials[:count])
    while len(days) < count:
        day = FIRST_BENCH_DAY + timedelta(days=rng.randrange(span))
        if day not in days and day not in avoid:
            days.append(day)
    return days


# -- the store seen by the planner -----------------------------------------------------


@dataclass
class CountingStore:
    """The event store, with every call of its coroutine methods counted and timed (ms).

    It adds two ``perf_counter`` calls per store call, microseconds in a pass.
    """

    store: SqliteEventStore
    calls: dict[str, int] = field(default_factory=dict)
    ms: dict[str, float] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.store, name)
        if not inspect.iscoroutinefunction(method):
            return method

        async def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await method(*args, **kwargs)
            finally:
                self.calls[name] = self.calls.get(name, 0) + 1
                self.ms[name] = self.ms.get(name, 0.0) + (time.perf_counter() - started) * 1000

        return timed


@dataclass
class FixedClock:
    """The scheduler's clock; a dry-run tick is given ``now`` and never sleeps."""

    at: datetime

    def now(self) -> datetime:
        return self.at

    async def sleep_until(self, when: datetime) -> None:
        self.at = max(self.at, when)


class NullPublisher:
    """Satisfies the ``Publisher`` port; a dry run never calls it."""

    async def publish(self, channel: str, reply: Reply, *, key: str, retry: bool = False) -> Posted:
        raise AssertionError(f"a dry run published {key} to {channel}")


# -- timing --------------------------------------------------------------------------------


async def plan_pass(store: EventStore, subscriptions: Sequence[Subscription], day: date) -> int:
    """What a scheduler pass does to decide what is due on local ``day``: a fresh
    ``Planner``, ``prepare`` for the pass, then ``plan`` for every subscription. Returns
    how many occasions (ledger keys) it found."""
    planner = Planner(store)
    await planner.prepare((sub, day) for sub in subscriptions)
    found = 0
    for sub in subscriptions:
        found += len((await planner.plan(sub, day)).occasion_keys())
    return found


async def time_plan(
    store: SqliteEventStore, subscriptions: Sequence[Subscription], day: date
) -> Row:
    """One timed pass over ``day``, through ``CountingStore``."""
    counting = CountingStore(store)
    started = time.perf_counter()
    found = await plan_pass(cast(EventStore, counting), subscriptions, day)
    ms = (time.perf_counter() - started) * 1000
    return {"day": day.isoformat(), "ms": ms, "occasions": found,
            "store_calls": sum(counting.calls.values()), "store_ms": sum(counting.ms.values()),
            "calls": counting.calls, "calls_ms": counting.ms}


async def time_plans(
    store: SqliteEventStore, subscriptions: Sequence[Subscription], days: Sequence[date]
) -> Row:
    """Plan ``WARM_UP_DAYS`` other days untimed, then each of ``days`` once, timed."""
    for day in bench_days(WARM_UP_DAYS, SEED + 4, specials=(), avoid=days):
        await plan_pass(store, subscriptions, day)
    per_day = [await time_plan(store, subscriptions, day) for day in days]
    return {
        **summary("plan", [d["ms"] for d in per_day]),
        "plan_occasions_p50": statistics.median(d["occasions"] for d in per_day),
        "store_calls_p50": statistics.median(d["store_calls"] for d in per_day),
        "store_ms_p50": statistics.median(d["store_ms"] for d in per_day),
        "plan_slowest_day": max(per_day, key=lambda d: d["ms"])["day"],
        "plan_days": per_day,
    }


def watermarks(
    subscriptions: Sequence[Subscription], day: date
) -> tuple[list[datetime], datetime]:
    """Each subscription's watermark, ``AHEAD`` of its first posting instant after the
    start of ``day`` (UTC), and a ``now`` past all those instants (all within 24 hours)."""
    start = datetime.combine(day, clock_time(0), tzinfo=UTC)
    instants = [
        rules.next_posting_instant(start, s.policy.post_at, s.policy.tz) for s in subscriptions
    ]
    return [at - AHEAD for at in instants], max(instants)


async def move_watermarks(
    reminders: ReminderStore, subscriptions: Sequence[Subscription], marks: Sequence[datetime]
) -> list[Subscription]:
    """Set each watermark by pausing and resuming (a resumed subscription starts afresh)."""
    moved: list[Subscription] = []
    for sub, mark in zip(subscriptions, marks, strict=True):
        if sub.checked_until == mark:
            moved.append(sub)
            continue
        detail = f"benchmark: watermark to {mark.isoformat()}"
        paused = await reminders.save_subscription(
            replace(sub, paused="benchmark"), ACTOR, mark, "pause", detail
        )
        moved.append(
            await reminders.save_subscription(
                replace(paused, paused=""), ACTOR, mark, "resume", detail
            )
        )
    return moved


async def dry_tick(store: SqliteEventStore, now: datetime) -> tuple[float, int]:
    """One dry-run pass as of ``now``: (milliseconds, occasions it would post)."""
    scheduler = Scheduler(
        store, store.reminders, FixedClock(now), {"slack": NullPublisher()}, owner="bench"
    )
    started = time.perf_counter()
    report = await scheduler.tick(now, dry_run=True)
    return (time.perf_counter() - started) * 1000, len(report.would_post)


async def time_ticks(
    store: SqliteEventStore, subscriptions: list[Subscription], days: Sequence[date]
) -> Row:
    """One timed dry-run tick per day (the first day is ticked once more, untimed, first)."""
    samples: list[float] = []
    found: list[float] = []
    moving = 0.0
    for index, day in enumerate(days):
        marks, now = watermarks(subscriptions, day)
        started = time.perf_counter()
        subscriptions = await move_watermarks(store.reminders, subscriptions, marks)
        moving += time.perf_counter() - started
        if index == 0:
            await dry_tick(store, now)
        ms, would_post = await dry_tick(store, now)
        samples.append(ms)
        found.append(would_post)
    return {**summary("tick", samples), "tick_occasions_p50": statistics.median(found),
            "watermarks_s": moving}


def summary(name: str, samples: Sequence[float]) -> Row:
    p90 = (statistics.quantiles(samples, n=10, method="inclusive")[8]
           if len(samples) > 1 else samples[0])
    return {f"{name}_p50_ms": statistics.median(samples), f"{name}_p90_ms": p90,
            f"{name}_max_ms": max(samples)}


# -- one size --------------------------------------------------------------------------


async def subscribe(
    reminders: ReminderStore, wanted: Sequence[Subscription], day: date
) -> list[Subscription]:
    """Save the subscriptions of ``wanted`` not saved yet (each with its watermark for
    ``day``, the store setting it to ``at``); every saved subscription, by id."""
    have = {s.channel for s in await reminders.subscriptions()}
    marks, _ = watermarks(wanted, day)
    for sub, mark in zip(wanted, marks, strict=True):
        if sub.channel not in have:
            await reminders.save_subscription(sub, ACTOR, mark, "subscribe", "benchmark")
    return await reminders.subscriptions()


async def measure(
    path: Path, size: int, counts: Sequence[int], days: int
) -> list[Row]:
    """Every subscription count against the store at ``path``, smallest first."""
    wanted = planned_subscriptions(max(counts))
    timed_days = bench_days(days)
    results: list[Row] = []
    store = await SqliteEventStore.open(path)
    try:
        for count in sorted(counts):
            subscriptions = await subscribe(store.reminders, wanted[:count], timed_days[0])
            plans = await time_plans(store, subscriptions, timed_days)
            ticks = await time_ticks(store, subscriptions, timed_days)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            results.append({"events": float(size), "subscriptions": float(count),
                            "days": float(days), **plans, **ticks, "rss_mb": rss})
            print(f"{size:,} events x {count:,} subscriptions: plan p50 "
                  f"{plans['plan_p50_ms']:.1f} ms, tick p50 {ticks['tick_p50_ms']:.1f} ms",
                  file=sys.stderr)
    finally:
        await store.close()
    return results


def db_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm")]


def events_db(out: Path, size: int) -> Path:
    """store_bench's file name for a store of ``size`` events."""
    return out / f"store_{size}.db"


async def build(path: Path, size: int) -> float:
    """Build store_bench's store of ``size`` events at ``path``; seconds it took."""
    for file in db_files(path):
        file.unlink(missing_ok=True)
    store = await SqliteEventStore.open(path)
    try:
        return await load(store, size)
    finally:
        await store.close()


def child(size: int, out: Path, counts: Sequence[int], days: int) -> list[Row]:
    """Measure one size on a scratch copy of its events store (deleted afterwards)."""
    scratch = out / f"scheduler_{size}.db"
    for file in db_files(scratch):
        file.unlink(missing_ok=True)
    source = events_db(out, size)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(scratch)) as dst:
        src.backup(dst, pages=16384)
    try:
        return asyncio.run(measure(scratch, size, counts, days))
    finally:
        for file in db_files(scratch):
            file.unlink(missing_ok=True)


# -- the report ----------------------------------------------------------------------------


def table(results: Sequence[Row]) -> str:
    head = ("| events | subs | plan p50 ms | plan max ms | store calls | in store ms "
            "| tick p50 ms | tick max ms | occasions/pass | peak RSS MB |")
    lines = [head, "|" + " ---: |" * 10]
    for r in results:
        lines.append(
            f"| {int(r['events']):,} | {int(r['subscriptions']):,} "
            f"| {r['plan_p50_ms']:.1f} | {r['plan_max_ms']:.1f} "
            f"| {r['store_calls_p50']:.0f} | {r['store_ms_p50']:.1f} "
            f"| {r['tick_p50_ms']:.1f} | {r['tick_max_ms']:.1f} "
            f"| {r['plan_occasions_p50']:,.0f} | {r['rss_mb']:.0f} |"
        )
    return "\n".join(lines)


def growth(results: Sequence[Row]) -> str:
    """How plan p50 grows: ratios between neighbouring sizes and between neighbouring counts."""
    p50 = {(int(r["events"]), int(r["subscriptions"])): r["plan_p50_ms"] for r in results}
    sizes = sorted({e for e, _ in p50})
    counts = sorted({s for _, s in p50})
    lines: list[str] = []
    for count in counts:
        label = f"events {' -> '.join(f'{s:,}' for s in sizes)} at {count:,} subscriptions"
        lines += _ratios(label, [p50.get((size, count)) for size in sizes])
    for size in sizes:
        label = f"subscriptions {' -> '.join(f'{c:,}' for c in counts)} at {size:,} events"
        lines += _ratios(label, [p50.get((size, count)) for count in counts])
    return "\n".join(lines)


def _ratios(label: str, values: Sequence[float | None]) -> list[str]:
    steps = [f"{b / a:.2f}x" for a, b in itertools.pairwise(values) if a and b]
    return [f"- plan p50, {label}: " + ", ".join(steps)] if steps else []


def verdict(results: Sequence[Row]) -> str:
    for r in results:
        if (int(r["events"]), int(r["subscriptions"])) == (1_000_000, 1_000):
            ok = "met" if r["plan_p50_ms"] < TARGET_MS else "NOT met"
            return (f"Target (plan p50 < {TARGET_MS:.0f} ms at 1,000,000 events x 1,000 "
                    f"subscriptions): {ok}, {r['plan_p50_ms']:.1f} ms.")
    return "Target not measured (needs --sizes with 1000000 and --subscriptions with 1000)."


def code_version() -> str:
    """The commit measured (``git describe --always --dirty``), or "unknown"."""
    done = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True,
                          text=True, check=False)
    return done.stdout.strip() or "unknown"


def write_report(out: Path, results: Sequence[Row], days: int, version: str) -> str:
    """Write ``scheduler_bench.md`` and ``scheduler_bench.json``; the markdown."""
    note = (f"Code {version}; {days} days per measurement; peak RSS is the size's process "
            "so far; store calls and in-store time are per-pass medians.")
    report = "\n\n".join((table(results), growth(results), verdict(results), note))
    (out / "scheduler_bench.md").write_text(report + "\n", encoding="utf-8")
    summary = {"target_ms": TARGET_MS, "code": version, "results": results}
    (out / "scheduler_bench.json").write_text(json.dumps(summary, indent=2) + "\n",
                                              encoding="utf-8")
    return report


def run_child(args: argparse.Namespace, size: int, *extra: str) -> Any:
    """Run this module for ``size`` in a subprocess; the JSON on its last output line."""
    command = [sys.executable, "-m", "benchmarks.scheduler_bench", "--out", str(args.out),
               "--subscriptions", args.subscriptions, "--days", str(args.days), *extra]
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--subscriptions", default="10,100,1000")
    parser.add_argument("--days", type=int, default=30, help="days timed per measurement")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"))
    parser.add_argument("--reuse", action="store_true",
                        help="reuse store_<size>.db in --out (built by store_bench or this)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    counts = [int(c) for c in args.subscriptions.split(",")]
    if args.build is not None:
        print(json.dumps(asyncio.run(build(events_db(args.out, args.build), args.build))))
        return
    if args.child is not None:
        print(json.dumps(child(args.child, args.out, counts, args.days)))
        return
    version = code_version()  # before the runs: the tree may change meanwhile
    results: list[Row] = []
    for size in (int(s) for s in args.sizes.split(",")):
        if not (args.reuse and events_db(args.out, size).exists()):
            seconds = run_child(args, size, "--build", str(size))
            print(f"built {size:,} events in {seconds:.1f} s", file=sys.stderr)
        results += run_child(args, size, "--child", str(size))
    print(write_report(args.out, results, args.days, version))


if __name__ == "__main__":
    main()
