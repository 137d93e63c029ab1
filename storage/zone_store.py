"""``SqliteZoneStore``: each space's time zone (``bot.zone_settings.SpaceZones``) on the
event store's shared connection, so it shares that store's lock and transactions.

Setting or clearing a zone and its audit entry are one ``BEGIN IMMEDIATE``
transaction: the audit log never records a change that was not saved, nor misses one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import aiosqlite

from bot.zone_settings import SpaceZone, SpaceZones
from storage.database import Database
from storage.rows import timestamp

if TYPE_CHECKING:
    from storage.sqlite_store import SqliteEventStore

ZONE = "SELECT tz, set_by, set_at FROM space_zones WHERE platform = ? AND space = ?"
SET_ZONE = (
    "INSERT INTO space_zones (platform, space, tz, set_by, set_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (platform, space) DO UPDATE SET "
    "tz = excluded.tz, set_by = excluded.set_by, set_at = excluded.set_at"
)
CLEAR_ZONE = "DELETE FROM space_zones WHERE platform = ? AND space = ?"
AUDIT = "INSERT INTO changes (event_id, actor, at, action, detail) VALUES (NULL, ?, ?, ?, ?)"
ACTION = "timezone"


class SqliteZoneStore:
    """Spaces' time zones; shares the event store's ``Database``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @classmethod
    def sharing(cls, store: SqliteEventStore) -> SqliteZoneStore:
        """The zone store on ``store``'s connection. The event store keeps its
        ``Database`` to the storage package; this module is part of that package."""
        return cls(store._db)

    async def zone_of(self, platform: str, space: str) -> SpaceZone | None:
        async with self._db.lock:
            rows = await self._db.fetch(ZONE, (platform, space))
        return _zone(rows[0]) if rows else None

    async def set_zone(
        self, platform: str, space: str, tz: str, actor: str, at: datetime
    ) -> SpaceZone | None:
        when = timestamp(at)
        async with self._db.transaction() as conn:
            before = await _current(conn, platform, space)
            await conn.execute(SET_ZONE, (platform, space, tz, actor, when))
            was = before.tz if before is not None else "the default"
            detail = f"{_where(platform, space)} time zone set to {tz} (was {was})"
            await conn.execute(AUDIT, (actor, when, ACTION, detail))
        return before

    async def clear_zone(
        self, platform: str, space: str, actor: str, at: datetime
    ) -> SpaceZone | None:
        when = timestamp(at)
        async with self._db.transaction() as conn:
            before = await _current(conn, platform, space)
            if before is not None:
                await conn.execute(CLEAR_ZONE, (platform, space))
                detail = f"{_where(platform, space)} time zone {before.tz} removed (default)"
                await conn.execute(AUDIT, (actor, when, ACTION, detail))
        return before


async def _current(conn: aiosqlite.Connection, platform: str, space: str) -> SpaceZone | None:
    rows = list(await conn.execute_fetchall(ZONE, (platform, space)))
    return _zone(rows[0]) if rows else None


def _zone(row: Sequence[Any]) -> SpaceZone:
    return SpaceZone(str(row[0]), str(row[1]), datetime.fromisoformat(str(row[2])))


def _where(platform: str, space: str) -> str:
    return f"{platform} {space}" if space else platform


def _implements_port(store: SqliteZoneStore) -> SpaceZones:
    """Never called: makes mypy check that the store satisfies the port."""
    return store
