"""Putting the scheduler together: its settings, the publishers of the platforms a
process serves, and the ``Scheduler`` itself. Used by ``dateline run`` and
``dateline reminders tick``."""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import AsyncIterator, Collection, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from functools import partial
from typing import TextIO

from adapters.clock import SystemClock
from adapters.console_publisher import ConsolePublisher
from adapters.feeds import FeedPoller
from adapters.settings import SettingsError
from bot.core import Bot
from bot.ports import Clock, EventStore, Publisher
from bot.reminders.lease import LeaseKeeper, SchedulerLease
from bot.reminders.scheduler import Scheduler
from bot.reminders.scheduler_settings import SchedulerSettings
from storage import SqliteEventStore
from storage.lease_store import SqliteLease, lease_name


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
    """Names this process in the ledger while it attempts a post, and as the holder
    of the scheduler lease: unique to the process, even after a restart in a container
    that keeps its host name and pid."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def store_lease(store: EventStore, name: str) -> SchedulerLease | None:
    """The scheduler lease ``name`` in ``store``'s database; None for a store that has
    none (a test's fake), whose scheduler then runs without one."""
    if isinstance(store, SqliteEventStore):
        return SqliteLease.sharing(store, name)
    from storage.postgres.event_store import PgEventStore  # noqa: PLC0415 - asyncpg, if used
    from storage.postgres.lease_store import PgLease  # noqa: PLC0415

    return PgLease.sharing(store, name) if isinstance(store, PgEventStore) else None


#: The lease of the feed poller: of the processes on one store, one polls the feeds.
FEEDS_LEASE = "feeds"


async def poll_feeds(poller: FeedPoller, store: EventStore, clock: Clock | None = None) -> None:
    """Poll the subscribed feeds for ever, while this process holds the feeds' lease
    (standing by while another process does), so that several processes on one store
    do not each fetch every feed."""
    clock = clock or SystemClock()
    lease = store_lease(store, FEEDS_LEASE)
    if lease is None:
        await poller.run(clock)
        return
    keeper = LeaseKeeper(lease, owner_id(), clock, work_name="feeds")
    await keeper.run(partial(poller.run, clock))


def make_scheduler(
    bot: Bot,
    publishers: Mapping[str, Publisher],
    settings: SchedulerSettings,
    clock: Clock | None = None,
    lease: SchedulerLease | None = None,
) -> Scheduler:
    """The scheduler of this process. Its ``run`` runs passes only while this process
    holds the lease of schedulers serving ``publishers``' platforms (``lease``, else
    the store's); ``tick`` (a one-off pass) does not wait for it."""
    if bot.reminders is None:
        raise RuntimeError("the bot was built without a reminder store")
    owner, clock = owner_id(), clock or SystemClock()
    lease = lease or store_lease(bot.store, lease_name(publishers))
    return Scheduler(
        bot.store,
        bot.reminders,
        clock,
        publishers,
        owner=owner,
        settings=settings,
        wake=bot.reminders_changed,
        lease=None if lease is None else LeaseKeeper(lease, owner, clock),
    )
