"""The composition root: builds the store and the ``Bot`` from settings, and
runs the chosen chat platforms and the scheduler together on one event loop
over one store."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from adapters.feeds import FeedPoller
from adapters.platform_errors import PlatformError
from adapters.settings import (
    Problems,
    SettingsError,
    date_order,
    default_db_path,
    fetch_private,
    load_scheduler_settings,
    timezone_name,
)
from bot.context import BotSettings
from bot.core import Bot
from bot.messages import FileIn, FileOut
from bot.ports import EventStore, Transfers
from bot.reminders.scheduler_settings import SchedulerSettings
from bot.transfer_report import ImportReport
from storage import SqliteEventStore, open_store
from storage.feed_store import SqliteFeedStore
from storage.review_store import SqliteReviewQueue
from storage.zone_store import SqliteZoneStore

log = logging.getLogger(__name__)

# Each platform package exports ``load_settings(env)`` and ``serve(settings, bot)``.
Serve = Callable[[Any, Bot], Coroutine[Any, Any, None]]


@dataclass(frozen=True, slots=True)
class CoreSettings:
    db_path: Path
    sample: bool
    bot: BotSettings
    scheduler: SchedulerSettings = field(default_factory=SchedulerSettings)
    fetch_private: bool = False  # may feeds (and their pages) be fetched from private hosts


def load_core_settings(env: Mapping[str, str], problems: Problems) -> CoreSettings:
    """``DATELINE_DB``, ``DATELINE_SAMPLE``, ``DATELINE_TZ`` and ``DATELINE_DATE_ORDER``."""
    sample_flag = env.get("DATELINE_SAMPLE", "1").strip().lower()
    if sample_flag not in ("0", "1", "", "on", "off", "true", "false", "yes", "no"):
        problems.add(f"DATELINE_SAMPLE must be 0 or 1, not “{sample_flag[:20]}”")
    return CoreSettings(
        db_path=default_db_path(env),
        sample=sample_flag not in ("0", "off", "false", "no"),
        bot=BotSettings(
            default_tz=timezone_name(env, "DATELINE_TZ", problems),
            numeric_order=date_order(env, "DATELINE_DATE_ORDER", problems),
        ),
        scheduler=load_scheduler_settings(env, problems),
        fetch_private=fetch_private(env, problems),
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
async def running_bot(settings: CoreSettings) -> AsyncIterator[Bot]:
    """Open (and if new, seed) the store, and close it however the block ends. Events,
    subscriptions, spaces' time zones, chat exports and imports and the review queue
    and the feeds share its one connection."""
    store: SqliteEventStore = await open_store(
        settings.db_path, sample=settings.sample, now=datetime.now(UTC)
    )
    try:
        zones = SqliteZoneStore.sharing(store)
        review = SqliteReviewQueue.sharing(store)
        feeds = FeedPoller(store, SqliteFeedStore.sharing(store), review,
                           allow_private=settings.fetch_private)
        yield Bot(store, settings.bot, store.reminders, zones, LazyTransfers(store),
                  review=review, feeds=feeds)
    finally:
        await store.close()


async def run_platforms(
    platforms: list[str], env: Mapping[str, str] | None = None, *, console: bool = False
) -> None:
    """Start every named platform adapter, the scheduler and the feed poller on this loop,
    sharing one store and one Bot. ``console`` also posts console subscriptions to stdout.

    Settings for all platforms are read before anything connects, so one
    message lists every problem. Raises ``SettingsError``, and ``PlatformError``
    when a platform cannot be reached or refuses its token (not an exception
    group: the command line reports it as one line).
    """
    env = os.environ if env is None else env
    problems = Problems()
    core = load_core_settings(env, problems)
    starters: list[tuple[str, Serve, object]] = []
    if "discord" in platforms:
        from adapters import discord_  # noqa: PLC0415 - only load the client that is used

        discord_settings = _collect(problems, discord_.load_settings, env)
        starters.append(("discord", discord_.serve, discord_settings))
    if "slack" in platforms:
        from adapters import slack_  # noqa: PLC0415 - only load the client that is used

        slack_settings = _collect(problems, slack_.load_settings, env)
        starters.append(("slack", slack_.serve, slack_settings))
    problems.raise_if_any()
    # Loaded here: a one-off ``dateline ask`` neither schedules nor publishes.
    from adapters.clock import SystemClock  # noqa: PLC0415
    from adapters.scheduling import make_scheduler, open_publishers  # noqa: PLC0415

    posting = [*platforms, "console"] if console else platforms
    try:
        async with (
            running_bot(core) as bot,
            open_publishers(posting, env, sys.stdout) as publishers,
            asyncio.TaskGroup() as group,
        ):
            for name, serve, platform_settings in starters:
                log.info("starting the %s adapter", name)
                group.create_task(serve(platform_settings, bot))
            group.create_task(make_scheduler(bot, publishers, core.scheduler).run())
            if isinstance(bot.feeds, FeedPoller):  # the feeds are polled beside the posts
                group.create_task(bot.feeds.run(SystemClock()))
    except ExceptionGroup as group_error:
        raise _first_cause(group_error) from None


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
