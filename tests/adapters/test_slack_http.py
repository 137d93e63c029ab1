"""End to end in HTTP mode: the real Bolt app on 127.0.0.1, requests signed as Slack
signs them, Web API calls and ``response_url`` posts going to the stand-in."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fake_slack import (
    ADMIN,
    GROUP_MODERATOR,
    MEMBER,
    MODERATOR,
    OWNER,
    Call,
    Harness,
    action_body,
    event_body,
    post_signed,
    running_app,
    sign,
    slash_body,
)
from slack_sdk.http_retry import builtin_async_handlers

from adapters.slack_.markup import literal
from bot.model import Event, EventDate

ASK = "what happened on 3 January?"


async def slash(h: Harness, text: str, user: str = MEMBER, name: str = "r1") -> Call:
    status, _, _ = await post_signed(
        h.events_url, slash_body(text, user, h.fake.response_url(name))
    )
    assert status == 200
    calls = await h.fake.wait_for("response_url")
    return calls[-1]


def _buttons(call: Call) -> list[dict[str, Any]]:
    blocks = call.params.get("blocks") or []
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def dumped(call: Call) -> str:
    return json.dumps(call.params, ensure_ascii=False)


async def test_slash_command_answers_in_channel_with_escaped_text(tmp_path: Path) -> None:
    async with running_app(tmp_path / "e.db") as h:
        answer = await slash(h, ASK)
    assert answer.params["response_type"] == "in_channel"
    text = dumped(answer)
    assert "kills general" in text
    for raw in ("<!channel>", "<!here>", "<@U123>", "javascript:"):
        assert raw not in text
    assert "&lt;!channel&gt; &amp; &lt;@U123&gt;" in text
    assert "<https://example.com/a?x=1&amp;y=2|Example News: Strike &lt;b&gt;>" in text
    assert answer.params["text"]  # the plain fallback


async def test_forged_and_stale_requests_are_rejected(tmp_path: Path) -> None:
    async with running_app(tmp_path / "e.db") as h:
        body = slash_body(ASK, MEMBER, h.fake.response_url())
        forged, _, _ = await post_signed(
            h.events_url, body, signer=lambda b, ts: sign(b, ts, "not-the-secret")
        )
        stale, _, _ = await post_signed(h.events_url, body, timestamp=int(time.time()) - 600)
        tampered, _, _ = await post_signed(
            h.events_url, body, signer=lambda b, ts: sign(b + "&x=1", ts)
        )
        await asyncio.sleep(0.3)
        assert (forged, stale, tampered) == (401, 401, 401)
        assert h.fake.of("response_url") == []


async def test_ack_arrives_before_a_slow_answer(tmp_path: Path) -> None:
    answer_may_go = asyncio.Event()
    async with running_app(tmp_path / "e.db", held=answer_may_go) as h:
        status, body, _ = await post_signed(
            h.events_url, slash_body(ASK, MEMBER, h.fake.response_url())
        )
        # Acknowledged while the store still holds the answer back.
        assert status == 200 and body == ""
        assert h.fake.of("response_url") == []
        answer_may_go.set()
        [answer] = await h.fake.wait_for("response_url")
    assert "kills general" in dumped(answer)


async def test_help_is_ephemeral_and_shows_only_what_the_caller_may_run(tmp_path: Path) -> None:
    async with running_app(tmp_path / "e.db") as h:
        member_help = await slash(h, "help", MEMBER)
        h.fake.calls.clear()
        moderator_help = await slash(h, "help", MODERATOR)
    assert member_help.params["response_type"] == "ephemeral"
    assert "add DATE" not in dumped(member_help)
    assert "add DATE" in dumped(moderator_help)


async def test_member_is_refused_a_moderator_command(tmp_path: Path) -> None:
    async with running_app(tmp_path / "e.db") as h:
        refused = await slash(h, "add 2020-01-08 | Speech | | Washington | usa", MEMBER)
        assert await h.store.count() == 1
    assert refused.params["response_type"] == "ephemeral"
    assert "Not allowed" in dumped(refused)


async def test_moderators_from_ids_group_and_admins_may_add(tmp_path: Path) -> None:
    env = {"SLACK_ADMINS_ARE_MODERATORS": "on"}
    async with running_app(tmp_path / "e.db", env=env) as h:
        for number, user in enumerate((MODERATOR, GROUP_MODERATOR, ADMIN, OWNER), start=2):
            h.fake.calls.clear()
            done = await slash(h, f"add 2020-01-0{number} | Event {number} | | | ", user)
            assert f"Added event #{number}" in dumped(done), user
        assert await h.store.count() == 5
        event = await h.store.get(5)
        assert event is not None and event.created_by == f"slack:{OWNER}"


async def test_failed_role_lookups_fail_closed(tmp_path: Path) -> None:
    env = {"SLACK_ADMINS_ARE_MODERATORS": "on"}
    async with running_app(tmp_path / "e.db", env=env) as h:
        h.fake.failing.update({"users.info", "usergroups.users.list"})
        refused = await slash(h, "add 2020-01-08 | Speech | | | ", GROUP_MODERATOR)
        assert "Not allowed" in dumped(refused)
        h.fake.calls.clear()
        refused = await slash(h, "add 2020-01-08 | Speech | | | ", ADMIN)
        assert "Not allowed" in dumped(refused)


async def test_mention_answers_in_the_channel_and_bots_are_ignored(tmp_path: Path) -> None:
    async with running_app(tmp_path / "e.db") as h:
        bot_event = {
            "type": "app_mention",
            "user": "UOTHERBOT",
            "bot_id": "B9",
            "text": f"<@UBOT0001> {ASK}",
            "channel": "C0001",
            "ts": "1767268800.000100",
        }
        status, _, _ = await post_signed(
            h.events_url, event_body(bot_event), content_type="application/json"
        )
        assert status == 200
        human = {key: value for key, value in bot_event.items() if key != "bot_id"}
        status, _, _ = await post_signed(
            h.events_url, event_body({**human, "user": MEMBER}), content_type="application/json"
        )
        assert status == 200
        posts = await h.fake.wait_for("chat.postMessage")
        await asyncio.sleep(0.3)
        assert len(h.fake.of("chat.postMessage")) == 1
    assert posts[0].params["channel"] == "C0001"
    assert "kills general" in dumped(posts[0]) and "<!channel>" not in dumped(posts[0])


async def test_rate_limited_post_is_retried_and_delivered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # slack_sdk's handler sleeps Retry-After plus up to a second of jitter: with a
    # Retry-After of 0 and the jitter pinned at 0 the retry happens at once.
    monkeypatch.setattr(builtin_async_handlers, "random", SimpleNamespace(random=lambda: 0.0))
    async with running_app(tmp_path / "e.db") as h:
        h.fake.retry_after = 0
        h.fake.rate_limited_channels["C0001"] = 1
        mention = {
            "type": "app_mention",
            "user": MEMBER,
            "text": f"<@UBOT0001> {ASK}",
            "channel": "C0001",
            "ts": "1767268800.000100",
        }
        await post_signed(h.events_url, event_body(mention), content_type="application/json")
        posts = await h.fake.wait_for("chat.postMessage")
        statuses = [c.status for c in h.fake.calls if c.method == "chat.postMessage"]
    assert statuses == [429, 200]
    assert "kills general" in dumped(posts[0])


async def test_long_answer_is_split_into_several_messages(tmp_path: Path) -> None:
    events = [
        Event(EventDate.parse(f"{1950 + i}-01-03"), f"Event {i} title", f"marker{i} " + "y" * 700)
        for i in range(40)
    ]
    async with running_app(tmp_path / "e.db", events=events) as h:
        await post_signed(h.events_url, slash_body(ASK, MEMBER, h.fake.response_url()))
        await h.fake.wait_for("response_url", 2)
        await asyncio.sleep(0.3)
        parts = h.fake.of("response_url")
    everything = "".join(dumped(p) for p in parts)
    assert len(parts) >= 2
    for part in parts:
        assert len(part.params["blocks"]) <= 50
        assert all(
            len(b["text"]["text"]) <= 3000 for b in part.params["blocks"] if b["type"] == "section"
        )
    for i in range(40):
        assert f"marker{i} " in everything


async def test_button_press_runs_its_command(tmp_path: Path) -> None:
    async with running_app(tmp_path / "e.db") as h:
        status, _, _ = await post_signed(
            h.events_url, action_body("upcoming 30", MEMBER, h.fake.response_url())
        )
        assert status == 200
        answer = (await h.fake.wait_for("response_url"))[0]
    assert "Upcoming anniversaries" in dumped(answer)


async def test_app_home_publishes_the_next_30_days(tmp_path: Path) -> None:
    async with running_app(tmp_path / "e.db") as h:
        opened = {"type": "app_home_opened", "user": MEMBER, "channel": "D0001", "tab": "home"}
        await post_signed(h.events_url, event_body(opened), content_type="application/json")
        published = (await h.fake.wait_for("views.publish"))[0]
    assert published.params["user_id"] == MEMBER
    view = published.params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    text = json.dumps(view)
    assert view["type"] == "home"
    assert "kills general" in text and "in 2 days" in text
    assert "/dateline help" in text and "<!channel>" not in text


async def test_slash_subscribe_sets_up_the_channel_and_members_can_see_it(tmp_path: Path) -> None:
    async with running_app(tmp_path / "e.db") as h:
        answers = []
        for n, (text, user) in enumerate(
            (("subscribe digest at 7am tz America/New_York", MODERATOR),
             ("subscriptions", MEMBER), ("pause", MEMBER)), start=1
        ):
            status, _, _ = await post_signed(
                h.events_url, slash_body(text, user, h.fake.response_url(f"r{n}"))
            )
            assert status == 200
            answers = await h.fake.wait_for("response_url", count=n)
        done, seen, refused = (next(a for a in answers if a.params["name"] == f"r{n}")
                               for n in (1, 2, 3))
        [sub] = await h.store.reminders.subscriptions()
    assert "Subscribed this channel" in dumped(done)
    assert (sub.platform, sub.channel, sub.policy.tz) == ("slack", "C0001", "America/New_York")
    assert seen.params["response_type"] == "in_channel"
    # mrkdwn shows "_" as typed by putting it in a date token's fallback (see markup)
    assert f"digest, posted at 07:00 America/New{literal('_')}York" in dumped(seen)
    assert refused.params["response_type"] == "ephemeral" and "Only moderators" in dumped(refused)


async def test_a_long_list_has_a_more_button_that_shows_the_next_page(tmp_path: Path) -> None:
    events = [Event(EventDate.parse(f"{1900 + n}-05-06"), f"Event {n}") for n in range(60)]
    async with running_app(tmp_path / "e.db", events=events) as h:
        status, _, _ = await post_signed(
            h.events_url, slash_body("onthisday 6 May", MEMBER, h.fake.response_url("r1"))
        )
        assert status == 200
        # A long page arrives in parts; the button is under the last one, whenever it lands.
        calls = await h.fake.wait_until("response_url", lambda calls: any(map(_buttons, calls)))
        buttons = next(b for b in map(_buttons, calls) if b)
        assert [(b["text"]["text"], b["value"]) for b in buttons] == [
            ("More", "onthisday 6 May page 2")
        ]
        status, _, _ = await post_signed(
            h.events_url, action_body(buttons[0]["value"], MEMBER, h.fake.response_url("r2"))
        )
        assert status == 200
        answers = await h.fake.wait_for("response_url", count=2)
    second = next(a for a in answers if a.params["name"] == "r2")
    assert "Showing 51–60 of 60." in dumped(second) and "Event 59" in dumped(second)
