"""Subscriptions and the delivery ledger in SQLite: a record is created once however
many ticks or processes claim it, taken by one sender at a time, finished only by its
holder; stale writes are refused; nothing is lost on removal; ids are never reused."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.errors import ConflictError
from bot.reminders.model import Claim, Policy, Subscription
from storage import SqliteEventStore

T0 = datetime(2026, 1, 3, 9, tzinfo=UTC)
LEASE = timedelta(minutes=2)


async def new_sub(store: SqliteEventStore, channel: str = "C0DESK001") -> Subscription:
    return await store.reminders.save_subscription(
        Subscription("slack", channel, Policy()), "test", T0, "subscribe", "detail"
    )


async def test_a_new_subscription_starts_checked_until_its_creation(
    store: SqliteEventStore,
) -> None:
    sub = await new_sub(store)
    assert (sub.id, sub.version, sub.checked_until) == (1, 1, T0)
    assert [c.action for c in await store.changes(None)] == ["subscribe"]


async def test_one_live_subscription_per_channel(store: SqliteEventStore) -> None:
    await new_sub(store)
    with pytest.raises(ConflictError):
        await new_sub(store)


async def test_a_change_from_a_stale_reading_is_refused(store: SqliteEventStore) -> None:
    sub = await new_sub(store)
    moved = await store.reminders.save_subscription(
        replace(sub, policy=replace(sub.policy, tz="Asia/Tehran")), "a", T0, "change", ""
    )
    assert moved.version == 2
    with pytest.raises(ConflictError):
        await store.reminders.save_subscription(sub, "b", T0, "change", "")
    assert (await store.reminders.subscription(1)).policy.tz == "Asia/Tehran"  # type: ignore[union-attr]


async def test_resuming_moves_the_watermark_so_nothing_paused_is_caught_up(
    store: SqliteEventStore,
) -> None:
    sub = await new_sub(store)
    paused = await store.reminders.save_subscription(replace(sub, paused="x"), "a", T0, "p", "")
    later = T0 + timedelta(days=3)
    resumed = await store.reminders.save_subscription(replace(paused, paused=""), "a", later,
                                                      "r", "")
    assert resumed.checked_until == later


async def test_claims_are_created_once_and_move_the_watermark(store: SqliteEventStore) -> None:
    sub = await new_sub(store)
    claims = [Claim(1, "digest:2026-01-03", T0), Claim(1, "alert:1:2026-01-03:0", T0)]
    assert await store.reminders.claim(claims, {1: T0 + timedelta(minutes=1)}) == 2
    assert await store.reminders.claim(claims, {1: T0}) == 0  # a second tick: nothing new
    now = await store.reminders.subscription(1)
    assert now is not None and now.checked_until == T0 + timedelta(minutes=1)  # never backwards
    assert sub.id == 1


async def test_only_one_taker_gets_a_record_even_across_connections(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    one, two = await SqliteEventStore.open(path), await SqliteEventStore.open(path)
    try:
        await new_sub(one)
        await one.reminders.claim([Claim(1, f"alert:{n}:2026-01-03:0", T0) for n in range(50)],
                                  {})
        taken = await asyncio.gather(
            *(store.reminders.take(["slack"], T0, T0 + LEASE, name, 10)
              for store, name in ((one, "a"), (two, "b"), (one, "c"), (two, "d"), (one, "e"),
                                  (two, "f")))
        )
        keys = [d.key for batch in taken for d in batch]
        assert len(keys) == len(set(keys)) == 50
    finally:
        await one.close()
        await two.close()


async def test_a_dead_attempt_is_retaken_after_its_lease_as_a_retry(
    store: SqliteEventStore,
) -> None:
    await new_sub(store)
    await store.reminders.claim([Claim(1, "digest:2026-01-03", T0)], {})
    [first] = await store.reminders.take(["slack"], T0, T0 + LEASE, "dead", 10)
    assert first.retry is False
    assert await store.reminders.attempting(first, "dead", T0 + LEASE)
    assert await store.reminders.take(["slack"], T0 + LEASE / 2, T0 + LEASE, "alive", 10) == []
    [again] = await store.reminders.take(["slack"], T0 + LEASE, T0 + 2 * LEASE, "alive", 10)
    assert again.retry is True and again.attempts == 1
    # The dead process cannot record an outcome over the live one's attempt.
    assert not await store.reminders.attempting(first, "dead", T0 + 3 * LEASE)
    await store.reminders.posted(first, "dead", T0, "m-dead", late=False, deduplicated=False)
    await store.reminders.posted(again, "alive", T0, "m1", late=False, deduplicated=True)
    counters = (await store.reminders.counters())[1]
    assert (counters.posted, counters.deduplicated, counters.pending) == (1, 1, 0)


async def test_a_record_taken_but_never_attempted_is_not_a_retry(
    store: SqliteEventStore,
) -> None:
    await new_sub(store)
    await store.reminders.claim([Claim(1, "digest:2026-01-03", T0)], {})
    await store.reminders.take(["slack"], T0, T0 + LEASE, "dead", 10)
    [again] = await store.reminders.take(["slack"], T0 + LEASE, T0 + 2 * LEASE, "alive", 10)
    assert again.retry is False


async def test_failures_back_off_count_and_are_listed(store: SqliteEventStore) -> None:
    await new_sub(store)
    await store.reminders.claim([Claim(1, "digest:2026-01-03", T0)], {})
    for n in range(3):
        [taken] = await store.reminders.take(["slack"], T0 + timedelta(hours=n), T0 + LEASE * 90,
                                             "a", 10)
        await store.reminders.attempting(taken, "a", T0 + LEASE)
        retry_at = T0 + timedelta(hours=n + 1)
        failing = await store.reminders.failed(taken, "a", T0, f"error {n}", retry_at)
        assert failing == n + 1
        assert await store.reminders.next_attempt(["slack"]) == retry_at
        assert await store.reminders.take(["slack"], retry_at - timedelta(seconds=1),
                                          retry_at, "a", 10) == []
    assert [f.error for f in await store.reminders.failures(2)] == ["error 2", "error 1"]
    assert (await store.reminders.counters())[1].failed == 3


async def test_paused_and_other_platforms_records_are_not_taken(store: SqliteEventStore) -> None:
    sub = await new_sub(store)
    await store.reminders.claim([Claim(1, "digest:2026-01-03", T0)], {})
    assert await store.reminders.take(["discord"], T0, T0 + LEASE, "a", 10) == []
    await store.reminders.save_subscription(replace(sub, paused="gone"), "a", T0, "pause", "")
    assert await store.reminders.take(["slack"], T0, T0 + LEASE, "a", 10) == []
    assert await store.reminders.next_attempt(["slack"]) is None


async def test_removal_keeps_the_ledger_and_ids_are_never_reused(store: SqliteEventStore) -> None:
    sub = await new_sub(store)
    await store.reminders.claim([Claim(1, "digest:2026-01-03", T0)], {})
    await store.reminders.remove_subscription(sub, "a", T0, "removed")
    assert await store.reminders.subscriptions() == []
    assert (await store.reminders.counters())[1].skipped == 1  # its waiting post, skipped
    again = await new_sub(store)
    assert again.id == 2
    with pytest.raises(ConflictError):
        await store.reminders.remove_subscription(sub, "a", T0, "again")
    assert [c.action for c in await store.changes(None)] == ["subscribe", "unsubscribe",
                                                             "subscribe"]
