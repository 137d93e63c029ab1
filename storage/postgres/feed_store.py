"""``PgFeedStore``: the subscribed feeds and the items seen in each
(``bot.feed_port.FeedStore``, PostgreSQL migration 0003) on the event store's pool.

Subscribing, removing, pausing or resuming a feed and its audit entry are one
transaction. Several processes may share the feeds, and none of these needs a lock of
its own: a second subscription of a URL loses on its unique key (``ConflictError``);
a pause changes the row only if it is not paused already, so two pauses at once audit
one; marking an item seen twice is ``ON CONFLICT DO NOTHING``; and a poll's outcome is
one ``UPDATE`` of the feed's row.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import asyncpg

from bot.errors import ConflictError
from bot.feed_port import Feed, FeedStore
from storage.postgres.database import PgDatabase
from storage.postgres.rows import aware

if TYPE_CHECKING:
    from storage.postgres.event_store import PgEventStore

_COLUMNS = ("id, url, added_by, added_at, auto_publish, next_poll_at, last_poll_at, failures, "
            "last_error, paused")
ALL = f"SELECT {_COLUMNS} FROM feeds ORDER BY id"  # noqa: S608 - constant fragments only
ONE = f"SELECT {_COLUMNS} FROM feeds WHERE id = $1"  # noqa: S608 - constant fragments only
DUE = (f"SELECT {_COLUMNS} FROM feeds "  # noqa: S608 - constant fragments only
       "WHERE NOT paused AND next_poll_at <= $1 ORDER BY next_poll_at, id")
ADD = ("INSERT INTO feeds (url, added_by, added_at, auto_publish, next_poll_at) "
       "VALUES ($1, $2, $3, $4, $3) RETURNING id")
# Only a change of state: a second pause (from this process or another) finds no row.
PAUSE = ("UPDATE feeds SET paused = $2 WHERE id = $1 AND paused <> $2 "  # noqa: S608 - constants
         f"RETURNING {_COLUMNS}")
# The row as it was, so the audit entry names the URL removed by this very statement.
REMOVE = f"DELETE FROM feeds WHERE id = $1 RETURNING {_COLUMNS}"  # noqa: S608 - constants
# md5(item_key) lets the lookup use feed_items_key (see migration 0003).
SEEN = ("SELECT EXISTS (SELECT 1 FROM feed_items WHERE feed_id = $1 "
        "AND md5(item_key) = md5($2) AND item_key = $2 AND content_hash = $3)")
MARK = ("INSERT INTO feed_items (feed_id, item_key, content_hash, seen_at) "
        "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
POLLED = ("UPDATE feeds SET last_poll_at = $1, next_poll_at = $2, failures = 0, "
          "last_error = NULL WHERE id = $3")
FAILED = ("UPDATE feeds SET last_poll_at = $1, next_poll_at = $2, failures = failures + 1, "
          "last_error = $3 WHERE id = $4")
AUDIT = ("INSERT INTO changes (event_id, actor, at, action, detail) "
         "VALUES (NULL, $1, $2, $3, $4)")


class PgFeedStore:
    """Feeds and their seen items; shares the event store's ``PgDatabase``."""

    def __init__(self, db: PgDatabase) -> None:
        self._db = db

    @classmethod
    def sharing(cls, store: PgEventStore) -> PgFeedStore:
        """The feed store on ``store``'s pool."""
        return cls(store._db)

    async def feeds(self) -> list[Feed]:
        return [_feed(row) for row in await self._db.fetch(ALL)]

    async def feed(self, feed_id: int) -> Feed | None:
        rows = await self._db.fetch(ONE, feed_id)
        return _feed(rows[0]) if rows else None

    async def due(self, at: datetime) -> list[Feed]:
        return [_feed(row) for row in await self._db.fetch(DUE, aware(at))]

    async def add_feed(self, url: str, auto_publish: float | None, actor: str,
                       at: datetime) -> Feed:
        when = aware(at)
        detail = f"feed {url} subscribed" + (
            f", auto-publishing at {auto_publish:g}" if auto_publish is not None else "")
        try:
            async with self._db.transaction() as conn:
                # Due at once: the first poll follows the subscription.
                feed_id = await conn.fetchval(ADD, url, actor, when, auto_publish)
                await conn.execute(AUDIT, actor, when, "feed", detail)
        except ConflictError:
            raise ConflictError(f"{url} is subscribed already (see “feeds”)") from None
        return Feed(int(feed_id), url, actor, at, auto_publish, at)

    async def remove_feed(self, feed_id: int, actor: str, at: datetime) -> Feed | None:
        when = aware(at)
        async with self._db.transaction() as conn:
            # feed_items go with the feed (ON DELETE CASCADE).
            row = await conn.fetchrow(REMOVE, feed_id)
            if row is None:
                return None
            feed = _feed(row)
            await conn.execute(AUDIT, actor, when, "feed",
                               f"feed {feed_id} ({feed.url}) removed")
        return feed

    async def set_paused(self, feed_id: int, paused: bool, actor: str,
                         at: datetime) -> Feed | None:
        when = aware(at)
        async with self._db.transaction() as conn:
            row = await conn.fetchrow(PAUSE, feed_id, paused)
            if row is None:  # no such feed, or already as asked: nothing to audit
                rows = await conn.fetch(ONE, feed_id)
                return _feed(rows[0]) if rows else None
            feed = _feed(row)
            await conn.execute(AUDIT, actor, when, "feed", f"feed {feed_id} ({feed.url}) "
                               f"{'paused' if paused else 'resumed'}")
        return feed

    async def seen(self, feed_id: int, key: str, content_hash: str) -> bool:
        return bool(await self._db.fetchval(SEEN, feed_id, key, content_hash))

    async def mark_seen(self, feed_id: int, key: str, content_hash: str,
                        at: datetime) -> None:
        # Removed while it was being polled: nothing left to remember the item for
        # (SQLite, without the foreign key, keeps an orphan row no one reads).
        async with self._db.connection() as conn:
            with suppress(asyncpg.ForeignKeyViolationError):
                await conn.execute(MARK, feed_id, key, content_hash, aware(at))

    async def polled(self, feed_id: int, at: datetime, next_at: datetime) -> None:
        await self._db.execute(POLLED, aware(at), aware(next_at), feed_id)

    async def failed(self, feed_id: int, at: datetime, error: str,
                     next_at: datetime) -> None:
        await self._db.execute(FAILED, aware(at), aware(next_at), error[:500], feed_id)


def _feed(row: asyncpg.Record) -> Feed:
    return Feed(int(row[0]), str(row[1]), str(row[2]), _utc(row[3]),
                None if row[4] is None else float(row[4]), _utc(row[5]),
                None if row[6] is None else _utc(row[6]), int(row[7]),
                None if row[8] is None else str(row[8]), bool(row[9]))


def _utc(raw: datetime) -> datetime:
    return raw.astimezone(UTC)


def _implements_port(store: PgFeedStore) -> FeedStore:
    """Never called: makes mypy check that the store satisfies the port."""
    return store
