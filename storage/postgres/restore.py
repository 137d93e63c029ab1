"""Restoring a backup (a full JSON export) into an empty PostgreSQL store, every number
kept, as ``storage.restore`` does for SQLite.

An empty store has no events and no audit entries (``EMPTY``). A restore writes, in one
transaction, every event with its id, version, status, ``merged_into`` and who created
and last changed it when, through the same statements as an ordinary import (its tags
and words counted at once, ``bulk_counts``); and every audit entry with its id. It
writes no entry of its own: the restored log is the events' history. The
identity sequences are then moved past the highest restored ids, so no number of the
backup is ever given again. The tables are locked against other writers first (reads
go on), so emptiness checked inside the transaction stays true until it commits: two
restores, or a restore and another process's first write, cannot interleave.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.errors import UserError
from bot.model import Change, Event
from storage.postgres import bulk_counts
from storage.postgres.audit_rows import INSERT_NUMBERED_CHANGE, change_values
from storage.postgres.database import Conn
from storage.postgres.event_writes import insert_numbered, lock_for_writing
from storage.rows import clean_tags

EMPTY = "SELECT NOT EXISTS (SELECT 1 FROM events) AND NOT EXISTS (SELECT 1 FROM changes)"
# EXCLUSIVE blocks every write (and row locks) but no plain read.
_LOCK = "LOCK TABLE events, changes IN EXCLUSIVE MODE"
# The sequence's next number above both the restored ids and any it already gave out
# (a rolled-back transaction's), so it never goes back. Run only after rows went in.
_PAST = (
    "SELECT setval(s, greatest((SELECT max(id) FROM {table}), "
    "coalesce(pg_sequence_last_value(s), 0))) "
    "FROM CAST(pg_get_serial_sequence('{table}', 'id') AS regclass) AS s"
)
_EVENTS_PAST = _PAST.format(table="events")
_CHANGES_PAST = _PAST.format(table="changes")


async def is_empty(conn: Conn) -> bool:
    return bool(await conn.fetchval(EMPTY))


async def restore(conn: Conn, events: Sequence[Event], entries: Sequence[Change]) -> None:
    """In the caller's transaction: write ``events`` and ``entries`` as they are.
    ``UserError`` if the store is not empty; the database refuses repeated numbers and
    entries about events not restored (its keys), which rolls everything back."""
    await lock_for_writing(conn)  # before the table lock, in every writer's order
    await conn.execute(_LOCK)
    if not await is_empty(conn):
        raise UserError("the store is not empty: a restore needs a store with no events "
                        "and no history (start a new one with DATELINE_SAMPLE=0)")
    numbered = sorted(events, key=lambda event: event.id or 0)
    if any(event.id is None for event in numbered):
        raise ValueError("a restored event needs its id")
    if numbered:  # (event_values refuses events without their stamps)
        pairs = [(event.id or 0, _cleaned(event)) for event in numbered]
        async with bulk_counts.counted_at_once(conn, [event_id for event_id, _ in pairs]):
            await insert_numbered(conn, pairs)
        await conn.execute(_EVENTS_PAST)
    ordered = sorted(entries, key=lambda entry: entry.id or 0)
    if ordered:
        await conn.executemany(
            INSERT_NUMBERED_CHANGE, [(*change_values(entry), entry.id) for entry in ordered]
        )
        await conn.execute(_CHANGES_PAST)


def _cleaned(event: Event) -> Event:
    return replace(event, tags=clean_tags(event.tags))
