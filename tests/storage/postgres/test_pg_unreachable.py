"""A PostgreSQL server that goes away while Dateline runs: questions and edits get a
reply saying the database cannot be reached and to try again (nothing saved), not an
internal error; and once the server is back, the same store answers again."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.core import Bot
from bot.messages import Actor, Incoming, Reply, ReplyKind, Role
from storage.postgres import open_pg_store
from storage.postgres.database import PoolSettings
from tests import pg_cluster

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def own_server() -> Iterator[pg_cluster.PgCluster]:
    """A server of this test's own, since the test stops and restarts it."""
    server = pg_cluster.start_for_test()
    try:
        yield server
    finally:
        server.stop()


async def _say(bot: Bot, text: str) -> Reply:
    actor = Actor("test", "M1", "Mod", Role.MODERATOR)
    return await bot.handle(Incoming(text, actor, "C1", NOW, "UTC"))


async def test_a_server_gone_away_is_said_plainly_and_the_store_recovers(
    own_server: pg_cluster.PgCluster,
) -> None:
    settings = PoolSettings(acquire_timeout=3, connect_timeout=3)
    store = await open_pg_store(own_server.dsn(), sample=True, now=NOW, settings=settings)
    try:
        bot = Bot(store)
        assert (await _say(bot, "what happened on 3 January?")).kind is not ReplyKind.ERROR
        await asyncio.to_thread(own_server.stop_server)
        asked = await _say(bot, "what happened on 3 January?")
        added = await _say(bot, "add 9 January 2020 | A test event")
        for reply in (asked, added):
            assert reply.kind is ReplyKind.ERROR
            assert "cannot reach its database" in reply.text
            assert reply.reference
        assert added.title == "Nothing was saved"
        await asyncio.to_thread(own_server.start_server)
        assert (await _say(bot, "what happened on 3 January?")).kind is not ReplyKind.ERROR
    finally:
        await store.close()
