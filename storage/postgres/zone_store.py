"""``PgZoneStore``: each space's time zone (``bot.zone_settings.SpaceZones``) on the
PostgreSQL event store's pool.

Setting or clearing a zone and its audit entry are one transaction, and the zone it
replaces is read under a row lock (``FOR UPDATE``), so when two processes set one
space's zone at once each audit entry names the zone it really replaced. A space
without a row has nothing to lock: the first writer's insert wins, and a second
whose insert meets that row (``ON CONFLICT DO NOTHING``) reads it, locked, and
replaces it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import asyncpg

from bot.zone_settings import SpaceZone, SpaceZones
from storage.postgres.database import Conn, PgDatabase
from storage.postgres.rows import aware

if TYPE_CHECKING:
    from storage.postgres.event_store import PgEventStore

ZONE = "SELECT tz, set_by, set_at FROM space_zones WHERE platform = $1 AND space = $2"
ZONE_FOR_UPDATE = f"{ZONE} FOR UPDATE"
INSERT_ZONE = (
    "INSERT INTO space_zones (platform, space, tz, set_by, set_at) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (platform, space) DO NOTHING RETURNING true"
)
SET_ZONE = (
    "INSERT INTO space_zones (platform, space, tz, set_by, set_at) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (platform, space) DO UPDATE SET "
    "tz = excluded.tz, set_by = excluded.set_by, set_at = excluded.set_at"
)
CLEAR_ZONE = (
    "DELETE FROM space_zones WHERE platform = $1 AND space = $2 RETURNING tz, set_by, set_at"
)
AUDIT = "INSERT INTO changes (event_id, actor, at, action, detail) VALUES (NULL, $1, $2, $3, $4)"
ACTION = "timezone"


class PgZoneStore:
    """Spaces' time zones; shares the event store's ``PgDatabase``."""

    def __init__(self, db: PgDatabase) -> None:
        self._db = db

    @classmethod
    def sharing(cls, store: PgEventStore) -> PgZoneStore:
        """The zone store on ``store``'s pool. The event store keeps its ``PgDatabase``
        to the storage package; this module is part of that package."""
        return cls(store._db)

    async def zone_of(self, platform: str, space: str) -> SpaceZone | None:
        rows = await self._db.fetch(ZONE, platform, space)
        return _zone(rows[0]) if rows else None

    async def set_zone(
        self, platform: str, space: str, tz: str, actor: str, at: datetime
    ) -> SpaceZone | None:
        when = aware(at)
        values = (platform, space, tz, actor, when)
        async with self._db.transaction() as conn:
            before = await _current(conn, platform, space)
            inserted = False
            if before is None:
                inserted = bool(await conn.fetchval(INSERT_ZONE, *values))
                if not inserted:
                    # Another process set a zone after our read: lock and name that one.
                    before = await _current(conn, platform, space)
            if not inserted:
                await conn.execute(SET_ZONE, *values)
            was = before.tz if before is not None else "the default"
            detail = f"{_where(platform, space)} time zone set to {tz} (was {was})"
            await conn.execute(AUDIT, actor, when, ACTION, detail)
        return before

    async def clear_zone(
        self, platform: str, space: str, actor: str, at: datetime
    ) -> SpaceZone | None:
        when = aware(at)
        async with self._db.transaction() as conn:
            rows = await conn.fetch(CLEAR_ZONE, platform, space)
            before = _zone(rows[0]) if rows else None
            if before is not None:
                detail = f"{_where(platform, space)} time zone {before.tz} removed (default)"
                await conn.execute(AUDIT, actor, when, ACTION, detail)
        return before


async def _current(conn: Conn, platform: str, space: str) -> SpaceZone | None:
    rows = await conn.fetch(ZONE_FOR_UPDATE, platform, space)
    return _zone(rows[0]) if rows else None


def _zone(row: asyncpg.Record) -> SpaceZone:
    return SpaceZone(str(row[0]), str(row[1]), row[2].astimezone(UTC))


def _where(platform: str, space: str) -> str:
    return f"{platform} {space}" if space else platform


def _implements_port(store: PgZoneStore) -> SpaceZones:
    """Never called: makes mypy check that the store satisfies the port."""
    return store
