"""A Discord server's time zone, end to end: the real discord.py client against the
stand-in of Discord. Discord shares no user's zone, so a moderator sets the server's
with /timezone, and later questions read "today" in it and say so."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from adapters.discord_ import DatelineClient, DiscordSettings
from adapters.settings import Secret
from bot.context import BotSettings
from bot.core import Bot
from bot.model import Event, EventDate
from storage import SqliteEventStore
from storage.zone_store import SqliteZoneStore
from tests.adapters.fake_discord import FakeDiscord, Recorded, stand_in

# 12:00 UTC on 30 November is already 01:00 on 1 December in Auckland.
NOON = datetime(2026, 11, 30, 12, tzinfo=UTC)
AUCKLAND = "Pacific/Auckland"
AUCKLANDS_YESTERDAY, UTCS_YESTERDAY = "Harbour bridge opens", "Border treaty signed"


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with stand_in() as server:
        yield server


@pytest.fixture
async def client(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[DatelineClient]:
    store = await SqliteEventStore.open(tmp_path / "dateline.sqlite3")
    await store.add(Event(EventDate(date(2019, 11, 30)), AUCKLANDS_YESTERDAY), "test", NOON)
    await store.add(Event(EventDate(date(2019, 11, 29)), UTCS_YESTERDAY), "test", NOON)
    bot = Bot(store, BotSettings(), store.reminders, SqliteZoneStore.sharing(store))
    settings = DiscordSettings(
        token=Secret("fake-token"),
        guild_ids=(3333,),
        moderator_role_ids=(6666,),
        db_path=tmp_path / "dateline.sqlite3",
        command_state_path=tmp_path / "commands.json",
    )
    dc = DatelineClient(bot, settings, ack_after=1.0, guild_ready_timeout=0.05)
    task = asyncio.create_task(dc.start("fake-token"))
    await asyncio.wait_for(dc.wait_until_ready(), 5)
    try:
        yield dc
    finally:
        await asyncio.wait_for(dc.close(), 5)
        await asyncio.wait_for(task, 5)
        await store.close()


def is_callback(r: Recorded) -> bool:
    return r.method == "POST" and r.path.startswith("/interactions/")


async def answer(fake: FakeDiscord, name: str, options: dict[str, Any], **how: Any) -> str:
    """What the interaction's response said (every test answer here fits one message)."""
    before = len([r for r in fake.requests if is_callback(r)])
    await fake.interaction(name, options, **how)
    callbacks = await fake.wait_for(is_callback, count=before + 1)
    return str(callbacks[before].body["data"])


async def test_a_server_zone_set_with_the_command_is_used_and_named(
    fake: FakeDiscord, client: DatelineClient
) -> None:
    editor = fake.member(8888, "editor", roles=(6666,))
    before = await answer(fake, "ask", {"question": "what happened yesterday?"}, at=NOON)
    done = await answer(fake, "timezone", {"zone": "pacific/auckland"}, member=editor)
    after = await answer(fake, "ask", {"question": "what happened yesterday?"}, at=NOON)
    assert UTCS_YESTERDAY in before and AUCKLANDS_YESTERDAY not in before
    assert "“Today” is 30 November 2026 in UTC, Dateline's default zone" in before
    assert "Time zone set" in done
    zones = client.dateline.zones
    assert zones is not None
    stored = await zones.zone_of("discord", str(fake.guild_id))  # the server is the space
    assert stored is not None and stored.tz == AUCKLAND and stored.set_by == "discord:8888"
    assert AUCKLANDS_YESTERDAY in after and UTCS_YESTERDAY not in after
    assert f"“Today” is 1 December 2026 in {AUCKLAND}, the zone moderators set here" in after


async def test_a_member_may_see_the_servers_zone_but_not_set_it(
    fake: FakeDiscord, client: DatelineClient
) -> None:
    refused = await answer(fake, "timezone", {"zone": AUCKLAND})
    shown = await answer(fake, "timezone", {}, at=NOON)
    assert "Not allowed" in refused
    assert "Answers here use UTC, Dateline's default" in shown
    assert "12:00 on 30 November 2026" in shown


async def test_the_zone_command_is_offered_with_zone_autocomplete(
    fake: FakeDiscord, client: DatelineClient
) -> None:
    [put] = await fake.wait_for(lambda r: r.method == "PUT")
    [command] = [c for c in put.body if c["name"] == "timezone"]
    assert command["default_member_permissions"] is None  # everyone may look
    assert command["options"][0]["autocomplete"] is True
    await fake.interaction("timezone", {"zone": "auckl"}, kind=4, focused="zone")
    [callback] = await fake.wait_for(is_callback)
    assert callback.body["data"]["choices"] == [{"name": AUCKLAND, "value": AUCKLAND}]
