"""The asker's own time zone on Slack, end to end: the real Bolt app reads it from
``users.info`` on the stand-in (once, cached), answers "yesterday" in it, and falls back
to the workspace's zone or the default, saying so, when Slack cannot tell."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fake_slack import (
    BOT_TOKEN,
    MEMBER,
    MODERATOR,
    Call,
    FakeSlack,
    Harness,
    action_body,
    app_settings,
    event_body,
    post_signed,
    running_app,
    slack_stand_in,
    slash_body,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_.people import SlackPeople
from adapters.slack_.roles import RoleResolver
from bot.messages import Role
from bot.model import Event, EventDate

# 20:00 UTC on 1 January is already 05:00 on 2 January in Tokyo.
EVENING = datetime(2026, 1, 1, 20, tzinfo=UTC)
TOKYO = "Asia/Tokyo"
TOKYOS_YESTERDAY, UTCS_YESTERDAY = "New Year's Day rally", "New Year's Eve blast"
EVENTS = [
    Event(EventDate.parse("2020-01-01"), TOKYOS_YESTERDAY),
    Event(EventDate.parse("2019-12-31"), UTCS_YESTERDAY),
]
ASK = "what happened yesterday?"


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[Harness]:
    async with running_app(tmp_path / "z.db", events=EVENTS, now=EVENING) as h:
        h.fake.zones[MEMBER] = TOKYO
        yield h


async def slash(h: Harness, text: str, user: str = MEMBER) -> str:
    """The answer to one slash command (each answer here is one message)."""
    before = len(h.fake.of("response_url"))
    status, _, _ = await post_signed(
        h.events_url, slash_body(text, user, h.fake.response_url(f"r{before}"))
    )
    assert status == 200
    calls = await h.fake.wait_for("response_url", count=before + 1)
    return dumped(calls[before])


def dumped(call: Call) -> str:
    return json.dumps(call.params, ensure_ascii=False)


async def test_a_tokyo_user_gets_tokyos_yesterday_without_a_note(app: Harness) -> None:
    answer = await slash(app, ASK)
    assert TOKYOS_YESTERDAY in answer and UTCS_YESTERDAY not in answer
    assert "“Today” is" not in answer


async def test_the_profile_is_looked_up_once_for_several_questions(app: Harness) -> None:
    await slash(app, ASK)
    await slash(app, "onthisday")
    asked = [c.params["user"] for c in app.fake.of("users.info")]
    assert asked == [MEMBER]


async def test_mentions_and_buttons_are_read_in_the_users_zone(app: Harness) -> None:
    mention = {"type": "app_mention", "user": MEMBER, "text": f"<@UBOT0001> {ASK}",
               "channel": "C0001", "ts": f"{EVENING.timestamp():.6f}"}
    await post_signed(app.events_url, event_body(mention), content_type="application/json")
    [post] = await app.fake.wait_for("chat.postMessage")
    await post_signed(app.events_url, action_body(f"ask {ASK}", MEMBER, app.fake.response_url()))
    [pressed] = await app.fake.wait_for("response_url")
    for answer in (dumped(post), dumped(pressed)):
        assert TOKYOS_YESTERDAY in answer and UTCS_YESTERDAY not in answer


async def test_a_failed_lookup_falls_back_to_the_default_and_says_so(app: Harness) -> None:
    app.fake.failing.add("users.info")
    answer = await slash(app, ASK)
    assert UTCS_YESTERDAY in answer and TOKYOS_YESTERDAY not in answer
    assert "“Today” is 1 January 2026 in UTC, Dateline's default zone" in answer


async def test_without_a_profile_zone_the_workspaces_zone_is_used_and_named(
    app: Harness,
) -> None:
    del app.fake.zones[MEMBER]
    done = await slash(app, f"timezone {TOKYO}", user=MODERATOR)
    answer = await slash(app, ASK)
    assert "Time zone set" in done
    assert TOKYOS_YESTERDAY in answer and UTCS_YESTERDAY not in answer
    assert f"“Today” is 2 January 2026 in {TOKYO}, the zone moderators set here" in answer
    changes = await app.store.changes()
    assert changes[0].action == "timezone" and changes[0].actor == f"slack:{MODERATOR}"
    assert "slack T0001 time zone set to Asia/Tokyo" in changes[0].detail


# -- the cached lookup on its own, against the stand-in ----------------------------


class Ticks:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with slack_stand_in() as server:
        server.users = {"UADM": {"id": "UADM", "is_admin": True, "tz": "Europe/Paris",
                                 "profile": {"display_name": "", "real_name": "Ana Admin"}}}
        yield server


def client_for(fake: FakeSlack) -> AsyncWebClient:
    return AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url)


async def test_one_lookup_serves_the_role_and_the_zone(fake: FakeSlack) -> None:
    client = client_for(fake)
    people = SlackPeople(client)
    settings = app_settings(fake, "http", {"SLACK_ADMINS_ARE_MODERATORS": "on"})
    roles = RoleResolver(client, settings, people=people)
    assert await roles.role_of("UADM") is Role.MODERATOR
    assert await people.zone_of("UADM") == "Europe/Paris"
    assert await people.name_of("UADM") == "Ana Admin"
    assert len(fake.of("users.info")) == 1


async def test_roles_want_a_fresher_entry_than_zones(fake: FakeSlack) -> None:
    ticks = Ticks()
    client = client_for(fake)
    people = SlackPeople(client, clock=ticks)
    settings = app_settings(fake, "http", {"SLACK_ADMINS_ARE_MODERATORS": "on"})
    roles = RoleResolver(client, settings, people=people, clock=ticks)
    await roles.role_of("UADM")
    ticks.now += 120  # past the role's minute, well within the zone's hour
    await people.zone_of("UADM")
    assert len(fake.of("users.info")) == 1
    fake.users["UADM"]["is_admin"] = False
    assert await roles.role_of("UADM") is Role.MEMBER
    assert len(fake.of("users.info")) == 2


async def test_a_slow_lookup_gives_no_zone_and_is_not_retried_at_once(fake: FakeSlack) -> None:
    ticks = Ticks()
    people = SlackPeople(client_for(fake), timeout=0.05, clock=ticks)
    fake.stalled.add("users.info")
    fake.reply_gate.clear()
    assert await people.zone_of("UADM") is None
    assert await people.zone_of("UADM") is None  # remembered: Slack is not asked again
    fake.reply_gate.set()
    fake.stalled.clear()
    # The stalled request is answered (and recorded) once the gate opens; wait for it, so
    # the count below cannot catch it still on its way.
    await fake.wait_until("users.info", lambda calls: len(calls) >= 1)
    ticks.now += 31
    assert await people.zone_of("UADM") == "Europe/Paris"
    assert [c.params["user"] for c in fake.calls if c.method == "users.info"] == ["UADM"] * 2


async def test_the_cache_forgets_the_least_recently_asked_about(fake: FakeSlack) -> None:
    fake.zones.update({"U1": "Asia/Tokyo", "U2": "Europe/Paris", "U3": "UTC"})
    people = SlackPeople(client_for(fake), max_entries=2)
    for user in ("U1", "U2", "U1", "U3", "U1", "U2"):
        await people.zone_of(user)
    assert [c.params["user"] for c in fake.of("users.info")] == ["U1", "U2", "U3", "U2"]


async def test_odd_profile_zones_are_ignored(fake: FakeSlack) -> None:
    fake.zones.update({"U1": "Not/AZone", "U2": "asia/tokyo"})
    people = SlackPeople(client_for(fake))
    assert await people.zone_of("U1") is None
    assert await people.zone_of("U2") == "Asia/Tokyo"
    assert await people.zone_of("UNKNOWN") is None
