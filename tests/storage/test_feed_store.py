"""The feeds' storage contract, on both engines: subscribing (audited, once per URL),
unsubscribing (audited, forgetting the feed's items), pausing and resuming (audited
when it changes something), which feeds are due, the items seen in each, and a poll's
outcome (success resets the failures; a failure counts, keeps its reason and moves the
next poll)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest
from storage_helpers import NOW

from bot.errors import ConflictError
from bot.feed_port import Feed, FeedStore
from storage import SqliteEventStore
from storage.feed_store import SqliteFeedStore
from storage.postgres.event_store import PgEventStore
from storage.postgres.feed_store import PgFeedStore

Store = SqliteEventStore | PgEventStore
URL = "https://news.test/feed.xml"


def feed_store(store: Store) -> FeedStore:
    """The engine's feed store on ``store``."""
    if isinstance(store, PgEventStore):
        return PgFeedStore.sharing(store)
    return SqliteFeedStore.sharing(store)


async def test_adding_a_feed_makes_it_due_at_once_and_audits_it(store: Store) -> None:
    feeds = feed_store(store)
    added = await feeds.add_feed(URL, 0.85, "test:M1", NOW)
    assert added == Feed(added.id, URL, "test:M1", NOW, 0.85, NOW)
    assert await feeds.feeds() == [added]
    assert await feeds.feed(added.id) == added
    assert await feeds.feed(added.id + 1) is None
    assert await feeds.due(NOW) == [added]
    assert await feeds.due(NOW - timedelta(seconds=1)) == []
    (entry,) = await store.changes()
    assert (entry.action, entry.actor, entry.at, entry.event_id) == (
        "feed", "test:M1", NOW, None)
    assert entry.detail == f"feed {URL} subscribed, auto-publishing at 0.85"


async def test_a_feed_is_subscribed_once(store: Store) -> None:
    feeds = feed_store(store)
    first = await feeds.add_feed(URL, None, "test:M1", NOW)
    with pytest.raises(ConflictError, match="subscribed already"):
        await feeds.add_feed(URL, 0.9, "test:M2", NOW)
    assert await feeds.feeds() == [first] and first.auto_publish is None
    assert await store.count_changes() == 1  # the refused one left no entry


async def test_removing_a_feed_forgets_its_items_and_is_audited(store: Store) -> None:
    feeds = feed_store(store)
    added = await feeds.add_feed(URL, None, "test:M1", NOW)
    other = await feeds.add_feed(URL + "?other", None, "test:M1", NOW)
    await feeds.mark_seen(added.id, "guid-1", "c1", NOW)
    await feeds.mark_seen(other.id, "guid-1", "c1", NOW)
    assert await feeds.remove_feed(added.id, "test:M2", NOW) == added
    assert await feeds.remove_feed(added.id, "test:M2", NOW) is None
    assert await feeds.feeds() == [other]
    assert not await feeds.seen(added.id, "guid-1", "c1")
    assert await feeds.seen(other.id, "guid-1", "c1")
    entry = (await store.changes())[0]
    assert (entry.action, entry.actor, entry.detail) == (
        "feed", "test:M2", f"feed {added.id} ({URL}) removed")
    # Subscribed again, it is a new feed with nothing seen.
    again = await feeds.add_feed(URL, None, "test:M1", NOW)
    assert again.id not in (added.id, other.id)
    assert not await feeds.seen(again.id, "guid-1", "c1")


async def test_marking_an_item_of_a_removed_feed_is_harmless(store: Store) -> None:
    feeds = feed_store(store)
    added = await feeds.add_feed(URL, None, "test:M1", NOW)
    await feeds.remove_feed(added.id, "test:M1", NOW)
    # A poll that was under way when the feed was removed finishes quietly.
    await feeds.mark_seen(added.id, "guid-1", "c1", NOW)
    await feeds.polled(added.id, NOW, NOW + timedelta(minutes=30))
    await feeds.failed(added.id, NOW, "gone", NOW + timedelta(minutes=5))
    assert await feeds.feeds() == []


async def test_an_item_is_seen_per_feed_key_and_content(store: Store) -> None:
    feeds = feed_store(store)
    one = await feeds.add_feed(URL, None, "test:M1", NOW)
    two = await feeds.add_feed(URL + "2", None, "test:M1", NOW)
    long_key = "https://news.test/" + "x" * 5000
    assert not await feeds.seen(one.id, long_key, "c1")
    await feeds.mark_seen(one.id, long_key, "c1", NOW)
    await feeds.mark_seen(one.id, long_key, "c1", NOW)  # twice: still once, no error
    assert await feeds.seen(one.id, long_key, "c1")
    assert not await feeds.seen(one.id, long_key, "c2")  # changed: read again
    assert not await feeds.seen(one.id, long_key[:-1], "c1")
    assert not await feeds.seen(two.id, long_key, "c1")


async def test_due_feeds_come_in_order_of_their_next_poll(store: Store) -> None:
    feeds = feed_store(store)
    first = await feeds.add_feed(URL + "1", None, "test:M1", NOW)
    second = await feeds.add_feed(URL + "2", None, "test:M1", NOW)
    third = await feeds.add_feed(URL + "3", None, "test:M1", NOW)
    await feeds.polled(first.id, NOW, NOW + timedelta(minutes=30))
    await feeds.polled(second.id, NOW, NOW + timedelta(minutes=10))
    assert [f.id for f in await feeds.due(NOW)] == [third.id]
    assert [f.id for f in await feeds.due(NOW + timedelta(minutes=10))] == [
        third.id, second.id]
    assert [f.id for f in await feeds.due(NOW + timedelta(hours=1))] == [
        third.id, second.id, first.id]


async def test_failures_count_and_a_success_clears_them(store: Store) -> None:
    feeds = feed_store(store)
    added = await feeds.add_feed(URL, None, "test:M1", NOW)
    later = NOW + timedelta(minutes=1)
    await feeds.failed(added.id, NOW, "HTTP 500", NOW + timedelta(minutes=5))
    await feeds.failed(added.id, later, "x" * 2000, later + timedelta(minutes=10))
    failing = await feeds.feed(added.id)
    assert failing is not None
    assert (failing.failures, failing.last_poll_at, failing.next_poll_at) == (
        2, later, later + timedelta(minutes=10))
    assert failing.last_error == "x" * 500  # reasons are cut short
    assert await feeds.due(later + timedelta(minutes=9)) == []
    assert await feeds.due(later + timedelta(minutes=10)) == [failing]
    done = later + timedelta(minutes=10)
    await feeds.polled(added.id, done, done + timedelta(minutes=30))
    assert await feeds.feed(added.id) == Feed(
        added.id, URL, "test:M1", NOW, None, done + timedelta(minutes=30), done, 0, None)


async def test_a_paused_feed_is_kept_but_never_due(store: Store) -> None:
    feeds = feed_store(store)
    added = await feeds.add_feed(URL, None, "test:M1", NOW)
    await feeds.mark_seen(added.id, "guid-1", "c1", NOW)
    paused = await feeds.set_paused(added.id, True, "test:M2", NOW)
    assert paused == replace(added, paused=True) and await feeds.feed(added.id) == paused
    assert await feeds.due(NOW + timedelta(days=1)) == []
    assert await feeds.feeds() == [paused]
    assert await feeds.seen(added.id, "guid-1", "c1")  # what it had seen is kept
    assert await feeds.set_paused(added.id, True, "test:M2", NOW) == paused  # no change
    resumed = await feeds.set_paused(added.id, False, "test:M3", NOW)
    assert resumed == added and await feeds.due(NOW) == [added]
    assert await feeds.set_paused(added.id + 1, True, "test:M2", NOW) is None
    entries = await store.changes()
    assert [(e.action, e.actor, e.detail) for e in entries[:2]] == [
        ("feed", "test:M3", f"feed {added.id} ({URL}) resumed"),
        ("feed", "test:M2", f"feed {added.id} ({URL}) paused"),
    ]
    assert len(entries) == 3  # subscribed, paused, resumed: the repeated pause wrote none


async def test_two_processes_pausing_at_once_audit_one_pause(pg_dsn: str) -> None:
    stores = [await PgEventStore.open(pg_dsn) for _ in range(2)]
    try:
        one, two = (PgFeedStore.sharing(s) for s in stores)
        added = await one.add_feed(URL, None, "test:M1", NOW)
        results = await asyncio.gather(one.set_paused(added.id, True, "test:M1", NOW),
                                       two.set_paused(added.id, True, "test:M2", NOW))
        assert all(r is not None and r.paused for r in results)
        assert await stores[0].count_changes() == 2  # subscribed, and paused once
    finally:
        for opened in stores:
            await opened.close()
