"""The composition root: builds the store and the ``Bot`` from settings, and
runs the chosen chat platforms, the scheduler, the feed poller and (with
``DATELINE_HTTP``) the operations endpoint together on one event loop over one store."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from adapters.feeds import FeedPoller
from adapters.platform_errors import PlatformError
from adapters.settings import (
    Problems,
    SettingsError,
    date_order,
    feed_poll_every,
    fetch_private,
    listen_address,
    load_scheduler_settings,
    log_format,
    timezone_name,
)
from adapters.store_location import StoreLocation, load_store_location
from adapters.stores import opened_stores
from bot.context import BotSettings
from bot.core import Bot
from bot.feed_port import POLL_EVERY
from bot.messages import FileIn, FileOut
from bot.ports import EventStore, Transfers
from bot.reminders.scheduler_settings import SchedulerSettings
from bot.transfer_report import ImportReport

if TYPE_CHECKING:
    from adapters.health import Health
    from adapters.metrics import Metrics

log = logging.getLogger(__name__)

# Each platform package exports ``load_settings(env)`` and ``serve(settings, bot)``;
# ``adapters.connections`` serves each so that ``Health`` sees its connection.
Serve = Callable[[Any, Bot, "Health"], Coroutine[Any, Any, None]]


@dataclass(frozen=True, slots=True)
class CoreSettings:
    location: StoreLocation
    sample: bool
    bot: BotSettings
    scheduler: SchedulerSettings = field(default_factory=SchedulerSettings)
    fetch_private: bool = False  # may feeds (and their pages) be fetched from private hosts
    feed_poll_every: timedelta = POLL_EVERY

    @property
    def db_path(self) -> Path:
        """The SQLite file; with a PostgreSQL store, where local files are kept."""
        return self.location.path


def load_core_settings(env: Mapping[str, str], problems: Problems) -> CoreSettings:
    """``DATELINE_DB`` (and the PostgreSQL pool's bounds), ``DATELINE_SAMPLE``,
    ``DATELINE_TZ`` and ``DATELINE_DATE_ORDER``."""
    sample_flag = env.get("DATELINE_SAMPLE", "1").strip().lower()
    if sample_flag not in ("0", "1", "", "on", "off", "true", "false", "yes", "no"):
        problems.add(f"DATELINE_SAMPLE must be 0 or 1, not “{sample_flag[:20]}”")
    return CoreSettings(
        location=load_store_location(env, problems),
        sample=sample_flag not in ("0", "off", "false", "no"),
        bot=BotSettings(
            default_tz=timezone_name(env, "DATELINE_TZ", problems),
            numeric_order=date_order(env, "DATELINE_DATE_ORDER", problems),
        ),
        scheduler=load_scheduler_settings(env, problems),
        fetch_private=fetch_private(env, problems),
        feed_poll_every=feed_poll_every(env, problems),
    )


class LazyTransfers:
    """``adapters.transfer_service.StoreTransfers``, loaded on the first export or import:
    the formats (iCalendar's library above all) take a tenth of a second to import, which
    a cold ``dateline ask`` should not pay."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self._loaded: Transfers | None = None

    def _service(self) -> Transfers:
        if self._loaded is None:
            from adapters.transfer_service import StoreTransfers  # noqa: PLC0415 - see above

            self._loaded = StoreTransfers(self.store)
        return self._loaded

    async def export(self, format: str) -> FileOut:
        return await self._service().export(format)

    async def import_file(
        self, file: FileIn, format: str | None, *, skip_bad: bool, dry_run: bool,
        actor: str, at: datetime,
    ) -> ImportReport:
        return await self._service().import_file(
            file, format, skip_bad=skip_bad, dry_run=dry_run, actor=actor, at=at
        )


@asynccontextmanager
async def running_bot(settings: CoreSettings, metrics: Metrics | None = None) -> AsyncIterator[Bot]:
    """Open (and if new, seed) the configured store, and close it however the block ends.
    Events, subscriptions, spaces' time zones, chat exports and imports, the review
    queue and the feeds share its database (one connection on SQLite, one pool on
    PostgreSQL). With ``metrics``, the Bot's answers, scheduled posts and queues are
    measured (``adapters.metered``)."""
    async with opened_stores(
        settings.location, sample=settings.sample, now=datetime.now(UTC)
    ) as stores:
        store = stores.events
        feeds = FeedPoller(store, stores.feeds, stores.review,
                           allow_private=settings.fetch_private,
                           poll_every=settings.feed_poll_every)
        make: Callable[..., Bot] = Bot
        if metrics is not None:
            from adapters.metered import MeasuredBot  # noqa: PLC0415 - only when measured

            make = partial(MeasuredBot, metrics)
        yield make(store, settings.bot, store.reminders, stores.zones, LazyTransfers(store),
                   review=stores.review, feeds=feeds)


async def run_platforms(
    platforms: list[str], env: Mapping[str, str] | None = None, *, console: bool = False
) -> None:
    """Start every named platform adapter, the scheduler and the feed poller on this loop,
    sharing one store and one Bot. ``console`` also posts console subscriptions to stdout.
    With ``DATELINE_HTTP`` set, the operations endpoint (``/healthz`` and ``/metrics``,
    ``adapters.ops_http``) is served beside them, and the Bot is measured.

    Settings for all platforms are read before anything connects, so one
    message lists every problem. Raises ``SettingsError``, and ``PlatformError``
    when a platform cannot be reached or refuses its token (not an exception
    group: the command line reports it as one line).
    """
    env = os.environ if env is None else env
    problems = Problems()
    core = load_core_settings(env, problems)
    ops_address = listen_address(env, "DATELINE_HTTP", problems)
    log_format(env, problems)  # applied by the command line; checked with the rest here
    starters = _starters(platforms, env, problems)
    problems.raise_if_any()
    # Loaded here: a one-off ``dateline ask`` neither schedules, publishes nor serves.
    from adapters.clock import SystemClock  # noqa: PLC0415
    from adapters.health import Health, ping_store  # noqa: PLC0415
    from adapters.scheduling import make_scheduler, open_publishers, poll_feeds  # noqa: PLC0415

    metrics = None if ops_address is None else _metrics()
    posting = [*platforms, "console"] if console else platforms
    try:
        async with (
            running_bot(core, metrics) as bot,
            open_publishers(posting, env, sys.stdout) as publishers,
            asyncio.TaskGroup() as group,
        ):
            health = Health(partial(ping_store, bot.store))
            for name, serve, platform_settings in starters:
                log.info("starting the %s adapter", name)
                group.create_task(serve(platform_settings, bot, health))
            scheduler = make_scheduler(bot, publishers, core.scheduler)
            health.scheduler(group.create_task(scheduler.run()), scheduler.owner)
            if scheduler.lease is not None:
                health.read_lease_holder_with(scheduler.lease.current_holder)
            if isinstance(bot.feeds, FeedPoller):  # the feeds are polled beside the posts
                group.create_task(poll_feeds(bot.feeds, bot.store, SystemClock()))
            if ops_address is not None and metrics is not None:
                from adapters.ops_http import serve_ops  # noqa: PLC0415

                group.create_task(serve_ops(ops_address, health, metrics))
    except ExceptionGroup as group_error:
        raise _first_cause(group_error) from None


def _metrics() -> Metrics:
    from adapters.metrics import Metrics  # noqa: PLC0415 - prometheus-client only when served

    return Metrics()


def _starters(
    platforms: list[str], env: Mapping[str, str], problems: Problems
) -> list[tuple[str, Serve, object]]:
    """Each named platform's serving function and settings (problems noted, not raised)."""
    from adapters import connections  # noqa: PLC0415 - serving platforms, not asking once

    starters: list[tuple[str, Serve, object]] = []
    if "discord" in platforms:
        from adapters import discord_  # noqa: PLC0415 - only load the client that is used

        discord_settings = _collect(problems, discord_.load_settings, env)
        starters.append(("discord", connections.serve_discord, discord_settings))
    if "slack" in platforms:
        from adapters import slack_  # noqa: PLC0415 - only load the client that is used

        slack_settings = _collect(problems, slack_.load_settings, env)
        starters.append(("slack", connections.serve_slack, slack_settings))
    return starters


def _first_cause(group: ExceptionGroup[Exception]) -> Exception:
    """The exception to report for a failed task group: a platform that cannot be
    used (one line for the operator) before anything else; the group itself when
    several unrelated things failed, so that nothing is hidden."""
    platform_errors, _ = group.split(PlatformError)
    if platform_errors is not None:
        return _leaves(platform_errors)[0]
    leaves = _leaves(group)
    return leaves[0] if len(leaves) == 1 else group


def _leaves(group: BaseExceptionGroup[Exception]) -> list[Exception]:
    found: list[Exception] = []
    for error in group.exceptions:
        if isinstance(error, BaseExceptionGroup):
            found.extend(_leaves(error))
        else:
            found.append(error)
    return found


def _collect(
    problems: Problems, load: Callable[[Mapping[str, str]], object], env: Mapping[str, str]
) -> object:
    try:
        return load(env)
    except SettingsError as err:
        for problem in err.problems:
            problems.add(problem)
        return None
