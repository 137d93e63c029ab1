"""Control characters typed into a chat never reach the store: a title with a NUL
(which PostgreSQL's text cannot hold) is saved without it on both engines, not
answered with an internal error."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core import Bot
from bot.messages import Actor, Incoming, ReplyKind, Role
from storage import SqliteEventStore
from storage.postgres.event_store import PgEventStore

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


async def test_a_nul_in_a_new_title_is_dropped_and_the_event_saved(
    store: SqliteEventStore | PgEventStore,
) -> None:
    bot = Bot(store)
    actor = Actor("test", "M1", "Mod", Role.MODERATOR)
    reply = await bot.handle(
        Incoming("add 9 January 2020 | Nul\x00 in\x07 a title", actor, "C1", NOW, "UTC")
    )
    assert reply.kind is ReplyKind.DONE, reply
    saved = await store.get(1)
    assert saved is not None
    assert saved.title == "Nul in a title"
