"""The JSON the stand-in for Discord sends, as pure functions: a guild's
GUILD_CREATE, an INTERACTION_CREATE, and REST responses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

EVERYONE_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 31)  # view, send, use commands


def json_body(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py only parses JSON when Content-Type is exactly application/json.
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    return web.Response(status=status, body=json.dumps(data).encode(), headers=all_headers)


@dataclass(frozen=True)
class Where:
    """The application, guild and channel an interaction comes from."""

    app_id: int
    guild_id: int
    channel_id: int
    app_permissions: int


def command_options(options: dict[str, Any], focused: str | None) -> list[dict[str, Any]]:
    """Slash command options as Discord sends them; ``focused`` is being autocompleted."""
    return [
        {
            "name": name,
            "type": 4 if isinstance(value, int) else 3,
            "value": value,
            **({"focused": True} if name == focused else {}),
        }
        for name, value in options.items()
    ]


def interaction_payload(
    where: Where,
    interaction_id: int,
    token: str,
    kind: int,
    data: dict[str, Any],
    member: dict[str, Any],
) -> dict[str, Any]:
    guild, channel = str(where.guild_id), str(where.channel_id)
    return {
        "id": str(interaction_id),
        "application_id": str(where.app_id),
        "type": kind,
        "data": data,
        "guild_id": guild,
        "channel_id": channel,
        "channel": {"id": channel, "type": 0, "guild_id": guild},
        "member": member,
        "token": token,
        "version": 1,
        "app_permissions": str(where.app_permissions),
        "locale": "en-GB",
        "guild_locale": "en-GB",
        "entitlements": [],
        "authorizing_integration_owners": {"0": guild},
        "context": 0,
        "attachment_size_limit": 8388608,
    }


def guild_payload(
    guild_id: int, owner_id: int, moderator_role_id: int, channel_id: int
) -> dict[str, Any]:
    """GUILD_CREATE for the one guild: @everyone, a moderator role and one text channel."""
    gid = str(guild_id)
    role = {
        "name": "mods",
        "position": 1,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
        "flags": 0,
        "permissions": "0",
    }
    guild = {
        "id": gid,
        "name": "Newsroom",
        "owner_id": str(owner_id),
        "roles": [
            {
                **role,
                "id": gid,
                "name": "@everyone",
                "position": 0,
                "permissions": str(EVERYONE_PERMISSIONS),
            },
            {**role, "id": str(moderator_role_id)},
        ],
        "channels": [
            {
                "id": str(channel_id),
                "type": 0,
                "name": "desk",
                "position": 0,
                "permission_overwrites": [],
            }
        ],
        "members": [],
        "member_count": 3,
        "features": [],
        "emojis": [],
        "stickers": [],
        "unavailable": False,
        "large": False,
        "voice_states": [],
        "presences": [],
        "threads": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }
    return guild
