"""Discord's failures at start-up as one line, and discord.py's log noise turned down.

``startup_error`` turns a failure to log in or to connect into ``TokenRejected``,
``PlatformUnreachable`` or ``PlatformError`` (never quoting the token).
``quiet_library_noise`` silences warnings that mean nothing to an operator of a
bot without voice, and shortens discord.py's reconnect tracebacks to one line.
"""

from __future__ import annotations

import aiohttp
import discord
from discord.voice_client import VoiceClient

from adapters.logsafe import describe, one_line
from adapters.platform_errors import PlatformError, PlatformUnreachable, TokenRejected

CONNECTION_ERRORS = (
    OSError,
    TimeoutError,
    aiohttp.ClientError,
    discord.HTTPException,
    discord.GatewayNotFound,
    discord.ConnectionClosed,
)
TOKEN_REJECTED_CLOSE = 4004  # the gateway's "authentication failed"
SHARDING_REQUIRED_CLOSE = 4011  # a shard would carry more servers than Discord allows


def quiet_library_noise() -> None:
    # Dateline never joins voice channels, so the warnings that voice is unavailable
    # (no PyNaCl, no davey) are noise; discord.py checks these flags once per process.
    VoiceClient.warn_nacl = False
    VoiceClient.warn_dave = False
    # discord.py retries a lost or refused shard connection by itself, but logs a
    # traceback for each attempt; one line says the same. (The client is sharded, so
    # these come from discord.shard.)
    one_line("discord.shard", "Attempting a reconnect", "Failed to connect")


def startup_error(error: BaseException) -> PlatformError | None:
    """A failure to log in or connect as one line, or ``None`` for any other error."""
    if isinstance(error, PlatformError):
        return error
    if isinstance(error, discord.LoginFailure) or (
        isinstance(error, discord.ConnectionClosed) and error.code == TOKEN_REJECTED_CLOSE
    ):
        return TokenRejected("Discord rejected DISCORD_TOKEN; reset it in the developer portal")
    if isinstance(error, discord.ConnectionClosed) and error.code == SHARDING_REQUIRED_CLOSE:
        return PlatformError(
            "Discord requires more shards than DISCORD_SHARD_COUNT: raise it, or unset "
            "DISCORD_SHARD_COUNT and DISCORD_SHARD_IDS to run as many as Discord recommends"
        )
    if isinstance(error, discord.PrivilegedIntentsRequired):
        return PlatformError(
            "Discord refused the Message Content intent: enable it for the bot in the "
            "developer portal, or set DISCORD_MESSAGE_CONTENT=off"
        )
    if isinstance(error, discord.HTTPException) and error.status < 500:
        return PlatformError(f"Discord refused a request: {describe(error)}")
    if isinstance(error, CONNECTION_ERRORS):
        return PlatformUnreachable(f"cannot reach Discord: {describe(error)}")
    return None
