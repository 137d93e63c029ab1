"""Discord retries after its nonce window: a scheduled post marks every part with
``ref <key>`` in its footer, and a retry finds the parts already in the channel's
history, so a process down for longer than Discord remembers nonces never posts twice."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from adapters.discord_ import DiscordPublisher, open_discord_publisher
from adapters.discord_.publisher import marker, part_of
from bot.messages import Reply, ReplyKind, Section
from tests.adapters.fake_discord import FakeDiscord, rest_stand_in

TOKEN = "history-token-0123456789"
CHANNEL = 4444
KEY = "alert:12:2026-01-03:7"
LONG = Reply(
    ReplyKind.DIGEST,
    "On this day: 3 January",
    "Many events",
    sections=tuple(Section(f"Event {i}", ("z" * 1000,)) for i in range(30)),
)
SHORT = Reply(ReplyKind.ALERT, "In 7 days: 2 years since a strike", "Soon")


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with rest_stand_in(TOKEN) as server:
        yield server


@pytest.fixture
async def publisher(fake: FakeDiscord) -> AsyncIterator[DiscordPublisher]:
    async with open_discord_publisher(TOKEN) as opened:
        yield opened


def footers(fake: FakeDiscord) -> list[str]:
    return [m["embeds"][0]["footer"]["text"] for m in fake.messages.get(CHANNEL, [])]


async def test_every_part_of_a_scheduled_post_carries_its_reference(
    fake: FakeDiscord, publisher: DiscordPublisher
) -> None:
    await publisher.publish(str(CHANNEL), LONG, key=KEY)
    marks = footers(fake)
    assert len(marks) > 1
    assert all("ref alert:12:2026-01-03:7" in text for text in marks)
    assert [part_of(m, KEY) for m in fake.messages[CHANNEL]] == list(range(len(marks)))
    assert part_of(fake.messages[CHANNEL][0], "alert:12:2026-01-03:70") is None  # exact keys


async def test_a_retry_after_discord_forgot_the_nonce_posts_nothing_twice(
    fake: FakeDiscord, publisher: DiscordPublisher
) -> None:
    first = await publisher.publish(str(CHANNEL), LONG, key=KEY)
    count = len(fake.messages[CHANNEL])
    fake.forget_nonces()
    again = await publisher.publish(str(CHANNEL), LONG, key=KEY, retry=True)
    assert len(fake.messages[CHANNEL]) == count
    assert again.message_id == first.message_id and again.deduplicated


async def test_a_retry_posts_only_the_parts_that_never_landed(
    fake: FakeDiscord, publisher: DiscordPublisher
) -> None:
    await publisher.publish(str(CHANNEL), LONG, key=KEY)
    parts = len(fake.messages[CHANNEL])
    del fake.messages[CHANNEL][1:]  # only part 1 reached Discord before the crash
    fake.forget_nonces()
    await publisher.publish(str(CHANNEL), LONG, key=KEY, retry=True)
    assert [part_of(m, KEY) for m in fake.messages[CHANNEL]] == list(range(parts))


async def test_another_authors_message_with_the_mark_is_not_taken_for_ours(
    fake: FakeDiscord, publisher: DiscordPublisher
) -> None:
    forged = fake.message(CHANNEL, "", fake.user(7777, "someone"),
                          [{"title": "x", "footer": {"text": marker(KEY)}}])
    fake.messages[CHANNEL] = [forged]
    posted = await publisher.publish(str(CHANNEL), SHORT, key=KEY, retry=True)
    assert len(fake.messages[CHANNEL]) == 2 and not posted.deduplicated


async def test_without_history_access_the_nonce_still_guards_and_the_log_says_so(
    fake: FakeDiscord, publisher: DiscordPublisher, caplog: pytest.LogCaptureFixture
) -> None:
    fake.history_hidden.add(CHANNEL)
    await publisher.publish(str(CHANNEL), SHORT, key=KEY)
    with caplog.at_level(logging.WARNING):
        await publisher.publish(str(CHANNEL), SHORT, key=KEY, retry=True)
    assert len(fake.messages[CHANNEL]) == 1
    assert "only the nonce guards this retry" in caplog.text
