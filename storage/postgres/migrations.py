"""Numbered PostgreSQL schema migrations, ``storage/postgres/migrations/NNNN_name.sql``.

The version lives inside the database, in ``dateline_schema``. Each migration runs
in one transaction with its version bump, under a session advisory lock,
so several processes starting at once against one server apply each step exactly
once, and a failed step leaves nothing behind (PostgreSQL's DDL is transactional).
An applied migration is never edited; a schema change is a new file.
"""

from __future__ import annotations

import logging
from pathlib import Path

import asyncpg

from bot.errors import StoreError
from storage.migrations import Migration
from storage.migrations import load_migrations as load_numbered
from storage.postgres.database import Conn

log = logging.getLogger(__name__)

# The advisory lock's key: any constant the other users of the database do not use.
_MIGRATION_LOCK = 0x6461_7465_6C69_6E65 & 0x7FFF_FFFF_FFFF_FFFF  # "dateline"

_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS dateline_schema (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    version  integer NOT NULL
)
"""


def load_migrations() -> list[Migration]:
    """The packaged PostgreSQL migrations, checked to be numbered 1, 2, 3... without gaps."""
    return load_numbered(Path(__file__).with_name("migrations"), "PostgreSQL migration")


async def schema_version(conn: Conn) -> int:
    exists = await conn.fetchval("SELECT to_regclass('dateline_schema') IS NOT NULL")
    if not exists:
        return 0
    version = await conn.fetchval("SELECT version FROM dateline_schema")
    return int(version or 0)


async def migrate(conn: Conn, migrations: list[Migration] | None = None) -> int:
    """Apply every migration newer than the database; return the final version.

    The whole run holds a session advisory lock, taken before any transaction begins:
    a transaction that began before another process's migration committed could look
    its tables up in a stale catalog and create them a second time."""
    steps = load_migrations() if migrations is None else migrations
    latest = steps[-1].version if steps else 0
    await conn.execute("SELECT pg_advisory_lock($1)", _MIGRATION_LOCK)
    try:
        current = await schema_version(conn)
        if current > latest:
            raise StoreError(
                f"the database is at schema version {current}, but this version of "
                f"Dateline only knows up to {latest}; upgrade Dateline before opening it"
            )
        for step in steps:
            if step.version > current:
                current = await _apply(conn, step)
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", _MIGRATION_LOCK)
    return current


async def _apply(conn: Conn, step: Migration) -> int:
    try:
        async with conn.transaction():
            log.info("applying PostgreSQL migration %04d_%s", step.version, step.name)
            await conn.execute(_VERSION_TABLE)
            await conn.execute(step.sql)  # a script: asyncpg runs it as a simple query
            await conn.execute(
                "INSERT INTO dateline_schema (version) VALUES ($1) "
                "ON CONFLICT (only_row) DO UPDATE SET version = excluded.version",
                step.version,
            )
    except asyncpg.PostgresError as exc:
        raise StoreError(f"migration {step.version:04d}_{step.name} failed: {exc}") from exc
    return step.version
