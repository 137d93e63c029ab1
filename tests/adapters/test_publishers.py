"""The ``Publisher`` port's adapters: Discord and Slack end to end (the real discord.py
``HTTPClient`` and slack_sdk ``AsyncWebClient`` against the stand-ins on 127.0.0.1),
and the console. What matters: one attempt per call, never two posts for one key,
and failures reported as the port's errors."""

from __future__ import annotations

import asyncio
import inspect
import io
from collections.abc import AsyncIterator

import pytest
from discord.http import Route
from slack_sdk.web.async_client import AsyncWebClient

from adapters.console_publisher import ConsolePublisher
from adapters.console_render import render_text
from adapters.discord_ import DiscordPublisher, open_discord_publisher
from adapters.discord_.publisher import message_nonce
from adapters.discord_.render import render_reply
from adapters.platform_errors import TokenRejected
from adapters.slack_ import SlackPublisher, publishing_client
from adapters.slack_.render import render
from bot.errors import ChannelUnavailable, DeliveryFailed
from bot.messages import Reply, ReplyKind, Section
from bot.ports import Posted, Publisher
from tests.adapters.fake_discord import FakeDiscord, Recorded, is_channel_post, rest_stand_in
from tests.adapters.fake_slack import BOT_TOKEN, FakeSlack, slack_stand_in

TOKEN = "publisher-token-0123456789"
CHANNEL = "4444"
SLACK_CHANNEL = "C0100"
KEY = "digest:2026-01-03"
HOSTILE = "@everyone <@&6666> <!channel> [click](https://evil.example)"
REPLY = Reply(ReplyKind.DIGEST, "On this day", HOSTILE, sections=(Section("7 January 2020"),))
LONG = Reply(
    ReplyKind.ALERT,
    "Anniversaries",
    "Coming up",
    sections=tuple(Section(f"Event {i}", ("z" * 1000,)) for i in range(30)),
)


def test_every_publisher_has_exactly_the_ports_signature() -> None:
    port = inspect.signature(Publisher.publish)
    for publisher in (DiscordPublisher, SlackPublisher, ConsolePublisher):
        assert inspect.signature(publisher.publish) == port, publisher
        assert inspect.iscoroutinefunction(publisher.publish)


# -- Discord ------------------------------------------------------------------------


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with rest_stand_in(TOKEN) as server:
        yield server


@pytest.fixture
async def discord_publisher(fake: FakeDiscord) -> AsyncIterator[DiscordPublisher]:
    async with open_discord_publisher(TOKEN) as publisher:
        yield publisher


def posts(fake: FakeDiscord, channel: str = CHANNEL) -> list[Recorded]:
    """The channel-message requests to ``channel``, answered or refused."""
    path = f"/channels/{channel}/messages"
    return [r for r in fake.requests if is_channel_post(r.method, r.path) and r.path == path]


async def test_discord_post_carries_a_nonce_enforced_and_no_mentions(
    fake: FakeDiscord, discord_publisher: DiscordPublisher
) -> None:
    posted = await discord_publisher.publish(CHANNEL, REPLY, key=KEY)
    [post] = posts(fake)
    assert post.body["nonce"] == message_nonce(CHANNEL, KEY, 0)
    assert len(post.body["nonce"]) <= 25
    assert post.body["enforce_nonce"] is True
    assert post.body["allowed_mentions"]["parse"] == []
    assert not post.body.get("content")
    assert "On this day" in str(post.body["embeds"])
    [message] = fake.messages[4444]
    assert posted == Posted(message["id"], deduplicated=False)


async def test_discord_retry_of_a_landed_post_creates_nothing_and_says_so(
    fake: FakeDiscord, discord_publisher: DiscordPublisher
) -> None:
    first = await discord_publisher.publish(CHANNEL, REPLY, key=KEY)
    again = await discord_publisher.publish(CHANNEL, REPLY, key=KEY, retry=True)
    assert [p.status for p in posts(fake)] == [200]  # found in the history: not even re-sent
    assert len(fake.messages[4444]) == 1
    assert again.message_id == first.message_id and again.deduplicated is True


async def test_discord_retry_when_nothing_landed_posts_and_is_not_deduplicated(
    fake: FakeDiscord, discord_publisher: DiscordPublisher
) -> None:
    posted = await discord_publisher.publish(CHANNEL, REPLY, key=KEY, retry=True)
    assert len(fake.messages[4444]) == 1 and posted.deduplicated is False


async def test_discord_crash_between_post_and_reply_then_retry_leaves_one_message(
    fake: FakeDiscord, discord_publisher: DiscordPublisher
) -> None:
    fake.reply_gate.clear()
    crashed = asyncio.create_task(discord_publisher.publish(CHANNEL, REPLY, key=KEY))
    await fake.wait_for(lambda r: is_channel_post(r.method, r.path))
    crashed.cancel()
    with pytest.raises(asyncio.CancelledError):
        await crashed
    fake.reply_gate.set()
    [landed] = fake.messages[4444]
    posted = await discord_publisher.publish(CHANNEL, REPLY, key=KEY, retry=True)
    assert len(fake.messages[4444]) == 1
    assert posted.message_id == landed["id"] and posted.deduplicated is True


async def test_discord_429_fails_at_once_with_retry_after_and_is_not_resent(
    fake: FakeDiscord, discord_publisher: DiscordPublisher
) -> None:
    fake.rate_limit("POST", f"/channels/{CHANNEL}/messages", times=1, retry_after=2.5)
    with pytest.raises(DeliveryFailed) as failed:
        await discord_publisher.publish(CHANNEL, REPLY, key=KEY)
    assert failed.value.retry_after == 2.5
    # One request and a failure: a client that slept on the 429 would have re-sent it
    # (the stand-in limits only once) and succeeded.
    assert [p.status for p in posts(fake)] == [429]
    assert 4444 not in fake.messages


async def test_discord_cloudflare_429_fails_with_its_retry_after_header(
    fake: FakeDiscord, discord_publisher: DiscordPublisher
) -> None:
    fake.rate_limit("POST", f"/channels/{CHANNEL}/messages", retry_after=42, via=False)
    with pytest.raises(DeliveryFailed) as failed:
        await discord_publisher.publish(CHANNEL, REPLY, key=KEY)
    assert failed.value.retry_after == 42.0
    assert [p.status for p in posts(fake)] == [429]


async def test_discord_bucket_allows_every_part_then_refuses_before_sending(
    fake: FakeDiscord, discord_publisher: DiscordPublisher
) -> None:
    fake.message_bucket(limit=len(render_reply(LONG)) + 1, reset_after=30)
    await discord_publisher.publish(CHANNEL, LONG, key=KEY)  # parts 2.. fit the bucket
    await discord_publisher.publish(CHANNEL, REPLY, key="digest:2026-01-04")
    sent = len(posts(fake))
    with pytest.raises(DeliveryFailed) as failed:
        await discord_publisher.publish(CHANNEL, REPLY, key="digest:2026-01-05")
    assert failed.value.retry_after is not None and 0 < failed.value.retry_after <= 30
    assert len(posts(fake)) == sent  # refused without a request


@pytest.mark.parametrize(
    ("where", "channel", "reason"),
    [
        ("removed_channels", 5555, "Discord 403 (50001): Missing Access"),
        ("unknown_channels", 6666, "Discord 404 (10003): Unknown Channel"),
    ],
)
async def test_discord_channel_the_bot_cannot_post_in_is_unavailable(
    fake: FakeDiscord, discord_publisher: DiscordPublisher, where: str, channel: int, reason: str
) -> None:
    getattr(fake, where).add(channel)
    with pytest.raises(ChannelUnavailable) as unavailable:
        await discord_publisher.publish(str(channel), REPLY, key=KEY)
    assert str(unavailable.value) == reason
    assert channel not in fake.messages


async def test_discord_channel_id_that_is_not_a_snowflake_is_unavailable(
    fake: FakeDiscord, discord_publisher: DiscordPublisher
) -> None:
    for channel in ("general", "-4444", "", "0"):
        with pytest.raises(ChannelUnavailable):
            await discord_publisher.publish(channel, REPLY, key=KEY)
    assert posts(fake) == []


async def test_discord_long_reply_posts_every_part_once_in_order(
    fake: FakeDiscord, discord_publisher: DiscordPublisher
) -> None:
    parts = len(render_reply(LONG))
    assert parts > 2
    posted = await discord_publisher.publish(CHANNEL, LONG, key=KEY)
    messages = fake.messages[4444]
    assert [m["nonce"] for m in messages] == [message_nonce(CHANNEL, KEY, i) for i in range(parts)]
    assert [m["embeds"][0]["footer"]["text"] for m in messages] == [
        f"ref {KEY} · Part {i} of {parts}" for i in range(1, parts + 1)
    ]
    assert posted.message_id == messages[0]["id"]
    again = await discord_publisher.publish(CHANNEL, LONG, key=KEY, retry=True)
    assert len(fake.messages[4444]) == parts
    assert again == Posted(posted.message_id, deduplicated=True)


async def test_discord_unreachable_is_a_delivery_failure_without_the_token(
    fake: FakeDiscord, discord_publisher: DiscordPublisher
) -> None:
    Route.BASE = "http://127.0.0.1:1/api/v10"  # nothing listens there
    with pytest.raises(DeliveryFailed) as failed:
        await discord_publisher.publish(CHANNEL, REPLY, key=KEY)
    assert str(failed.value).startswith("Discord unreachable: ClientConnectorError")
    assert TOKEN not in str(failed.value)


async def test_discord_rejected_token_raises_token_rejected(fake: FakeDiscord) -> None:
    with pytest.raises(TokenRejected, match=r"^Discord rejected DISCORD_TOKEN"):
        async with open_discord_publisher("not-the-token"):
            pytest.fail("a publisher was made with a rejected token")
    assert [r.status for r in fake.requests] == [401]


# -- Slack --------------------------------------------------------------------------


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with slack_stand_in() as server:
        yield server


@pytest.fixture
def slack_publisher(slack: FakeSlack) -> SlackPublisher:
    return SlackPublisher(publishing_client(BOT_TOKEN, slack.api_url))


def payloads(slack: FakeSlack, channel: str = SLACK_CHANNEL) -> list[dict[str, object]]:
    return [m["metadata"]["event_payload"] for m in slack.messages.get(channel, [])]


async def test_slack_post_carries_the_key_in_its_metadata(
    slack: FakeSlack, slack_publisher: SlackPublisher
) -> None:
    posted = await slack_publisher.publish(SLACK_CHANNEL, REPLY, key=KEY)
    [call] = slack.of("chat.postMessage")
    assert call.params["unfurl_links"] is False and call.params["unfurl_media"] is False
    assert "<!channel>" not in str(call.params)
    [message] = slack.messages[SLACK_CHANNEL]
    assert message["metadata"]["event_type"] == "dateline_post"
    assert payloads(slack) == [
        {"key": KEY, "kind": "digest", "part": 1, "parts": 1, "event_ids": []}
    ]
    assert posted.message_id == message["ts"] and posted.deduplicated is False
    assert slack.of("conversations.history") == []  # a first attempt does not look


async def test_slack_retry_finds_the_landed_post_and_posts_nothing(
    slack: FakeSlack, slack_publisher: SlackPublisher
) -> None:
    first = await slack_publisher.publish(SLACK_CHANNEL, REPLY, key=KEY)
    again = await slack_publisher.publish(SLACK_CHANNEL, REPLY, key=KEY, retry=True)
    [lookup] = slack.of("conversations.history")
    assert lookup.params["include_all_metadata"] in ("1", "true")
    assert lookup.params["limit"] == "100"
    assert len(slack.of("chat.postMessage")) == 1
    assert again.message_id == first.message_id and again.deduplicated is True


async def test_slack_retry_when_nothing_landed_posts_once(
    slack: FakeSlack, slack_publisher: SlackPublisher
) -> None:
    await slack_publisher.publish(SLACK_CHANNEL, REPLY, key="digest:2026-01-02")
    posted = await slack_publisher.publish(SLACK_CHANNEL, REPLY, key=KEY, retry=True)
    assert [p["key"] for p in payloads(slack)] == ["digest:2026-01-02", KEY]
    assert posted.deduplicated is False


async def test_slack_crash_between_post_and_reply_then_retry_leaves_one_message(
    slack: FakeSlack, slack_publisher: SlackPublisher
) -> None:
    slack.reply_gate.clear()
    crashed = asyncio.create_task(slack_publisher.publish(SLACK_CHANNEL, REPLY, key=KEY))
    [landed] = await slack.wait_for_messages(SLACK_CHANNEL)
    crashed.cancel()
    with pytest.raises(asyncio.CancelledError):
        await crashed
    slack.reply_gate.set()
    posted = await slack_publisher.publish(SLACK_CHANNEL, REPLY, key=KEY, retry=True)
    assert len(slack.messages[SLACK_CHANNEL]) == 1
    assert posted.message_id == landed["ts"] and posted.deduplicated is True


async def test_slack_retry_posts_only_the_parts_that_did_not_land(
    slack: FakeSlack, slack_publisher: SlackPublisher
) -> None:
    parts = len(render(LONG))
    assert parts > 2
    slack.reply_gate.clear()
    crashed = asyncio.create_task(slack_publisher.publish(SLACK_CHANNEL, LONG, key=KEY))
    [part_one] = await slack.wait_for_messages(SLACK_CHANNEL)
    crashed.cancel()
    with pytest.raises(asyncio.CancelledError):
        await crashed
    slack.reply_gate.set()
    posted = await slack_publisher.publish(SLACK_CHANNEL, LONG, key=KEY, retry=True)
    assert [p["part"] for p in payloads(slack)] == list(range(1, parts + 1))
    assert {p["key"] for p in payloads(slack)} == {KEY}
    assert posted.message_id == part_one["ts"] and posted.deduplicated is True


async def test_slack_429_fails_with_retry_after_after_one_attempt(
    slack: FakeSlack, slack_publisher: SlackPublisher
) -> None:
    slack.rate_limited_channels[SLACK_CHANNEL] = 1
    with pytest.raises(DeliveryFailed) as failed:
        await slack_publisher.publish(SLACK_CHANNEL, REPLY, key=KEY)
    assert failed.value.retry_after == 7.0
    assert [c.status for c in slack.calls if c.method == "chat.postMessage"] == [429]
    assert SLACK_CHANNEL not in slack.messages


async def test_slack_lost_reply_is_not_resent_by_the_client(
    slack: FakeSlack, slack_publisher: SlackPublisher
) -> None:
    slack.drop_replies = 1
    with pytest.raises(DeliveryFailed, match="Slack unreachable: ServerDisconnectedError"):
        await slack_publisher.publish(SLACK_CHANNEL, REPLY, key=KEY)
    assert len(slack.messages[SLACK_CHANNEL]) == 1
    # What it guards against: slack_sdk's default client re-sends after a lost reply.
    slack.drop_replies = 1
    await AsyncWebClient(token=BOT_TOKEN, base_url=slack.api_url).chat_postMessage(
        channel="C0200", text="x"
    )
    assert len(slack.messages["C0200"]) == 2


@pytest.mark.parametrize(
    ("where", "error"), [("archived", "is_archived"), ("not_in", "not_in_channel")]
)
async def test_slack_channel_the_bot_cannot_post_in_is_unavailable(
    slack: FakeSlack, slack_publisher: SlackPublisher, where: str, error: str
) -> None:
    getattr(slack, where).add(SLACK_CHANNEL)
    with pytest.raises(ChannelUnavailable) as unavailable:
        await slack_publisher.publish(SLACK_CHANNEL, REPLY, key=KEY)
    assert str(unavailable.value) == f"Slack: {error}"
    assert SLACK_CHANNEL not in slack.messages


async def test_slack_retry_without_history_access_fails_and_posts_nothing(
    slack: FakeSlack, slack_publisher: SlackPublisher
) -> None:
    slack.missing_scopes.add("conversations.history")
    with pytest.raises(DeliveryFailed) as failed:
        await slack_publisher.publish(SLACK_CHANNEL, REPLY, key=KEY, retry=True)
    assert str(failed.value) == "Slack: missing_scope (needs channels:history)"
    assert BOT_TOKEN not in str(failed.value)
    assert slack.of("chat.postMessage") == []


async def test_slack_unreachable_is_a_delivery_failure() -> None:
    publisher = SlackPublisher(publishing_client(BOT_TOKEN, "http://127.0.0.1:1/api/"))
    with pytest.raises(DeliveryFailed, match="Slack unreachable"):
        await publisher.publish(SLACK_CHANNEL, REPLY, key=KEY)


# -- console ------------------------------------------------------------------------


async def test_console_prints_a_header_and_the_reply_and_numbers_its_posts() -> None:
    out = io.StringIO()
    publisher = ConsolePublisher(out)
    first = await publisher.publish("desk", REPLY, key=KEY)
    second = await publisher.publish("desk", REPLY, key="digest:2026-01-04")
    assert out.getvalue() == (
        f"── console channel desk · {KEY} ──\n{render_text(REPLY)}\n\n"
        f"── console channel desk · digest:2026-01-04 ──\n{render_text(REPLY)}\n\n"
    )
    assert (first.message_id, second.message_id) == ("console-1", "console-2")
    again = await publisher.publish("desk", REPLY, key=KEY, retry=True)
    assert again.message_id == "console-1" and again.deduplicated is True
    assert out.getvalue().count("── console channel") == 2
