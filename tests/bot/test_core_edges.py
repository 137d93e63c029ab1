"""``Bot.handle`` at its edges: a store locked by another process, and text that is not
valid Unicode. Both use the real SQLite store; the lock is held by a real second
connection, as another Dateline or an import would hold it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core import WRITES, Bot
from bot.messages import Actor, Incoming, ReplyKind, Role
from bot.text_input import valid_text
from storage import SqliteEventStore
from tests.conftest import Ask

AT = datetime(2026, 11, 21, 12, tzinfo=UTC)


@pytest.fixture
def locked(sample_store: SqliteEventStore, tmp_path: Path) -> Iterator[None]:
    """Another connection holds the store's write lock for the whole test."""
    holder = sqlite3.connect(tmp_path / "dateline.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.fixture
async def impatient(sample_store: SqliteEventStore) -> SqliteEventStore:
    # The store waits 5 s for a lock before it gives up; the test need not wait it out.
    await sample_store._db.conn.execute("PRAGMA busy_timeout = 0")
    return sample_store


async def test_a_write_on_a_locked_store_says_nothing_was_saved(
    impatient: SqliteEventStore, locked: None, ask: Ask
) -> None:
    before = await impatient.count()
    reply = await ask("add 2020-01-09 | Locked out", role=Role.MODERATOR)
    assert reply.kind is ReplyKind.ERROR and reply.title == "Nothing was saved"
    assert "Nothing was saved" in reply.text and "busy" in reply.text
    assert "try again" in reply.text and reply.reference is None
    assert await impatient.count() == before
    with_reminders = Bot(impatient, reminders=impatient.reminders)
    moderator = Actor("console", "U1", "Tester", Role.MODERATOR)
    subscribing = await with_reminders.handle(Incoming("subscribe digest", moderator, "C1", AT))
    assert subscribing.title == "Nothing was saved", subscribing
    answer = await ask("what happened on 7 January?")  # readers are not held up
    assert answer.kind is ReplyKind.ANSWER


def test_the_writing_commands_are_commands(bot: Bot) -> None:
    assert {command.name for command in bot.commands} >= WRITES
    assert bot.changes_store("add 2020-01-09 | x") and bot.changes_store("/cite 1 | a | b")
    assert not bot.changes_store("what happened on 7 January?")
    assert not bot.changes_store("audit 5")


def test_valid_text_drops_control_characters_but_tabs_and_line_breaks() -> None:
    assert valid_text("Nul\x00 and bell\x07 and del\x7f") == "Nul and bell and del"
    assert valid_text("one\ttwo\nthree\r\n") == "one\ttwo\nthree\r\n"


def test_valid_text_replaces_lone_surrogates_and_joins_pairs() -> None:
    assert valid_text("Bad \udcff byte") == "Bad \ufffd byte"
    assert valid_text("\ud800") == "\ufffd"
    assert valid_text("smile \ud83d\ude00") == "smile 😀"
    assert valid_text("plain “text” ①") == "plain “text” ①"


async def test_lone_surrogates_in_add_and_cite_fields_are_saved_replaced(
    bot: Bot, ask: Ask, sample_store: SqliteEventStore
) -> None:
    added = await ask(
        "add 2020-01-09 | Bad \udcff title | sum\ud800mary | Place\udcfe | tag\udcc3",
        role=Role.MODERATOR,
    )
    assert added.kind is ReplyKind.DONE, added
    [event] = added.events
    assert (event.title, event.summary) == ("Bad \ufffd title", "sum\ufffdmary")
    assert (event.place, event.tags) == ("Place\ufffd", ("tag\ufffd",))
    cited = await ask(
        f"cite {event.id} | Pub\udcff | Head\udcfeline | https://example.com/\udcff | 2020-01-10",
        role=Role.MODERATOR,
    )
    assert cited.kind is ReplyKind.DONE, cited
    stored = await sample_store.get(event.id or 0)
    assert stored is not None and stored.sources[0].publisher == "Pub\ufffd"
    # Whoever is asking can carry undecodable text too (a display name, a channel).
    actor = Actor("console", "local\udcff", "name \udcff", Role.MODERATOR)
    reply = await bot.handle(Incoming("add 2020-01-10 | Named", actor, "C\udcff", AT, "UTC"))
    assert reply.kind is ReplyKind.DONE, reply
