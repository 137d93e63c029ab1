"""Small reads run on the event loop's own thread, without aiosqlite's hand-over.

aiosqlite runs every statement on its connection's thread: the statement is queued, that
thread wakes to run it, and the loop wakes again for the result. At 1M events those two
wake-ups cost about 0.2 ms a read (more on a busy machine), as much as the SQL of a day's
page. ``InlineReader`` runs the few reads whose cost is bounded and small (one calendar
day's page: see ``DateReads.on_month_days_page``) on the same SQLite connection, but on
the caller's thread, blocking the loop for as long as the SQL takes (about 0.2 ms at 1M
events) instead of twice waiting for a thread to be scheduled.

The connection is shared with aiosqlite's thread (``connect`` opens it for both, with
``check_same_thread`` off; SQLite serialises calls on one connection itself), so the
reads share its page cache and see exactly what its statements see. Inline reads run
only under the store's lock, so never beside the store's own statements (but for one a
cancelled caller left running on aiosqlite's thread, which SQLite makes the inline read
wait for), and never inside one of its write transactions.

Only in WAL mode: there a reader never waits for another process's writer, so the loop
is never held up by a lock (in rollback-journal mode a reader waits out a writer's
commit, for up to the busy timeout). Should SQLite report the database busy all the
same, the read goes through aiosqlite instead.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import aiosqlite

from bot.errors import StoreError

_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
_CHUNK = 64  # rows per fetch of aiosqlite's cursors, its own default


class InlineReader:
    """Reads on the loop's thread through ``conn``; with ``None``, none: every read
    returns ``None`` and so goes through aiosqlite."""

    def __init__(self, conn: sqlite3.Connection | None = None) -> None:
        self._conn = conn

    def fetch(self, sql: str, params: Sequence[Any]) -> list[Any] | None:
        """The rows of one read, or ``None`` when it should go through aiosqlite
        instead. The caller holds the store's lock."""
        conn = self._conn
        if conn is None:
            return None
        try:
            return conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF in _BUSY:
                return None
            raise StoreError(str(exc)) from exc

    def close(self) -> None:
        """Stop reading inline; the connection itself is aiosqlite's to close."""
        self._conn = None


async def connect(database: str) -> tuple[aiosqlite.Connection, InlineReader]:
    """What ``aiosqlite.connect(database, isolation_level=None)`` opens, and a reader on
    the same SQLite connection, to be used only once ``in_wal_mode`` says so."""
    opened: list[sqlite3.Connection] = []

    def connector() -> sqlite3.Connection:  # runs on aiosqlite's thread
        conn = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
        opened.append(conn)
        return conn

    conn = await aiosqlite.Connection(connector, _CHUNK)
    return conn, InlineReader(opened[0])


async def in_wal_mode(conn: aiosqlite.Connection) -> bool:
    """Whether ``conn``'s database is in WAL mode (where inline reads never wait)."""
    rows = list(await conn.execute_fetchall("PRAGMA journal_mode"))
    return str(rows[0][0]).lower() == "wal"
