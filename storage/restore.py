"""Restoring a backup (a full JSON export) into an empty store, every number kept.

An empty store is one with no events and no audit entries (``EMPTY``): a store started
with ``DATELINE_SAMPLE=0`` and not used since. Its setup mark, subscriptions and zones
do not count, since none of them refers to an event or an entry number.

A restore writes, in one write transaction, every event with its id, version, status,
merged_into and who created and last changed it when, through the same statements (and
so the same triggers: full-text search, tag counts, spans) as an ordinary insert, its
words counted once (``storage.vocabulary``); and every audit entry with its id. It
writes no audit entry of its own: the restored log is the events' history. Inserting
ids into ``events`` (AUTOINCREMENT) raises its ``sqlite_sequence`` mark to the highest,
and a new entry gets max(id) + 1, so no number of the backup is ever given again.
Emptiness is checked inside the transaction, so two restores cannot both write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import aiosqlite

from bot.errors import UserError
from bot.model import Change, Event
from storage import vocabulary
from storage.audit_rows import INSERT_CHANGE, change_params
from storage.event_writes import insert_numbered
from storage.rows import clean_tags

EMPTY = "SELECT NOT EXISTS (SELECT 1 FROM events) AND NOT EXISTS (SELECT 1 FROM changes)"
_KEEP_VERSION = "UPDATE events SET version = ?, merged_into = ? WHERE id = ?"
_INSERT_NUMBERED_CHANGE = INSERT_CHANGE.replace("(event_id,", "(id, event_id,", 1).replace(
    "VALUES (?", "VALUES (?, ?", 1
)


async def is_empty(conn: aiosqlite.Connection) -> bool:
    rows = list(await conn.execute_fetchall(EMPTY))
    return bool(rows[0][0])


async def restore(
    conn: aiosqlite.Connection, events: Sequence[Event], entries: Sequence[Change]
) -> None:
    """In the caller's write transaction: write ``events`` and ``entries`` as they are.
    ``UserError`` if the store is not empty; the database refuses repeated numbers and
    entries about events not restored (its keys), which rolls everything back."""
    if not await is_empty(conn):
        raise UserError("the store is not empty: a restore needs a store with no events "
                        "and no history (start a new one with DATELINE_SAMPLE=0)")
    numbered = sorted(events, key=lambda event: event.id or 0)
    if any(event.id is None for event in numbered):
        raise ValueError("a restored event needs its id")
    if numbered:  # (event_params refuses events without their stamps)
        first, last = numbered[0].id or 0, numbered[-1].id or 0
        async with vocabulary.counted_at_once(conn, first, last):
            kept = [(event.id or 0, _cleaned(event)) for event in numbered]
            await insert_numbered(conn, kept)
        await conn.executemany(
            _KEEP_VERSION, [(e.version, e.merged_into, e.id) for e in numbered]
        )
    ordered = sorted(entries, key=lambda entry: entry.id or 0)
    await conn.executemany(
        _INSERT_NUMBERED_CHANGE, [(entry.id, *change_params(entry)) for entry in ordered]
    )


def _cleaned(event: Event) -> Event:
    return replace(event, tags=clean_tags(event.tags))
