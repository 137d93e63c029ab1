"""``PgEventStore``: the ``bot.ports.EventStore`` implementation on PostgreSQL.

One bounded pool (``storage.postgres.database.PgDatabase``) serves the events and,
through ``store.reminders``, the subscriptions and the delivery ledger. The reads are
mixed in from ``date_reads``, ``anniversary_reads``, ``search_reads`` and
``audit_reads``; the writes live here and in ``event_writes`` (a restore in
``restore``). Several processes may share one database: a write is one transaction, an
update locks the rows it replaces and is checked against their stored version, and a
first start seeds a new store once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.errors import NotFound
from bot.model import Change, Event
from bot.ports import EventStore, Written
from storage.event_writes import stamp_new
from storage.postgres import event_writes, restore
from storage.postgres.anniversary_reads import PgAnniversaryReads, PgNearbyReads
from storage.postgres.audit_reads import PgAuditReads
from storage.postgres.database import PgDatabase, PoolSettings
from storage.postgres.date_reads import PgDateReads
from storage.postgres.migrations import migrate
from storage.postgres.reminder_store import PgReminderStore
from storage.postgres.rows import EVENT_COLUMNS, aware, event_from_record
from storage.postgres.search_reads import PgSearchReads

_EVENT = f"SELECT {EVENT_COLUMNS} FROM events WHERE id = $1"  # noqa: S608 - constant fragments only
_COUNT = "SELECT count(*) FROM events"
_IS_SET_UP = "SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'setup')"


class PgEventStore(
    PgDateReads, PgAnniversaryReads, PgNearbyReads, PgSearchReads, PgAuditReads
):
    """Dated events in one PostgreSQL database. ``await PgEventStore.open(dsn)``."""

    def __init__(self, db: PgDatabase) -> None:
        self._db = db
        self.reminders = PgReminderStore(db)

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

    # -- first start ------------------------------------------------------------

    async def is_set_up(self) -> bool:
        """Whether the store was finished by ``finish_setup`` (its first start completed)."""
        return bool(await self._db.fetchval(_IS_SET_UP))

    async def finish_setup(self, seed: Sequence[Event], actor: str, at: datetime) -> int | None:
        """Seed an unfinished store with ``seed`` and mark it finished, atomically and
        once across processes (``event_writes.finish_setup``). Returns how many events
        were seeded, or None if the store was already finished."""
        aware(at)  # refuses naive datetimes before anything is written
        async with self._db.transaction() as conn:
            return await event_writes.finish_setup(conn, seed, actor, at)

    # -- writes -----------------------------------------------------------------

    async def add(self, event: Event, actor: str, at: datetime) -> Event:
        """Store a new event and record who created it, and the event as created."""
        stamped = stamp_new(event, actor, at)
        async with self._db.transaction() as conn:
            return await event_writes.add(conn, stamped, actor, at)

    async def import_events(self, events: Sequence[Event], actor: str, at: datetime) -> int:
        """Add many events in one transaction (ids are ignored); one audit entry each."""
        if not events:
            return 0
        stamped = [stamp_new(event, actor, at) for event in events]
        async with self._db.transaction() as conn:
            await event_writes.import_stamped(conn, stamped, actor, at)
        return len(stamped)

    async def is_empty(self) -> bool:
        """Whether the store holds no events and no audit entries (``restore``)."""
        return bool(await self._db.fetchval(restore.EMPTY))

    async def restore(self, events: Sequence[Event], entries: Sequence[Change]) -> None:
        """Write a backup into an empty store, every number and stamp kept, in one
        transaction; ``UserError`` if the store is not empty (``restore``)."""
        async with self._db.transaction() as conn:
            await restore.restore(conn, events, entries)

    async def update(self, event: Event, actor: str, at: datetime, action: str = "edit") -> Event:
        """Replace an existing event's fields, tags and sources and record the change.

        ``event.version`` must still be the stored version: an update based on an
        older read raises ``ConflictError`` and writes nothing, not even to the audit log.
        """
        written = await self.update_many([event], actor, at, action)
        return written.events[0]

    async def update_many(
        self, events: Sequence[Event], actor: str, at: datetime, action: str,
        details: Sequence[str] = (),
    ) -> Written:
        """Replace events at once, all or none, each based on the version it carries;
        each gets an audit entry, and together they make one operation."""
        if not events:
            return Written((), ())
        if any(event.id is None for event in events):
            raise NotFound("an event without an id cannot be updated")
        aware(at)  # refuses naive datetimes before anything is written
        async with self._db.transaction() as conn:
            return await event_writes.revise(
                conn, events, Change(None, actor, at, action), details
            )

    # -- reads ------------------------------------------------------------------

    async def get(self, event_id: int) -> Event | None:
        rows = await self._db.fetch(_EVENT, event_id)
        return event_from_record(rows[0]) if rows else None

    async def count(self) -> int:
        return int(await self._db.fetchval(_COUNT))


def _implements_port(store: PgEventStore) -> EventStore:
    """Never called: makes mypy check that the store satisfies ``bot.ports.EventStore``."""
    return store
