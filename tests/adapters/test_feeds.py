"""Feeds end to end against a local server (never the internet): a moderator subscribes
an RSS or Atom feed, a poll queues its items' candidates once (again only when an item's
content changes), a threshold auto-publishes, a failing feed backs off and shows its
error in ``feeds`` and ``status``, and the loop polls on the injected clock."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.composition import CoreSettings, running_bot
from adapters.feeds import FeedPoller
from adapters.store_location import StoreLocation
from bot.context import BotSettings
from bot.core import Bot
from bot.messages import Actor, Incoming, Reply, ReplyKind, Role
from tests.adapters.feed_server import LONG, Site, feed_site, rss
from tests.bot.scheduling_fakes import SteppedClock

NOW = datetime(2020, 1, 20, 12, 0, tzinfo=UTC)


def settings(db: Path, *, private: bool = True) -> CoreSettings:
    return CoreSettings(StoreLocation(db), False, BotSettings(), fetch_private=private)


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    async with feed_site() as served:
        yield served


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[Bot]:
    async with running_bot(settings(tmp_path / "d.sqlite3")) as opened:
        yield opened


async def say(bot: Bot, text: str, role: Role = Role.MODERATOR, at: datetime = NOW) -> Reply:
    return await bot.handle(Incoming(text, Actor("test", "M1", "Mod", role), "C1", at, "UTC"))


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute(sql))


async def test_a_poll_queues_each_item_once(bot: Bot, site: Site, tmp_path: Path) -> None:
    added = await say(bot, f"feed add {site.base}/rss")
    assert added.kind is ReplyKind.DONE, added.text
    first = await say(bot, "feed poll 1")
    assert first.kind is ReplyKind.DONE, first.text
    assert "2 new or changed items" in first.text
    db = tmp_path / "d.sqlite3"
    quotes = rows(db, "SELECT article_url, quote FROM candidates ORDER BY id")
    # The first item's own full text is read; the teaser item's page is fetched.
    assert [url for url, _ in quotes] == [f"{site.base}/soleimani", f"{site.base}/missiles"]
    assert site.requests == ["/rss", "/missiles"]
    again = await say(bot, "feed poll 1")
    assert "0 new or changed items, queued 0" in again.text
    assert site.requests[-1] == "/rss"  # nothing fetched for items already seen
    assert len(rows(db, "SELECT id FROM candidates")) == len(quotes)


async def test_a_changed_item_is_read_again(bot: Bot, site: Site, tmp_path: Path) -> None:
    await say(bot, f"feed add {site.base}/rss")
    await say(bot, "feed poll 1")
    site.feed_text = rss(site.base, LONG + " On 27 December 2019, a rocket attack killed an "
                         "American contractor at a base near Kirkuk.")
    changed = await say(bot, "feed poll 1")
    # Only the changed item is read; its unchanged sentence is queued already.
    assert "1 new or changed items, queued 1 for review (1 already queued)" in changed.text
    quotes = [q for (q,) in rows(tmp_path / "d.sqlite3", "SELECT quote FROM candidates")]
    assert any("near Kirkuk" in q for q in quotes)


async def test_an_atom_feed_auto_publishes_above_its_threshold(
        bot: Bot, site: Site, tmp_path: Path) -> None:
    added = await say(bot, f"feed add {site.base}/atom auto-publish 0.5")
    assert "published at once" in added.text
    polled = await say(bot, "feed poll 1")
    assert "auto-published 1" in polled.text, polled.text
    db = tmp_path / "d.sqlite3"
    assert rows(db, "SELECT status FROM events") == [("published",)]
    assert ("approve", "test:M1") in rows(db, "SELECT action, actor FROM changes")
    assert ("feed", "test:M1") in rows(db, "SELECT action, actor FROM changes")


async def test_a_failing_feed_backs_off_and_shows_its_error(bot: Bot, site: Site) -> None:
    await say(bot, f"feed add {site.base}/broken")
    await say(bot, f"feed add {site.base}/garbage")
    assert isinstance(bot.feeds, FeedPoller)
    first = await bot.feeds.poll_due(NOW)
    assert [r.error is not None for r in first] == [True, True]
    assert "500" in (first[0].error or "")
    assert "not an RSS or Atom feed" in (first[1].error or "")
    feed = await bot.feeds.store.feed(1)
    assert feed is not None and feed.next_poll_at == NOW + timedelta(minutes=5)
    assert await bot.feeds.poll_due(NOW + timedelta(minutes=1)) == []  # not due yet
    later = NOW + timedelta(minutes=5)
    await bot.feeds.poll_due(later)
    feed = await bot.feeds.store.feed(1)
    assert feed is not None and feed.failures == 2
    assert feed.next_poll_at == later + timedelta(minutes=10)
    listed = await say(bot, "feeds")
    assert "Failed 2 times in a row" in str(listed) and "500" in str(listed)
    status = await say(bot, "status")
    assert "Feeds: 2 feeds, 2 failing" in str(status) and "not an RSS or Atom feed" in str(status)


async def test_members_may_not_manage_feeds(bot: Bot, site: Site) -> None:
    for text in ("feeds", f"feed add {site.base}/rss", "feed poll 1"):
        reply = await say(bot, text, Role.MEMBER)
        assert reply.kind is ReplyKind.ERROR, text
    assert isinstance(bot.feeds, FeedPoller)
    assert await bot.feeds.store.feeds() == []


async def test_private_addresses_are_refused_unless_allowed(tmp_path: Path, site: Site) -> None:
    async with running_bot(settings(tmp_path / "p.sqlite3", private=False)) as strict:
        refused = await say(strict, f"feed add {site.base}/rss")
        assert refused.kind is ReplyKind.ERROR and "loopback" in refused.text
        metadata = await say(strict, "feed add http://169.254.169.254/feed")
        assert metadata.kind is ReplyKind.ERROR and "link-local" in metadata.text
        scheme = await say(strict, "feed add ftp://example.com/rss")
        assert scheme.kind is ReplyKind.ERROR and "only http and https" in scheme.text
    assert site.requests == []


async def test_adding_twice_and_bad_arguments(bot: Bot, site: Site) -> None:
    await say(bot, f"feed add {site.base}/rss")
    twice = await say(bot, f"feed add {site.base}/rss")
    assert twice.kind is ReplyKind.ERROR and "subscribed already" in twice.text
    assert "confidence from 0 to 1" in (await say(bot, f"feed add {site.base}/a "
                                                       "auto-publish 2")).text
    assert (await say(bot, "feed remove 9")).kind is ReplyKind.ERROR
    assert (await say(bot, "feed remove 1")).kind is ReplyKind.DONE
    assert (await say(bot, "feeds")).kind is ReplyKind.EMPTY


async def test_the_loop_polls_on_its_clock(bot: Bot, site: Site) -> None:
    assert isinstance(bot.feeds, FeedPoller)
    await say(bot, f"feed add {site.base}/rss")
    clock = SteppedClock(NOW)
    task = asyncio.create_task(bot.feeds.run(clock))
    try:
        wake = await clock.asleep()
        assert wake == NOW + timedelta(minutes=30)
        assert site.requests.count("/rss") == 1
        await clock.set(wake)
        await clock.asleep()
        assert site.requests.count("/rss") == 2
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
