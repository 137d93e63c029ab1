"""Slack adapter settings: read once from an injected mapping, every problem reported at once.

Tokens are wrapped in ``Secret`` so that ``repr()`` and logs never show them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from adapters.settings import (
    Problems,
    Secret,
    default_db_path,
    on_off,
    token,
    word_list,
)
from bot.numbers import whole_number

DEFAULT_PORT = 3000
DEFAULT_HOST = "0.0.0.0"  # Slack must reach the HTTP endpoint from outside
EVENTS_PATH = "/slack/events"


class SlackMode(StrEnum):
    SOCKET = "socket"
    HTTP = "http"


@dataclass(frozen=True)
class SlackSettings:
    """Everything the Slack adapter needs. ``app_token`` is set in socket mode,
    ``signing_secret`` in HTTP mode."""

    bot_token: Secret
    mode: SlackMode = SlackMode.SOCKET
    app_token: Secret | None = None
    signing_secret: Secret | None = None
    moderator_user_ids: frozenset[str] = frozenset()
    moderator_usergroup: str | None = None
    admins_are_moderators: bool = False
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    api_base_url: str | None = None
    db_path: Path | None = None


def load_settings(env: Mapping[str, str]) -> SlackSettings:
    """Read ``SLACK_*`` settings; raise ``SettingsError`` naming every problem."""
    problems = Problems()
    bot_token = token(env, "SLACK_BOT_TOKEN", "xoxb-", problems)
    mode = _mode(env, problems)
    app_token = signing_secret = None
    if mode is SlackMode.SOCKET:
        app_token = Secret(token(env, "SLACK_APP_TOKEN", "xapp-", problems))
    else:
        signing_secret = Secret(token(env, "SLACK_SIGNING_SECRET", "", problems))
    settings = SlackSettings(
        bot_token=Secret(bot_token),
        mode=mode,
        app_token=app_token,
        signing_secret=signing_secret,
        moderator_user_ids=_user_ids(env, "SLACK_MODERATOR_USER_IDS", problems),
        moderator_usergroup=_usergroup(env, problems),
        admins_are_moderators=on_off(env, "SLACK_ADMINS_ARE_MODERATORS", False, problems),
        host=env.get("SLACK_HOST", "").strip() or DEFAULT_HOST,
        port=_port(env, problems),
        api_base_url=_base_url(env, problems),
        db_path=default_db_path(env),
    )
    problems.raise_if_any()
    return settings


def _mode(env: Mapping[str, str], problems: Problems) -> SlackMode:
    raw = env.get("SLACK_MODE", "").strip().lower() or SlackMode.SOCKET.value
    try:
        return SlackMode(raw)
    except ValueError:
        problems.add(f"SLACK_MODE must be socket or http, not “{raw[:20]}”")
        return SlackMode.SOCKET


def _is_slack_id(value: str, first: str) -> bool:
    return len(value) >= 2 and value[0] in first and value.isalnum() and value.isupper()


def _user_ids(env: Mapping[str, str], name: str, problems: Problems) -> frozenset[str]:
    ids = word_list(env, name)
    for user_id in ids:
        if not _is_slack_id(user_id, "UW"):
            problems.add(f"{name} must list Slack user IDs such as U0123ABCD, not “{user_id[:30]}”")
    return frozenset(ids)


def _usergroup(env: Mapping[str, str], problems: Problems) -> str | None:
    value = env.get("SLACK_MODERATOR_USERGROUP", "").strip()
    if not value:
        return None
    if not _is_slack_id(value, "S"):
        problems.add(
            f"SLACK_MODERATOR_USERGROUP must be a user group ID such as S0123ABCD, "
            f"not “{value[:30]}”"
        )
    return value


def _port(env: Mapping[str, str], problems: Problems) -> int:
    raw = env.get("SLACK_PORT", "").strip()
    if not raw:
        return DEFAULT_PORT
    port = whole_number(raw, most_digits=5)
    if port is None or port > 65535:
        problems.add(f"SLACK_PORT must be a port number 0-65535, not “{raw[:20]}”")
        return DEFAULT_PORT
    return port


def _base_url(env: Mapping[str, str], problems: Problems) -> str | None:
    raw = env.get("SLACK_API_BASE_URL", "").strip()
    if not raw:
        return None
    if not raw.startswith(("http://", "https://")) or not raw.endswith("/"):
        problems.add(
            "SLACK_API_BASE_URL must be an http(s) URL ending with /, "
            "such as https://slack.com/api/"
        )
    return raw
