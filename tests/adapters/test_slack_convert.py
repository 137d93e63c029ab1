"""Slack payloads -> Incoming, and the adapter's settings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.settings import Secret, SettingsError
from adapters.slack_ import load_settings
from adapters.slack_.convert import (
    action_to_incoming,
    command_to_incoming,
    mention_to_incoming,
    should_ignore,
    strip_mentions,
)
from adapters.slack_.roles import admin_role
from adapters.slack_.settings import SlackMode
from bot.messages import Role

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)

SLASH = {
    "command": "/dateline",
    "text": "  timeline Iran ",
    "user_id": "U0001",
    "user_name": "ana",
    "channel_id": "C0001",
    "response_url": "https://hooks.slack.com/commands/x",
}
MENTION = {
    "type": "app_mention",
    "user": "U0002",
    "text": "<@UBOT0001> what happened on 7 January?",
    "ts": "1704628800.000100",
    "channel": "C0002",
    "event_ts": "1704628800.000100",
}


def test_slash_command_text_goes_to_the_core_untouched() -> None:
    incoming = command_to_incoming(SLASH, Role.MODERATOR, NOW)
    assert incoming.text == "timeline Iran"
    assert incoming.actor.user_id == "U0001" and incoming.actor.platform == "slack"
    assert incoming.actor.role is Role.MODERATOR
    assert incoming.channel == "C0001" and incoming.received_at == NOW


def test_mention_is_stripped_and_timed_by_its_ts() -> None:
    incoming = mention_to_incoming(MENTION, Role.MEMBER, NOW)
    assert incoming is not None
    assert incoming.text == "what happened on 7 January?"
    assert incoming.channel == "C0002"
    assert incoming.received_at == datetime(2024, 1, 7, 12, 0, 0, 100, tzinfo=UTC)


def test_bare_mention_asks_for_help() -> None:
    incoming = mention_to_incoming({**MENTION, "text": "<@UBOT0001>"}, Role.MEMBER, NOW)
    assert incoming is not None and incoming.text == "help"


@pytest.mark.parametrize(
    "extra",
    [{"bot_id": "B1"}, {"subtype": "message_changed"}, {"edited": {"user": "U1"}}, {"user": ""}],
)
def test_bots_and_edits_are_ignored(extra: dict[str, object]) -> None:
    event = {**MENTION, **extra}
    assert should_ignore(event)
    assert mention_to_incoming(event, Role.MEMBER, NOW) is None


def test_strip_mentions_removes_every_user_mention() -> None:
    assert strip_mentions("<@UBOT|dateline> hi <@W123> there") == "hi there"


def test_button_press_runs_its_value() -> None:
    body = {"user": {"id": "U3", "username": "x"}, "channel": {"id": "C3"}}
    incoming = action_to_incoming(body, {"value": "upcoming 7"}, Role.MEMBER, NOW)
    assert (incoming.text, incoming.channel, incoming.actor.user_id) == ("upcoming 7", "C3", "U3")


def test_admin_role_reads_owner_and_admin_flags_fail_closed() -> None:
    assert admin_role({"id": "U1", "is_owner": True}) is Role.OWNER
    assert admin_role({"id": "U1", "is_primary_owner": True}) is Role.OWNER
    assert admin_role({"id": "U1", "is_admin": True}) is Role.MODERATOR
    assert admin_role({"id": "U1", "is_admin": "yes"}) is Role.MEMBER
    assert admin_role({"id": "U1", "is_admin": True, "deleted": True}) is Role.MEMBER
    assert admin_role(None) is Role.MEMBER


def test_socket_mode_settings() -> None:
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_APP_TOKEN": "xapp-1",
            "SLACK_MODERATOR_USER_IDS": "U01, W02",
            "SLACK_MODERATOR_USERGROUP": "S0123",
            "SLACK_ADMINS_ARE_MODERATORS": "on",
            "DATELINE_DB": "/tmp/x.db",
        }
    )
    assert settings.mode is SlackMode.SOCKET
    assert settings.app_token == Secret("xapp-1")
    assert settings.moderator_user_ids == {"U01", "W02"}
    assert settings.moderator_usergroup == "S0123" and settings.admins_are_moderators
    assert settings.port == 3000 and settings.api_base_url is None
    assert "xoxb-1" not in repr(settings) and "xapp-1" not in repr(settings)


def test_http_mode_settings() -> None:
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_MODE": "http",
            "SLACK_SIGNING_SECRET": "s3cret",
            "SLACK_PORT": "8080",
            "SLACK_API_BASE_URL": "http://127.0.0.1:9/api/",
        }
    )
    assert settings.mode is SlackMode.HTTP and settings.signing_secret == Secret("s3cret")
    assert settings.port == 8080 and settings.api_base_url == "http://127.0.0.1:9/api/"
    assert "s3cret" not in repr(settings)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(
            {
                "SLACK_BOT_TOKEN": "xapp-wrong",
                "SLACK_MODE": "carrier-pigeon",
                "SLACK_APP_TOKEN": "xoxb-wrong",
                "SLACK_PORT": "99999",
                "SLACK_ADMINS_ARE_MODERATORS": "maybe",
                "SLACK_MODERATOR_USER_IDS": "alice",
                "SLACK_MODERATOR_USERGROUP": "mods",
                "SLACK_API_BASE_URL": "http://127.0.0.1:9/api",
            }
        )
    message = str(caught.value)
    for name in (
        "SLACK_BOT_TOKEN must start with xoxb-",
        "SLACK_MODE",
        "SLACK_APP_TOKEN must start with xapp-",
        "SLACK_PORT",
        "SLACK_ADMINS_ARE_MODERATORS",
        "SLACK_MODERATOR_USER_IDS",
        "SLACK_MODERATOR_USERGROUP",
        "SLACK_API_BASE_URL",
    ):
        assert name in message
    assert "xapp-wrong" not in message and "xoxb-wrong" not in message


def test_missing_tokens_are_named() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"SLACK_MODE": "http"})
    assert caught.value.problems == [
        "SLACK_BOT_TOKEN is not set",
        "SLACK_SIGNING_SECRET is not set",
    ]
