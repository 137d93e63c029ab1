"""``SqliteReminderStore``: subscriptions and the delivery ledger on the shared
connection (``bot.reminders.store.ReminderStore``).

Claiming is ``INSERT ... ON CONFLICT DO NOTHING`` on the ledger's primary key
(subscription, occasion), and taking work is one ``UPDATE ... RETURNING``, both
inside ``BEGIN IMMEDIATE``: two ticks or two processes can never both create or
both take a record. Finishing an attempt only updates a record its taker still
holds (``owner``), so a process whose lease ran out cannot overwrite the
outcome of the one that took over.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Sequence
from datetime import datetime, time
from typing import Any

import aiosqlite

from bot.errors import ConflictError
from bot.reminders import rules
from bot.reminders.model import (
    Claim,
    Counters,
    Delivery,
    Failure,
    Policy,
    State,
    Subscription,
)
from bot.reminders.store import ReminderStore
from storage import reminder_queries as q
from storage.database import Database
from storage.rows import timestamp

log = logging.getLogger(__name__)


def _json(values: Sequence[Any]) -> str:
    return json.dumps(list(values))


class SqliteReminderStore:
    """Subscriptions and the ledger; shares the event store's ``Database``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- subscriptions -----------------------------------------------------------------

    async def subscriptions(self, platforms: Collection[str] | None = None) -> list[Subscription]:
        async with self._db.lock:
            rows = await self._db.fetch(q.SUBSCRIPTIONS)
        found = [subscription_from_row(row) for row in rows]
        if platforms is None:
            return found
        return [s for s in found if s.platform in platforms]

    async def subscription(self, subscription_id: int) -> Subscription | None:
        async with self._db.lock:
            rows = await self._db.fetch(q.SUBSCRIPTION, (subscription_id,))
        return subscription_from_row(rows[0]) if rows else None

    async def subscription_for(self, platform: str, channel: str) -> Subscription | None:
        async with self._db.lock:
            rows = await self._db.fetch(q.SUBSCRIPTION_FOR, (platform, channel))
        return subscription_from_row(rows[0]) if rows else None

    async def save_subscription(
        self, subscription: Subscription, actor: str, at: datetime, action: str, detail: str
    ) -> Subscription:
        when = timestamp(at)
        policy = _policy_params(subscription.policy)
        async with self._db.transaction() as conn:
            if subscription.id is None:
                cursor = await conn.execute(
                    q.INSERT_SUBSCRIPTION,
                    (subscription.platform, subscription.channel, *policy, subscription.paused,
                     when, actor, when, actor, when),
                )
                subscription_id = int(cursor.lastrowid or 0)
            else:
                subscription_id = subscription.id
                cursor = await conn.execute(
                    q.UPDATE_SUBSCRIPTION,
                    (*policy, subscription.paused, actor, when, subscription_id,
                     subscription.version),
                )
                if cursor.rowcount != 1:
                    raise ConflictError(
                        f"subscription {subscription_id} was changed or removed meanwhile"
                    )
            await conn.execute(q.AUDIT, (actor, when, action, detail))
            rows = list(await conn.execute_fetchall(q.SUBSCRIPTION, (subscription_id,)))
        return subscription_from_row(rows[0])

    async def remove_subscription(
        self, subscription: Subscription, actor: str, at: datetime, detail: str
    ) -> None:
        when = timestamp(at)
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                q.REMOVE_SUBSCRIPTION, (when, actor, subscription.id, subscription.version)
            )
            if cursor.rowcount != 1:
                raise ConflictError(
                    f"subscription {subscription.id} was changed or removed meanwhile"
                )
            await conn.execute(q.SKIP_PENDING_OF, ("the subscription was removed", subscription.id))
            await conn.execute(q.AUDIT, (actor, when, "unsubscribe", detail))

    async def pause_for(self, subscription_id: int, reason: str, actor: str, at: datetime) -> None:
        when = timestamp(at)
        async with self._db.transaction() as conn:
            cursor = await conn.execute(q.PAUSE_FOR, (reason, actor, when, subscription_id))
            if cursor.rowcount == 1:
                detail = f"subscription {subscription_id} paused: {reason}"
                await conn.execute(q.AUDIT, (actor, when, "pause", detail))

    # -- the ledger ----------------------------------------------------------------------

    async def claim(self, claims: Sequence[Claim], watermarks: dict[int, datetime]) -> int:
        rows = [_claim_params(claim) for claim in claims]
        marks = [(timestamp(at), sub_id) for sub_id, at in watermarks.items()]
        if not rows and not marks:
            return 0
        async with self._db.transaction() as conn:
            before = await _total_changes(conn)
            await conn.executemany(q.CLAIM, rows)
            created = await _total_changes(conn) - before
            await conn.executemany(q.ADVANCE, marks)
        return created

    async def known(self, subscription_id: int, keys: Sequence[str]) -> set[str]:
        if not keys:
            return set()
        async with self._db.lock:
            rows = await self._db.fetch(q.KNOWN, (subscription_id, _json(keys)))
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
        params = (owner, timestamp(now), timestamp(lease_until), _json(sorted(platforms)), limit)
        async with self._db.transaction() as conn:
            rows = list(await conn.execute_fetchall(q.TAKE, params))
        taken = [
            Delivery(int(sub), key, datetime.fromisoformat(due), int(attempts), int(attempts) > 0)
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
        params = (message_id, timestamp(at), int(late), int(deduplicated), *_mine(delivery, owner))
        async with self._db.transaction() as conn:
            cursor = await conn.execute(q.POSTED, params)
            if cursor.rowcount != 1:
                log.warning("delivery %s was taken over before it was recorded", delivery.key)
            await conn.execute(q.RESET_FAILING, (delivery.subscription_id,))

    async def failed(
        self, delivery: Delivery, owner: str, at: datetime, error: str, retry_at: datetime
    ) -> int:
        async with self._db.transaction() as conn:
            await conn.execute(q.FAILED, (timestamp(retry_at), error, *_mine(delivery, owner)))
            await conn.execute(
                q.LOG_FAILURE, (delivery.subscription_id, delivery.key, timestamp(at), error)
            )
            rows = list(await conn.execute_fetchall(q.COUNT_FAILING, (delivery.subscription_id,)))
        return int(rows[0][0]) if rows else 0

    async def skipped(self, delivery: Delivery, owner: str, at: datetime, reason: str) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(q.SKIPPED, (reason, *_mine(delivery, owner)))

    async def attempting(self, delivery: Delivery, owner: str, lease_until: datetime) -> bool:
        async with self._db.transaction() as conn:
            rows = list(
                await conn.execute_fetchall(
                    q.ATTEMPTING, (timestamp(lease_until), *_mine(delivery, owner))
                )
            )
        return bool(rows)

    async def release(self, delivery: Delivery, owner: str, retry_at: datetime) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(q.RELEASE, (timestamp(retry_at), *_mine(delivery, owner)))

    async def reclaim(self, owner: str, at: datetime) -> int:
        async with self._db.transaction() as conn:
            cursor = await conn.execute(q.RECLAIM, (timestamp(at), owner))
            return cursor.rowcount

    async def next_attempt(self, platforms: Collection[str]) -> datetime | None:
        async with self._db.lock:
            rows = await self._db.fetch(q.NEXT_ATTEMPT, (_json(sorted(platforms)),))
        value = rows[0][0] if rows else None
        return None if value is None else datetime.fromisoformat(value)

    async def counters(self) -> dict[int, Counters]:
        async with self._db.lock:
            ledger = await self._db.fetch(q.COUNTERS)
            failures = dict(await self._db.fetch(q.FAILURE_COUNTS))
            failing = dict(await self._db.fetch(q.FAILING))
        found: dict[int, Counters] = {}
        for sub, posted, late, skipped, dedup, pending in ledger:
            found[sub] = Counters(posted, late, skipped, failures.get(sub, 0), dedup, pending,
                                  failing.get(sub, 0))
        for sub in set(failures) | set(failing):
            if sub not in found:
                found[sub] = Counters(failed=failures.get(sub, 0), failing=failing.get(sub, 0))
        return found

    async def failures(self, limit: int = 5) -> list[Failure]:
        async with self._db.lock:
            rows = await self._db.fetch(q.FAILURES, (limit,))
        return [
            Failure(sub, key, datetime.fromisoformat(at), error) for sub, key, at, error in rows
        ]


async def _total_changes(conn: aiosqlite.Connection) -> int:
    rows = list(await conn.execute_fetchall(q.TOTAL_CHANGES))
    return int(rows[0][0])


def _mine(delivery: Delivery, owner: str) -> tuple[int, str, str]:
    return (delivery.subscription_id, delivery.key, owner)


def _claim_params(claim: Claim) -> tuple[Any, ...]:
    state = State.SKIPPED if claim.skipped else State.PENDING
    due = timestamp(claim.due_at)
    return (claim.subscription_id, claim.key, due, state.value, due, claim.skipped, due)


def _policy_params(policy: Policy) -> tuple[Any, ...]:
    return (
        policy.tz,
        f"{policy.post_at:%H:%M}",
        int(policy.digest),
        int(policy.alerts),
        _json(policy.milestones),
        _json(policy.lead_days),
        _json(policy.tags),
        int(policy.weekend_friday),
        int(policy.post_empty),
    )


def subscription_from_row(row: Sequence[Any]) -> Subscription:
    """A subscription from a row of ``SUBSCRIPTION_COLUMNS``."""
    policy = Policy(
        digest=bool(row[5]),
        alerts=bool(row[6]),
        tz=row[3],
        post_at=time.fromisoformat(row[4]),
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
        id=row[0],
        paused=row[12],
        checked_until=datetime.fromisoformat(row[13]),
        version=row[14],
        created_by=row[15],
        created_at=datetime.fromisoformat(row[16]),
        updated_by=row[17],
        updated_at=datetime.fromisoformat(row[18]),
    )


def _implements_port(store: SqliteReminderStore) -> ReminderStore:
    """Never called: makes mypy check that the store satisfies the port."""
    return store
