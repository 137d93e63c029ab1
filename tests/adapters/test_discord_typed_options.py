"""Discord's slash-command options are typed: numbers are integers with a minimum, every
text option is as long as the core reads and no longer, and the core gets the typed
values (not only text to read again)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.discord_ import DatelineClient
from adapters.discord_.appcommands import command_payloads, compose_text, typed_options
from bot.command_set import build_commands
from bot.commands import ParamKind
from bot.context import BotSettings
from bot.core import Bot
from bot.messages import Actor, Incoming, Role
from bot.usage import MAX_INPUT
from storage import SqliteEventStore
from tests.adapters.fake_discord import stand_in
from tests.adapters.test_discord_e2e import is_callback, running, settings, stop

COMMANDS = list(build_commands())
NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)


def test_every_text_option_has_a_length_limit_and_numbers_are_integers() -> None:
    for payload in command_payloads(COMMANDS):
        for option in payload["options"]:
            if option["type"] == 3:
                assert 1 <= option["max_length"] <= 6000, (payload["name"], option)
            if option["name"] in ("id", "count", "days", "subscription"):
                assert option["type"] == 4 and option["min_value"] == 1, payload["name"]


@pytest.mark.parametrize("command", COMMANDS, ids=[c.name for c in COMMANDS])
def test_a_form_filled_to_every_limit_still_fits_what_the_core_reads(command: object) -> None:
    limits = command.text_limits()  # type: ignore[attr-defined]
    values = {
        p.name: "x" * limits[p.name] if p.kind is ParamKind.TEXT else 10**16
        for p in command.params  # type: ignore[attr-defined]
    }
    assert len(compose_text(command, values)) <= MAX_INPUT  # type: ignore[arg-type]


def test_only_text_and_whole_numbers_are_passed_on_typed() -> None:
    assert typed_options({"id": 3, "share": "share", "flag": True, "n": 1.5}) == (
        ("id", 3), ("share", "share"),
    )


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteEventStore]:
    from storage import open_store  # noqa: PLC0415 - the sample is the data under test

    opened = await open_store(tmp_path / "d.sqlite3", sample=True, now=NOW)
    yield opened
    await opened.close()


async def test_the_core_uses_the_typed_number_over_the_words(store: SqliteEventStore) -> None:
    actor = Actor("discord", "1", "Editor", Role.MODERATOR)
    reply = await Bot(store).handle(Incoming("event 99", actor, "c", NOW, options=(("id", 2),)))
    assert reply.title == "Event #2"
    reply = await Bot(store).handle(Incoming("audit", actor, "c", NOW, options=(("count", 0),)))
    assert reply.kind.value == "error" and "1 to 200" in reply.text


async def test_a_remembered_next_page_ignores_the_form_it_was_asked_with(
    store: SqliteEventStore,
) -> None:
    bot = Bot(store, BotSettings(max_events=1))
    actor = Actor("discord", "1", "Editor", Role.MODERATOR)
    first = await bot.handle(Incoming("timeline iran", actor, "c", NOW))
    assert first.next is not None
    more = await bot.handle(Incoming("more", actor, "c", NOW, options=(("id", 2),)))
    assert more.title.startswith("Timeline")


async def test_an_integer_event_option_answers_over_discord(
    store: SqliteEventStore, tmp_path: Path
) -> None:
    async with stand_in() as fake:
        dc = DatelineClient(Bot(store), settings(tmp_path), ack_after=1.0,
                            guild_ready_timeout=0.05)
        task = await running(dc, fake)
        try:
            put = await fake.wait_for(lambda r: r.method == "PUT")
            event = next(c for c in put[0].body if c["name"] == "event")
            assert event["options"][0] == {**event["options"][0], "type": 4, "min_value": 1}
            await fake.interaction("event", {"id": 2})
            [callback] = await fake.wait_for(is_callback)
            assert callback.body["data"]["embeds"][0]["title"] == "Event #2"
        finally:
            await stop(dc, task)


