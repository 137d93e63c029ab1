"""``SlackPublisher``: the core's ``Publisher`` port on Slack's ``chat.postMessage``.

Each post carries Slack message metadata (``event_type`` ``dateline_post``)
naming the occasion it delivers and which part it is. Slack has no idempotency
key, so on a retry the publisher reads the channel's recent history (with
metadata) first and posts only the parts not already there. A reply too long
for one message is posted as several; the first message's ``ts`` is returned.

One publish makes one attempt per part: the client from ``publishing_client``
has no retry handlers (slack_sdk's default re-sends after a dropped connection,
which could post twice), and rate limits are reported, not waited on.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from adapters.slack_.render import SlackMessage, render
from bot.errors import ChannelUnavailable, DeliveryError, DeliveryFailed
from bot.messages import Reply
from bot.ports import Posted

log = logging.getLogger(__name__)
# slack_sdk logs request bodies (message text) at DEBUG; its publishing client logs here.
sdk_log = logging.getLogger(f"{__name__}.sdk")

METADATA_EVENT_TYPE = "dateline_post"
HISTORY_LIMIT = 100
UNAVAILABLE = frozenset(
    {
        "channel_not_found",
        "is_archived",
        "not_in_channel",
        "channel_is_archived",
        "restricted_action",
        "access_denied",
    }
)
NETWORK_ERRORS = (SlackClientError, aiohttp.ClientError, OSError, TimeoutError)


def publishing_client(bot_token: str, api_base_url: str | None) -> AsyncWebClient:
    """A Web API client that makes exactly one attempt per call (no retry handlers)."""
    sdk_log.setLevel(max(sdk_log.level, logging.INFO))
    kwargs: dict[str, Any] = {"base_url": api_base_url} if api_base_url else {}
    return AsyncWebClient(token=bot_token, retry_handlers=[], logger=sdk_log, **kwargs)


def post_metadata(reply: Reply, key: str, part: int, parts: int) -> dict[str, Any]:
    """Slack message metadata identifying what was posted (``part`` counts from 1)."""
    payload: dict[str, Any] = {
        "key": key,
        "kind": str(reply.kind),
        "part": part,
        "parts": parts,
        "event_ids": [event.id for event in reply.events if event.id is not None][:50],
    }
    return {"event_type": METADATA_EVENT_TYPE, "event_payload": payload}


class SlackPublisher:
    """Posts replies into Slack channels (by ID), one attempt per call.

    Give it a client from ``publishing_client``: a client with retry handlers
    would wait out 429s and could re-send a post whose first attempt landed.
    """

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client

    async def publish(self, channel: str, reply: Reply, *, key: str, retry: bool = False) -> Posted:
        """Post ``reply`` to ``channel``; returns part 1's ``ts``.

        With ``retry``, the parts an earlier attempt posted are found in the last
        100 messages of the channel by their metadata and not posted again; the
        result is then ``deduplicated``. If that lookup fails, nothing is posted.
        """
        messages = render(reply)
        parts = len(messages)
        landed = await self._landed(channel, key, parts) if retry else {}
        posted = dict(landed)
        for part, message in enumerate(messages, start=1):
            if part not in posted:
                metadata = post_metadata(reply, key, part, parts)
                posted[part] = await self._post(channel, message, metadata)
        log.info(
            "posted %s to Slack channel %s: %d of %d message(s) new",
            key, channel, parts - len(landed), parts,
        )
        return Posted(posted[1], deduplicated=bool(landed))

    async def _post(self, channel: str, message: SlackMessage, metadata: dict[str, Any]) -> str:
        response = await _call(
            self._client.chat_postMessage(
                channel=channel,
                unfurl_links=False,
                unfurl_media=False,
                metadata=metadata,
                **message.payload(),
            )
        )
        return str(response["ts"])

    async def _landed(self, channel: str, key: str, parts: int) -> dict[int, str]:
        """part -> ``ts`` of this key's messages among the channel's recent history."""
        response = await _call(
            self._client.conversations_history(
                channel=channel, limit=HISTORY_LIMIT, include_all_metadata=True
            )
        )
        found: dict[int, str] = {}
        # Newest first: a part found twice keeps its oldest message, the one first seen.
        for message in response.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            part = payload.get("part")
            if (
                metadata.get("event_type") == METADATA_EVENT_TYPE
                and payload.get("key") == key
                and isinstance(part, int)
                and 1 <= part <= parts
                and message.get("ts")
            ):
                found[part] = str(message["ts"])
        return found


async def _call(request: Awaitable[AsyncSlackResponse]) -> AsyncSlackResponse:
    """Await one Web API call, turning its failure into the port's errors."""
    try:
        return await request
    except SlackApiError as err:
        raise _api_error(err) from err
    except NETWORK_ERRORS as err:
        raise DeliveryFailed(f"Slack unreachable: {type(err).__name__}") from err


def _api_error(err: SlackApiError) -> DeliveryError:
    response = err.response
    data = getattr(response, "data", None)
    data = data if isinstance(data, dict) else {}
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    error = str(data.get("error") or f"HTTP {status}")
    if status == 429 or error == "ratelimited":
        return DeliveryFailed(f"Slack: {error}", retry_after=_retry_after(response))
    if error in UNAVAILABLE:
        return ChannelUnavailable(f"Slack: {error}")
    if error == "missing_scope" and data.get("needed"):
        return DeliveryFailed(f"Slack: missing_scope (needs {data['needed']})")
    return DeliveryFailed(f"Slack: {error}")


def _retry_after(response: Any) -> float | None:
    headers = getattr(response, "headers", None) or {}
    try:
        return float(headers["Retry-After"])
    except (KeyError, TypeError, ValueError):
        return None
