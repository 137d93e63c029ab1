"""One SQLite connection shared by the stores of one database file.

aiosqlite runs every statement on one background thread per connection. An
``asyncio.Lock`` makes each public store method atomic with respect to the
others in this process: a write runs inside one ``BEGIN IMMEDIATE``
transaction (which also excludes other processes' writers), and the several
reads of one answer never interleave with a write.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import aiosqlite

from bot.errors import ConflictError, StoreError


class Database:
    """The connection, its lock, and the transaction and read helpers."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn
        self.lock = asyncio.Lock()

    async def close(self) -> None:
        async with self.lock:
            await self.conn.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Hold the lock and one ``BEGIN IMMEDIATE`` transaction; roll back on any error."""
        async with self.lock:
            conn = self.conn
            try:
                await conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot start a write: {exc}") from exc
            try:
                yield conn
                await conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    await conn.rollback()
                if isinstance(exc, sqlite3.IntegrityError):
                    raise ConflictError(str(exc)) from exc
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(str(exc)) from exc
                raise

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Run one read; the caller holds the lock for all the reads of one answer."""
        try:
            return list(await self.conn.execute_fetchall(sql, params))
        except sqlite3.Error as exc:
            raise StoreError(str(exc)) from exc
