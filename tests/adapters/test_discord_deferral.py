"""End to end: what Dateline sends, and how privately, when an answer is slow, long,
an error or help, and when it answers an @mention where nothing can be private.

A deferred interaction must go defer (type 5, flag 64 if private) -> PATCH of the
original "thinking" message (the first part) -> followups (further parts, same
privacy); the stand-in records each step, and whether a followup arrived while
the original was still thinking (the deprecated way of filling it).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from adapters.discord_ import DatelineClient
from adapters.discord_.render import MAX_EMBED_TOTAL, embed_length
from bot.context import BotSettings
from bot.core import Bot
from bot.model import Event, EventDate
from storage import SqliteEventStore
from tests.adapters.fake_discord import FakeDiscord, Recorded, Step, stand_in
from tests.adapters.test_discord_e2e import NOW, HeldStore, running, settings, stop

EDITOR_ROLE = 6666


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with stand_in() as server:
        yield server


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteEventStore]:
    db = await SqliteEventStore.open(tmp_path / "dateline.sqlite3")
    await db.add(Event(EventDate(date(2020, 1, 7)), "Missiles hit bases"), "test", NOW)
    try:
        yield db
    finally:
        await db.close()


@asynccontextmanager
async def dateline(
    fake: FakeDiscord,
    store: SqliteEventStore,
    tmp_path: Path,
    *,
    held: asyncio.Event | None = None,
    ack_after: float = 0,
    **options: Any,
) -> AsyncIterator[DatelineClient]:
    """A running client. ``ack_after=0`` defers every interaction, so a test needs no
    clock; with ``held``, the store answers only once it is set."""
    source = store if held is None else HeldStore(store, held)
    bot = Bot(source, BotSettings(max_events=50), store.reminders)  # type: ignore[arg-type]
    client = DatelineClient(
        bot, settings(tmp_path, **options), ack_after=ack_after, guild_ready_timeout=0.05
    )
    task = await running(client, fake)
    try:
        yield client
    finally:
        await stop(client, task)


def is_callback(r: Recorded) -> bool:
    return r.method == "POST" and r.path.startswith("/interactions/")


def is_followup(r: Recorded) -> bool:
    return r.method == "POST" and r.path.startswith("/webhooks/")


def is_webhook(r: Recorded) -> bool:
    """A message sent after the callback: an edit of the original or a followup."""
    return r.path.startswith("/webhooks/")


def shape(steps: list[Step]) -> list[tuple[str, bool]]:
    """Each step as (what was done, whether its message is private)."""
    assert not [s for s in steps if s.first_after_deferral], "relied on a deprecated followup"
    return [(step.action, step.private) for step in steps]


def parts_of(first: Recorded) -> int:
    """How many messages a reply takes, from its first part's "Part 1 of n" footer."""
    found = re.search(r"Part 1 of (\d+)", str(first.body["embeds"]))
    return int(found.group(1)) if found else 1


def text_of(step: Step) -> str:
    return str(step.embeds)


async def add_long_events(store: SqliteEventStore, count: int) -> None:
    for n in range(count):
        event = Event(EventDate(date(1950 + n, 3, 4)), f"Event {n} " + "x" * 200)
        await store.add(event, "test", NOW)


async def test_slow_public_answer_fills_the_public_thinking_message(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> None:
    released = asyncio.Event()
    async with dateline(fake, store, tmp_path, held=released):
        _, token = await fake.interaction("onthisday", {"date": "7 January"})
        await fake.wait_for(is_callback)
        assert shape(fake.steps(token)) == [("defer", False)]  # thinking, in the channel
        released.set()
        await fake.wait_for(is_webhook)
        steps = fake.steps(token)
        assert shape(steps) == [("defer", False), ("edit_original", False)]
        assert steps[1].message_id == steps[0].message_id  # the thinking message itself
        assert "Missiles hit bases" in text_of(steps[1])


@pytest.mark.parametrize(
    ("command", "options", "parts"),
    [("help", {}, 1), ("history", {"id": 1}, 1), ("audit", {"count": 200}, 3)],
)
async def test_slow_private_command_is_private_from_the_deferral_to_its_last_part(
    fake: FakeDiscord,
    store: SqliteEventStore,
    tmp_path: Path,
    command: str,
    options: dict[str, Any],
    parts: int,
) -> None:
    await add_long_events(store, 60)  # an audit of 61 entries takes three messages
    editor = fake.member(8888, "editor", roles=(EDITOR_ROLE,))
    released = asyncio.Event()
    async with dateline(fake, store, tmp_path, held=released):
        _, token = await fake.interaction(command, options, member=editor)
        await fake.wait_for(is_callback)
        assert shape(fake.steps(token)) == [("defer", True)]
        released.set()
        [first, *_] = await fake.wait_for(is_webhook, count=parts)
        assert parts_of(first) == parts
        assert shape(fake.steps(token)) == [("defer", True), ("edit_original", True)] + [
            ("followup", True)
        ] * (parts - 1)
        assert not [r for r in fake.requests if r.method == "DELETE"]


async def test_slow_public_command_that_fails_shows_the_error_in_its_public_message(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> None:
    """The error says what was wrong with the asker's own input, so it may be public;
    it replaces "thinking" rather than the thinking message being deleted."""
    async with dateline(fake, store, tmp_path):
        _, token = await fake.interaction("onthisday", {"date": "31 February"})
        await fake.wait_for(is_webhook)
        steps = fake.steps(token)
        assert shape(steps) == [("defer", False), ("edit_original", False)]
        assert steps[1].embeds[0]["title"] == "That date does not work"
        assert "February never has a 31st day" in text_of(steps[1])
        assert not [r for r in fake.requests if r.method == "DELETE" or is_followup(r)]


async def test_slow_public_command_answered_with_help_keeps_the_full_help_private(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> None:
    """"/ask help" is deferred publicly (the table cannot know it asks for help): the
    public message becomes a short line, and the help itself follows privately."""
    async with dateline(fake, store, tmp_path):
        _, token = await fake.interaction("ask", {"question": "help"})
        await fake.wait_for(is_webhook, count=2)
        steps = fake.steps(token)
        assert shape(steps) == [("defer", False), ("edit_original", False), ("followup", True)]
        public, full = steps[1], steps[2]
        assert "/onthisday" in text_of(public) and "only you can see" in text_of(public)
        assert "fields" not in public.embeds[0]
        assert "Questions" in text_of(full) and "timeline" in text_of(full)
        assert not [r for r in fake.requests if r.method == "DELETE"]


async def test_long_reply_after_deferral_fills_the_original_then_follows_up(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> None:
    await add_long_events(store, 55)
    released = asyncio.Event()
    async with dateline(fake, store, tmp_path, held=released):
        _, token = await fake.interaction("onthisday", {"date": "4 March"})
        await fake.wait_for(is_callback)
        released.set()
        [first] = await fake.wait_for(is_webhook)
        parts = parts_of(first)
        assert parts > 2
        await fake.wait_for(is_webhook, count=parts)
        steps = fake.steps(token)
        assert shape(steps) == [("defer", False), ("edit_original", False)] + [
            ("followup", False)
        ] * (parts - 1)
        for number, step in enumerate(steps[1:], start=1):
            assert f"Part {number} of {parts}" in text_of(step)
            assert sum(embed_length(e) for e in step.embeds) <= MAX_EMBED_TOTAL
            assert step.body["allowed_mentions"]["parse"] == []
            assert bool(step.body.get("components")) == (number == parts)  # "More" last
        assert all(f"Event {n} " in str([s.embeds for s in steps]) for n in range(50))


async def test_fast_answer_is_the_response_itself_with_no_deferral(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> None:
    async with dateline(fake, store, tmp_path, ack_after=5.0):
        _, answer = await fake.interaction("onthisday", {"date": "7 January"})
        _, error = await fake.interaction("onthisday", {"date": "31 February"})
        await fake.wait_for(is_callback, count=2)
        assert shape(fake.steps(answer)) == [("respond", False)]
        assert "Missiles hit bases" in text_of(fake.steps(answer)[0])
        # Ready in time, an error is shown only to the asker: no public message exists.
        assert shape(fake.steps(error)) == [("respond", True)]
        assert not [r for r in fake.requests if is_webhook(r)]


async def mention_reply(fake: FakeDiscord, content: str, **author: Any) -> dict[str, Any]:
    """The one channel message answering the mention ``content``."""
    user = fake.user(author.get("id", 7777), author.get("name", "reporter"))
    await fake.mention(f"<@{fake.bot_id}> {content}", author=user)
    [post] = await fake.wait_for(lambda r: r.path == f"/channels/{fake.channel_id}/messages")
    [embed] = post.body["embeds"]
    assert "Part 1 of" not in str(embed)  # one message, not several
    return dict(embed)


async def test_mention_asking_help_gets_a_short_public_line_pointing_to_slash_help(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> None:
    async with dateline(fake, store, tmp_path, message_content=True):
        embed = await mention_reply(fake, "help")
    assert "fields" not in embed  # not the whole help, command by command
    lines = embed["description"].splitlines()
    assert len(lines) == 2
    assert "/onthisday" in lines[0] and "/timeline" in lines[0]
    assert "/help" in lines[1] and "only you will see it" in lines[1]


async def test_mention_with_an_error_gets_its_title_and_a_one_line_hint(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> None:
    async with dateline(fake, store, tmp_path, message_content=True):
        embed = await mention_reply(fake, "flibbertigibbet wobble")
    assert embed["title"] == "I did not understand that"
    assert "fields" not in embed  # the examples are not listed one by one
    what, hint = embed["description"].splitlines()
    assert "flibbertigibbet wobble" in what and "what happened on 7 January?" in what
    assert "/help" in hint


async def test_mention_asking_for_a_private_report_points_to_its_slash_command(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> None:
    async with dateline(fake, store, tmp_path, message_content=True):
        embed = await mention_reply(fake, "audit 5", id=5555, name="owner")  # the owner
    assert "Audit log" not in str(embed) and "by test" not in str(embed)
    assert "/audit" in embed["description"]
