"""``ConsolePublisher``: the core's ``Publisher`` port for "console" channels.

``dateline run --console`` and ``dateline reminders tick`` print the scheduled
posts of console channels to stdout instead of sending them anywhere, so that
subscriptions can be tried out (and cron output read) without a chat platform.
Each post is a header naming the channel and the occasion, the reply as plain
text, and a blank line.
"""

from __future__ import annotations

from typing import TextIO

from adapters.console_render import render_text, terminal_safe
from bot.messages import Reply
from bot.ports import Posted


class ConsolePublisher:
    """Prints posts to ``out``; ids are ``console-1``, ``console-2``, … per publisher.

    A terminal keeps no history to check, so only a retry of a post this
    publisher already printed (same channel and key) is recognised; it is
    answered with the earlier id instead of being printed twice.
    """

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._count = 0
        self._printed: dict[tuple[str, str], str] = {}

    async def publish(self, channel: str, reply: Reply, *, key: str, retry: bool = False) -> Posted:
        earlier = self._printed.get((channel, key))
        if retry and earlier is not None:
            return Posted(earlier, deduplicated=True)
        text = terminal_safe(f"── console channel {channel} · {key} ──\n{render_text(reply)}")
        self._out.write(f"{text}\n\n")
        self._out.flush()
        self._count += 1
        message_id = self._printed[(channel, key)] = f"console-{self._count}"
        return Posted(message_id)
