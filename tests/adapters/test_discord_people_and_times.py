"""End to end on Discord: moderator reports name moments as Discord timestamps (each
reader's own time) and people by display name, looked up once through the real
discord.py client against the stand-in; help names commands as slash commands,
clickable once their ids are known; event text still cannot pass for any of these."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from adapters.discord_ import DatelineClient
from bot.context import BotSettings
from bot.core import Bot
from bot.model import Event, EventDate
from storage import SqliteEventStore
from tests.adapters.fake_discord import FakeDiscord, Recorded, stand_in
from tests.adapters.test_discord_e2e import is_callback, running, settings, stop

ADDED_AT = datetime(2026, 1, 1, 9, 30, tzinfo=UTC)
HOSTILE_TITLE = "Missiles <t:0:f> <@123> <!date^0^{date}|x> @everyone hit bases"
AUTHOR = 7777
MODERATOR_ROLE = 6666
LIVE = re.compile(r"<(?:t:-?\d+(?::\w)?|@[!&]?\d+|/[^<>:]+:\d+)>|@(?:everyone|here)")


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with stand_in() as server:
        yield server


@pytest.fixture
async def client(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[DatelineClient]:
    store = await SqliteEventStore.open(tmp_path / "dateline.sqlite3")
    event = Event(EventDate(date(2020, 1, 7)), HOSTILE_TITLE)
    await store.add(event, f"discord:{AUTHOR}", ADDED_AT)
    dc = DatelineClient(Bot(store, BotSettings()), settings(tmp_path), guild_ready_timeout=0.05)
    task = await running(dc, fake)
    try:
        yield dc
    finally:
        await stop(dc, task)
        await store.close()


def a_member(fake: FakeDiscord, user_id: int, nick: str | None) -> dict[str, Any]:
    member = fake.member(user_id, "ana.r")
    member["nick"] = nick
    return member


async def ask(fake: FakeDiscord, name: str, options: dict[str, Any]) -> list[dict[str, Any]]:
    """The embeds of the answer to a moderator's slash command."""
    before = len([r for r in fake.requests if is_callback(r)])
    await fake.interaction(name, options, member=fake.member(8888, "editor", roles=(6666,)))
    callbacks = await fake.wait_for(is_callback, count=before + 1)
    embeds: list[dict[str, Any]] = callbacks[before].body["data"]["embeds"]
    return embeds


def values(embeds: list[dict[str, Any]]) -> str:
    return "\n".join(f["value"] for e in embeds for f in e.get("fields", ()))


def names(embeds: list[dict[str, Any]]) -> str:
    return "\n".join(f["name"] for e in embeds for f in e.get("fields", ()))


def member_lookups(fake: FakeDiscord, user_id: int) -> list[Recorded]:
    return [r for r in fake.requests if r.method == "GET" and r.path.endswith(f"/{user_id}")]


async def test_history_shows_a_discord_timestamp_and_the_authors_display_name(
    fake: FakeDiscord, client: DatelineClient
) -> None:
    fake.directory.members[AUTHOR] = a_member(fake, AUTHOR, "Ana Ruiz")
    embeds = await ask(fake, "history", {"id": "1"})
    shown = values(embeds)
    assert f"**<t:{int(ADDED_AT.timestamp())}:f>: #1 add by Ana Ruiz**" in shown
    assert f"discord:{AUTHOR}" not in str(embeds) and str(AUTHOR) not in str(embeds)
    assert "<t:" not in names(embeds)  # a field name would show it as typed


async def test_a_hostile_title_stays_inert_beside_the_native_forms(
    fake: FakeDiscord, client: DatelineClient
) -> None:
    fake.directory.members[AUTHOR] = a_member(fake, AUTHOR, "<@123> <t:0:f> @here *Ana*")
    shown = values(await ask(fake, "history", {"id": "1"}))
    live = [m.group() for m in LIVE.finditer(shown)]
    assert live == [f"<t:{int(ADDED_AT.timestamp())}:f>"]  # Dateline's own, and only it
    assert "<\u200bt:0:f> <\u200b@123> <\u200b!date^0^{date}\\|x>" in shown
    assert "add by <\u200b@123> <\u200bt:0:f> @\u200bhere \\*Ana\\*" in shown


async def test_names_are_looked_up_once_for_two_reports(
    fake: FakeDiscord, client: DatelineClient
) -> None:
    fake.directory.members[AUTHOR] = a_member(fake, AUTHOR, "Ana Ruiz")
    first = values(await ask(fake, "history", {"id": "1"}))
    second = values(await ask(fake, "audit", {"count": 5}))
    assert "Ana Ruiz" in first and "Ana Ruiz" in second
    assert [r.path for r in member_lookups(fake, AUTHOR)] == [f"/guilds/3333/members/{AUTHOR}"]


async def test_a_former_member_is_named_as_a_user(
    fake: FakeDiscord, client: DatelineClient
) -> None:
    fake.directory.users[AUTHOR] = fake.user(AUTHOR, "Ana Former")
    shown = values(await ask(fake, "history", {"id": "1"}))
    assert "#1 add by Ana Former" in shown
    assert [r.path for r in member_lookups(fake, AUTHOR)] == [
        f"/guilds/3333/members/{AUTHOR}", f"/users/{AUTHOR}"]


async def test_an_unknown_user_reads_as_a_neutral_name_without_failing(
    fake: FakeDiscord, client: DatelineClient
) -> None:
    first = values(await ask(fake, "history", {"id": "1"}))
    second = values(await ask(fake, "history", {"id": "1"}))
    assert f"#1 add by Discord user {AUTHOR}**" in first and first == second
    assert len(member_lookups(fake, AUTHOR)) == 2  # member, then user: each once


async def test_help_names_commands_as_clickable_slash_commands_with_their_options(
    fake: FakeDiscord, client: DatelineClient
) -> None:
    registered = fake.directory.commands["applications/1111/guilds/3333/commands"]
    ids = {c["name"]: c["id"] for c in registered}
    embeds = await ask(fake, "help", {})
    shown = values(embeds)
    assert f"</ask:{ids['ask']}> `question:`: Ask any date question" in shown
    assert f"</upcoming:{ids['upcoming']}> `[window:]`: Anniversaries" in shown
    assert f"</history:{ids['history']}> `id: [share:]`: Who created" in shown
    assert f"</more:{ids['more']}>: The next page" in shown
    assert "ask QUESTION" not in str(embeds)


async def test_help_shows_typed_slash_commands_when_their_ids_are_unknown(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    fake.directory.listing_refused = True
    store = await SqliteEventStore.open(tmp_path / "dateline.sqlite3")
    dc = DatelineClient(Bot(store, BotSettings()), settings(tmp_path), guild_ready_timeout=0.05)
    task = await running(dc, fake)
    try:
        embeds = await ask(fake, "help", {})
    finally:
        await stop(dc, task)
        await store.close()
    shown = values(embeds)
    assert "`/ask question:`: Ask any date question" in shown
    assert "`/upcoming [window:]`: Anniversaries" in shown
    assert "`/history id: [share:]`: Who created" in shown
    assert "</" not in str(embeds)
