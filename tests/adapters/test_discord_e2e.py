"""End to end: the real discord.py client against the local stand-in of Discord
(``fake_discord``), answering from the real Bot on a real SQLite store."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from adapters.discord_ import DatelineClient, DiscordSettings
from adapters.discord_.render import MAX_EMBED_TOTAL, embed_length
from adapters.settings import Secret
from bot.context import BotSettings
from bot.core import Bot
from bot.model import Event, EventDate, Source
from storage import SqliteEventStore
from tests.adapters.fake_discord import MANAGE_GUILD, FakeDiscord, Recorded, stand_in

NOW = datetime(2026, 1, 1, tzinfo=UTC)
HOSTILE = "@everyone @here <@&6666> <@7777> [click](https://evil.example) **bold**"


class HeldStore:
    """The real store, but every awaited call waits until ``released`` is set, so a test
    holds an answer back for as long as it needs without waiting on the clock."""

    def __init__(self, store: SqliteEventStore, released: asyncio.Event) -> None:
        self._store, self._released = store, released

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._store, name)

        async def held(*args: Any, **kwargs: Any) -> Any:
            await self._released.wait()
            return await method(*args, **kwargs)

        return held


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with stand_in() as server:
        yield server


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteEventStore]:
    db = await SqliteEventStore.open(tmp_path / "dateline.sqlite3")
    source = Source(
        "Example News", "Drone strike [kills](x) general", "https://example.com/a", date(2020, 1, 3)
    )
    await db.add(
        Event(
            EventDate(date(2020, 1, 7)),
            f"Missiles hit bases {HOSTILE}",
            summary="Iran fires missiles",
            tags=("iran",),
            sources=(source,),
        ),
        "test",
        NOW,
    )
    try:
        yield db
    finally:
        await db.close()


def settings(tmp_path: Path, **overrides: Any) -> DiscordSettings:
    values: dict[str, Any] = {
        "token": Secret("fake-token"),
        "guild_ids": (3333,),
        "moderator_role_ids": (6666,),
        "db_path": tmp_path / "dateline.sqlite3",
        "command_state_path": tmp_path / "commands.json",
        **overrides,
    }
    return DiscordSettings(**values)


async def running(client: DatelineClient, fake: FakeDiscord) -> asyncio.Task[None]:
    task = asyncio.create_task(client.start("fake-token"))
    await asyncio.wait_for(client.wait_until_ready(), 5)
    return task


async def stop(client: DatelineClient, task: asyncio.Task[None]) -> None:
    await asyncio.wait_for(client.close(), 5)
    await asyncio.wait_for(task, 5)


def is_callback(r: Recorded) -> bool:
    return r.method == "POST" and r.path.startswith("/interactions/")


def is_followup(r: Recorded) -> bool:
    return r.method == "POST" and r.path.startswith("/webhooks/")


def is_original_edit(r: Recorded) -> bool:
    return r.method == "PATCH" and r.path.endswith("/messages/@original")


@pytest.fixture
async def client(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> AsyncIterator[DatelineClient]:
    # A 50-event page, so the long-answer test needs several messages.
    bot = Bot(store, BotSettings(max_events=50), store.reminders)
    dc = DatelineClient(bot, settings(tmp_path), ack_after=1.0, guild_ready_timeout=0.05)
    task = await running(dc, fake)
    yield dc
    await stop(dc, task)


async def test_discord_connects_syncs_and_answers_a_slash_command(
    fake: FakeDiscord, client: DatelineClient
) -> None:
    assert fake.identify["intents"] & (1 << 15) == 0  # no message content by default
    [put] = await fake.wait_for(lambda r: r.method == "PUT")
    assert put.path == "/applications/1111/guilds/3333/commands"
    assert {c["name"] for c in put.body} >= {"ask", "onthisday", "when", "timeline", "add"}
    await fake.interaction("onthisday", {"date": "7 January"})
    [callback] = await fake.wait_for(is_callback)
    assert callback.query == {"with_response": "1"}
    assert callback.body["type"] == 4  # answered directly: the store is fast
    data = callback.body["data"]
    assert data["allowed_mentions"]["parse"] == []
    text = str(data["embeds"])
    assert "Missiles hit bases" in text and "example.com/a" in text
    assert "[click](https" not in text  # the forged link is escaped


async def test_discord_slow_store_is_deferred_before_the_answer(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> None:
    answer_may_go = asyncio.Event()
    bot = Bot(HeldStore(store, answer_may_go), BotSettings())  # type: ignore[arg-type]
    # ack_after=0: an answer not ready at once is deferred, so nothing waits on the clock.
    dc = DatelineClient(bot, settings(tmp_path), ack_after=0, guild_ready_timeout=0.05)
    task = await running(dc, fake)
    try:
        await fake.interaction("onthisday", {"date": "7 January"})
        [callback] = await fake.wait_for(is_callback)
        assert callback.body["type"] == 5  # deferred, "Dateline is thinking…", while held
        assert not [r for r in fake.requests if is_followup(r) or is_original_edit(r)]
        answer_may_go.set()
        [edit] = await fake.wait_for(is_original_edit)  # the answer replaces "thinking"
        assert edit.body["allowed_mentions"]["parse"] == []
        assert "Missiles hit bases" in str(edit.body["embeds"])
    finally:
        await stop(dc, task)


async def test_discord_slow_private_report_is_deferred_privately(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> None:
    """A moderator's audit that takes a while never shows a public "thinking" notice;
    with "share" it is deferred in the channel, as the answer will be."""
    answer_may_go = asyncio.Event()
    bot = Bot(HeldStore(store, answer_may_go), BotSettings())  # type: ignore[arg-type]
    dc = DatelineClient(bot, settings(tmp_path), ack_after=0, guild_ready_timeout=0.05)
    task = await running(dc, fake)
    editor = fake.member(8888, "editor", roles=(6666,))
    try:
        await fake.interaction("audit", {"count": 5}, member=editor)
        [private] = await fake.wait_for(is_callback)
        assert private.body["type"] == 5 and private.body["data"]["flags"] & 64
        await fake.interaction("audit", {"count": 5, "share": "share"}, member=editor)
        _, shared = await fake.wait_for(is_callback, count=2)
        assert shared.body["type"] == 5 and not shared.body.get("data", {}).get("flags", 0) & 64
        answer_may_go.set()
        await fake.wait_for(is_original_edit, count=2)
        assert not [r for r in fake.requests if r.method == "DELETE"]
    finally:
        await stop(dc, task)


async def test_discord_member_running_a_moderator_command_is_refused(
    fake: FakeDiscord, client: DatelineClient
) -> None:
    await fake.interaction("add", {"event": "2020-01-08 | Speech | | Washington | usa"})
    [callback] = await fake.wait_for(is_callback)
    data = callback.body["data"]
    assert data["flags"] & 64  # ephemeral
    assert data["embeds"][0]["title"] == "Not allowed"


async def test_discord_moderator_role_and_manage_server_may_add(
    fake: FakeDiscord, client: DatelineClient
) -> None:
    by_role = fake.member(8888, "editor", roles=(6666,))
    by_permission = fake.member(9999, "admin", permissions=MANAGE_GUILD)
    await fake.interaction(
        "add", {"event": "2020-01-08 | Speech one | | Washington | usa"}, member=by_role
    )
    await fake.interaction(
        "add", {"event": "2020-01-09 | Speech two | | Washington | usa"}, member=by_permission
    )
    callbacks = await fake.wait_for(is_callback, count=2)
    assert all(c.body["data"]["embeds"][0]["title"] != "Not allowed" for c in callbacks)
    assert await client.dateline.store.count() == 3


async def test_discord_long_answer_is_split_within_limits(
    fake: FakeDiscord, client: DatelineClient
) -> None:
    store = client.dateline.store
    for year in range(1960, 2010):
        await store.add(
            Event(
                EventDate(date(year, 3, 4)),
                f"Event of {year} " + "x" * 200,
                summary="A long summary sentence. " * 30,
            ),
            "test",
            NOW,
        )
    await fake.interaction("onthisday", {"date": "4 March"})
    [callback] = await fake.wait_for(is_callback)
    followups = await fake.wait_for(is_followup, count=1)
    await asyncio.sleep(0.3)
    followups = [r for r in fake.requests if is_followup(r)]
    payloads = [callback.body["data"]] + [f.body for f in followups]
    assert len(payloads) > 2
    for payload in payloads:
        assert len(payload["embeds"]) <= 10
        assert sum(embed_length(e) for e in payload["embeds"]) <= MAX_EMBED_TOTAL
        assert payload["allowed_mentions"]["parse"] == []
    text = str(payloads)
    assert all(f"Event of {year}" in text for year in range(1960, 2010))
    assert f"Part {len(payloads)} of {len(payloads)}" in text


async def test_discord_topic_autocomplete(fake: FakeDiscord, client: DatelineClient) -> None:
    await fake.interaction("timeline", {"topic": "ir"}, kind=4, focused="topic")
    [callback] = await fake.wait_for(is_callback)
    assert callback.body["type"] == 8
    assert callback.body["data"]["choices"] == [{"name": "iran", "value": "iran"}]


async def test_discord_mentions_answered_safely_and_bots_ignored(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> None:
    bot = Bot(store, BotSettings())
    dc = DatelineClient(bot, settings(tmp_path, message_content=True), guild_ready_timeout=0.05)
    task = await running(dc, fake)
    try:
        assert fake.identify["intents"] & (1 << 15)
        await fake.mention(
            "<@2222> what happened on 7 January?", author=fake.user(1234, "otherbot", bot=True)
        )
        await fake.mention("what happened on 7 January? (no mention)")
        await fake.mention("<@2222> what happened on 7 January?")
        [post] = await fake.wait_for(lambda r: r.path == "/channels/4444/messages")
        await asyncio.sleep(0.2)
        assert len([r for r in fake.requests if r.path == "/channels/4444/messages"]) == 1
        assert post.body["allowed_mentions"] == {"parse": [], "replied_user": False}
        assert not post.body.get("content")  # nothing outside the embed could ping
        assert "Missiles hit bases" in str(post.body["embeds"])
    finally:
        await stop(dc, task)


async def test_discord_subscribe_slash_command_with_named_options(
    fake: FakeDiscord, client: DatelineClient
) -> None:
    editor = fake.member(8888, "editor", roles=(6666,))
    await fake.interaction(
        "subscribe",
        {"kinds": "alerts", "at": "08:30", "tz": "europe/london", "lead": "7,0"},
        member=editor,
    )
    [callback] = await fake.wait_for(is_callback)
    assert callback.body["data"]["embeds"][0]["title"] == "Subscribed this channel"
    reminders = client.dateline.reminders
    assert reminders is not None
    [sub] = await reminders.subscriptions()
    assert (sub.platform, sub.channel) == ("discord", "4444")
    assert (sub.policy.alerts, sub.policy.digest, sub.policy.tz) == (True, False, "Europe/London")
    assert sub.policy.lead_days == (7, 0)
    await fake.interaction("status", {}, member=fake.member(7777, "reporter"))
    [_, refused] = await fake.wait_for(is_callback, count=2)
    assert refused.body["data"]["flags"] & 64 and "Only moderators" in str(refused.body)


async def test_discord_more_is_a_button_that_shows_the_next_page(
    fake: FakeDiscord, client: DatelineClient
) -> None:
    store = client.dateline.store
    events = [Event(EventDate(date(1900 + n, 5, 6)), f"Event {n}") for n in range(60)]
    await store.import_events(events, "test", NOW)
    await fake.interaction("onthisday", {"date": "6 May"})
    [first] = await fake.wait_for(is_callback)
    assert not first.body["data"].get("components")  # buttons go under the last part
    [last] = await fake.wait_for(lambda r: is_followup(r) and "components" in r.body)
    [row] = last.body["components"]
    [button] = row["components"]
    assert (button["type"], button["label"]) == (2, "More")
    assert button["custom_id"] == "dl:onthisday 6 May page 2"
    assert "Showing 1–50 of 60" in str(last.body["embeds"])
    await fake.press(button["custom_id"], member=fake.member(1234, "someone else"))
    [_, second] = await fake.wait_for(is_callback, count=2)
    assert "Showing 51–60 of 60" in str(second.body["data"]["embeds"])
    assert "Event 59" in str(second.body["data"]["embeds"])
    assert not second.body["data"].get("components")  # the last page has no More
    await fake.press("dl#0123456789abcdef0123456789abcdef")
    [*_, expired] = await fake.wait_for(is_callback, count=3)
    assert expired.body["data"]["embeds"][0]["title"] == "This button has expired"
