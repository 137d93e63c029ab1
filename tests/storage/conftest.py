"""The storage contract: every test here that takes ``store`` runs once on SQLite and
once on PostgreSQL, unchanged, so both engines keep one contract. Tests of one
engine's own machinery (SQLite's query plans, backups, migrations) take
``sqlite_store`` or open their own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage import SqliteEventStore
from storage.postgres.event_store import PgEventStore
from tests.pg_cluster import TestDatabases

ENGINES = ("sqlite", "postgresql")


@pytest.fixture(params=ENGINES)
async def store(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[SqliteEventStore | PgEventStore]:
    """A real, empty store on each engine."""
    if request.param == "sqlite":
        opened: SqliteEventStore | PgEventStore = await SqliteEventStore.open(
            tmp_path / "events.db"
        )
    else:
        databases: TestDatabases = request.getfixturevalue("pg_databases")
        opened = await PgEventStore.open(await databases.fresh())
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[SqliteEventStore]:
    """A real, empty SQLite store, for tests of SQLite's own machinery."""
    opened = await SqliteEventStore.open(tmp_path / "events.db")
    try:
        yield opened
    finally:
        await opened.close()
