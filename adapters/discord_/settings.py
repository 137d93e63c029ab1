"""Discord settings, read once at start-up from an injected mapping.

Every problem is collected and reported together as one ``SettingsError``;
the token is a ``Secret`` so it never shows in ``repr`` or logs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from adapters.settings import (
    Problems,
    Secret,
    default_db_path,
    id_list,
    on_off,
    token,
)

STATE_SUFFIX = ".discord-commands.json"


@dataclass(frozen=True, slots=True)
class DiscordSettings:
    """What the Discord adapter needs.

    ``guild_ids`` empty means commands are registered globally.
    ``command_state_path`` holds the hash of the last synced command set.
    """

    token: Secret
    guild_ids: tuple[int, ...] = ()
    moderator_role_ids: tuple[int, ...] = ()
    message_content: bool = False
    db_path: Path = Path("dateline.sqlite3")
    command_state_path: Path = Path("dateline.sqlite3" + STATE_SUFFIX)


def load_settings(env: Mapping[str, str]) -> DiscordSettings:
    """Read DISCORD_* and DATELINE_DB; raise ``SettingsError`` listing every problem."""
    problems = Problems()
    bot_token = token(env, "DISCORD_TOKEN", "", problems)
    guild_ids = id_list(env, "DISCORD_GUILD_IDS", problems)
    role_ids = id_list(env, "DISCORD_MODERATOR_ROLE_IDS", problems)
    message_content = on_off(env, "DISCORD_MESSAGE_CONTENT", False, problems)
    db_path = default_db_path(env)
    problems.raise_if_any()
    return DiscordSettings(
        token=Secret(bot_token),
        guild_ids=guild_ids,
        moderator_role_ids=role_ids,
        message_content=message_content,
        db_path=db_path,
        command_state_path=db_path.with_name(db_path.name + STATE_SUFFIX),
    )
