"""The Discord adapter: slash commands generated from the core's command table,
mentions, rendering within Discord's limits, and a channel publisher.

Modules:

- ``settings``     ``DiscordSettings`` and ``load_settings(env)``
- ``appcommands``  command table -> slash command payloads; hash-gated syncing
- ``identity``     Discord member facts -> ``Actor`` / ``Role`` (pure)
- ``render``       ``Reply`` -> embed payloads within Discord's limits (pure)
- ``client``       ``DatelineClient``: interactions, autocomplete, mentions; decides
                   public or private before deferring; sharded (``DISCORD_SHARD_*``)
- ``public_replies`` the short replies where Discord cannot be private (mentions, and
                   the stand-in a public "thinking" message becomes) (pure)
- ``publisher``    ``DiscordPublisher`` (the core's ``Publisher`` port) and
                   ``open_discord_publisher(token)``, which gives it its own HTTP client
"""

from __future__ import annotations

import logging

import discord

from adapters.discord_.client import DatelineClient
from adapters.discord_.failures import CONNECTION_ERRORS, quiet_library_noise, startup_error
from adapters.discord_.publisher import DiscordPublisher, open_discord_publisher
from adapters.discord_.settings import DiscordSettings, load_settings
from bot.core import Bot

log = logging.getLogger(__name__)

__all__ = [
    "DatelineClient",
    "DiscordPublisher",
    "DiscordSettings",
    "create_client",
    "load_settings",
    "open_discord_publisher",
    "serve",
    "startup_error",
]

def create_client(settings: DiscordSettings, bot: Bot) -> DatelineClient:
    """A client to pass to ``serve``. Scheduled posts use ``open_discord_publisher``,
    which has its own HTTP client so that rate limits raise instead of waiting."""
    quiet_library_noise()
    return DatelineClient(bot, settings)


async def serve(
    settings: DiscordSettings, bot: Bot, client: DatelineClient | None = None
) -> None:
    """Log in, sync commands if they changed, and answer until cancelled.

    The client is closed on the way out, including on cancellation. Failing to log
    in or connect raises ``TokenRejected``, ``PlatformUnreachable`` or ``PlatformError``.
    """
    client = client or create_client(settings, bot)
    try:
        async with client:
            await client.start(settings.token.reveal())
    except (discord.DiscordException, *CONNECTION_ERRORS) as error:
        failure = startup_error(error)
        if failure is None:
            raise
        raise failure from None
    finally:
        if not client.is_closed():
            await client.close()
        log.info("Discord client closed")
