"""``PgReminderStore``: subscriptions and the delivery ledger on PostgreSQL
(``bot.reminders.store.ReminderStore``).

Several processes may share the database, so every guarantee is PostgreSQL's, not
this process's: claiming is ``INSERT ... ON CONFLICT DO NOTHING`` on the ledger's
primary key (subscription, occasion), so a record is created once however many
claim it; taking work is one ``UPDATE ... RETURNING`` over rows chosen with
``FOR UPDATE SKIP LOCKED``, so each due record goes to exactly one taker; finishing
an attempt only updates a record its taker still holds (``owner``), so a process
whose lease ran out cannot overwrite the outcome of the one that took over. A
subscription change is version-checked and audited in the same transaction.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Sequence
from datetime import UTC, datetime, time
from typing import Any

import asyncpg

from bot.errors import ConflictError
from bot.reminders import rules
from bot.reminders.model import Claim, Counters, Delivery, Failure, Policy, Subscription
from bot.reminders.store import ReminderStore
from storage.postgres import reminder_queries as q
from storage.postgres.database import PgDatabase
from storage.postgres.rows import aware

log = logging.getLogger(__name__)


def _json(values: Sequence[Any]) -> str:
    return json.dumps(list(values))


class PgReminderStore:
    """Subscriptions and the ledger; shares the event store's ``PgDatabase`` pool."""

    def __init__(self, db: PgDatabase) -> None:
        self._db = db

    # -- subscriptions -----------------------------------------------------------------

    async def subscriptions(self, platforms: Collection[str] | None = None) -> list[Subscription]:
        found = [subscription_from_record(row) for row in await self._db.fetch(q.SUBSCRIPTIONS)]
        if platforms is None:
            return found
        return [s for s in found if s.platform in platforms]

    async def subscription(self, subscription_id: int) -> Subscription | None:
        rows = await self._db.fetch(q.SUBSCRIPTION, subscription_id)
        return subscription_from_record(rows[0]) if rows else None

    async def subscription_for(self, platform: str, channel: str) -> Subscription | None:
        rows = await self._db.fetch(q.SUBSCRIPTION_FOR, platform, channel)
        return subscription_from_record(rows[0]) if rows else None

    async def save_subscription(
        self, subscription: Subscription, actor: str, at: datetime, action: str, detail: str
    ) -> Subscription:
        when = aware(at)
        policy = _policy_params(subscription.policy)
        async with self._db.transaction() as conn:
            if subscription.id is None:
                # A second live subscription for the channel breaks subscriptions_channel:
                # ConflictError, from whichever process subscribes second.
                subscription_id = await conn.fetchval(
                    q.INSERT_SUBSCRIPTION,
                    subscription.platform, subscription.channel, *policy, subscription.paused,
                    when, actor,
                )
            else:
                subscription_id = await conn.fetchval(
                    q.UPDATE_SUBSCRIPTION,
                    *policy, subscription.paused, actor, when, subscription.id,
                    subscription.version,
                )
                if subscription_id is None:
                    raise ConflictError(
                        f"subscription {subscription.id} was changed or removed meanwhile"
                    )
            await conn.execute(q.AUDIT, actor, when, action, detail)
            row = await conn.fetchrow(q.SUBSCRIPTION, subscription_id)
        assert row is not None  # written in this transaction
        return subscription_from_record(row)

    async def remove_subscription(
        self, subscription: Subscription, actor: str, at: datetime, detail: str
    ) -> None:
        when = aware(at)
        async with self._db.transaction() as conn:
            removed = await conn.fetchval(
                q.REMOVE_SUBSCRIPTION, when, actor, subscription.id, subscription.version
            )
            if removed is None:
                raise ConflictError(
                    f"subscription {subscription.id} was changed or removed meanwhile"
                )
            await conn.execute(q.SKIP_PENDING_OF, "the subscription was removed", subscription.id)
            await conn.execute(q.AUDIT, actor, when, "unsubscribe", detail)

    async def pause_for(self, subscription_id: int, reason: str, actor: str, at: datetime) -> None:
        when = aware(at)
        async with self._db.transaction() as conn:
            paused = await conn.fetchval(q.PAUSE_FOR, reason, actor, when, subscription_id)
            if paused is not None:
                detail = f"subscription {subscription_id} paused: {reason}"
                await conn.execute(q.AUDIT, actor, when, "pause", detail)

    # -- the ledger ----------------------------------------------------------------------

    async def claim(self, claims: Sequence[Claim], watermarks: dict[int, datetime]) -> int:
        ordered = sorted(claims, key=lambda c: (c.subscription_id, c.key))
        marks = sorted((sub_id, aware(at)) for sub_id, at in watermarks.items())
        if not ordered and not marks:
            return 0
        async with self._db.transaction() as conn:
            created = 0
            if ordered:
                created = int(await conn.fetchval(
                    q.CLAIM,
                    [c.subscription_id for c in ordered], [c.key for c in ordered],
                    [aware(c.due_at) for c in ordered], [c.skipped for c in ordered],
                ))
            if marks:
                await conn.execute(q.ADVANCE, [m[0] for m in marks], [m[1] for m in marks])
        return created

    async def known(self, subscription_id: int, keys: Sequence[str]) -> set[str]:
        if not keys:
            return set()
        rows = await self._db.fetch(q.KNOWN, subscription_id, list(keys))
        return {row[0] for row in rows}

    async def take(
        self,
        platforms: Collection[str],
        now: datetime,
        lease_until: datetime,
        owner: str,
        limit: int,
    ) -> list[Delivery]:
        if not platforms or limit <= 0:
            return []
        rows = await self._db.fetch(
            q.TAKE, owner, aware(now), aware(lease_until), sorted(platforms), limit
        )
        taken = [
            Delivery(int(sub), key, due.astimezone(UTC), int(attempts), int(attempts) > 0)
            for sub, key, due, attempts in rows
        ]
        return sorted(
            taken, key=lambda d: (d.due_at, d.subscription_id, rules.posting_order(d.key))
        )

    async def posted(
        self,
        delivery: Delivery,
        owner: str,
        at: datetime,
        message_id: str,
        *,
        late: bool,
        deduplicated: bool,
    ) -> None:
        async with self._db.transaction() as conn:
            mine = await conn.fetchval(
                q.POSTED, message_id, aware(at), late, deduplicated, *_mine(delivery, owner)
            )
            if mine is None:
                log.warning("delivery %s was taken over before it was recorded", delivery.key)
            await conn.execute(q.RESET_FAILING, delivery.subscription_id)

    async def failed(
        self, delivery: Delivery, owner: str, at: datetime, error: str, retry_at: datetime
    ) -> int:
        async with self._db.transaction() as conn:
            await conn.execute(q.FAILED, aware(retry_at), error, *_mine(delivery, owner))
            await conn.execute(
                q.LOG_FAILURE, delivery.subscription_id, delivery.key, aware(at), error
            )
            failing = await conn.fetchval(q.COUNT_FAILING, delivery.subscription_id)
        return int(failing or 0)

    async def skipped(self, delivery: Delivery, owner: str, at: datetime, reason: str) -> None:
        await self._db.execute(q.SKIPPED, reason, *_mine(delivery, owner))

    async def attempting(self, delivery: Delivery, owner: str, lease_until: datetime) -> bool:
        attempts = await self._db.fetchval(
            q.ATTEMPTING, aware(lease_until), *_mine(delivery, owner)
        )
        return attempts is not None

    async def release(self, delivery: Delivery, owner: str, retry_at: datetime) -> None:
        await self._db.execute(q.RELEASE, aware(retry_at), *_mine(delivery, owner))

    async def reclaim(self, owner: str, at: datetime) -> int:
        status = await self._db.execute(q.RECLAIM, aware(at), owner)
        return int(status.split()[-1])  # "UPDATE n"

    async def next_attempt(self, platforms: Collection[str]) -> datetime | None:
        value = await self._db.fetchval(q.NEXT_ATTEMPT, sorted(platforms))
        return None if value is None else value.astimezone(UTC)

    async def counters(self) -> dict[int, Counters]:
        # One snapshot for the three reads, so the counts agree with each other.
        async with self._db.transaction(readonly=True, isolation="repeatable_read") as conn:
            ledger = await conn.fetch(q.COUNTERS)
            failures = {int(r[0]): int(r[1]) for r in await conn.fetch(q.FAILURE_COUNTS)}
            failing = {int(r[0]): int(r[1]) for r in await conn.fetch(q.FAILING)}
        found: dict[int, Counters] = {}
        for sub, posted, late, skipped, dedup, pending in ledger:
            found[int(sub)] = Counters(posted, late, skipped, failures.get(sub, 0), dedup,
                                       pending, failing.get(sub, 0))
        for sub in set(failures) | set(failing):
            if sub not in found:
                found[sub] = Counters(failed=failures.get(sub, 0), failing=failing.get(sub, 0))
        return found

    async def failures(self, limit: int = 5) -> list[Failure]:
        rows = await self._db.fetch(q.FAILURES, limit)
        return [Failure(int(sub), key, at.astimezone(UTC), error) for sub, key, at, error in rows]


def _mine(delivery: Delivery, owner: str) -> tuple[int, str, str]:
    return (delivery.subscription_id, delivery.key, owner)


def _policy_params(policy: Policy) -> tuple[Any, ...]:
    # To the minute and without a zone, as SQLite stores it ("HH:MM"): the zone is ``tz``.
    post_at = policy.post_at.replace(second=0, microsecond=0, tzinfo=None)
    return (
        policy.tz,
        post_at,
        policy.digest,
        policy.alerts,
        _json(policy.milestones),
        _json(policy.lead_days),
        _json(policy.tags),
        policy.weekend_friday,
        policy.post_empty,
    )


def subscription_from_record(row: asyncpg.Record) -> Subscription:
    """A subscription from a record of ``SUBSCRIPTION_COLUMNS``."""
    post_at: time = row[4]
    policy = Policy(
        digest=bool(row[5]),
        alerts=bool(row[6]),
        tz=row[3],
        post_at=post_at,
        milestones=tuple(json.loads(row[7])),
        lead_days=tuple(json.loads(row[8])),
        tags=tuple(json.loads(row[9])),
        weekend_friday=bool(row[10]),
        post_empty=bool(row[11]),
    )
    return Subscription(
        platform=row[1],
        channel=row[2],
        policy=policy,
        id=int(row[0]),
        paused=row[12],
        checked_until=row[13].astimezone(UTC),
        version=row[14],
        created_by=row[15],
        created_at=row[16].astimezone(UTC),
        updated_by=row[17],
        updated_at=row[18].astimezone(UTC),
    )


def _implements_port(store: PgReminderStore) -> ReminderStore:
    """Never called: makes mypy check that the store satisfies the port."""
    return store
