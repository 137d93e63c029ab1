"""The scheduler under its lease: of two processes sharing a store only the holder
runs passes; the other stands by, posts nothing, and takes over within 30 seconds of
the holder dying, or at its next check when the holder shuts down cleanly. The
keeper renews every 5 seconds and stops the work before a lease it cannot renew
runs out, or as soon as another process holds it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.errors import StoreError
from bot.reminders.lease import LeaseKeeper, SchedulerLease
from bot.reminders.scheduler import Scheduler
from bot.reminders.scheduler_settings import SchedulerSettings
from storage import SqliteEventStore
from storage.lease_store import SqliteLease
from tests.bot.scheduling_fakes import RecordingPublisher, SteppedClock
from tests.bot.test_scheduler import add, subscribe
from tests.conftest import FakeClock


def at(
    year: int, month: int, day: int, hour: int = 9, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


class Watched:
    """A process's hold on the store's lease: records each attempt (when, and who held
    the lease after it); a ``crashed`` process gives nothing up when it stops."""

    def __init__(self, lease: SchedulerLease) -> None:
        self.lease = lease
        self.attempts: list[tuple[datetime, str | None]] = []
        self.crashed = False

    async def hold(self, holder: str, now: datetime, ttl: timedelta) -> str | None:
        got = await self.lease.hold(holder, now, ttl)
        self.attempts.append((now, got))
        return got

    async def release(self, holder: str) -> None:
        if not self.crashed:
            await self.lease.release(holder)

    async def holder(self, now: datetime) -> str | None:
        return await self.lease.holder(now)


@dataclass
class Process:
    scheduler: Scheduler
    publisher: RecordingPublisher
    lease: Watched


async def until(check: Callable[[], bool | Awaitable[bool]], within: float = 5.0) -> None:
    """Wait until ``check()`` holds (the processes run on this loop meanwhile)."""
    async with asyncio.timeout(within):
        while True:  # the timeout ends a wait that never ends
            answer = check()
            if answer if isinstance(answer, bool) else await answer:
                return
            await asyncio.sleep(0.005)


@pytest.fixture
async def shared(tmp_path: Path) -> AsyncIterator[tuple[SqliteEventStore, SqliteEventStore]]:
    """Two processes' connections to one database file."""
    path = tmp_path / "shared.sqlite3"
    one, two = await SqliteEventStore.open(path), await SqliteEventStore.open(path)
    try:
        yield one, two
    finally:
        await one.close()
        await two.close()


def process(store: SqliteEventStore, clock: SteppedClock, name: str) -> Process:
    publisher, lease = RecordingPublisher(), Watched(SqliteLease.sharing(store))
    scheduler = Scheduler(
        store, store.reminders, clock, {"slack": publisher}, owner=name,
        # Sleeps last until the next posting time, so the test knows when each pass runs.
        settings=SchedulerSettings(max_sleep=timedelta(days=2)),
        lease=LeaseKeeper(lease, name, clock),
    )
    return Process(scheduler, publisher, lease)


async def stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_a_standby_posts_nothing_and_takes_over_when_the_holder_dies(
    shared: tuple[SqliteEventStore, SqliteEventStore],
) -> None:
    one, two = shared
    await add(one, "2024-01-03", "Strike")
    await add(one, "2024-01-04", "Aftermath")
    await subscribe(one, "C1", lead_days=(0,), created=at(2026, 1, 3, 8))
    clock = SteppedClock(at(2026, 1, 3, 8, 59, 50))
    a, b = process(one, clock, "a"), process(two, clock, "b")
    running_a = asyncio.create_task(a.scheduler.run())
    await until(lambda: at(2026, 1, 3) in clock.sleepers)  # a holds it and waits for 09:00
    running_b = asyncio.create_task(b.scheduler.run())
    try:
        await until(lambda: bool(b.lease.attempts))
        assert a.lease.attempts == [(at(2026, 1, 3, 8, 59, 50), "a")]
        assert b.lease.attempts == [(at(2026, 1, 3, 8, 59, 50), "a")]

        await clock.set(at(2026, 1, 3))
        await until(lambda: len(a.publisher.posts) == 2 and (at(2026, 1, 3), "a") in
                    a.lease.attempts)
        await until(lambda: _posted(one, 2))  # and recorded its outcomes
        a.lease.crashed = True
        await stop(running_a)  # dies: its lease (renewed at 09:00) runs to 09:00:20
        died = at(2026, 1, 3)

        # Each step waits for b's next check to be asleep, so that it checks at that time.
        await until(lambda: at(2026, 1, 3, 9, 0, 5) in clock.sleepers)
        await clock.set(at(2026, 1, 3, 9, 0, 10))
        await until(lambda: at(2026, 1, 3, 9, 0, 15) in clock.sleepers)
        assert b.lease.attempts[-1] == (at(2026, 1, 3, 9, 0, 10), "a")  # not expired yet
        await clock.set(at(2026, 1, 3, 9, 0, 25))
        await until(lambda: b.lease.attempts[-1][1] == "b")
        took, _ = b.lease.attempts[-1]
        assert took - died <= timedelta(seconds=30)
        assert b.publisher.attempts == []  # nothing posted while standing by, nor again now

        await until(lambda: at(2026, 1, 4) in clock.sleepers)  # b's passes wait for the 4th
        await clock.set(at(2026, 1, 4))
        await until(lambda: len(b.publisher.posts) == 2)
        assert b.publisher.keys() == ["digest:2026-01-04", "alert:2:2026-01-04:0"]
        assert a.publisher.keys() == ["digest:2026-01-03", "alert:1:2026-01-03:0"]
    finally:
        for task in (running_a, running_b):
            task.cancel()
        await asyncio.gather(running_a, running_b, return_exceptions=True)


async def _posted(store: SqliteEventStore, count: int) -> bool:
    counters = await store.reminders.counters()
    return sum(c.posted for c in counters.values()) == count


async def test_a_clean_shutdown_hands_over_at_the_next_check(
    shared: tuple[SqliteEventStore, SqliteEventStore],
) -> None:
    one, two = shared
    start = at(2026, 1, 3, 12)
    clock = SteppedClock(start)
    a, b = process(one, clock, "a"), process(two, clock, "b")
    running_a = asyncio.create_task(a.scheduler.run())
    await until(lambda: bool(a.lease.attempts))
    running_b = asyncio.create_task(b.scheduler.run())
    try:
        await until(lambda: bool(b.lease.attempts))
        await stop(running_a)  # released on the way out
        assert await SqliteLease.sharing(one).holder(start) is None
        await until(lambda: start + timedelta(seconds=5) in clock.sleepers)
        await clock.set(start + timedelta(seconds=5))
        await until(lambda: b.lease.attempts[-1] == (start + timedelta(seconds=5), "b"))
    finally:
        for task in (running_a, running_b):
            task.cancel()
        await asyncio.gather(running_a, running_b, return_exceptions=True)
    assert await SqliteLease.sharing(two).holder(clock.now()) is None  # b released it too


# -- the keeper alone, with a fake lease and the fake clock --------------------------------


class FakeLease:
    """Answers with ``answers`` in turn (a holder's name, or an error to raise), then
    keeps giving the last; records when each attempt was made."""

    def __init__(self, *answers: str | Exception) -> None:
        self.answers = list(answers)
        self.calls: list[datetime] = []
        self.released: list[str] = []

    async def hold(self, holder: str, now: datetime, ttl: timedelta) -> str | None:
        await asyncio.sleep(0)  # a real store lets the loop run
        self.calls.append(now)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def release(self, holder: str) -> None:
        self.released.append(holder)

    async def holder(self, now: datetime) -> str | None:
        return None


class Work:
    """Work that runs until it is stopped, noting when it started and stopped."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.started: list[datetime] = []
        self.stopped: list[datetime] = []

    async def __call__(self) -> None:
        self.started.append(self.clock.now())
        try:
            await asyncio.Event().wait()
        finally:
            self.stopped.append(self.clock.now())


async def test_the_keeper_renews_every_five_seconds_and_stops_before_an_unrenewed_lease_ends(
    clock: FakeClock,
) -> None:
    t0 = clock.now()
    down = StoreError("the database is unreachable")
    lease = FakeLease("me", "me", "me", down)
    work = Work(clock)
    keeper = LeaseKeeper(lease, "me", clock)
    running = asyncio.create_task(keeper.run(work))
    try:
        await until(lambda: bool(work.stopped))
    finally:
        await stop(running)
    seconds = [(call - t0).total_seconds() for call in lease.calls]
    assert seconds[:6] == [0, 5, 10, 15, 20, 25]
    # Renewed last at 10 s, so held until 30 s: it stops a renewal early, at 25 s.
    assert work.started == [t0] and work.stopped == [t0 + timedelta(seconds=25)]
    assert lease.released == []  # it never got the lease back, so gives nothing up


async def test_the_keeper_stops_at_once_when_another_process_holds_the_lease(
    clock: FakeClock,
) -> None:
    t0 = clock.now()
    lease = FakeLease("other", "me", "me", "other", "other", "me")
    work = Work(clock)
    keeper = LeaseKeeper(lease, "me", clock)
    running = asyncio.create_task(keeper.run(work))
    try:
        await until(lambda: len(work.started) == 2)
    finally:
        await stop(running)
    # Standing by at 0 s; holding from 5 s; refused at 15 s; holding again from 20 s.
    assert work.started == [t0 + timedelta(seconds=5), t0 + timedelta(seconds=20)]
    assert work.stopped[0] == t0 + timedelta(seconds=15)
    assert lease.released == ["me"]  # it held the lease when it was stopped
