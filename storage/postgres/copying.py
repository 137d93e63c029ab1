"""The PostgreSQL end of ``dateline db copy`` (``storage.copying``): a read-only
repeatable-read snapshot as the source, one transaction as the target."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

from bot.errors import StoreError
from storage.copy_tables import Table
from storage.copying import BATCH
from storage.postgres.bulk_counts import recounted_at_end
from storage.postgres.database import Conn, Isolation

_MARK = (
    "SELECT coalesce(s.last_value, 0) FROM pg_sequences AS s "
    "WHERE s.schemaname || '.' || s.sequencename = pg_get_serial_sequence($1, $2)"
)


class PgSide:
    """A PostgreSQL database as either end of a copy."""

    def __init__(self, conn: Conn) -> None:
        self.conn = conn
        self._scratch: set[str] = set()

    async def rows(self, table: Table) -> AsyncIterator[list[tuple[Any, ...]]]:
        names = ", ".join(f'"{c.name}"' for c in table.columns)
        order = ", ".join(f'"{k}"' for k in table.key)
        sql = f"SELECT {names} FROM {table.name} ORDER BY {order}"  # noqa: S608 - constant fragments only
        batch: list[tuple[Any, ...]] = []
        async for record in self.conn.cursor(sql, prefetch=BATCH):
            batch.append(tuple(record))
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    async def count(self, table: Table) -> int:
        return int(await self.conn.fetchval(f"SELECT count(*) FROM {table.name}"))  # noqa: S608 - constant fragments only

    async def keys(self, table: Table, columns: Sequence[str]) -> set[tuple[Any, ...]]:
        names = ", ".join(f'"{c}"' for c in columns)
        rows = await self.conn.fetch(f"SELECT {names} FROM {table.name}")  # noqa: S608 - constant fragments only
        return {tuple(row) for row in rows}

    async def insert(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        """COPY the batch into a scratch table, then insert what is not there yet: COPY
        is many times faster than row-by-row inserts, but cannot skip existing keys."""
        names = ", ".join(f'"{c.name}"' for c in table.columns)
        scratch = f"copy_{table.name}"
        if table.name not in self._scratch:
            await self.conn.execute(
                f"CREATE TEMPORARY TABLE {scratch} AS SELECT {names} FROM {table.name} "  # noqa: S608 - constant fragments only
                "WITH NO DATA"
            )
            self._scratch.add(table.name)
        await self.conn.copy_records_to_table(
            scratch, records=rows, columns=[c.name for c in table.columns]
        )
        await self.conn.execute(
            f"INSERT INTO {table.name} ({names}) SELECT {names} FROM {scratch} "  # noqa: S608 - constant fragments only
            "ON CONFLICT DO NOTHING"
        )
        await self.conn.execute(f"TRUNCATE {scratch}")

    async def mark(self, table: Table) -> int:
        if table.identity is None:
            return 0
        return int(await self.conn.fetchval(_MARK, table.name, table.identity) or 0)

    async def raise_mark(self, table: Table, to: int) -> None:
        if table.identity is None:
            return
        highest = await self.conn.fetchval(
            f'SELECT coalesce(max("{table.identity}"), 0) FROM {table.name}'  # noqa: S608 - constant fragments only
        )
        mark = max(to, int(highest), await self.mark(table))
        if mark > 0:
            await self.conn.execute(
                "SELECT setval(pg_get_serial_sequence($1, $2), $3)",
                table.name, table.identity, mark,
            )


@asynccontextmanager
async def pg_side(dsn: str, *, write: bool) -> AsyncIterator[PgSide]:
    """The database at ``dsn`` in one read-only snapshot, or one write transaction."""
    try:
        conn = await asyncpg.connect(dsn, timeout=10)
    except (OSError, asyncpg.PostgresError) as exc:
        raise StoreError(f"cannot connect: {exc}") from exc
    try:
        isolation: Isolation = "read_committed" if write else "repeatable_read"
        async with conn.transaction(isolation=isolation, readonly=not write):
            if not write:
                yield PgSide(conn)
                return
            # The triggers that count tags and words row by row wait, and everything is
            # counted once at the end (storage.postgres.bulk_counts).
            async with recounted_at_end(conn):
                yield PgSide(conn)
            # Statistics for the planner from the first question on, not from whenever
            # autovacuum comes round: without them a day page at a million events was
            # planned badly (32 ms instead of 0.3 ms).
            await conn.execute("ANALYZE")
    except asyncpg.PostgresError as exc:
        raise StoreError(str(exc)) from exc
    finally:
        await conn.close()
