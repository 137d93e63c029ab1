"""The PostgreSQL store: the same ports as the SQLite store, on asyncpg.

Selected with ``DATELINE_DB=postgresql://…``; ``bot/`` does not know which engine it
has. ``database`` holds the bounded pool, ``migrations`` the numbered schema steps
whose version lives in the database, ``event_store`` the ``PgEventStore`` (its writes
in ``event_writes`` and ``restore``, its audit and tag reads in ``audit_reads``), and
``open_pg_store`` here opens one as ``storage.open_store`` opens a SQLite file.
"""

from __future__ import annotations

import logging
from datetime import datetime

from storage.postgres.database import PoolSettings
from storage.postgres.event_store import PgEventStore
from storage.sample import SAMPLE_ACTOR, sample_events

__all__ = ["PgEventStore", "PoolSettings", "open_pg_store"]

log = logging.getLogger(__name__)


async def open_pg_store(
    dsn: str, *, sample: bool, now: datetime, sample_data: bytes | None = None,
    settings: PoolSettings | None = None,
) -> PgEventStore:
    """Open the store at ``dsn``; on its first start, seed it with the sample if asked.

    As with SQLite, migrating and seeding a new store are finished together: a first
    start that was interrupted left no setup mark and is finished by the next start,
    and of several processes starting at once only one seeds it (``finish_setup``
    holds an advisory lock). A finished store is never seeded again, even if empty,
    nor is one that holds a user's data. ``sample_data`` replaces the packaged sample.
    """
    store = await PgEventStore.open(dsn, settings)
    try:
        if not await store.is_set_up():
            # Read before anything is written, so a bad sample leaves the store unfinished.
            seed = sample_events(sample_data) if sample else []
            count = await store.finish_setup(seed, SAMPLE_ACTOR, now)
            if count:
                log.info("seeded a new PostgreSQL database with %d sample events", count)
    except BaseException:
        await store.close()
        raise
    return store
