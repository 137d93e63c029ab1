"""``SqliteLease``: the scheduler lease (``bot.reminders.lease.SchedulerLease``) in the
SQLite file, on the event store's shared connection.

Taking or renewing is one upsert whose update applies only when the row has expired
or is already the taker's, inside ``BEGIN IMMEDIATE``: processes sharing the file
take turns at the write lock, so two can never both hold the lease.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.reminders.lease import SchedulerLease
from storage.database import Database
from storage.rows import timestamp

if TYPE_CHECKING:
    from storage.sqlite_store import SqliteEventStore

#: The lease of a scheduler that serves every platform; see ``lease_name``.
SCHEDULER = "scheduler"

# Parameters: name, holder, now, expiry. The holder keeps acquired_at on renewal.
HOLD = (
    "INSERT INTO scheduler_lease (name, holder, acquired_at, expires_at) "
    "VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
    "acquired_at = CASE WHEN scheduler_lease.holder = excluded.holder "
    "THEN scheduler_lease.acquired_at ELSE excluded.acquired_at END, "
    "expires_at = excluded.expires_at "
    "WHERE scheduler_lease.holder = excluded.holder OR scheduler_lease.expires_at <= ?3"
)
HOLDER = "SELECT holder FROM scheduler_lease WHERE name = ?"
HOLDER_AT = "SELECT holder FROM scheduler_lease WHERE name = ? AND expires_at > ?"
RELEASE = "DELETE FROM scheduler_lease WHERE name = ? AND holder = ?"


def lease_name(platforms: Collection[str]) -> str:
    """The lease of a scheduler posting to ``platforms``: processes serving the same
    platforms share one lease; one serving other platforms is not kept waiting by it."""
    return f"{SCHEDULER}:{'+'.join(sorted(platforms))}" if platforms else SCHEDULER


class SqliteLease:
    """One named lease; shares the event store's ``Database``."""

    def __init__(self, db: Database, name: str = SCHEDULER) -> None:
        self._db = db
        self.name = name

    @classmethod
    def sharing(cls, store: SqliteEventStore, name: str = SCHEDULER) -> SqliteLease:
        """The lease ``name`` on ``store``'s connection. The event store keeps its
        ``Database`` to the storage package; this module is part of that package."""
        return cls(store._db, name)

    async def hold(self, holder: str, now: datetime, ttl: timedelta) -> str | None:
        params = (self.name, holder, timestamp(now), timestamp(now + ttl))
        async with self._db.transaction() as conn:
            await conn.execute(HOLD, params)
            rows = list(await conn.execute_fetchall(HOLDER, (self.name,)))
        return str(rows[0][0]) if rows else None

    async def release(self, holder: str) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(RELEASE, (self.name, holder))

    async def holder(self, now: datetime) -> str | None:
        async with self._db.lock:
            rows = await self._db.fetch(HOLDER_AT, (self.name, timestamp(now)))
        return str(rows[0][0]) if rows else None


def _implements_port(lease: SqliteLease) -> SchedulerLease:
    """Never called: makes mypy check that the lease satisfies the port."""
    return lease
