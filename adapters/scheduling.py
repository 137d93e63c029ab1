"""Putting the scheduler together: its settings, the publishers of the platforms a
process serves, and the ``Scheduler`` itself. Used by ``dateline run`` and
``dateline reminders tick``."""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import AsyncIterator, Collection, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from typing import TextIO

from adapters.clock import SystemClock
from adapters.console_publisher import ConsolePublisher
from adapters.settings import SettingsError
from bot.core import Bot
from bot.ports import Clock, Publisher
from bot.reminders.scheduler import Scheduler
from bot.reminders.scheduler_settings import SchedulerSettings


def configured_platforms(env: Mapping[str, str]) -> list[str]:
    """The platforms a one-off pass can post to: the console, and any with a token."""
    found = ["console"]
    if env.get("DISCORD_TOKEN", "").strip():
        found.append("discord")
    if env.get("SLACK_BOT_TOKEN", "").strip():
        found.append("slack")
    return found


def _token(env: Mapping[str, str], name: str, prefix: str) -> str:
    token = env.get(name, "").strip()
    if not token or any(ch.isspace() for ch in token) or not token.startswith(prefix):
        shape = f" starting with {prefix}" if prefix else ""
        raise SettingsError([f"{name} must be set to the bot token{shape}, with no spaces"])
    return token


@asynccontextmanager
async def open_publishers(
    platforms: Collection[str], env: Mapping[str, str], out: TextIO
) -> AsyncIterator[dict[str, Publisher]]:
    """A publisher for each platform, open for the life of the block."""
    publishers: dict[str, Publisher] = {}
    async with AsyncExitStack() as stack:
        if "console" in platforms:
            publishers["console"] = ConsolePublisher(out)
        if "discord" in platforms:
            from adapters.discord_.publisher import open_discord_publisher  # noqa: PLC0415

            token = _token(env, "DISCORD_TOKEN", "")
            publishers["discord"] = await stack.enter_async_context(open_discord_publisher(token))
        if "slack" in platforms:
            from adapters.slack_.publisher import SlackPublisher, publishing_client  # noqa: PLC0415

            token = _token(env, "SLACK_BOT_TOKEN", "xoxb-")
            base = env.get("SLACK_API_BASE_URL", "").strip() or None
            publishers["slack"] = SlackPublisher(publishing_client(token, base))
        yield publishers


def owner_id() -> str:
    """Names this process in the ledger while it attempts a post."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def make_scheduler(
    bot: Bot,
    publishers: Mapping[str, Publisher],
    settings: SchedulerSettings,
    clock: Clock | None = None,
) -> Scheduler:
    if bot.reminders is None:
        raise RuntimeError("the bot was built without a reminder store")
    return Scheduler(
        bot.store,
        bot.reminders,
        clock or SystemClock(),
        publishers,
        owner=owner_id(),
        settings=settings,
        wake=bot.reminders_changed,
    )
