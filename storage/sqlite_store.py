"""``SqliteEventStore``: the ``bot.ports.EventStore`` implementation on aiosqlite.

One connection (``storage.database.Database``) serves reads and writes for
the events and, through ``store.reminders``, for subscriptions and the
delivery ledger, so all of them share one lock and one transaction discipline.

Every value is a bound parameter; collections (ids, statuses, month/day
pairs) are passed as one JSON parameter and unpacked with ``json_each``, so
all SQL text is constant (see ``storage.queries``).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import aiosqlite

from bot.errors import NotFound, StoreError
from bot.model import Change, Event, Status
from bot.ports import EventStore, Written
from storage import event_writes, inline_reads, queries, restore
from storage.anniversary_reads import AnniversaryReads, NearbyReads
from storage.audit_store import AuditReads
from storage.database import Database
from storage.date_reads import DateReads
from storage.event_writes import insert, next_id, record, stamp_new
from storage.inline_reads import InlineReader
from storage.migrations import migrate
from storage.reminder_store import SqliteReminderStore
from storage.rows import timestamp

log = logging.getLogger(__name__)

_PRAGMAS = (
    # First, so that switching a brand-new file to WAL waits for another process
    # creating the same file instead of failing at once with "database is locked".
    "PRAGMA busy_timeout = 5000",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA cache_size = -65536",
)
# Turned on after the migrations: a migration that rebuilds a table (0011) drops the old
# one, which with foreign keys on would first delete every row that refers to it.
_FOREIGN_KEYS = "PRAGMA foreign_keys = ON"


_OPEN_ATTEMPTS = 6
_OPEN_BACKOFF = 0.05  # seconds, doubled on each attempt: at most about 1.6 s in all


class _Locked(Exception):
    """An open that met a lock SQLite did not wait for; worth another try."""


class SqliteEventStore(DateReads, AnniversaryReads, NearbyReads, AuditReads):
    """Dated events in one SQLite file. Open with ``await SqliteEventStore.open(path)``."""

    def __init__(self, conn: aiosqlite.Connection, inline: InlineReader | None = None) -> None:
        self._db = Database(conn)
        # Reads a day's page on the loop's thread (storage.inline_reads); without one,
        # every read goes through aiosqlite.
        self._inline = inline or InlineReader()
        self.reminders = SqliteReminderStore(self._db)

    @classmethod
    async def open(cls, path: Path | str) -> SqliteEventStore:
        """Open (creating if needed) the database at ``path`` and bring its schema up to date.

        Processes opening a brand-new file together can see "database is locked" at once,
        without SQLite's busy wait (switching to WAL, or recovering its index while another
        creates it); such an open is retried a few times, briefly, before it is an error."""
        for attempt in range(_OPEN_ATTEMPTS):
            try:
                return await cls._open_once(path)
            except _Locked:
                await asyncio.sleep(_OPEN_BACKOFF * 2**attempt)
        raise StoreError(f"cannot open the database at {path}: database is locked")

    @classmethod
    async def _open_once(cls, path: Path | str) -> SqliteEventStore:
        try:
            conn, inline = await inline_reads.connect(str(path))
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the database at {path}: {exc}") from exc
        try:
            for pragma in _PRAGMAS:
                await conn.execute(pragma)
            await migrate(conn)
            await conn.execute(_FOREIGN_KEYS)
            if not await inline_reads.in_wal_mode(conn):
                inline = InlineReader()  # a reader there could wait for a writer's commit
        except sqlite3.OperationalError as exc:
            await conn.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise _Locked from exc
            raise StoreError(f"cannot open the database at {path}: {exc}") from exc
        except sqlite3.Error as exc:
            await conn.close()
            raise StoreError(f"cannot open the database at {path}: {exc}") from exc
        except BaseException:
            await conn.close()
            raise
        return cls(conn, inline)

    async def close(self) -> None:
        async with self._db.lock:  # not while a read of the store's may be using it
            self._inline.close()
        await self._db.close()

    # -- first start ------------------------------------------------------------

    async def is_set_up(self) -> bool:
        """Whether the store was finished by ``finish_setup`` (its first start completed)."""
        async with self._db.lock:
            return bool(await self._db.fetch(event_writes.SETUP_MARK))

    async def finish_setup(self, seed: Sequence[Event], actor: str, at: datetime) -> int | None:
        """Seed an unfinished store with ``seed`` and mark it finished, atomically; see
        ``storage.event_writes``. Returns how many events were seeded, or None if the
        store was already finished."""
        async with self._db.transaction() as conn:
            return await event_writes.finish_setup(conn, seed, actor, at)

    # -- writes -----------------------------------------------------------------

    async def add(self, event: Event, actor: str, at: datetime) -> Event:
        """Store a new event and record who created it, and the event as created."""
        stamped = stamp_new(event, actor, at)
        async with self._db.transaction() as conn:
            event_id = await next_id(conn)
            await insert(conn, [stamped], event_id)
            saved = replace(stamped, id=event_id)
            await record(conn, Change(event_id, actor, at, "add", stamped.title, after=saved))
        return saved

    async def import_events(self, events: Sequence[Event], actor: str, at: datetime) -> int:
        """Add many events in one transaction (ids are ignored); one audit entry each."""
        if not events:
            return 0
        stamped = [stamp_new(event, actor, at) for event in events]
        async with self._db.transaction() as conn:
            await event_writes.import_stamped(conn, stamped, actor, at)
        return len(stamped)

    async def is_empty(self) -> bool:
        """Whether the store holds no events and no audit entries (``storage.restore``)."""
        async with self._db.lock:
            return bool((await self._db.fetch(restore.EMPTY))[0][0])

    async def restore(self, events: Sequence[Event], entries: Sequence[Change]) -> None:
        """Write a backup into an empty store, every number and stamp kept, in one
        transaction; ``UserError`` if the store is not empty (``storage.restore``)."""
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
        timestamp(at)  # refuses naive datetimes before anything is written
        async with self._db.transaction() as conn:
            return await event_writes.revise(
                conn, events, Change(None, actor, at, action), details
            )

    # -- reads ------------------------------------------------------------------

    async def get(self, event_id: int) -> Event | None:
        async with self._db.lock:
            events = await self._events_by_ids([event_id])
        return events[0] if events else None

    async def count(self) -> int:
        async with self._db.lock:
            rows = await self._db.fetch(queries.COUNT_EVENTS)
        return int(rows[0][0])

    async def nearest_month_days(
        self, month: int, day: int, limit: int = 3
    ) -> list[tuple[int, int]]:
        """The (month, day) pairs nearest in the year that have published day-precision events."""
        async with self._db.lock:
            rows = await self._db.fetch(queries.PUBLISHED_MONTH_DAYS, (Status.PUBLISHED.value,))
        asked = _day_of_year(month, day)
        pairs = [(int(k) // 100, int(k) % 100) for (k,) in rows]
        pairs = [p for p in pairs if p != (month, day)]

        def distance(pair: tuple[int, int]) -> tuple[int, int]:
            gap = abs(_day_of_year(*pair) - asked)
            return (min(gap, 366 - gap), _day_of_year(*pair))

        return sorted(pairs, key=distance)[: max(limit, 0)]

    async def nearest_dates(self, day: date, limit: int = 3) -> list[date]:
        """Dates nearest to ``day`` (excluding it) that have published day-precision events."""
        if limit <= 0:
            return []
        params = (Status.PUBLISHED.value, day.isoformat(), limit)
        async with self._db.lock:
            before = await self._db.fetch(queries.DATES_BEFORE, params)
            after = await self._db.fetch(queries.DATES_AFTER, params)
        found = [date.fromisoformat(row[0]) for row in before + after]
        return sorted(found, key=lambda d: (abs((d - day).days), d))[:limit]

    async def topics(self, prefix: str = "", limit: int = 25) -> list[str]:
        """Tags of published events starting with ``prefix`` (any case), most used first."""
        low = prefix.strip().lower()
        async with self._db.lock:
            rows = await self._db.fetch(queries.TOPICS, (low, low + "\U0010ffff", limit))
        return [row[0] for row in rows]


def _day_of_year(month: int, day: int) -> int:
    """Position of (month, day) in a leap year, so Feb 29 has its own place."""
    return date(2000, month, day).timetuple().tm_yday


def _implements_port(store: SqliteEventStore) -> EventStore:
    """Never called: makes mypy check that the store satisfies ``bot.ports.EventStore``."""
    return store
