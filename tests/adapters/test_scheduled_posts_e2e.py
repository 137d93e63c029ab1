"""Scheduled posts end to end: the real scheduler and store, the real discord.py and
slack_sdk clients, and the stand-ins of Discord and Slack on 127.0.0.1. A crash
between the platform accepting a post and the ledger recording it is covered by the
platform's idempotency; a rate-limited or removed channel holds up no other."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.discord_ import open_discord_publisher
from adapters.slack_ import SlackPublisher, publishing_client
from bot.model import Event, EventDate
from bot.ports import Publisher
from bot.reminders.model import Policy, Subscription
from bot.reminders.scheduler import Scheduler
from storage import SqliteEventStore
from tests.adapters.fake_discord import FakeDiscord, rest_stand_in
from tests.adapters.fake_slack import BOT_TOKEN, FakeSlack, slack_stand_in
from tests.bot.scheduling_fakes import SteppedClock

TOKEN = "scheduler-token-0123456789"
CREATED = datetime(2025, 12, 1, tzinfo=UTC)
DUE = datetime(2026, 1, 3, 9, tzinfo=UTC)
DESK, SPORTS = "111111111111111111", "222222222222222222"


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteEventStore]:
    opened = await SqliteEventStore.open(tmp_path / "dateline.sqlite3")
    for year in (2016, 2021, 2024):
        event = Event(EventDate.parse(f"{year}-01-03"), f"Strike of {year} <@&6666> @everyone")
        await opened.add(event, "test", CREATED)
    try:
        yield opened
    finally:
        await opened.close()


async def subscribe(store: SqliteEventStore, platform: str, channel: str) -> None:
    sub = Subscription(platform, channel, Policy(lead_days=(0,)))
    await store.reminders.save_subscription(sub, "test", CREATED, "subscribe", "")


def scheduler(
    store: SqliteEventStore, platform: str, publisher: Publisher, owner: str
) -> Scheduler:
    return Scheduler(store, store.reminders, SteppedClock(DUE), {platform: publisher}, owner=owner)


@pytest.fixture
async def discord_fake() -> AsyncIterator[FakeDiscord]:
    async with rest_stand_in(TOKEN) as server:
        yield server


@pytest.fixture
async def slack_fake() -> AsyncIterator[FakeSlack]:
    async with slack_stand_in() as server:
        yield server


def slack_publisher(fake: FakeSlack) -> SlackPublisher:
    return SlackPublisher(publishing_client(BOT_TOKEN, fake.api_url))


async def crash_mid_post(run: Scheduler, gate: asyncio.Event, landed: asyncio.Future[None]) -> None:
    """Close the gate, let the pass post until the platform has created a message it
    cannot answer for, then kill the pass as a crash would."""
    gate.clear()
    task = asyncio.create_task(run.tick(DUE))
    await asyncio.wait_for(landed, 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    gate.set()


async def test_discord_crash_between_post_and_ledger_posts_each_occasion_once(
    discord_fake: FakeDiscord, store: SqliteEventStore
) -> None:
    await subscribe(store, "discord", DESK)
    landed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    waiter = asyncio.create_task(discord_fake.wait_for(lambda r: r.path.endswith("/messages")))
    waiter.add_done_callback(lambda _: landed.set_result(None))
    async with open_discord_publisher(TOKEN) as publisher:
        await crash_mid_post(scheduler(store, "discord", publisher, "crashed"),
                             discord_fake.reply_gate, landed)
    assert len(discord_fake.messages[int(DESK)]) == 1  # Discord made the post; we never heard
    async with open_discord_publisher(TOKEN) as publisher:
        restarted = scheduler(store, "discord", publisher, "restarted")
        report = await restarted.tick(DUE + timedelta(minutes=3))  # the dead lease ran out
    titles = [m["embeds"][0]["title"] for m in discord_fake.messages[int(DESK)]]
    assert len(titles) == len(set(titles)) == 4  # the digest and the 2, 5, 10-year alerts
    assert report.deduplicated == 1
    counters = (await store.reminders.counters())[1]
    assert (counters.posted, counters.deduplicated, counters.pending) == (4, 1, 0)
    for message in discord_fake.messages[int(DESK)]:
        assert "@everyone" not in message.get("content", "")


async def test_slack_crash_between_post_and_ledger_posts_each_occasion_once(
    slack_fake: FakeSlack, store: SqliteEventStore
) -> None:
    await subscribe(store, "slack", "C0DESK001")
    landed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    waiter = asyncio.create_task(slack_fake.wait_for_messages("C0DESK001"))
    waiter.add_done_callback(lambda _: landed.set_result(None))
    await crash_mid_post(scheduler(store, "slack", slack_publisher(slack_fake), "crashed"),
                         slack_fake.reply_gate, landed)
    assert len(slack_fake.messages["C0DESK001"]) == 1
    restarted = scheduler(store, "slack", slack_publisher(slack_fake), "restarted")
    report = await restarted.tick(DUE + timedelta(minutes=3))
    keys = [m["metadata"]["event_payload"]["key"] for m in slack_fake.messages["C0DESK001"]]
    assert sorted(keys) == sorted(set(keys)) and len(keys) == 4
    assert report.deduplicated == 1
    assert slack_fake.of("conversations.history")  # looked before re-posting


async def test_slack_429_storm_on_one_channel_while_others_keep_posting(
    slack_fake: FakeSlack, store: SqliteEventStore
) -> None:
    await subscribe(store, "slack", "C0DESK001")
    await subscribe(store, "slack", "C0SPORT01")
    slack_fake.rate_limited_channels["C0DESK001"] = 3
    run = scheduler(store, "slack", slack_publisher(slack_fake), "one")
    now = DUE
    await run.tick(now)
    assert len(slack_fake.messages["C0SPORT01"]) == 4
    assert not slack_fake.messages.get("C0DESK001")
    for _ in range(6):
        retry = await store.reminders.next_attempt(["slack"])
        if retry is None:
            break
        assert retry - now >= timedelta(seconds=slack_fake.retry_after)  # Retry-After honoured
        now = retry
        await run.tick(now)
    assert len(slack_fake.messages["C0DESK001"]) == 4
    attempts = [c for c in slack_fake.calls if c.method == "chat.postMessage"
                and c.params.get("channel") == "C0DESK001"]
    assert len(attempts) == 3 + 4  # three refused, then each post once: no client retries


async def test_discord_rate_limited_channel_backs_off_alone(
    discord_fake: FakeDiscord, store: SqliteEventStore
) -> None:
    await subscribe(store, "discord", DESK)
    await subscribe(store, "discord", SPORTS)
    discord_fake.rate_limit("POST", f"/channels/{DESK}/messages", times=2, retry_after=40)
    async with open_discord_publisher(TOKEN) as publisher:
        run = scheduler(store, "discord", publisher, "one")
        await run.tick(DUE)
        assert len(discord_fake.messages[int(SPORTS)]) == 4
        retry = await store.reminders.next_attempt(["discord"])
        assert retry is not None and retry - DUE >= timedelta(seconds=40)
        await run.tick(retry)
        retry = await store.reminders.next_attempt(["discord"])
        assert retry is not None
        await run.tick(retry)
    assert len(discord_fake.messages[int(DESK)]) == 4


async def test_removed_channels_pause_their_subscriptions_on_both_platforms(
    discord_fake: FakeDiscord, slack_fake: FakeSlack, store: SqliteEventStore
) -> None:
    await subscribe(store, "discord", DESK)
    await subscribe(store, "slack", "C0ARCHIVE")
    await subscribe(store, "slack", "C0SPORT01")
    discord_fake.removed_channels.add(int(DESK))
    slack_fake.archived.add("C0ARCHIVE")
    async with open_discord_publisher(TOKEN) as publisher:
        run = Scheduler(
            store, store.reminders, SteppedClock(DUE),
            {"discord": publisher, "slack": slack_publisher(slack_fake)}, owner="one",
        )
        report = await run.tick(DUE)
        await run.tick(DUE + timedelta(days=1, minutes=1))
    paused = {sub.channel: reason for sub, reason in report.paused}
    assert "50001" in paused[DESK] and "is_archived" in paused["C0ARCHIVE"]
    assert len(slack_fake.messages["C0SPORT01"]) == 4
    subs = {s.channel: s for s in await store.reminders.subscriptions()}
    assert subs[DESK].paused and subs["C0ARCHIVE"].paused and not subs["C0SPORT01"].paused
    archive_posts = [c for c in slack_fake.calls if c.params.get("channel") == "C0ARCHIVE"]
    assert len(archive_posts) == 1  # refused once, then left alone
