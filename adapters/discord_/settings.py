"""Discord settings, read once at start-up from an injected mapping.

Every problem is collected and reported together as one ``SettingsError``;
the token is a ``Secret`` so it never shows in ``repr`` or logs.

Sharding: ``DISCORD_SHARD_COUNT`` fixes how many shards the bot's guilds are
spread over (guild ``g`` is on shard ``(g >> 22) % count``), and
``DISCORD_SHARD_IDS`` says which of them this process runs, so several processes
can share the guilds. Neither set: one process, with as many shards as Discord
recommends.
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
from bot.numbers import whole_number

STATE_SUFFIX = ".discord-commands.json"


@dataclass(frozen=True, slots=True)
class DiscordSettings:
    """What the Discord adapter needs.

    ``guild_ids`` empty means commands are registered globally.
    ``command_state_path`` holds the hash of the last synced command set.
    ``shard_count`` None: as many shards as Discord recommends; ``shard_ids`` empty:
    this process runs every shard.
    """

    token: Secret
    guild_ids: tuple[int, ...] = ()
    moderator_role_ids: tuple[int, ...] = ()
    message_content: bool = False
    db_path: Path = Path("dateline.sqlite3")
    command_state_path: Path = Path("dateline.sqlite3" + STATE_SUFFIX)
    shard_count: int | None = None
    shard_ids: tuple[int, ...] = ()


def load_settings(env: Mapping[str, str]) -> DiscordSettings:
    """Read DISCORD_* and DATELINE_DB; raise ``SettingsError`` listing every problem."""
    problems = Problems()
    bot_token = token(env, "DISCORD_TOKEN", "", problems)
    guild_ids = id_list(env, "DISCORD_GUILD_IDS", problems)
    role_ids = id_list(env, "DISCORD_MODERATOR_ROLE_IDS", problems)
    message_content = on_off(env, "DISCORD_MESSAGE_CONTENT", False, problems)
    db_path = default_db_path(env)
    count, ids = shards(env, problems)
    problems.raise_if_any()
    return DiscordSettings(
        token=Secret(bot_token),
        guild_ids=guild_ids,
        moderator_role_ids=role_ids,
        message_content=message_content,
        db_path=db_path,
        command_state_path=db_path.with_name(db_path.name + STATE_SUFFIX),
        shard_count=count,
        shard_ids=ids,
    )


def shards(env: Mapping[str, str], problems: Problems) -> tuple[int | None, tuple[int, ...]]:
    """``DISCORD_SHARD_COUNT`` (a whole number, 1 or more) and ``DISCORD_SHARD_IDS``
    (distinct shard numbers below the count; only with a count)."""
    raw_count = env.get("DISCORD_SHARD_COUNT", "").strip()
    count = _shard_count(raw_count, problems) if raw_count else None
    raw_ids = env.get("DISCORD_SHARD_IDS", "").strip()
    ids = _shard_ids(raw_ids, problems)
    if raw_ids and not raw_count:
        # Without the count a shard number means nothing: which guilds shard 1 holds
        # depends on how many shards there are in all.
        problems.add(
            "DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT: set it to the number of shards "
            "all processes together run"
        )
    if count is not None:
        outside = [str(n) for n in ids if n >= count]
        if outside:
            numbering = "the only shard is 0" if count == 1 else f"shards are 0 to {count - 1}"
            problems.add(
                f"DISCORD_SHARD_IDS has {', '.join(outside)}, but with "
                f"DISCORD_SHARD_COUNT={count} {numbering}"
            )
    return count, ids


def _shard_count(raw: str, problems: Problems) -> int | None:
    count = whole_number(raw)
    if count is None or count < 1:
        problems.add(f"DISCORD_SHARD_COUNT must be a whole number of shards, 1 or more, "
                     f"not “{raw[:20]}”")
        return None
    return count


def _shard_ids(raw: str, problems: Problems) -> tuple[int, ...]:
    if not raw:
        return ()
    ids: list[int] = []
    for part in (piece.strip() for piece in raw.split(",")):
        number = whole_number(part)
        if number is None:
            problems.add(f"DISCORD_SHARD_IDS must be comma-separated shard numbers such as "
                         f"0,1; “{part[:20]}” is not one")
        elif number in ids:
            problems.add(f"DISCORD_SHARD_IDS has shard {number} more than once")
        else:
            ids.append(number)
    return tuple(ids)
