"""Pausing and resuming feeds, the poll interval setting and ``dateline feeds poll``,
against a local server and a real SQLite store: a paused feed is not polled (by the loop,
by ``feed poll`` or by the command line) and shows as paused; pausing and resuming are
audited; ``DATELINE_FEED_POLL_MINUTES`` sets when a polled feed is next due."""

from __future__ import annotations

import asyncio
import io
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.feeds import FeedPoller
from adapters.feeds_cli import main as feeds_main
from adapters.settings import Problems, feed_poll_every
from bot.core import Bot
from bot.messages import Actor, Incoming, Reply, ReplyKind, Role
from storage import SqliteEventStore
from storage.feed_store import SqliteFeedStore
from storage.review_store import SqliteReviewQueue
from tests.adapters.feed_server import Site, feed_site
from tests.bot.scheduling_fakes import SteppedClock

NOW = datetime(2020, 1, 20, 12, 0, tzinfo=UTC)
EVERY = timedelta(minutes=90)


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    async with feed_site() as served:
        yield served


@pytest.fixture
def poller(store: SqliteEventStore) -> FeedPoller:
    return FeedPoller(store, SqliteFeedStore.sharing(store), SqliteReviewQueue.sharing(store),
                      allow_private=True, poll_every=EVERY)


@pytest.fixture
def bot(store: SqliteEventStore, poller: FeedPoller) -> Bot:
    return Bot(store, review=SqliteReviewQueue.sharing(store), feeds=poller)


async def say(bot: Bot, text: str, role: Role = Role.MODERATOR) -> Reply:
    return await bot.handle(Incoming(text, Actor("test", "M1", "Mod", role), "C1", NOW, "UTC"))


async def audit_details(store: SqliteEventStore) -> list[str]:
    bot = Bot(store)
    reply = await say(bot, "audit 20")
    return [line for s in reply.sections for line in map(str, s.lines)]


async def test_a_paused_feed_is_not_polled_until_resumed(
    bot: Bot, poller: FeedPoller, site: Site, store: SqliteEventStore
) -> None:
    await say(bot, f"feed add {site.base}/rss")
    paused = await say(bot, "feed pause 1")
    assert paused.kind is ReplyKind.DONE and "not polled until" in paused.text
    listed = str(await say(bot, "feeds"))
    assert "paused" in listed and "Not polled until it is resumed" in listed
    assert await poller.poll_due(NOW) == []
    refused = await say(bot, "feed poll 1")
    assert refused.kind is ReplyKind.ERROR and "feed resume 1" in refused.text
    again = await say(bot, "feed pause 1")
    assert again.kind is ReplyKind.ERROR and "paused already" in again.text
    assert site.requests == []
    resumed = await say(bot, "feed resume 1")
    assert resumed.kind is ReplyKind.DONE
    [result] = await poller.poll_due(NOW)
    assert result.error is None and result.queued == 2
    details = " ".join(await audit_details(store))
    # One entry each, none for the refused second pause.
    assert details.count("paused") == 1 and details.count("resumed") == 1


async def test_members_may_not_pause_feeds(bot: Bot, poller: FeedPoller, site: Site) -> None:
    await say(bot, f"feed add {site.base}/rss")
    for text in ("feed pause 1", "feed resume 1"):
        assert (await say(bot, text, Role.MEMBER)).kind is ReplyKind.ERROR
    feed = await poller.store.feed(1)
    assert feed is not None and not feed.paused


@pytest.mark.parametrize("text", ["feed pause", "feed pause 9", "feed pause x'; DROP TABLE "
                                  "feeds; --", "feed resume 0", "feed resume 1"])
async def test_bad_pause_arguments_get_a_reply(bot: Bot, site: Site, text: str) -> None:
    await say(bot, f"feed add {site.base}/rss")
    reply = await say(bot, text)
    assert reply.kind is ReplyKind.ERROR and "went wrong" not in reply.text, reply.text
    assert (await say(bot, "feeds")).kind is ReplyKind.LIST  # the table is still there


async def test_a_polled_feed_is_next_due_after_the_interval(
    bot: Bot, poller: FeedPoller, site: Site
) -> None:
    await say(bot, f"feed add {site.base}/rss")
    await poller.poll_due(NOW)
    feed = await poller.store.feed(1)
    assert feed is not None and feed.next_poll_at == NOW + EVERY
    await say(bot, "feed pause 1")
    clock = SteppedClock(NOW)
    task = asyncio.create_task(poller.run(clock))
    try:
        # Nothing to poll: the loop naps for one interval.
        assert await clock.asleep() == NOW + EVERY
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


@pytest.mark.parametrize(("raw", "minutes"), [("", 30), ("45", 45), (" 1 ", 1), ("1440", 1440)])
def test_the_poll_interval_setting(raw: str, minutes: int) -> None:
    problems = Problems()
    every = feed_poll_every({"DATELINE_FEED_POLL_MINUTES": raw}, problems)
    assert problems.found == [] and every == timedelta(minutes=minutes)


@pytest.mark.parametrize("raw", ["0", "1441", "-5", "1.5", "half an hour", "9" * 30])
def test_a_bad_poll_interval_is_named(raw: str) -> None:
    problems = Problems()
    assert feed_poll_every({"DATELINE_FEED_POLL_MINUTES": raw}, problems) == timedelta(
        minutes=30)
    [problem] = problems.found
    assert problem.startswith("DATELINE_FEED_POLL_MINUTES must be a whole number of minutes "
                              "from 1 to 1440")


async def _cli(db: Path, *args: str, minutes: str = "45") -> tuple[int, str, str]:
    env = {"DATELINE_DB": str(db), "DATELINE_SAMPLE": "0", "DATELINE_FETCH_PRIVATE": "1",
           "DATELINE_FEED_POLL_MINUTES": minutes}
    out, err = io.StringIO(), io.StringIO()
    # The command line runs its own event loop; the test's serves the feeds meanwhile.
    code = await asyncio.to_thread(feeds_main, ["poll", *args], env, out, err, NOW)
    return code, out.getvalue(), err.getvalue()


def _sql(db: Path, statement: str) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(statement)


async def test_the_command_line_polls_the_due_feeds_once(tmp_path: Path, site: Site) -> None:
    db = tmp_path / "cli.sqlite3"
    code, out, _ = await _cli(db)
    assert (code, out) == (0, "no feed is subscribed: a moderator adds one in chat with "
                              "“feed add URL”\n")
    store = await SqliteEventStore.open(db)
    try:
        feeds = SqliteFeedStore.sharing(store)
        await feeds.add_feed(f"{site.base}/rss", None, "test:M1", NOW)
        await feeds.add_feed(f"{site.base}/broken", None, "test:M1", NOW)
        await feeds.add_feed(f"{site.base}/atom", None, "test:M1", NOW)
        await feeds.set_paused(3, True, "test:M1", NOW)
    finally:
        await store.close()
    code, out, _ = await _cli(db)
    assert code == 3  # the broken feed failed
    assert out.splitlines() == [
        "feed 1: 2 new or changed items, queued 2 for review (0 already queued)",
        "feed 2 failed: 127.0.0.1: the server answered 500 Internal Server Error",
        "feed 3 is paused: not polled",
        "polled 2 of 3 feeds: queued 2 for review (0 already queued); 1 failed and will be "
        "tried again later",
    ], out
    assert "/atom" not in site.requests
    _sql(db, "UPDATE feeds SET failures = 0, next_poll_at = '2099-01-01T00:00:00+00:00' "
             "WHERE id = 2")
    code, out, _ = await _cli(db)
    assert code == 0
    assert out.splitlines()[-1] == "no feed is due; the next is due at 2020-01-20 12:45 UTC"


async def test_the_command_line_refuses_a_bad_interval(tmp_path: Path) -> None:
    code, out, err = await _cli(tmp_path / "x.sqlite3", minutes="never")
    assert (code, out) == (2, "")
    assert "DATELINE_FEED_POLL_MINUTES must be a whole number of minutes" in err
    assert not (tmp_path / "x.sqlite3").exists()
