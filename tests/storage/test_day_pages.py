"""A day's page (``on_month_days_page`` for one (month, day)): its events, total and first
and last start agree with the whole list for every page, including pages that cross or
pass the end, whether it is read on the loop's thread (``storage.inline_reads``) or
through aiosqlite; and the reader on the loop's thread never waits for a lock."""

from __future__ import annotations

import sqlite3
from dataclasses import fields, replace
from datetime import UTC, date, datetime
from pathlib import Path

import aiosqlite
import pytest

from bot.errors import StoreError
from bot.model import Event, Source, Status
from bot.ports import EventPage
from storage.inline_reads import InlineReader, in_wal_mode
from storage.sqlite_store import SqliteEventStore
from tests.storage.storage_helpers import NOW, make_event

BOTH = (Status.PUBLISHED, Status.DRAFT)


async def seven_januaries(store: SqliteEventStore) -> None:
    """Events on 7 January in many years, several on one day (ordered by id), with drafts,
    a range, and month- and year-precision events that a day never lists."""
    await store.import_events(
        [make_event(f"{1900 + (i * 37) % 120}-01-07", f"day {i}") for i in range(23)]
        + [make_event("1950-01-07", f"same day {i}") for i in range(3)]
        + [make_event("1960-01-07", "a week", end="1960-01-14"),
           make_event("1970-01-07", "draft", status=Status.DRAFT),
           make_event("1980-01", "January 1980"), make_event("1990", "1990"),
           make_event("2000-01-08", "the day after")],
        "a", NOW,
    )


async def assert_pages_agree(
    store: SqliteEventStore, statuses: tuple[Status, ...] = (Status.PUBLISHED,)
) -> None:
    every = await store.on_month_days([(1, 7)], statuses, limit=1000)
    assert len(every) == await store.count_on_month_days([(1, 7)], statuses)
    first = every[0].date.start if every else None
    last = every[-1].date.start if every else None
    for limit in (0, 1, 7, 25, 40):
        for offset in range(len(every) + 3):
            page = await store.on_month_days_page(
                [(1, 7)], statuses, limit=limit, offset=offset)
            expected = EventPage(every[offset:offset + limit], len(every), first, last)
            assert page == expected, (limit, offset)


async def test_every_page_of_a_day_agrees_with_the_whole_list(store: SqliteEventStore) -> None:
    await seven_januaries(store)
    await assert_pages_agree(store)
    await assert_pages_agree(store, BOTH)
    page = await store.on_month_days_page([(1, 7)], limit=25)
    assert page.total == 27 and len(page.events) == 25  # 23 + 3 + the week; no draft
    assert [e.title for e in page.events[:3]] == ["day 0", "day 13", "day 10"]


async def test_a_day_page_reads_the_same_through_aiosqlite(sqlite_store: SqliteEventStore) -> None:
    await seven_januaries(sqlite_store)
    inline = await sqlite_store.on_month_days_page([(1, 7)], limit=10, offset=20)
    sqlite_store._inline = InlineReader()  # no inline reads: every read goes through aiosqlite
    await assert_pages_agree(sqlite_store)
    assert await sqlite_store.on_month_days_page([(1, 7)], limit=10, offset=20) == inline


async def test_an_empty_day_has_a_zero_total(store: SqliteEventStore) -> None:
    assert await store.on_month_days_page([(1, 7)]) == EventPage([], 0, None, None)
    await seven_januaries(store)
    assert await store.on_month_days_page([(3, 1)]) == EventPage([], 0, None, None)
    assert await store.on_month_days_page([(1, 7)], []) == EventPage([], 0, None, None)


async def test_a_day_page_event_is_the_stored_event_field_for_field(
    store: SqliteEventStore,
) -> None:
    sources = (Source("Reuters", "Headline", "https://x.example/1", date(2020, 1, 8), "said"),
               Source("AFP", "Other", None, None, None))
    event = replace(make_event("2020-01-07", "Full", end="2020-01-09", summary="Sum",
                               place="Paris", tags=("a", "b c")), sources=sources)
    added = await store.add(event, "alice", NOW)
    later = datetime(2024, 6, 1, 8, 30, tzinfo=UTC)
    updated = await store.update(replace(added, title="Full, edited"), "bob", later)
    [shown] = (await store.on_month_days_page([(1, 7)])).events
    assert shown == updated == await store.get(updated.id or 0)
    assert (shown.created_by, shown.updated_by, shown.version) == ("alice", "bob", 2)
    assert shown.updated_at == later and shown.sources == sources


def test_rows_build_events_in_the_order_event_declares_its_fields() -> None:
    # storage.rows.event_from_row passes every field by position, for speed.
    assert [f.name for f in fields(Event)] == [
        "date", "title", "summary", "place", "tags", "status", "sources", "id",
        "created_by", "created_at", "updated_by", "updated_at", "version", "merged_into",
    ]


async def test_a_file_store_reads_inline_and_a_memory_store_does_not(
    sqlite_store: SqliteEventStore,
) -> None:
    assert sqlite_store._inline.fetch("SELECT 1", ()) == [(1,)]
    in_memory = await SqliteEventStore.open(":memory:")
    try:
        assert in_memory._inline.fetch("SELECT 1", ()) is None
        await seven_januaries(in_memory)
        await assert_pages_agree(in_memory)
    finally:
        await in_memory.close()
    await sqlite_store.close()
    assert sqlite_store._inline.fetch("SELECT 1", ()) is None


async def test_wal_mode_is_what_allows_inline_reads(tmp_path: Path) -> None:
    conn = await aiosqlite.connect(str(tmp_path / "journal.db"), isolation_level=None)
    try:
        assert not await in_wal_mode(conn)  # a rollback journal: readers wait for writers
        await conn.execute("PRAGMA journal_mode = WAL")
        assert await in_wal_mode(conn)
    finally:
        await conn.close()


def test_an_inline_read_never_waits_for_a_lock(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    writer = sqlite3.connect(path, isolation_level=None)
    reader = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("CREATE TABLE t (x)")
        reader.execute("PRAGMA busy_timeout = 0")
        inline = InlineReader(reader)
        assert inline.fetch("SELECT count(*) FROM t", ()) == [(0,)]
        writer.execute("BEGIN EXCLUSIVE")  # in rollback-journal mode this shuts readers out
        assert inline.fetch("SELECT count(*) FROM t", ()) is None  # go through aiosqlite
        writer.execute("ROLLBACK")
        with pytest.raises(StoreError, match="no such table"):
            inline.fetch("SELECT * FROM missing", ())
    finally:
        writer.close()
        reader.close()
