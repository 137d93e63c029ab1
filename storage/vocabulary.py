"""Counting a bulk import's words into the spelling vocabulary (``search_words``) once,
rather than event by event.

Migration 0007's triggers keep the vocabulary in step with every insert, edit and delete.
Counting row by row costs a few dozen index writes per event, so ``import_events`` marks
its transaction (meta ``bulk_words``, which the insert trigger checks), inserts, and then
counts all the new published events' words in three statements, as the migration's
backfill does. The mark is set and removed inside one transaction, so no other writer
ever sees it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiosqlite

DEFER = "INSERT INTO meta (key, value) VALUES ('bulk_words', '1')"
RESUME = "DELETE FROM meta WHERE key = 'bulk_words'"
SPLIT = (
    "INSERT INTO word_splitter (rowid, text) "
    "SELECT id, title || ' ' || summary || ' ' || place || ' ' || tags_text FROM events "
    "WHERE id BETWEEN ? AND ? AND status = 'published'"
)
COUNT = (
    "INSERT INTO search_words (word, events) SELECT term, doc FROM word_splitter_terms "
    "WHERE true ON CONFLICT (word) DO UPDATE SET events = events + excluded.events"
)
CLEAR = "INSERT INTO word_splitter (word_splitter) VALUES ('delete-all')"


@asynccontextmanager
async def counted_at_once(
    conn: aiosqlite.Connection, first_id: int, last_id: int
) -> AsyncIterator[None]:
    """Within the caller's write transaction: insert events ``first_id..last_id`` in the
    block, and their words are counted once when it ends (not if it raises)."""
    await conn.execute(DEFER)
    yield
    await conn.execute(SPLIT, (first_id, last_id))
    await conn.execute(COUNT)
    await conn.execute(CLEAR)
    await conn.execute(RESUME)
