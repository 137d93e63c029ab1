"""Which zone "today" is read in: the asker's own, else their server's (set by moderators
with "timezone"), else the default; and the note an answer carries when it depended on
the day and was read in a zone that is not the asker's own."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.context import BotSettings
from bot.core import Bot
from bot.errors import StoreError
from bot.messages import Actor, Incoming, Reply, ReplyKind, Role
from bot.model import Event, EventDate
from bot.zone_settings import SpaceZone
from storage import SqliteEventStore
from storage.zone_store import SqliteZoneStore

# At this instant it is already 1 December on Kiritimati (UTC+14), 30 November in UTC
# and still 29 November in Pago Pago (UTC-11): each zone has its own "yesterday".
AT = datetime(2026, 11, 30, 10, 30, tzinfo=UTC)
EARLY, LATE = "Pacific/Kiritimati", "Pacific/Pago_Pago"
SERVER, OTHER_SERVER = "G100", "G200"
YESTERDAY_IN = {EARLY: "Thirtieth event", "UTC": "Twenty-ninth event", LATE: "Eighth event"}

Say = Callable[..., Awaitable[Reply]]


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteEventStore]:
    opened = await SqliteEventStore.open(tmp_path / "zones.sqlite3")
    for day, title in ((30, "Thirtieth event"), (29, "Twenty-ninth event"), (28, "Eighth event")):
        await opened.add(Event(EventDate(date(2019, 11, day)), title), "test:seed", AT)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
def bot(store: SqliteEventStore) -> Bot:
    return Bot(store, BotSettings(default_tz="UTC"), zones=SqliteZoneStore.sharing(store))


def talker(bot: Bot) -> Say:
    async def saying(
        text: str,
        *,
        role: Role = Role.MEMBER,
        tz: str | None = None,
        own_tz: bool = True,
        space: str = SERVER,
        platform: str = "discord",
    ) -> Reply:
        actor = Actor(platform, "U42" if role is Role.MEMBER else "M7", "someone", role)
        return await bot.handle(Incoming(text, actor, "C1", AT, tz, space, own_tz))

    return saying


@pytest.fixture
def say(bot: Bot) -> Say:
    return talker(bot)


def titles(reply: Reply) -> list[str]:
    return [event.title for event in reply.events]


def everything(reply: Reply) -> str:
    parts = [reply.title, reply.text, reply.footer]
    for section in reply.sections:
        parts += [section.heading, *section.lines]
    return "\n".join(parts)


async def test_without_a_server_zone_the_default_is_used_and_named(say: Say) -> None:
    reply = await say("what happened yesterday?")
    assert titles(reply) == [YESTERDAY_IN["UTC"]]
    assert reply.footer == (
        "“Today” is 30 November 2026 in UTC, Dateline's default zone "
        "(moderators can set another with “timezone”)."
    )


async def test_the_servers_zone_is_used_for_askers_without_their_own_and_named(
    say: Say,
) -> None:
    done = await say(f"timezone {EARLY}", role=Role.MODERATOR)
    assert done.kind is ReplyKind.DONE
    reply = await say("what happened yesterday?")
    assert titles(reply) == [YESTERDAY_IN[EARLY]]
    assert reply.footer == (
        f"“Today” is 1 December 2026 in {EARLY}, the zone moderators set here (see “timezone”)."
    )


async def test_the_askers_own_zone_beats_the_servers_and_needs_no_note(say: Say) -> None:
    await say(f"timezone {EARLY}", role=Role.MODERATOR)
    reply = await say("what happened yesterday?", tz=LATE)
    assert titles(reply) == [YESTERDAY_IN[LATE]]
    assert "Today" not in reply.footer


async def test_a_zone_the_adapter_chose_for_the_place_yields_to_the_servers(say: Say) -> None:
    placed = await say("what happened yesterday?", tz=LATE, own_tz=False)
    assert titles(placed) == [YESTERDAY_IN[LATE]]
    assert f"in {LATE}, Dateline's default zone" in placed.footer
    await say(f"timezone {EARLY}", role=Role.MODERATOR)
    reply = await say("what happened yesterday?", tz=LATE, own_tz=False)
    assert titles(reply) == [YESTERDAY_IN[EARLY]]


async def test_each_server_and_platform_has_its_own_zone(say: Say) -> None:
    await say(f"timezone {EARLY}", role=Role.MODERATOR)
    other = await say("what happened yesterday?", space=OTHER_SERVER)
    slack = await say("what happened yesterday?", platform="slack")
    assert titles(other) == titles(slack) == [YESTERDAY_IN["UTC"]]


@pytest.mark.parametrize(
    "question",
    ["what happened yesterday?", "onthisday", "upcoming", "what happened last week?",
     "what happened this month?", "what happened 3 days ago?", "ask what happened today",
     "upcoming in January", "what happened in November?"],
)
async def test_answers_that_depend_on_today_say_which_day_and_zone(
    say: Say, question: str
) -> None:
    await say(f"timezone {EARLY}", role=Role.MODERATOR)
    reply = await say(question)
    assert reply.kind is not ReplyKind.ERROR
    assert f"“Today” is 1 December 2026 in {EARLY}" in reply.footer


@pytest.mark.parametrize(
    "question",
    ["what happened on 29 November?", "what happened on 29 November 2019?",
     "onthisday 30 November", "what happened in 2019?", "timeline iran",
     "when was the thirtieth event", "help", "timezone", "event 1"],
)
async def test_answers_that_do_not_depend_on_today_carry_no_note(
    say: Say, question: str
) -> None:
    await say(f"timezone {EARLY}", role=Role.MODERATOR)
    reply = await say(question)
    assert "“Today” is" not in everything(reply)


async def test_members_may_see_the_zone_but_not_change_it(
    say: Say, store: SqliteEventStore
) -> None:
    refused = await say("timezone Europe/London")
    assert refused.kind is ReplyKind.ERROR and refused.title == "Not allowed"
    assert "moderators" in refused.text
    shown = await say("timezone")
    assert shown.kind is ReplyKind.ANSWER
    assert "UTC, Dateline's default" in shown.text and "30 November 2026" in shown.text
    assert await SqliteZoneStore.sharing(store).zone_of("discord", SERVER) is None


async def test_the_view_says_where_the_zone_comes_from_and_who_set_it(say: Say) -> None:
    await say(f"timezone {EARLY}", role=Role.MODERATOR)
    server = await say("timezone")
    own = await say("timezone", tz=LATE)
    assert f"use {EARLY}, the time zone moderators set here" in server.text
    assert "00:30 on 1 December 2026" in server.text
    assert f"Set here: {EARLY}" in everything(server)
    assert "Set by discord:M7" in everything(server)
    assert f"use {LATE}, your own time zone" in own.text
    assert f"Set here: {EARLY}" in everything(own)


async def test_zone_names_are_read_in_any_case_and_stored_as_spelt(
    say: Say, store: SqliteEventStore
) -> None:
    await say("timezone PACIFIC/kiritimati", role=Role.MODERATOR)
    stored = await SqliteZoneStore.sharing(store).zone_of("discord", SERVER)
    assert stored is not None and stored.tz == EARLY
    assert stored.set_by == "discord:M7" and stored.set_at == AT


async def test_an_unknown_zone_is_refused_with_an_example(
    say: Say, store: SqliteEventStore
) -> None:
    reply = await say("timezone Mars/Olympus_Mons", role=Role.MODERATOR)
    assert reply.kind is ReplyKind.ERROR
    assert "“Mars/Olympus_Mons” is not a time zone" in reply.text
    assert "Europe/London" in reply.text
    assert await SqliteZoneStore.sharing(store).zone_of("discord", SERVER) is None


async def test_reset_goes_back_to_the_default(say: Say) -> None:
    await say(f"timezone {EARLY}", role=Role.MODERATOR)
    reset = await say("timezone default", role=Role.MODERATOR)
    again = await say("timezone reset", role=Role.MODERATOR)
    reply = await say("what happened yesterday?")
    assert reset.title == "Time zone reset" and EARLY in reset.text
    assert again.title == "Time zone unchanged"
    assert titles(reply) == [YESTERDAY_IN["UTC"]]


async def test_changes_are_audited_and_a_repeat_is_not(
    say: Say, store: SqliteEventStore
) -> None:
    await say(f"timezone {EARLY}", role=Role.MODERATOR)
    await say(f"timezone {EARLY}", role=Role.MODERATOR)
    await say("timezone utc", role=Role.MODERATOR)
    await say("timezone default", role=Role.MODERATOR)
    entries = [c for c in await store.changes() if c.action == "timezone"]
    assert [(c.event_id, c.actor, c.at) for c in entries] == [(None, "discord:M7", AT)] * 3
    assert [c.detail for c in reversed(entries)] == [
        f"discord {SERVER} time zone set to {EARLY} (was the default)",
        f"discord {SERVER} time zone set to UTC (was {EARLY})",
        f"discord {SERVER} time zone UTC removed (default)",
    ]
    audit = await say("audit 5", role=Role.MODERATOR)
    assert f"time zone set to {EARLY}" in everything(audit)


async def test_the_zone_survives_reopening_the_store(tmp_path: Path) -> None:
    path = tmp_path / "kept.sqlite3"
    first = await SqliteEventStore.open(path)
    try:
        bot = Bot(first, zones=SqliteZoneStore.sharing(first))
        await talker(bot)(f"timezone {EARLY}", role=Role.MODERATOR)
    finally:
        await first.close()
    reopened = await SqliteEventStore.open(path)
    try:
        bot = Bot(reopened, zones=SqliteZoneStore.sharing(reopened))
        shown = await talker(bot)("timezone")
    finally:
        await reopened.close()
    assert f"use {EARLY}, the time zone moderators set here" in shown.text


async def test_without_a_zone_store_the_zone_can_be_seen_but_not_set(
    store: SqliteEventStore,
) -> None:
    say = talker(Bot(store))
    refused = await say(f"timezone {EARLY}", role=Role.MODERATOR)
    reply = await say("what happened yesterday?")
    assert refused.kind is ReplyKind.ERROR and "no time zone settings" in refused.text
    assert titles(reply) == [YESTERDAY_IN["UTC"]] and "in UTC" in reply.footer


class UnreadableZones:
    """A zone store whose reads fail, as a store another process holds locked might."""

    async def zone_of(self, platform: str, space: str) -> SpaceZone | None:
        raise StoreError("database is locked")

    async def set_zone(
        self, platform: str, space: str, tz: str, actor: str, at: datetime
    ) -> SpaceZone | None:
        raise StoreError("database is locked")

    async def clear_zone(
        self, platform: str, space: str, actor: str, at: datetime
    ) -> SpaceZone | None:
        raise StoreError("database is locked")


async def test_an_unreadable_server_zone_still_answers_in_the_default(
    store: SqliteEventStore,
) -> None:
    reply = await talker(Bot(store, zones=UnreadableZones()))("what happened yesterday?")
    assert titles(reply) == [YESTERDAY_IN["UTC"]] and "in UTC" in reply.footer


async def test_setting_a_zone_on_a_busy_store_says_nothing_was_saved(
    store: SqliteEventStore,
) -> None:
    bot = Bot(store, zones=UnreadableZones())
    reply = await talker(bot)(f"timezone {EARLY}", role=Role.MODERATOR)
    assert reply.title == "Nothing was saved"
    assert bot.changes_store(f"timezone {EARLY}") and not bot.changes_store("timezone")


async def test_zone_names_autocomplete_by_area_or_city(bot: Bot) -> None:
    assert await bot.complete("zones", "tokyo") == ["Asia/Tokyo"]
    assert await bot.complete("zones", "europe/lo") == ["Europe/London"]
    assert len(await bot.complete("zones", "america/", limit=25)) == 25
