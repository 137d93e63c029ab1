"""``PgEventStore``: the ``bot.ports.EventStore`` implementation on PostgreSQL.

One bounded pool (``storage.postgres.database.PgDatabase``) serves the events and,
through ``store.reminders``, the subscriptions and the delivery ledger. The reads
are mixed in from ``date_reads``, ``search_reads`` and ``audit_reads``; the writes
live here and in ``event_writes``. Several processes may share one database: a
write is one transaction, and an update is checked against the stored version.

SKELETON: the methods are being filled in (issue 15, step 1).
"""

from __future__ import annotations

from storage.postgres.database import PgDatabase, PoolSettings
from storage.postgres.migrations import migrate


class PgEventStore:
    """Dated events in one PostgreSQL database. ``await PgEventStore.open(dsn)``."""

    def __init__(self, db: PgDatabase) -> None:
        self._db = db

    @classmethod
    async def open(cls, dsn: str, settings: PoolSettings | None = None) -> PgEventStore:
        """Connect, and bring the schema up to date (once, whoever else is starting)."""
        db = await PgDatabase.connect(dsn, settings)
        try:
            async with db.connection() as conn:
                await migrate(conn)
        except BaseException:
            await db.close()
            raise
        return cls(db)

    async def close(self) -> None:
        await self._db.close()
