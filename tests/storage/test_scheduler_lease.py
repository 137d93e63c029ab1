"""The scheduler lease and the ledger under several processes, on both engines: one
holder at a time, taken over only once expired, renewed and released by its holder;
two store instances (two connections, two pools) taking and claiming at once never
hand out one record twice nor create one twice."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.reminders.lease import SchedulerLease
from bot.reminders.model import Claim, Policy, Subscription
from bot.reminders.store import ReminderStore
from storage import SqliteEventStore
from storage.lease_store import SqliteLease, lease_name
from tests.pg_cluster import TestDatabases

T0 = datetime(2026, 1, 3, 9, tzinfo=UTC)
TTL = timedelta(seconds=20)
LEASE = timedelta(minutes=2)


def lease_of(store: object, name: str = "scheduler") -> SchedulerLease:
    """The lease in ``store``'s database, whichever engine it is."""
    if isinstance(store, SqliteEventStore):
        return SqliteLease.sharing(store, name)
    from storage.postgres.event_store import PgEventStore  # noqa: PLC0415
    from storage.postgres.lease_store import PgLease  # noqa: PLC0415

    assert isinstance(store, PgEventStore)
    return PgLease.sharing(store, name)


# -- the lease ---------------------------------------------------------------------------


async def test_one_holder_at_a_time(store: SqliteEventStore) -> None:
    lease = lease_of(store)
    assert await lease.holder(T0) is None
    assert await lease.hold("a", T0, TTL) == "a"
    assert await lease.hold("b", T0 + timedelta(seconds=5), TTL) == "a"
    assert await lease.holder(T0 + timedelta(seconds=5)) == "a"


async def test_an_expired_lease_is_taken_over(store: SqliteEventStore) -> None:
    lease = lease_of(store)
    await lease.hold("a", T0, TTL)
    assert await lease.hold("b", T0 + TTL - timedelta(microseconds=1), TTL) == "a"
    assert await lease.holder(T0 + TTL) is None  # expired: nobody holds it
    assert await lease.hold("b", T0 + TTL, TTL) == "b"
    # The old holder, back from a pause, cannot renew a lease it lost.
    assert await lease.hold("a", T0 + TTL + timedelta(seconds=1), TTL) == "b"
    assert await lease.holder(T0 + TTL + timedelta(seconds=1)) == "b"


async def test_renewal_extends_the_lease(store: SqliteEventStore) -> None:
    lease = lease_of(store)
    await lease.hold("a", T0, TTL)
    for seconds in (5, 10, 15, 20, 25):
        assert await lease.hold("a", T0 + timedelta(seconds=seconds), TTL) == "a"
    later = T0 + timedelta(seconds=40)
    assert await lease.hold("b", later, TTL) == "a"  # held until 25 s + 20 s
    assert await lease.holder(later) == "a"
    # Even a late renewal (after expiry, before anyone else came) keeps it.
    assert await lease.hold("a", T0 + timedelta(minutes=5), TTL) == "a"


async def test_release_frees_the_lease_only_for_its_holder(store: SqliteEventStore) -> None:
    lease = lease_of(store)
    await lease.hold("a", T0, TTL)
    await lease.release("b")  # not b's to give up
    assert await lease.holder(T0) == "a"
    await lease.release("a")
    assert await lease.holder(T0) is None
    assert await lease.hold("b", T0 + timedelta(seconds=1), TTL) == "b"


async def test_leases_of_different_names_are_independent(store: SqliteEventStore) -> None:
    slack = lease_of(store, lease_name(["slack"]))
    discord = lease_of(store, lease_name(["discord"]))
    assert await slack.hold("a", T0, TTL) == "a"
    assert await discord.hold("b", T0, TTL) == "b"
    assert lease_name(["slack", "discord"]) == lease_name({"discord", "slack"})


async def test_many_at_once_take_an_expired_lease_only_once(store: SqliteEventStore) -> None:
    lease = lease_of(store)
    await lease.hold("dead", T0, TTL)
    later = T0 + TTL + timedelta(seconds=1)
    answers = await asyncio.gather(*(lease.hold(f"p{n}", later, TTL) for n in range(8)))
    assert len(set(answers)) == 1 and answers[0] != "dead"


# -- two store instances on one database -------------------------------------------------


@dataclass
class Process:
    """What one process has of the store: the ledger and the lease."""

    reminders: ReminderStore
    lease: SchedulerLease


@pytest.fixture(params=("sqlite", "postgresql"))
async def processes(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[tuple[Process, Process]]:
    """Two independently opened stores on one database, as two processes have."""
    if request.param == "sqlite":
        path = tmp_path / "shared.sqlite3"
        one, two = await SqliteEventStore.open(path), await SqliteEventStore.open(path)
        try:
            yield (Process(one.reminders, SqliteLease.sharing(one)),
                   Process(two.reminders, SqliteLease.sharing(two)))
        finally:
            await one.close()
            await two.close()
        return
    from storage.postgres.database import PgDatabase  # noqa: PLC0415
    from storage.postgres.lease_store import PgLease  # noqa: PLC0415
    from storage.postgres.reminder_store import PgReminderStore  # noqa: PLC0415

    databases: TestDatabases = request.getfixturevalue("pg_databases")
    dsn = await databases.fresh()
    first, second = await PgDatabase.connect(dsn), await PgDatabase.connect(dsn)
    try:
        yield (Process(PgReminderStore(first), PgLease(first)),
               Process(PgReminderStore(second), PgLease(second)))
    finally:
        await first.close()
        await second.close()


async def _subscribe(process: Process, channel: str) -> int:
    sub = await process.reminders.save_subscription(
        Subscription("slack", channel, Policy()), "test", T0, "subscribe", ""
    )
    assert sub.id is not None
    return sub.id


async def test_concurrent_takers_on_two_instances_never_share_a_record(
    processes: tuple[Process, Process],
) -> None:
    one, two = processes
    subs = [await _subscribe(one, f"C{n}") for n in range(3)]
    claims = [Claim(sub, f"alert:{n}:2026-01-03:0", T0) for sub in subs for n in range(40)]
    assert await one.reminders.claim(claims, {}) == 120
    takers = [(process, f"{name}{n}") for n in range(4) for process, name in
              ((one, "a"), (two, "b"))]
    taken = await asyncio.gather(
        *(process.reminders.take(["slack"], T0, T0 + LEASE, owner, 7)
          for process, owner in takers)
    )
    # Then every taker again, until nothing is left: still no record twice.
    while True:
        more = await asyncio.gather(
            *(process.reminders.take(["slack"], T0, T0 + LEASE, owner, 7)
              for process, owner in takers)
        )
        taken += more
        if not any(more):
            break
    keys = [(d.subscription_id, d.key) for batch in taken for d in batch]
    assert len(keys) == len(set(keys)) == 120


async def test_concurrent_claims_on_two_instances_create_each_record_once(
    processes: tuple[Process, Process],
) -> None:
    one, two = processes
    subs = [await _subscribe(one, f"C{n}") for n in range(2)]
    claims = [Claim(sub, f"alert:{n}:2026-01-03:0", T0) for sub in subs for n in range(30)]
    later = {sub: T0 + timedelta(minutes=1) for sub in subs}
    # Each process claims overlapping batches, in different orders, several times at once.
    batches = [claims, list(reversed(claims)), claims[10:50], claims[::2], claims[1::2]]
    created = await asyncio.gather(
        *(process.reminders.claim(batch, later) for batch in batches for process in (one, two))
    )
    assert sum(created) == 60
    counters = await two.reminders.counters()
    assert sum(c.pending for c in counters.values()) == 60
    for sub in subs:
        now = await two.reminders.subscription(sub)
        assert now is not None and now.checked_until == T0 + timedelta(minutes=1)


async def test_two_instances_contend_for_the_lease(processes: tuple[Process, Process]) -> None:
    one, two = processes
    answers = await asyncio.gather(one.lease.hold("a", T0, TTL), two.lease.hold("b", T0, TTL))
    winner = answers[0]
    assert answers == [winner, winner] and winner in ("a", "b")
    assert await two.lease.holder(T0) == await one.lease.holder(T0) == winner
    later = T0 + TTL
    loser = "b" if winner == "a" else "a"
    loser_lease = two.lease if loser == "b" else one.lease
    assert await loser_lease.hold(loser, later, TTL) == loser
