"""``SlackPublisher``: the core's ``Publisher`` port on Slack's ``chat.postMessage``.

Each post carries Slack message metadata (``event_type`` ``dateline_post``)
naming the occasion it delivers, so that after a crash a post already made can
be recognised in the channel's history. A reply too long for one message is
posted as several, and the first message's ``ts`` is returned.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_.render import render
from bot.messages import Reply

log = logging.getLogger(__name__)

METADATA_EVENT_TYPE = "dateline_post"


def post_metadata(reply: Reply, key: str | None, part: int, parts: int) -> dict[str, Any]:
    """Slack message metadata identifying what was posted."""
    payload: dict[str, Any] = {
        "kind": str(reply.kind),
        "part": part,
        "parts": parts,
        "event_ids": [event.id for event in reply.events if event.id is not None][:50],
    }
    if key is not None:
        payload["key"] = key
    return {"event_type": METADATA_EVENT_TYPE, "event_payload": payload}


class SlackPublisher:
    """Posts replies into Slack channels; errors from Slack propagate to the scheduler,
    which retries (the client already honours ``Retry-After`` on 429)."""

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client

    async def publish(self, channel: str, reply: Reply, key: str | None = None) -> str:
        """Post ``reply`` to ``channel`` (an ID); returns the first message's ``ts``."""
        messages = render(reply)
        first = ""
        for part, message in enumerate(messages, start=1):
            response = await self._client.chat_postMessage(
                channel=channel,
                unfurl_links=False,
                unfurl_media=False,
                metadata=post_metadata(reply, key, part, len(messages)),
                **message.payload(),
            )
            if part == 1:
                first = str(response["ts"])
        log.info("posted a %s to %s in %s message(s)", reply.kind, channel, len(messages))
        return first
