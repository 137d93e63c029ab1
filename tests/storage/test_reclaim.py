"""A scheduler that takes the lease over from a holder that stopped mid-send reclaims
the posts that holder left "sending": they are due again at once, an attempted one is
taken with ``retry`` (the platform is asked first), and this process's own are left."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.reminders.model import Claim, Policy, Subscription
from storage import SqliteEventStore
from storage.postgres.event_store import PgEventStore

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=2)


async def _two_records(store: SqliteEventStore | PgEventStore) -> int:
    sub = await store.reminders.save_subscription(
        Subscription("slack", "C1", Policy()), "test:U1", NOW - timedelta(hours=1),
        "subscribe", "",
    )
    assert sub.id is not None
    claims = [Claim(sub.id, key, NOW - timedelta(minutes=5)) for key in ("digest:a", "digest:b")]
    assert await store.reminders.claim(claims, {sub.id: NOW}) == 2
    return sub.id


async def test_posts_a_stopped_process_was_sending_are_due_again_at_once(
    store: SqliteEventStore | PgEventStore,
) -> None:
    await _two_records(store)
    ledger = store.reminders
    taken = await ledger.take(["slack"], NOW, NOW + LEASE, "dead", 10)
    assert len(taken) == 2
    assert await ledger.attempting(taken[0], "dead", NOW + LEASE)  # one reached Slack, maybe
    later = NOW + timedelta(seconds=30)
    assert await ledger.take(["slack"], later, later + LEASE, "heir", 10) == []
    assert await ledger.reclaim("heir", later) == 2
    again = await ledger.take(["slack"], later, later + LEASE, "heir", 10)
    assert {(d.key, d.retry) for d in again} == {(taken[0].key, True), (taken[1].key, False)}


async def test_a_process_does_not_reclaim_its_own_posts(
    store: SqliteEventStore | PgEventStore,
) -> None:
    await _two_records(store)
    ledger = store.reminders
    assert len(await ledger.take(["slack"], NOW, NOW + LEASE, "me", 10)) == 2
    assert await ledger.reclaim("me", NOW) == 0
    assert await ledger.take(["slack"], NOW, NOW + LEASE, "other", 10) == []
