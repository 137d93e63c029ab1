"""Writing events inside a caller's write transaction, and finishing a new store.

``SqliteEventStore`` opens the transactions; these helpers run in them. Every write
records its audit entries (who, when, what, and the event's whole state before and
after) in the same transaction, so a change and its audit entry are saved together or
not at all; a bulk import records one entry per event. A new
store is finished (seeded with the sample, or left empty on purpose) by
``finish_setup``, which writes the ``setup`` mark in ``meta`` in the same
transaction as the seed. A store without the mark is one whose first start was
interrupted (or one made before the mark existed), so it is finished on the next
start rather than mistaken for a user's empty store; one that holds anything a
user made (events, audit entries, subscriptions) is adopted as it is.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

import aiosqlite

from bot.errors import ConflictError, NotFound
from bot.model import Change, Event
from bot.ports import Written
from storage import queries, vocabulary
from storage.audit_rows import INSERT_CHANGE, change_params
from storage.rows import (
    INSERT_EVENT,
    INSERT_SOURCE,
    INSERT_TAG,
    clean_tags,
    event_from_row,
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
        merged_into=None,  # ids are new: a redirect to an old one would mean nothing
    )


async def next_id(conn: aiosqlite.Connection) -> int:
    """The id the next new event gets: above every id ever given, so none is reused."""
    rows = list(await conn.execute_fetchall(queries.LAST_ID))
    return int(rows[0][0]) + 1


async def insert(conn: aiosqlite.Connection, events: Sequence[Event], first_id: int) -> None:
    """Insert events with consecutive ids from ``first_id``, their sources and their tags."""
    await insert_numbered(conn, list(zip(range(first_id, first_id + len(events)), events,
                                         strict=True)))


async def insert_numbered(conn: aiosqlite.Connection, pairs: Sequence[tuple[int, Event]]) -> None:
    """Insert each (id, event) with that id, its sources and its tags."""
    events = [event for _, event in pairs]
    await conn.executemany(INSERT_EVENT, [event_params(e, i) for i, e in pairs])
    sources = [row for i, e in pairs for row in source_params(i, e.sources)]
    await conn.executemany(INSERT_SOURCE, sources)
    await conn.executemany(INSERT_TAG, [r for i, e in pairs for r in tag_params(i, e)])
    await conn.execute(queries.RAISE_MAX_SPAN, (max(span_days(e) for e in events),))


async def record(conn: aiosqlite.Connection, change: Change) -> int:
    """Write one audit entry; returns its id."""
    cursor = await conn.execute(INSERT_CHANGE, change_params(change))
    entry = cursor.lastrowid
    await cursor.close()
    if entry is None:  # pragma: no cover - an INSERT always sets it
        raise RuntimeError("the audit entry got no id")
    return entry


async def import_stamped(
    conn: aiosqlite.Connection, stamped: Sequence[Event], actor: str, at: datetime
) -> None:
    """Insert stamped new events, counting their words once, with one audit entry each
    (so each can be looked up, and undone, like an event added by hand)."""
    first_id = await next_id(conn)
    async with vocabulary.counted_at_once(conn, first_id, first_id + len(stamped) - 1):
        await insert(conn, stamped, first_id)
    entries = (
        change_params(Change(event_id, actor, at, "import", event.title,
                             after=replace(event, id=event_id)))
        for event_id, event in enumerate(stamped, start=first_id)
    )
    await conn.executemany(INSERT_CHANGE, entries)


async def revise(
    conn: aiosqlite.Connection,
    events: Sequence[Event],
    change: Change,
    details: Sequence[str] = (),
) -> Written:
    """Replace stored events with ``events``, each based on the version it carries, and
    audit each with ``change``'s actor, time and action (and its detail, or the one of
    ``details`` in the same place). An event whose stored version differs raises
    ``ConflictError`` before anything is written. Several events make one operation."""
    ids = [event.id for event in events if event.id is not None]
    if len(set(ids)) != len(events):
        raise ValueError("each event is revised once, and must have an id")
    stored = await _stored(conn, ids)
    for event in events:
        found = stored.get(event.id) if event.id is not None else None
        if found is None:
            raise NotFound(f"there is no event #{event.id}")
        if found.version != event.version:
            raise ConflictError(
                f"event #{event.id} is at version {found.version}, the update was based "
                f"on version {event.version}"
            )
    saved: list[Event] = []
    entries: list[int] = []
    for position, event in enumerate(events):
        before = stored[event.id or 0]
        new = await _rewrite(conn, before, event, change.actor, change.at)
        detail = details[position] if position < len(details) else change.detail
        operation = entries[0] if entries else None
        entries.append(await record(conn, replace(
            change, event_id=new.id, detail=detail or new.title, before=before, after=new,
            operation=operation)))
        saved.append(new)
    if len(entries) > 1:
        await conn.execute(queries.SET_OPERATION, (entries[0],))
    return Written(tuple(saved), tuple(entries))


async def _stored(conn: aiosqlite.Connection, ids: Sequence[int]) -> dict[int, Event]:
    rows = await conn.execute_fetchall(queries.EVENTS_BY_IDS, (json.dumps(list(ids)),))
    return {event.id: event for event in map(event_from_row, rows) if event.id is not None}


async def _rewrite(
    conn: aiosqlite.Connection, stored: Event, event: Event, actor: str, at: datetime
) -> Event:
    """Write ``event`` over ``stored``: who created it stays, the version goes up."""
    event_id = stored.id or 0
    new = replace(
        event,
        tags=clean_tags(event.tags),
        created_by=stored.created_by,
        created_at=stored.created_at,
        updated_by=actor,
        updated_at=at.astimezone(UTC),
        version=stored.version + 1,
    )
    params = event_params(new, event_id)
    await conn.execute(queries.UPDATE_EVENT, (*params[1:], new.merged_into, new.version, event_id))
    await conn.execute(queries.DELETE_SOURCES, (event_id,))
    await conn.execute(queries.DELETE_TAGS, (event_id,))
    await conn.executemany(INSERT_SOURCE, source_params(event_id, new.sources))
    await conn.executemany(INSERT_TAG, tag_params(event_id, new))
    await conn.execute(queries.RAISE_MAX_SPAN, (span_days(new),))
    return new


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
