"""Serving each chat platform so that ``/healthz`` can see whether it is connected.

The platform packages' ``serve`` accepts a client (Discord) or a runtime (Slack) made
beforehand; making it here lets its connection be registered with ``Health`` before
it connects, so the endpoint says "not connected" during start-up and after a lost
connection, until the platform's own reconnection succeeds. The packages are
imported only when their platform is served, as the composition root does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.health import Health
from bot.core import Bot

if TYPE_CHECKING:
    import discord


async def serve_discord(settings: object, bot: Bot, health: Health) -> None:
    from adapters import discord_  # noqa: PLC0415 - only load the client that is used

    if not isinstance(settings, discord_.DiscordSettings):
        raise TypeError("serve_discord needs DiscordSettings")
    client = discord_.create_client(settings, bot)

    async def connected() -> bool:
        return discord_connected(client)

    health.platform("discord", connected)
    await discord_.serve(settings, bot, client)


def discord_connected(client: discord.Client) -> bool:
    """Ready (logged in, guilds received) and every gateway connection open. discord.py
    keeps ``is_ready()`` through a reconnection, so the sockets are checked too."""
    import discord  # noqa: PLC0415 - loaded already, by the client

    if not client.is_ready() or client.is_closed():
        return False
    if isinstance(client, discord.AutoShardedClient):
        shards = client.shards.values()
        return bool(shards) and not any(shard.is_closed() for shard in shards)
    socket = getattr(client, "ws", None)  # None until the first connection
    return socket is not None and bool(socket.open)


async def serve_slack(settings: object, bot: Bot, health: Health) -> None:
    from adapters import slack_  # noqa: PLC0415 - only load the client that is used

    if not isinstance(settings, slack_.SlackSettings):
        raise TypeError("serve_slack needs SlackSettings")
    runtime = slack_.SlackRuntime(settings, bot)
    health.platform("slack", runtime.is_connected)
    await slack_.serve(settings, bot, runtime)
