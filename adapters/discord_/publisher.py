"""``DiscordPublisher``: the core's ``Publisher`` port on Discord's REST API.

One publish makes one attempt. Each rendered part is one ``POST
/channels/{id}/messages`` carrying a nonce derived from (channel, key, part)
with ``enforce_nonce`` set (discord.py's ``handle_message_parameters`` sets it
whenever a nonce is given), so a repeated post within Discord's de-duplication
window (a few minutes) returns the message already created instead of a second
one. That also makes discord.py's own re-send of a 5xx harmless.

Discord forgets nonces after a few minutes, so every part also ends its footer
with ``ref <key>``. On a retry the publisher first reads the channel's recent
messages (``Read Message History``) and re-posts only the parts of that key it
does not find there, so a process that stays down longer than Discord's window
still never posts twice. If the history cannot be read, the nonce is the only
guard, and the log says so.

Rate limits are never waited on: the publisher's ``HTTPClient`` raises instead
of sleeping, and the scheduler, the only retry layer, decides when to try
again. ``open_discord_publisher`` builds that client (``PublishingHTTPClient``).
Failures become ``DeliveryFailed`` (worth retrying) or ``ChannelUnavailable``
(the bot cannot post there); their reasons carry Discord's status and code,
never the token.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

import aiohttp
import discord
from discord.http import HTTPClient, Ratelimit, handle_message_parameters
from discord.utils import MISSING, snowflake_time

from adapters.discord_.failures import startup_error
from adapters.discord_.render import OutgoingMessage, render_reply
from bot.errors import ChannelUnavailable, DeliveryError, DeliveryFailed
from bot.messages import Reply
from bot.numbers import whole_number
from bot.ports import Posted

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
NONCE_LENGTH = 25  # Discord's limit for string nonces
# discord.py raises ``RateLimited`` for any wait longer than ``max_ratelimit_timeout``;
# its constructor clamps the value to >= 30 s, so it is set after construction.
FAIL_FAST_TIMEOUT = 1e-9
MAX_REASON = 200
HISTORY_LIMIT = 50  # how far back a retry looks for the parts of its key
NETWORK_ERRORS = (aiohttp.ClientError, OSError, TimeoutError)


def message_nonce(channel: str, key: str, part: int) -> str:
    """The nonce of one part of one occasion's post in one channel: the same on every try."""
    digest = hashlib.sha256(f"{channel}\n{key}\n{part}".encode()).hexdigest()
    return digest[:NONCE_LENGTH]


class FailFastBucket(Ratelimit):
    """A rate-limit bucket that raises ``RateLimited`` instead of waiting.

    discord.py's own bucket, given a tiny ``max_ratelimit_timeout``, refuses every
    request while a window is open even when it has requests left (so the second
    part of a reply would fail), and forgets an exhausted window instead of
    refusing. This one refuses only when Discord said the window is used up.
    """

    __slots__ = ()

    async def acquire(self) -> None:
        self._last_request = self._loop.time()
        if self.is_expired():
            self.reset()  # type: ignore[no-untyped-call]
        if self.remaining <= 0 and self.expires is not None:
            raise discord.RateLimited(max(self.expires - self._loop.time(), 0.0))
        self.remaining -= 1
        self.outgoing += 1

    async def __aexit__(
        self,
        type: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # No refresh: the base class would sleep out (or forget) an exhausted window here.
        self.outgoing -= 1


class PublishingHTTPClient(HTTPClient):
    """A discord.py ``HTTPClient`` for publishing only: it never sleeps on a rate limit.

    A 429 from Discord raises ``RateLimited`` at once (``max_ratelimit_timeout`` is
    tiny), and a bucket Discord reported as used up raises before sending anything.
    Keep it apart from the gateway client's, which should keep waiting politely.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(loop)
        self.max_ratelimit_timeout = FAIL_FAST_TIMEOUT

    def get_ratelimit(self, key: str) -> Ratelimit:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = FailFastBucket(self.max_ratelimit_timeout)
            self._try_clear_expired_ratelimits()
        return bucket


@asynccontextmanager
async def open_discord_publisher(token: str) -> AsyncIterator[DiscordPublisher]:
    """A logged-in ``DiscordPublisher`` on its own HTTP client, closed on the way out.

    ``static_login`` checks the token with ``GET /users/@me``; a rejected token
    raises ``TokenRejected``, Discord unreachable ``PlatformUnreachable``.
    """
    http = PublishingHTTPClient(asyncio.get_running_loop())
    try:
        try:
            me = await http.static_login(token)
        except (discord.DiscordException, OSError, TimeoutError, aiohttp.ClientError) as error:
            failure = startup_error(error)
            if failure is None:
                raise
            raise failure from None
        yield DiscordPublisher(http, bot_user_id=str(me.get("id", "")))
    finally:
        await http.close()


class DiscordPublisher:
    """Posts a ``Reply`` into a Discord channel (by id), one attempt per call.

    ``http`` must be logged in and dedicated to publishing: the publisher sets its
    ``max_ratelimit_timeout`` so that a 429 raises instead of being slept on. Use
    a ``PublishingHTTPClient`` (``open_discord_publisher`` does) so that
    pre-emptive bucket waits raise too without refusing requests a bucket allows.
    """

    def __init__(self, http: HTTPClient, *, bot_user_id: str = "") -> None:
        http.max_ratelimit_timeout = FAIL_FAST_TIMEOUT
        self._http = http
        self._me = bot_user_id

    async def publish(self, channel: str, reply: Reply, *, key: str, retry: bool = False) -> Posted:
        """Post every part of ``reply`` in order; returns the first message's id.

        Discord does not say whether a nonce matched an earlier message, so on a
        ``retry`` the post counts as deduplicated when any message Discord returns
        was created (by its snowflake time) before this call started. That compares
        Discord's clock with ours, so a clock skew larger than the request's round
        trip can misreport it (and so can a retry within the same millisecond as
        the post it repeats); the posting itself is de-duplicated either way.
        """
        channel_id = _channel_id(channel)
        # Snowflakes count whole milliseconds: a message made later in this same
        # millisecond must not look older than the call.
        now = datetime.now(UTC)
        started = now.replace(microsecond=now.microsecond // 1000 * 1000)
        messages: list[dict[str, Any]] = []
        try:
            outgoing_parts = render_reply(reply, marker(key))
            found = await self._earlier_parts(channel_id, key) if retry else {}
            for part, outgoing in enumerate(outgoing_parts):
                earlier = found.get(part)
                if earlier is None:
                    nonce = message_nonce(channel, key, part)
                    earlier = await self._send(channel_id, outgoing, nonce)
                messages.append(earlier)
        except (discord.RateLimited, discord.HTTPException, *NETWORK_ERRORS) as err:
            raise _delivery_error(err, self._http.token) from err
        deduplicated = retry and (
            bool(found) or any(snowflake_time(int(m["id"])) < started for m in messages)
        )
        log.info(
            "posted %s to Discord channel %s in %d message(s)%s",
            key, channel, len(messages), " (deduplicated)" if deduplicated else "",
        )
        return Posted(str(messages[0]["id"]), deduplicated)

    async def _earlier_parts(self, channel_id: int, key: str) -> dict[int, dict[str, Any]]:
        """This bot's recent messages in the channel that carry ``key``, by part index."""
        try:
            recent = await self._http.logs_from(channel_id, HISTORY_LIMIT)
        except discord.Forbidden as err:
            log.warning(
                "cannot read Discord channel %s's history (%s); only the nonce guards this retry",
                channel_id, err.code,
            )
            return {}
        found: dict[int, dict[str, Any]] = {}
        for message in recent:
            if self._me and str((message.get("author") or {}).get("id")) != self._me:
                continue
            part = part_of(message, key)
            if part is not None:
                found.setdefault(part, dict(message))
        return found

    async def _send(self, channel_id: int, outgoing: OutgoingMessage, nonce: str) -> dict[str, Any]:
        params = handle_message_parameters(
            content=outgoing.content or MISSING,
            embeds=[discord.Embed.from_dict(embed) for embed in outgoing.embeds],
            nonce=nonce,
            allowed_mentions=NO_MENTIONS,
        )
        message = await self._http.send_message(channel_id, params=params)
        return dict(message)


def marker(key: str) -> str:
    """The footer mark naming the occasion a scheduled post delivers."""
    return f"ref {key}"


def part_of(message: Any, key: str) -> int | None:
    """Which part (from 0) of ``key``'s post ``message`` is, or None if it is not one."""
    for embed in message.get("embeds") or ():
        pieces = [p.strip() for p in str((embed.get("footer") or {}).get("text", "")).split("·")]
        if marker(key) not in pieces:
            continue
        for piece in pieces:
            words = piece.split()
            part = whole_number(words[1]) if len(words) == 4 and words[0] == "Part" else None
            if part is not None:
                return part - 1
        return 0
    return None


def _channel_id(channel: str) -> int:
    if not (channel.isascii() and channel.isdigit()) or int(channel) == 0:
        raise ChannelUnavailable(f"Discord channel id {channel!r} is not a snowflake")
    return int(channel)


def _delivery_error(err: Exception, token: str | None) -> DeliveryError:
    """The port's error for a failed send; the reason never contains ``token``."""
    if isinstance(err, discord.RateLimited):
        reason = f"Discord rate limit: retry in {err.retry_after:.2f}s"
        return DeliveryFailed(reason, retry_after=err.retry_after)
    if isinstance(err, discord.HTTPException):
        reason = _scrub(f"Discord {err.status} ({err.code}): {err.text or '-'}", token)
        if err.status == 429:
            return DeliveryFailed(reason, retry_after=_retry_after(err))
        if isinstance(err, discord.Forbidden | discord.NotFound):
            return ChannelUnavailable(reason)
        return DeliveryFailed(reason)
    return DeliveryFailed(_scrub(f"Discord unreachable: {type(err).__name__}: {err}", token))


def _retry_after(err: discord.HTTPException) -> float | None:
    """``Retry-After`` of a 429 discord.py did not handle itself (e.g. Cloudflare's)."""
    headers = getattr(err.response, "headers", None) or {}
    try:
        return float(headers["Retry-After"])
    except (KeyError, TypeError, ValueError):
        return None


def _scrub(reason: str, token: str | None) -> str:
    if token:
        reason = reason.replace(token, "[token]")
    reason = " ".join(reason.split())
    return reason if len(reason) <= MAX_REASON else reason[: MAX_REASON - 1] + "…"
