"""Fixtures shared by the whole suite: a real SQLite store (empty, or seeded with the
sample timeline) in a temporary directory, a fake clock, and an ``ask`` helper that
makes core tests read like a chat."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core import Bot
from bot.messages import Actor, Incoming, Reply, Role
from storage import SqliteEventStore, open_store
from tests import pg_cluster
from tests.pg_cluster import TestDatabases

TODAY = date(2026, 11, 21)


class FakeClock:
    """A clock that only moves when a test advances it."""

    def __init__(self, start: datetime) -> None:
        self.current = start
        self.sleeps: list[datetime] = []

    def now(self) -> datetime:
        return self.current

    async def sleep_until(self, when: datetime) -> None:
        self.sleeps.append(when)
        self.current = max(self.current, when)

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime.combine(TODAY, time(9, 0), tzinfo=UTC))


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteEventStore]:
    """A real, empty store in a temporary directory."""
    opened = await SqliteEventStore.open(tmp_path / "events.db")
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def sample_store(tmp_path: Path, clock: FakeClock) -> AsyncIterator[SqliteEventStore]:
    store = await open_store(tmp_path / "dateline.sqlite3", sample=True, now=clock.now())
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
def bot(sample_store: SqliteEventStore) -> Bot:
    return Bot(sample_store)


Ask = Callable[..., Awaitable[Reply]]


@pytest.fixture
def ask(bot: Bot) -> Ask:
    """``await ask("what happened on 7 January?", role=Role.MEMBER, today=..., tz=...)``."""

    async def asking(
        text: str, role: Role = Role.MEMBER, today: date = TODAY, tz: str = "UTC"
    ) -> Reply:
        at = datetime.combine(today, time(12, 0), tzinfo=ZoneInfo(tz))
        actor = Actor("test", "U1", "Tester", role)
        return await bot.handle(Incoming(text, actor, "C1", at, tz))

    return asking


# -- PostgreSQL ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[TestDatabases]:
    """A PostgreSQL server for the whole run (started on loopback, stopped at the end),
    or the one ``DATELINE_TEST_PG_DSN`` names. Without one the PostgreSQL tests skip,
    saying how to run them, unless ``DATELINE_REQUIRE_PG`` (set by ``make test``) makes
    that a failure."""
    dsn = pg_cluster.external_dsn()
    if dsn is not None:
        base = dsn.rsplit("/", 1)[0]
        yield TestDatabases(dsn, lambda name: f"{base}/{name}")
        return
    cluster = pg_cluster.start_for_test()
    try:
        yield TestDatabases(cluster.dsn(), cluster.dsn)
    finally:
        cluster.stop()


@pytest.fixture
async def pg_dsn(pg_databases: TestDatabases) -> str:
    """The address of a fresh, migrated database of this test's own."""
    return await pg_databases.fresh()
