"""The scheduled-post chat commands through ``Bot.handle``: moderators subscribe and
manage channels, members see what a channel receives, every change is audited,
and bad input gets a clear reply."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core import Bot
from bot.messages import Actor, Incoming, Reply, ReplyKind, Role
from storage import SqliteEventStore, open_store

NOW = datetime(2021, 12, 1, 12, tzinfo=UTC)
CHANNEL = "C0DESK001"

Say = Callable[..., Awaitable[Reply]]


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteEventStore]:
    opened = await open_store(tmp_path / "dateline.sqlite3", sample=True, now=NOW)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
def bot(store: SqliteEventStore) -> Bot:
    return Bot(store, reminders=store.reminders)


@pytest.fixture
def say(bot: Bot) -> Say:
    async def saying(
        text: str, role: Role = Role.MODERATOR, channel: str = CHANNEL, at: datetime = NOW,
        tz: str | None = None,
    ) -> Reply:
        actor = Actor("slack", "U0MOD", "Mod", role)
        return await bot.handle(Incoming(text, actor, channel, at, tz))

    return saying


def text_of(reply: Reply) -> str:
    parts = [reply.title, reply.text, reply.footer]
    for section in reply.sections:
        parts += [section.heading, *section.lines]
    return "\n".join(parts)


async def test_a_moderator_subscribes_the_channel_with_options(
    say: Say, store: SqliteEventStore
) -> None:
    reply = await say("subscribe digest alerts at 08:30 tz europe/london lead 30,7,0")
    assert reply.kind is ReplyKind.DONE and reply.title == "Subscribed this channel"
    text = text_of(reply)
    assert "digest and alerts, posted at 08:30 Europe/London" in text
    assert "Next post: 08:30 on 4 December 2021: In 30 days: 2 years since US drone strike" in text
    [sub] = await store.reminders.subscriptions()
    assert (sub.platform, sub.channel, sub.policy.tz) == ("slack", CHANNEL, "Europe/London")


async def test_subscribing_again_adds_a_kind_and_changes_options(
    say: Say, store: SqliteEventStore
) -> None:
    await say("subscribe digest")
    reply = await say("subscribe alerts at 07:00")
    assert reply.title == "Subscription 1 changed"
    [sub] = await store.reminders.subscriptions()
    assert (sub.policy.digest, sub.policy.alerts, f"{sub.policy.post_at:%H:%M}") == (
        True, True, "07:00"
    )


async def test_members_see_what_the_channel_receives_but_cannot_change_it(say: Say) -> None:
    nothing = await say("subscriptions", role=Role.MEMBER)
    assert nothing.title == "No scheduled posts here"
    await say("subscribe alerts tz Asia/Tehran")
    seen = await say("subscriptions", role=Role.MEMBER)
    assert "alerts, posted at 09:00 Asia/Tehran" in text_of(seen)
    for command in ("subscribe", "unsubscribe", "pause", "resume", "schedule", "status"):
        refused = await say(command, role=Role.MEMBER)
        assert refused.kind is ReplyKind.ERROR and "Only moderators" in refused.text, command


async def test_pause_resume_and_unsubscribe_are_audited(say: Say) -> None:
    await say("subscribe")
    paused = await say("pause")
    assert paused.title == "Subscription 1 paused"
    again = await say("pause")
    assert again.kind is ReplyKind.ERROR and "already paused" in again.text
    assert "Paused: paused by slack:U0MOD" in text_of(await say("subscriptions"))
    assert (await say("resume")).title == "Subscription 1 resumed"
    stopped = await say("unsubscribe digest")
    assert "Receives: alerts" in text_of(stopped)
    removed = await say("unsubscribe")
    assert removed.title == "Subscription 1 removed"
    audit = text_of(await say("audit 10"))
    for action in ("subscribe by slack:U0MOD", "pause by", "resume by", "subscription change by",
                   "unsubscribe by"):
        assert action in audit


async def test_a_removed_subscriptions_number_is_never_reused(
    say: Say, store: SqliteEventStore
) -> None:
    await say("subscribe")
    await say("unsubscribe")
    again = await say("subscribe")
    assert "Subscription 2:" in text_of(again)
    missing = await say("pause #1")
    assert missing.kind is ReplyKind.ERROR and "no subscription 1" in missing.text


async def test_a_moderator_can_manage_another_channel_by_number(say: Say) -> None:
    await say("subscribe", channel="C0OTHER01")
    changed = await say("subscribe #1 at 10:15")
    assert "10:15" in text_of(changed)
    assert (await say("pause id 1")).title == "Subscription 1 paused"


async def test_schedule_lists_the_next_posts_privately(say: Say) -> None:
    await say("subscribe")
    reply = await say("schedule 40")
    assert reply.private and reply.ephemeral
    text = text_of(reply)
    assert "09:00 on 4 December 2021 · alert" in text
    assert "09:00 on 3 January 2022 · digest" in text
    assert "2 years ago today: US drone strike" in text
    assert (await say("schedule 61")).kind is ReplyKind.ERROR
    assert (await say("schedule soon")).kind is ReplyKind.ERROR


async def test_status_shows_every_subscription_and_its_counters(say: Say) -> None:
    await say("subscribe")
    await say("subscribe alerts", channel="C0OTHER01")
    await say("pause", channel="C0OTHER01")
    reply = await say("status")
    assert reply.private
    text = text_of(reply)
    assert "2 subscriptions." in text
    assert "Subscription 2: slack channel C0OTHER01 (paused)" in text
    assert "Posted 0 (0 late) · skipped 0 · failed attempts 0 · deduplicated 0" in text


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("subscribe hourly", "did not understand “hourly”"),
        ("subscribe at 25:00", "not a time"),
        ("subscribe tz Nowhere/City", "not a time zone"),
        ("subscribe milestones 0", "from 1 to 1000"),
        ("unsubscribe everything", "Usage: unsubscribe"),
        ("resume", "no subscription"),
        ("subscribe #42", "no subscription 42"),
    ],
)
async def test_bad_input_gets_a_clear_reply(say: Say, text: str, named: str) -> None:
    reply = await say(text)
    assert reply.kind is ReplyKind.ERROR
    assert named in reply.text
    assert reply.reference is None  # a user error, not an internal one


async def test_a_subscription_without_a_channel_is_refused(say: Say) -> None:
    reply = await say("subscribe", channel="")
    assert reply.kind is ReplyKind.ERROR and "in the channel" in reply.text


async def test_the_default_zone_is_the_askers(say: Say, store: SqliteEventStore) -> None:
    await say("subscribe", tz="America/New_York")
    [sub] = await store.reminders.subscriptions()
    assert sub.policy.tz == "America/New_York"


async def test_a_subscription_change_wakes_the_scheduler(say: Say, bot: Bot) -> None:
    assert not bot.reminders_changed.is_set()
    await say("subscribe")
    assert bot.reminders_changed.is_set()
