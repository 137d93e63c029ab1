"""``dateline feeds poll``: poll every due feed once, now, and print what each queued.

This is one pass of the loop ``dateline run`` keeps (``FeedPoller.poll_due``), for an
operator who runs no bot process, or wants the feeds read now: paused feeds are left
alone, a failing feed backs off as it would there, and a feed polled here is next due
``DATELINE_FEED_POLL_MINUTES`` later. Candidates join the review queue (auto-published
where the feed's threshold says so), queued as the moderator who subscribed the feed.

Exit codes: 0 every due feed was polled, or none was due; 1 the store cannot be opened
(or ``--db`` names a folder that does not exist); 2 usage errors and bad settings; 3 some
feed failed (it is tried again after its back-off).
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TextIO

from adapters.composition import CoreSettings, load_core_settings, running_bot
from adapters.console_render import terminal_safe
from adapters.feeds import FeedPoller
from adapters.settings import Problems, SettingsError, feed_poll_every
from bot.errors import StoreError
from bot.feed_port import Feed, PollResult

NOT_DONE = 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dateline feeds", description="The subscribed RSS and Atom feeds."
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    poll = actions.add_parser(
        "poll", help="poll every due feed once now and print what was queued for review"
    )
    poll.add_argument(
        "--db", metavar="PATH",
        help="database file (default: $DATELINE_DB, else the user's data directory)",
    )
    return parser


def main(argv: Sequence[str], env: Mapping[str, str], out: TextIO, err: TextIO,
         now: datetime) -> int:
    """Run ``dateline feeds ARGV`` as at ``now`` (the caller reads the clock)."""
    args = build_parser().parse_args(list(argv))
    overrides = dict(env)
    if args.db:
        overrides["DATELINE_DB"] = args.db
    problems = Problems()
    core = load_core_settings(overrides, problems)
    every = feed_poll_every(overrides, problems)
    if problems.found:
        err.write(SettingsError(problems.found).message() + "\n")
        return 2
    try:
        results, feeds = asyncio.run(_poll(core, every, now))
    except (StoreError, OSError, sqlite3.Error) as error:
        err.write(f"dateline: cannot open the database {core.location.describe()}: {error}\n")
        return 1
    for line in report(results, feeds):
        # A feed's error and item keys come from its server: shown, never obeyed.
        out.write(terminal_safe(line) + "\n")
    return NOT_DONE if any(r.error is not None for r in results) else 0


async def _poll(core: CoreSettings, every: timedelta,
                now: datetime) -> tuple[list[PollResult], list[Feed]]:
    async with running_bot(core) as bot:
        if bot.feeds is None or bot.review is None:  # pragma: no cover - always built
            raise StoreError("this store keeps no feeds")
        poller = FeedPoller(bot.store, bot.feeds.store, bot.review,
                            allow_private=core.fetch_private, poll_every=every)
        results = await poller.poll_due(now)
        return results, await poller.store.feeds()


def report(results: list[PollResult], feeds: list[Feed]) -> list[str]:
    """What the pass did, one line a feed polled or paused, then the totals."""
    if not feeds:
        return ["no feed is subscribed: a moderator adds one in chat with “feed add URL”"]
    lines = [r.line() for r in results]
    lines += [f"feed {f.id} is paused: not polled" for f in feeds if f.paused]
    polled = [f for f in feeds if not f.paused]
    if not results:
        upcoming = min((f.next_poll_at for f in polled), default=None)
        when = (f"; the next is due at {upcoming.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
                if upcoming else "")
        return [*lines, f"no feed is due{when}"]
    failed = sum(r.error is not None for r in results)
    total = (f"polled {len(results)} of {len(feeds)} feeds: queued "
             f"{sum(r.queued for r in results)} for review "
             f"({sum(r.already for r in results)} already queued)")
    if published := sum(r.published for r in results):
        total += f", auto-published {published}"
    if failed:
        total += f"; {failed} failed and will be tried again later"
    return [*lines, total]
