"""Counting a bulk write's tags (``tag_counts``) and words (``search_words``) at once,
rather than row by row, as ``storage.vocabulary`` does for SQLite.

Migration 0001's triggers keep both counts in step with every insert, edit and delete.
Row by row, a bulk import updates the count of a tag or word that many of its events
share once per event, inside one transaction, and PostgreSQL keeps every superseded
version of that row until the transaction ends, so each update is slower than the last
(10,000 events would take minutes). So a bulk write sets ``dateline.bulk_counts`` for
its own transaction (``set_config(..., true)``: no other session ever sees it), which
the triggers' insert branches check, inserts, and then counts all its published
events' tags and words in one statement each. The upserts run in key order, so two
bulk writes at once take their row locks in the same order and cannot deadlock.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from storage.postgres.database import Conn

_DEFER = "SELECT set_config('dateline.bulk_counts', 'on', true)"
_RESUME = "SELECT set_config('dateline.bulk_counts', '', true)"
# The tag's spelling first seen is that of the first inserted row, as row by row.
_COUNT_TAGS = (
    "INSERT INTO tag_counts (tag_key, tag, uses) "
    "SELECT tag_key, (array_agg(tag ORDER BY event_id, position))[1], count(*) "
    "FROM event_tags WHERE event_id = ANY($1::bigint[]) AND status = 'published' "
    'GROUP BY tag_key ORDER BY tag_key COLLATE "C" '
    "ON CONFLICT (tag_key) DO UPDATE SET uses = tag_counts.uses + excluded.uses"
)
# event_words yields each word of an event once, so count(*) is the number of events.
_COUNT_WORDS = (
    "INSERT INTO search_words (word, events) "
    "SELECT w.word, count(*) FROM events AS e "
    "CROSS JOIN LATERAL event_words(e.title, e.summary, e.place, e.tags_text) AS w (word) "
    "WHERE e.id = ANY($1::bigint[]) AND e.status = 'published' "
    'GROUP BY w.word ORDER BY w.word COLLATE "C" '
    "ON CONFLICT (word) DO UPDATE SET events = search_words.events + excluded.events"
)


# Every published event's tags and words, for a table filled wholesale (``db copy``).
_RECOUNT = (
    "DELETE FROM tag_counts",
    "INSERT INTO tag_counts (tag_key, tag, uses) "
    "SELECT tag_key, (array_agg(tag ORDER BY event_id, position))[1], count(*) "
    "FROM event_tags WHERE status = 'published' GROUP BY tag_key",
    "DELETE FROM search_words",
    "INSERT INTO search_words (word, events) "
    "SELECT w.word, count(*) FROM events AS e "
    "CROSS JOIN LATERAL event_words(e.title, e.summary, e.place, e.tags_text) AS w (word) "
    "WHERE e.status = 'published' GROUP BY w.word",
)


@asynccontextmanager
async def recounted_at_end(conn: Conn) -> AsyncIterator[None]:
    """Within the caller's transaction: insert events and tags freely in the block, and
    every tag and word of the published events is counted afresh when it ends."""
    await conn.execute(_DEFER)
    yield
    await conn.execute(_RESUME)
    for statement in _RECOUNT:
        await conn.execute(statement)


@asynccontextmanager
async def counted_at_once(conn: Conn, ids: Sequence[int]) -> AsyncIterator[None]:
    """Within the caller's transaction: insert the events ``ids`` (and their tags) in
    the block, and their tags and words are counted once when it ends (not if it
    raises: the transaction is then rolled back whole)."""
    await conn.execute(_DEFER)
    yield
    await conn.execute(_RESUME)
    await conn.execute(_COUNT_TAGS, list(ids))
    await conn.execute(_COUNT_WORDS, list(ids))
