"""Opening the configured store: the SQLite file or the PostgreSQL server that
``DATELINE_DB`` names, with the stores that share it (space zones, the review queue,
the feeds), behind the same ports either way.

Only the engine in use is imported: a SQLite start never loads asyncpg.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from adapters.store_location import StoreLocation
from bot.errors import StoreError
from bot.feed_port import FeedStore
from bot.review_port import ReviewQueue
from bot.zone_settings import SpaceZones

if TYPE_CHECKING:
    from storage.postgres.event_store import PgEventStore
    from storage.sqlite_store import SqliteEventStore


@dataclass(frozen=True, slots=True)
class Stores:
    """The event store (with its ``reminders``) and the stores sharing its database."""

    events: SqliteEventStore | PgEventStore
    zones: SpaceZones
    review: ReviewQueue
    feeds: FeedStore


async def open_event_store(
    location: StoreLocation, *, sample: bool, now: datetime
) -> SqliteEventStore | PgEventStore:
    """Open (and on its first start seed) the configured event store."""
    if location.url is None:
        from storage import open_store  # noqa: PLC0415 - only the engine in use

        return await open_store(location.path, sample=sample, now=now)
    from storage.postgres import open_pg_store  # noqa: PLC0415
    from storage.postgres.database import PoolSettings  # noqa: PLC0415

    settings = PoolSettings(
        max_size=location.pool_max, acquire_timeout=location.timeout,
        connect_timeout=location.timeout,
    )
    try:
        return await open_pg_store(location.url, sample=sample, now=now, settings=settings)
    except StoreError as err:
        # asyncpg's own message can quote the address it was given; show it redacted.
        raise StoreError(str(err).replace(location.url, location.describe())) from None


def _sharing(events: SqliteEventStore | PgEventStore) -> Stores:
    from storage.sqlite_store import SqliteEventStore  # noqa: PLC0415

    if isinstance(events, SqliteEventStore):
        from storage.feed_store import SqliteFeedStore  # noqa: PLC0415
        from storage.review_store import SqliteReviewQueue  # noqa: PLC0415
        from storage.zone_store import SqliteZoneStore  # noqa: PLC0415

        return Stores(events, SqliteZoneStore.sharing(events),
                      SqliteReviewQueue.sharing(events), SqliteFeedStore.sharing(events))
    from storage.postgres.feed_store import PgFeedStore  # noqa: PLC0415
    from storage.postgres.review_store import PgReviewQueue  # noqa: PLC0415
    from storage.postgres.zone_store import PgZoneStore  # noqa: PLC0415

    return Stores(events, PgZoneStore.sharing(events), PgReviewQueue.sharing(events),
                  PgFeedStore.sharing(events))


@asynccontextmanager
async def opened_stores(
    location: StoreLocation, *, sample: bool, now: datetime
) -> AsyncIterator[Stores]:
    """The configured stores, closed however the block ends."""
    events = await open_event_store(location, sample=sample, now=now)
    try:
        yield _sharing(events)
    finally:
        await events.close()
