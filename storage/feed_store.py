"""``SqliteFeedStore``: the subscribed feeds and the items seen in each
(``bot.feed_port.FeedStore``, migration 0013) on the event store's shared connection,
so it shares that store's lock and transactions.

Subscribing, removing, pausing or resuming a feed and its audit entry are one
``BEGIN IMMEDIATE`` transaction, as for the other moderators' changes (``storage.zone_store``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.errors import ConflictError
from bot.feed_port import Feed, FeedStore
from storage.database import Database
from storage.rows import timestamp

if TYPE_CHECKING:
    from storage.sqlite_store import SqliteEventStore

_COLUMNS = ("id, url, added_by, added_at, auto_publish, next_poll_at, last_poll_at, failures, "
            "last_error, paused")
ALL = f"SELECT {_COLUMNS} FROM feeds ORDER BY id"  # noqa: S608 - constant fragments only
ONE = f"SELECT {_COLUMNS} FROM feeds WHERE id = ?"  # noqa: S608 - constant fragments only
DUE = (f"SELECT {_COLUMNS} FROM feeds "  # noqa: S608 - constant fragments only
       "WHERE paused = 0 AND next_poll_at <= ? ORDER BY next_poll_at, id")
ADD = ("INSERT INTO feeds (url, added_by, added_at, auto_publish, next_poll_at) "
       "VALUES (?, ?, ?, ?, ?)")
REMOVE = "DELETE FROM feeds WHERE id = ?"
PAUSE = "UPDATE feeds SET paused = ? WHERE id = ?"
FORGET_ITEMS = "DELETE FROM feed_items WHERE feed_id = ?"
SEEN = "SELECT 1 FROM feed_items WHERE feed_id = ? AND item_key = ? AND content_hash = ?"
MARK = ("INSERT OR IGNORE INTO feed_items (feed_id, item_key, content_hash, seen_at) "
        "VALUES (?, ?, ?, ?)")
POLLED = ("UPDATE feeds SET last_poll_at = ?, next_poll_at = ?, failures = 0, "
          "last_error = NULL WHERE id = ?")
FAILED = ("UPDATE feeds SET last_poll_at = ?, next_poll_at = ?, failures = failures + 1, "
          "last_error = ? WHERE id = ?")
AUDIT = "INSERT INTO changes (event_id, actor, at, action, detail) VALUES (NULL, ?, ?, ?, ?)"


class SqliteFeedStore:
    """Feeds and their seen items; shares the event store's ``Database``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @classmethod
    def sharing(cls, store: SqliteEventStore) -> SqliteFeedStore:
        """The feed store on ``store``'s connection (see ``SqliteZoneStore.sharing``)."""
        return cls(store._db)

    async def feeds(self) -> list[Feed]:
        async with self._db.lock:
            return [_feed(row) for row in await self._db.fetch(ALL)]

    async def feed(self, feed_id: int) -> Feed | None:
        async with self._db.lock:
            rows = await self._db.fetch(ONE, (feed_id,))
        return _feed(rows[0]) if rows else None

    async def due(self, at: datetime) -> list[Feed]:
        async with self._db.lock:
            return [_feed(row) for row in await self._db.fetch(DUE, (timestamp(at),))]

    async def add_feed(self, url: str, auto_publish: float | None, actor: str,
                       at: datetime) -> Feed:
        when = timestamp(at)
        detail = f"feed {url} subscribed" + (
            f", auto-publishing at {auto_publish:g}" if auto_publish is not None else "")
        try:
            async with self._db.transaction() as conn:
                # Due at once: the first poll follows the subscription.
                cursor = await conn.execute(ADD, (url, actor, when, auto_publish, when))
                feed_id = cursor.lastrowid
                await cursor.close()
                await conn.execute(AUDIT, (actor, when, "feed", detail))
        except ConflictError:
            raise ConflictError(f"{url} is subscribed already (see “feeds”)") from None
        assert feed_id is not None
        return Feed(feed_id, url, actor, at, auto_publish, at)

    async def remove_feed(self, feed_id: int, actor: str, at: datetime) -> Feed | None:
        async with self._db.transaction() as conn:
            rows = list(await conn.execute_fetchall(ONE, (feed_id,)))
            if not rows:
                return None
            await conn.execute(FORGET_ITEMS, (feed_id,))
            await conn.execute(REMOVE, (feed_id,))
            feed = _feed(rows[0])
            await conn.execute(AUDIT, (actor, timestamp(at), "feed",
                                       f"feed {feed_id} ({feed.url}) removed"))
        return feed

    async def set_paused(self, feed_id: int, paused: bool, actor: str,
                         at: datetime) -> Feed | None:
        async with self._db.transaction() as conn:
            rows = list(await conn.execute_fetchall(ONE, (feed_id,)))
            if not rows:
                return None
            feed = _feed(rows[0])
            if feed.paused == paused:
                return feed
            await conn.execute(PAUSE, (int(paused), feed_id))
            await conn.execute(AUDIT, (actor, timestamp(at), "feed", f"feed {feed_id} "
                                       f"({feed.url}) {'paused' if paused else 'resumed'}"))
        return replace(feed, paused=paused)

    async def seen(self, feed_id: int, key: str, content_hash: str) -> bool:
        async with self._db.lock:
            return bool(await self._db.fetch(SEEN, (feed_id, key, content_hash)))

    async def mark_seen(self, feed_id: int, key: str, content_hash: str,
                        at: datetime) -> None:
        await self._write(MARK, (feed_id, key, content_hash, timestamp(at)))

    async def polled(self, feed_id: int, at: datetime, next_at: datetime) -> None:
        await self._write(POLLED, (timestamp(at), timestamp(next_at), feed_id))

    async def failed(self, feed_id: int, at: datetime, error: str,
                     next_at: datetime) -> None:
        await self._write(FAILED, (timestamp(at), timestamp(next_at), error[:500], feed_id))

    async def _write(self, sql: str, params: Sequence[Any]) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(sql, params)


def _feed(row: Sequence[Any]) -> Feed:
    return Feed(int(row[0]), str(row[1]), str(row[2]), _when(row[3]),
                None if row[4] is None else float(row[4]), _when(row[5]),
                None if row[6] is None else _when(row[6]), int(row[7]),
                None if row[8] is None else str(row[8]), bool(row[9]))


def _when(raw: object) -> datetime:
    return datetime.fromisoformat(str(raw))


def _implements_port(store: SqliteFeedStore) -> FeedStore:
    """Never called: makes mypy check that the store satisfies the port."""
    return store

