"""``DiscordPublisher``: the core's ``Publisher`` port, posting replies to channels.

Each message carries a nonce derived from (channel, key, part) and is sent
with ``enforce_nonce`` (discord.py sets it whenever a nonce is given), so a
retried post within Discord's de-duplication window returns the message
already created instead of posting twice.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging

import aiohttp
import discord

from adapters.discord_.render import OutgoingMessage, render_reply
from bot.messages import Reply

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
NONCE_LENGTH = 25  # Discord's limit for string nonces
RETRYABLE = (OSError, aiohttp.ClientError, asyncio.TimeoutError, discord.DiscordServerError)


def reply_key(reply: Reply) -> str:
    """A deterministic key for a reply: identical replies share it."""
    return hashlib.sha256(repr(reply).encode()).hexdigest()


def message_nonce(channel: str, key: str, part: int) -> str:
    digest = hashlib.sha256(f"{channel}\n{key}\n{part}".encode()).hexdigest()
    return digest[:NONCE_LENGTH]


class DiscordPublisher:
    """Posts a ``Reply`` into a channel (by id) and returns the first message's id."""

    def __init__(self, client: discord.Client, *, attempts: int = 3, backoff: float = 0.5):
        self._client = client
        self._attempts = attempts
        self._backoff = backoff

    async def publish(self, channel: str, reply: Reply, *, key: str | None = None) -> str:
        """Post ``reply``; ``key`` (e.g. the delivery ledger's occasion key) names the post.

        Without ``key`` the nonce comes from the reply's content, so re-publishing
        the same reply to the same channel is de-duplicated too.
        """
        target = self._client.get_partial_messageable(int(channel))
        base = key if key is not None else reply_key(reply)
        ids: list[str] = []
        for part, message in enumerate(render_reply(reply)):
            sent = await self._send(target, message, message_nonce(channel, base, part))
            ids.append(str(sent.id))
        log.info("published %d message(s) to Discord channel %s", len(ids), channel)
        return ids[0]

    async def _send(
        self, target: discord.PartialMessageable, message: OutgoingMessage, nonce: str
    ) -> discord.Message:
        for attempt in range(1, self._attempts + 1):
            try:
                return await target.send(
                    embeds=[discord.Embed.from_dict(e) for e in message.embeds],
                    nonce=nonce,
                    allowed_mentions=NO_MENTIONS,
                )
            except RETRYABLE as err:
                if attempt == self._attempts:
                    raise
                log.warning("posting to Discord failed (%s); retrying with the same nonce", err)
                await asyncio.sleep(self._backoff * 2 ** (attempt - 1))
        raise RuntimeError("unreachable")
