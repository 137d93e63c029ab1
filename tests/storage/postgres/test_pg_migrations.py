"""The PostgreSQL schema: its version lives in the database, every step applies once
even when several processes start together, and a newer database is refused."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from bot.errors import StoreError
from storage.postgres.migrations import load_migrations, migrate, schema_version
from tests.pg_cluster import TestDatabases


async def test_a_new_database_is_brought_to_the_latest_version(
    pg_databases: TestDatabases,
) -> None:
    dsn = await pg_databases.fresh(migrated=False)
    conn = await asyncpg.connect(dsn)
    try:
        assert await schema_version(conn) == 0
        latest = load_migrations()[-1].version
        assert await migrate(conn) == latest
        assert await schema_version(conn) == latest
        assert await migrate(conn) == latest  # a second run changes nothing
    finally:
        await conn.close()


async def test_processes_migrating_at_once_apply_each_step_once(
    pg_databases: TestDatabases,
) -> None:
    dsn = await pg_databases.fresh(migrated=False)
    conns = [await asyncpg.connect(dsn) for _ in range(4)]
    try:
        versions = await asyncio.gather(*(migrate(conn) for conn in conns))
        assert len(set(versions)) == 1
        # Tables that would have failed "already exists" on a second application.
        assert await conns[0].fetchval("SELECT count(*) FROM dateline_schema") == 1
    finally:
        for conn in conns:
            await conn.close()


async def test_a_database_newer_than_this_code_is_refused(pg_dsn: str) -> None:
    conn = await asyncpg.connect(pg_dsn)
    try:
        await conn.execute("UPDATE dateline_schema SET version = 999")
        with pytest.raises(StoreError, match="upgrade Dateline"):
            await migrate(conn)
    finally:
        await conn.close()
