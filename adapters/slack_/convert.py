"""Slack payloads to core messages: pure functions, no I/O.

The adapter identifies users only by their immutable Slack user ID; names are
for display. The role and the user's own time zone are worked out elsewhere
(``roles``, ``people``) and passed in; the workspace (team) is the message's space.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from bot.messages import Actor, Incoming, Role

PLATFORM = "slack"

_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
_IGNORED_SUBTYPES = frozenset(
    {"bot_message", "message_changed", "message_deleted", "message_replied", "channel_join"}
)


def actor(user_id: str, role: Role, display_name: str = "") -> Actor:
    return Actor(PLATFORM, user_id, display_name[:80], role)


def command_to_incoming(
    body: Mapping[str, Any], role: Role, now: datetime, tz: str | None = None
) -> Incoming:
    """A ``/dateline`` slash command as the core's ``Incoming``; the text is passed as is.
    ``tz`` is the user's own zone, if known."""
    return Incoming(
        text=str(body.get("text") or "").strip(),
        actor=actor(str(body["user_id"]), role, str(body.get("user_name") or "")),
        channel=str(body.get("channel_id") or ""),
        received_at=now,
        tz=tz,
        space=team_of(body),
    )


def team_of(body: Mapping[str, Any]) -> str:
    """The workspace a request came from: ``team_id`` (commands, events), else the
    ``team`` or the user's team (block actions); "" when Slack sent none."""
    team, user = body.get("team"), body.get("user")
    team_id = team.get("id") if isinstance(team, Mapping) else None
    user_team = user.get("team_id") if isinstance(user, Mapping) else None
    return str(body.get("team_id") or team_id or user_team or "")


def strip_mentions(text: str) -> str:
    """The question with every ``<@U…>`` mention (the bot's and others') removed."""
    return " ".join(_MENTION.sub(" ", text).split())


def should_ignore(event: Mapping[str, Any]) -> bool:
    """Bots (including Dateline itself), edits, deletions and other message subtypes."""
    return bool(
        event.get("bot_id")
        or event.get("bot_profile")
        or event.get("subtype") in _IGNORED_SUBTYPES
        or event.get("edited")
        or not event.get("user")
    )


def event_time(event: Mapping[str, Any], fallback: datetime) -> datetime:
    """When Slack says the message was posted (its ``ts``), else ``fallback``."""
    raw = event.get("ts") or event.get("event_ts")
    try:
        return datetime.fromtimestamp(float(str(raw)), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return fallback


def mention_to_incoming(
    event: Mapping[str, Any], role: Role, now: datetime, tz: str | None = None, space: str = ""
) -> Incoming | None:
    """An ``app_mention`` as ``Incoming``, or ``None`` when it should be ignored. ``space``
    is the envelope's ``team_id`` (the event's own ``team`` otherwise)."""
    if should_ignore(event):
        return None
    text = strip_mentions(str(event.get("text") or ""))
    if not text:
        text = "help"
    return Incoming(
        text=text,
        actor=actor(str(event["user"]), role),
        channel=str(event.get("channel") or ""),
        received_at=event_time(event, now),
        tz=tz,
        space=space or str(event.get("team") or ""),
    )


def action_to_incoming(
    body: Mapping[str, Any],
    action: Mapping[str, Any],
    role: Role,
    now: datetime,
    tz: str | None = None,
) -> Incoming:
    """A pressed Dateline button: its value is the command text the core runs."""
    user = body.get("user") or {}
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id", ""
    )
    return Incoming(
        text=str(action.get("value") or "").strip(),
        actor=actor(str(user["id"]), role, str(user.get("username") or "")),
        channel=str(channel),
        received_at=now,
        tz=tz,
        space=team_of(body),
    )


def thread_of(event: Mapping[str, Any]) -> str | None:
    """The thread a mention belongs to, so the answer goes into the same thread."""
    value = event.get("thread_ts")
    return str(value) if value else None
