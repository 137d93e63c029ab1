"""Schema migrations: versioning, idempotence, atomicity and refusing newer databases."""

from __future__ import annotations

from pathlib import Path

import aiosqlite
import pytest

from bot.errors import StoreError
from storage.migrations import Migration, load_migrations, migrate, schema_version
from storage.sqlite_store import SqliteEventStore


async def connect(path: Path) -> aiosqlite.Connection:
    return await aiosqlite.connect(str(path), isolation_level=None)


def test_packaged_migrations_are_numbered_from_one() -> None:
    steps = load_migrations()
    assert [m.version for m in steps] == list(range(1, len(steps) + 1))
    assert steps[0].name == "initial"


async def test_fresh_database_ends_at_latest_and_reopen_is_noop(tmp_path: Path) -> None:
    latest = load_migrations()[-1].version
    conn = await connect(tmp_path / "m.db")
    try:
        assert await migrate(conn) == latest
        tables = await conn.execute_fetchall("SELECT count(*) FROM sqlite_master")
        assert await migrate(conn) == latest
        assert await conn.execute_fetchall("SELECT count(*) FROM sqlite_master") == tables
        assert await schema_version(conn) == latest
    finally:
        await conn.close()


async def test_half_applied_migration_leaves_version_and_schema_unchanged(
    tmp_path: Path,
) -> None:
    steps = [
        Migration(1, "one", "CREATE TABLE a (x);"),
        Migration(2, "two", "CREATE TABLE b (x); INSERT INTO missing VALUES (1);"),
    ]
    conn = await connect(tmp_path / "m.db")
    try:
        with pytest.raises(StoreError, match="0002_two"):
            await migrate(conn, steps)
        assert await schema_version(conn) == 1
        names = await conn.execute_fetchall("SELECT name FROM sqlite_master ORDER BY name")
        assert [n[0] for n in names] == ["a"]
        assert not conn.in_transaction
    finally:
        await conn.close()


async def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    conn = await connect(path)
    await conn.execute("PRAGMA user_version = 999")
    await conn.close()
    with pytest.raises(StoreError, match="schema version 999"):
        await SqliteEventStore.open(path)


async def test_store_database_is_in_wal_mode(tmp_path: Path) -> None:
    store = await SqliteEventStore.open(tmp_path / "s.db")
    await store.close()
    conn = await connect(tmp_path / "s.db")
    try:
        assert (await conn.execute_fetchall("PRAGMA journal_mode"))[0][0] == "wal"  # type: ignore[index]
    finally:
        await conn.close()


async def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "not.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot open the database"):
        await SqliteEventStore.open(path)
