"""One asyncpg connection pool shared by the PostgreSQL stores of one database.

The pool is bounded (``DATELINE_PG_POOL_MAX``) and every wait has a limit: taking a
connection, connecting, and each statement. A write runs in one transaction on one
pooled connection; concurrent writers are serialised by PostgreSQL's row locks and
the version checks the stores make, not by a lock in this process, so several bot
processes can share the database. Errors come out as the core's ``StoreError`` and,
for broken uniqueness, ``ConflictError``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from bot.errors import ConflictError, StoreError, StoreUnavailable

#: A connection as the stores use it: a pooled one, or a plain one (migrations, tools).
Conn: TypeAlias = "asyncpg.Connection[asyncpg.Record] | PoolConnectionProxy[asyncpg.Record]"
Isolation = Literal["read_committed", "repeatable_read", "serializable"]


# The server went away or refuses connections for now (shutting down, starting up, too
# many clients): the request was fine, and the pool reconnects when the server is back.
_UNREACHABLE = (
    OSError,
    asyncpg.ConnectionDoesNotExistError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.TooManyConnectionsError,
)


@dataclass(frozen=True, slots=True)
class PoolSettings:
    """Bounds of the pool: connections, and seconds to wait for each kind of thing."""

    min_size: int = 1
    max_size: int = 10
    acquire_timeout: float = 10.0
    connect_timeout: float = 10.0
    statement_timeout: float = 30.0


class PgDatabase:
    """The pool and the transaction and read helpers (``$1``-style parameters)."""

    def __init__(self, pool: asyncpg.Pool, settings: PoolSettings) -> None:
        self.pool = pool
        self.settings = settings

    @classmethod
    async def connect(cls, dsn: str, settings: PoolSettings | None = None) -> PgDatabase:
        chosen = settings or PoolSettings()
        try:
            pool = await asyncpg.create_pool(
                dsn, min_size=chosen.min_size, max_size=chosen.max_size,
                timeout=chosen.connect_timeout, command_timeout=chosen.statement_timeout,
                # Statement caches survive on pooled connections; nothing here is DDL-heavy.
                server_settings={"application_name": "dateline"},
            )
        except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            raise StoreError(f"cannot connect: {exc}") from exc
        return cls(pool, chosen)

    async def close(self) -> None:
        await self.pool.close()

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Conn]:
        """A pooled connection without a transaction (for reads that need several
        statements on one snapshot, open ``transaction(readonly=True)`` instead)."""
        try:
            async with self.pool.acquire(timeout=self.settings.acquire_timeout) as conn:
                yield conn
        except TimeoutError as exc:
            raise StoreUnavailable("the database did not answer in time") from exc
        except asyncpg.UniqueViolationError as exc:
            raise ConflictError(exc.detail or str(exc)) from exc
        except _UNREACHABLE as exc:
            raise StoreUnavailable(str(exc)) from exc
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as exc:
            raise StoreError(str(exc)) from exc

    @asynccontextmanager
    async def transaction(
        self, *, readonly: bool = False, isolation: Isolation = "read_committed"
    ) -> AsyncIterator[Conn]:
        """One transaction on one pooled connection; rolled back on any error."""
        async with self.connection() as conn, conn.transaction(
            isolation=isolation, readonly=readonly
        ):
            yield conn

    async def fetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        async with self.connection() as conn:
            return list(await conn.fetch(sql, *args))

    async def fetchval(self, sql: str, *args: Any) -> Any:
        async with self.connection() as conn:
            return await conn.fetchval(sql, *args)

    async def execute(self, sql: str, *args: Any) -> str:
        async with self.connection() as conn:
            return str(await conn.execute(sql, *args))

    async def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        async with self.connection() as conn:
            await conn.executemany(sql, rows)
