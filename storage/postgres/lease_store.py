"""``PgLease``: the scheduler lease (``bot.reminders.lease.SchedulerLease``) in
PostgreSQL, on the event store's pool.

Taking or renewing is one ``INSERT ... ON CONFLICT (name) DO UPDATE ... WHERE``: the
update applies only when the row has expired or is already the taker's, and the row
lock that the conflict takes makes a second process's attempt wait for the first and
then see its result, so two processes can never both hold the lease.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.reminders.lease import SchedulerLease
from storage.lease_store import SCHEDULER
from storage.postgres.database import PgDatabase
from storage.postgres.rows import aware

if TYPE_CHECKING:
    from storage.postgres.event_store import PgEventStore

# Parameters: name, holder, now, expiry. The holder keeps acquired_at on renewal.
HOLD = (
    "INSERT INTO scheduler_lease AS l (name, holder, acquired_at, expires_at) "
    "VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
    "acquired_at = CASE WHEN l.holder = excluded.holder THEN l.acquired_at "
    "ELSE excluded.acquired_at END, expires_at = excluded.expires_at "
    "WHERE l.holder = excluded.holder OR l.expires_at <= $3 "
    "RETURNING holder"
)
HOLDER = "SELECT holder FROM scheduler_lease WHERE name = $1"
HOLDER_AT = "SELECT holder FROM scheduler_lease WHERE name = $1 AND expires_at > $2"
RELEASE = "DELETE FROM scheduler_lease WHERE name = $1 AND holder = $2"


class PgLease:
    """One named lease; shares the event store's ``PgDatabase``."""

    def __init__(self, db: PgDatabase, name: str = SCHEDULER) -> None:
        self._db = db
        self.name = name

    @classmethod
    def sharing(cls, store: PgEventStore, name: str = SCHEDULER) -> PgLease:
        """The lease ``name`` on ``store``'s pool. The event store keeps its
        ``PgDatabase`` to the storage package; this module is part of that package."""
        return cls(store._db, name)

    async def hold(self, holder: str, now: datetime, ttl: timedelta) -> str | None:
        start = aware(now)
        async with self._db.transaction() as conn:
            taken = await conn.fetchval(HOLD, self.name, holder, start, start + ttl)
            if taken is not None:
                return str(taken)
            # Refused: a new statement sees the holder that refused us, even one whose
            # insert committed after this transaction began (READ COMMITTED).
            other = await conn.fetchval(HOLDER, self.name)
        return None if other is None else str(other)

    async def release(self, holder: str) -> None:
        await self._db.execute(RELEASE, self.name, holder)

    async def holder(self, now: datetime) -> str | None:
        found = await self._db.fetchval(HOLDER_AT, self.name, aware(now))
        return None if found is None else str(found)


def _implements_port(lease: PgLease) -> SchedulerLease:
    """Never called: makes mypy check that the lease satisfies the port."""
    return lease
