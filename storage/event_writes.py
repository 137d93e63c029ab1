"""Writing events inside a caller's write transaction, and finishing a new store.

``SqliteEventStore`` opens the transactions; these helpers run in them. A new
store is finished (seeded with the sample, or left empty on purpose) by
``finish_setup``, which writes the ``setup`` mark in ``meta`` in the same
transaction as the seed. A store without the mark is one whose first start was
interrupted (or one made before the mark existed), so it is finished on the next
start rather than mistaken for a user's empty store; one that holds anything a
user made (events, audit entries, subscriptions) is adopted as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

import aiosqlite

from bot.model import Change, Event
from storage import queries, vocabulary
from storage.rows import (
    INSERT_EVENT,
    INSERT_SOURCE,
    INSERT_TAG,
    clean_tags,
    event_params,
    source_params,
    span_days,
    tag_params,
    timestamp,
)

SETUP_MARK = "SELECT value FROM meta WHERE key = 'setup'"
_MARK_SETUP = "INSERT INTO meta (key, value) VALUES ('setup', ?)"
_HOLDS_USER_DATA = (
    "SELECT EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM changes) "
    "OR EXISTS (SELECT 1 FROM subscriptions)"
)


def stamp_new(event: Event, actor: str, at: datetime) -> Event:
    """``event`` as a new event created by ``actor`` at ``at`` (no id yet)."""
    timestamp(at)  # refuses naive datetimes before anything is written
    when = at.astimezone(UTC)
    return replace(
        event,
        id=None,
        tags=clean_tags(event.tags),
        created_by=actor,
        created_at=when,
        updated_by=actor,
        updated_at=when,
        version=1,  # the events.version column's default
    )


async def next_id(conn: aiosqlite.Connection) -> int:
    rows = list(await conn.execute_fetchall(queries.MAX_ID))
    return int(rows[0][0]) + 1


async def insert(conn: aiosqlite.Connection, events: Sequence[Event], first_id: int) -> None:
    """Insert events with consecutive ids from ``first_id``, their sources and their tags."""
    pairs = list(zip(range(first_id, first_id + len(events)), events, strict=True))
    await conn.executemany(INSERT_EVENT, [event_params(e, i) for i, e in pairs])
    sources = [row for i, e in pairs for row in source_params(i, e.sources)]
    await conn.executemany(INSERT_SOURCE, sources)
    await conn.executemany(INSERT_TAG, [r for i, e in pairs for r in tag_params(i, e)])
    await conn.execute(queries.RAISE_MAX_SPAN, (max(span_days(e) for e in events),))


async def record(conn: aiosqlite.Connection, change: Change) -> None:
    params = (change.event_id, change.actor, timestamp(change.at), change.action, change.detail)
    await conn.execute(queries.INSERT_CHANGE, params)


async def import_stamped(
    conn: aiosqlite.Connection, stamped: Sequence[Event], actor: str, at: datetime
) -> None:
    """Insert stamped new events, counting their words once; one audit entry in all."""
    first_id = await next_id(conn)
    async with vocabulary.counted_at_once(conn, first_id, first_id + len(stamped) - 1):
        await insert(conn, stamped, first_id)
    await record(conn, Change(None, actor, at, "import", f"imported {len(stamped)} events"))


async def setup_mark(conn: aiosqlite.Connection) -> str | None:
    """How the store was finished ("sample", "empty", "adopted"), or None if it was not."""
    rows = list(await conn.execute_fetchall(SETUP_MARK))
    return str(rows[0][0]) if rows else None


async def finish_setup(
    conn: aiosqlite.Connection, seed: Sequence[Event], actor: str, at: datetime
) -> int | None:
    """In the caller's write transaction: seed an unfinished store with ``seed`` and mark
    it finished. Returns how many events were seeded, or None if another start (or an
    earlier one) had already finished it."""
    # Re-checked under the write lock: two first starts may both have seen no mark.
    if await setup_mark(conn) is not None:
        return None
    holds = list(await conn.execute_fetchall(_HOLDS_USER_DATA))
    if holds[0][0]:
        await conn.execute(_MARK_SETUP, ("adopted",))
        return 0
    if seed:
        await import_stamped(conn, [stamp_new(e, actor, at) for e in seed], actor, at)
    await conn.execute(_MARK_SETUP, ("sample" if seed else "empty",))
    return len(seed)
