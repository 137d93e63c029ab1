"""SqliteEventStore against a real database: writes, audit log and date lookups."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from storage_helpers import NOW, make_event, words

from bot.errors import NotFound
from bot.model import Event, EventDate, Precision, Source, Status
from storage.sqlite_store import SqliteEventStore


async def test_add_get_roundtrip_keeps_every_field(store: SqliteEventStore) -> None:
    event = make_event(
        "2020-01-03",
        "US drone strike kills Qasem Soleimani",
        summary="A strike near Baghdad airport.",
        place="Baghdad",
        tags=("iran", "Iraq", "united states"),
        sources=(
            Source("Reuters", "Iran's Soleimani killed", "https://example.com/a", date(2020, 1, 3)),
            Source("AP", "Analysis", None, None, "quoted passage"),
        ),
    )
    added = await store.add(event, "discord:1", NOW)
    assert added.id is not None
    assert (added.created_by, added.created_at) == ("discord:1", NOW)
    assert (added.updated_by, added.updated_at) == ("discord:1", NOW)
    assert await store.get(added.id) == added
    assert replace(added, id=None, created_by="", created_at=None, updated_by="",
                   updated_at=None, version=0) == event


@pytest.mark.parametrize(
    ("when", "end", "precision"),
    [("2019-10", None, Precision.MONTH), ("1989", None, Precision.YEAR),
     ("2020-01-03", "2020-01-08", Precision.DAY), ("2019-10", "2020-02", Precision.MONTH),
     ("1939", "1945", Precision.YEAR)],
)
async def test_roundtrip_precisions_and_ranges(
    store: SqliteEventStore, when: str, end: str | None, precision: Precision
) -> None:
    added = await store.add(make_event(when, end=end), "a", NOW)
    assert added.id is not None
    got = await store.get(added.id)
    assert got is not None
    assert got.date == EventDate.parse(when, end)
    assert got.date.precision is precision


async def test_timestamps_are_stored_in_utc(store: SqliteEventStore) -> None:
    paris = datetime(2024, 5, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    added = await store.add(make_event("2020-01-03"), "a", paris)
    assert added.id is not None
    got = await store.get(added.id)
    assert got is not None and got.created_at == NOW and got.created_at.tzinfo == UTC


async def test_naive_timestamps_are_refused(store: SqliteEventStore) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        await store.add(make_event("2020-01-03"), "a", datetime(2024, 5, 1))  # noqa: DTZ001
    assert await store.count() == 0


async def test_get_unknown_is_none(store: SqliteEventStore) -> None:
    assert await store.get(12345) is None


async def test_update_replaces_fields_sources_and_tags(store: SqliteEventStore) -> None:
    added = await store.add(
        make_event("2020-01-03", "Old", tags=("a", "b"), sources=(Source("X", "x"),)), "alice", NOW
    )
    later = NOW + timedelta(hours=1)
    edited = replace(added, title="New", date=EventDate.parse("2020-02"), tags=("c",),
                     sources=(Source("Y", "y", published=date(2020, 2, 2)),))
    result = await store.update(edited, "bob", later, action="correct")
    assert result.created_by == "alice" and result.created_at == NOW
    assert result.updated_by == "bob" and result.updated_at == later
    assert await store.get(added.id or 0) == result
    assert await store.search(words("Old")) == []
    assert [e.title for e in await store.search(words("New"))] == ["New"]
    assert await store.topics() == ["c"]
    changes = await store.changes(added.id)
    assert [(c.action, c.actor) for c in changes] == [("correct", "bob"), ("add", "alice")]


async def test_update_unknown_id_raises_not_found(store: SqliteEventStore) -> None:
    with pytest.raises(NotFound):
        await store.update(replace(make_event("2020-01-03"), id=99), "bob", NOW)
    with pytest.raises(NotFound):
        await store.update(make_event("2020-01-03"), "bob", NOW)


async def test_changes_newest_first_across_events(store: SqliteEventStore) -> None:
    first = await store.add(make_event("2020-01-03", "One"), "a", NOW)
    await store.add(make_event("2020-01-04", "Two"), "b", NOW + timedelta(minutes=1))
    await store.update(replace(first, title="Uno"), "c", NOW + timedelta(minutes=2))
    log = await store.changes(limit=2)
    assert [(c.actor, c.action, c.detail) for c in log] == [
        ("c", "edit", "Uno"),
        ("b", "add", "Two"),
    ]
    assert all(c.id is not None for c in log)
    assert len(await store.changes()) == 3


async def test_import_events_bulk(store: SqliteEventStore) -> None:
    events = [make_event(f"2020-01-{d:02d}", f"Event {d}", tags=("bulk",),
                         sources=(Source("P", f"S{d}"),)) for d in range(1, 11)]
    assert await store.import_events(events, "system:sample", NOW) == 10
    assert await store.count() == 10
    got = await store.on_month_days([(1, 5)])
    assert [e.title for e in got] == ["Event 5"]
    assert got[0].sources == (Source("P", "S5"),) and got[0].created_by == "system:sample"
    assert (await store.changes(limit=1))[0].action == "import"
    assert await store.topics("bu") == ["bulk"]


async def test_on_month_days_orders_oldest_first_and_filters(store: SqliteEventStore) -> None:
    await store.import_events(
        [make_event("2020-01-07", "c"), make_event("1999-01-07", "a"),
         make_event("2005-01-07", "b"), make_event("2005-01-08", "other day"),
         make_event("2005-01", "month precision"), make_event("2005", "year precision"),
         make_event("2010-01-07", "draft", status=Status.DRAFT)],
        "a", NOW,
    )
    assert [e.title for e in await store.on_month_days([(1, 7)])] == ["a", "b", "c"]
    both = await store.on_month_days([(1, 7), (1, 8)], limit=3)
    assert [e.title for e in both] == ["a", "b", "other day"]
    assert await store.count_on_month_days([(1, 7), (1, 8)]) == 4
    drafts = await store.on_month_days([(1, 7)], [Status.PUBLISHED, Status.DRAFT])
    assert [e.title for e in drafts] == ["a", "b", "draft", "c"]
    assert await store.on_month_days([(1, 7)], []) == []
    assert await store.on_month_days([]) == []


async def test_on_month_days_many_pairs_agrees_with_merged_lookups(
    store: SqliteEventStore,
) -> None:
    days = [(1, d) for d in range(1, 21)]
    await store.import_events(
        [make_event(f"{1950 + (d * 7) % 40}-01-{d:02d}", f"e{d}") for _, d in days], "a", NOW
    )
    everything = await store.on_month_days(days, limit=5)  # 20 lookups: one sorted query
    merged = await store.on_month_days(days[:12], limit=5)  # 12 lookups: merged in Python
    expected = sorted((e for e in everything), key=lambda e: e.date.start)
    assert everything == expected
    assert [e.date.start for e in merged] == sorted(e.date.start for e in merged)
    assert await store.count_on_month_days(days) == 20


async def test_on_month_days_feb_29(store: SqliteEventStore) -> None:
    await store.import_events(
        [make_event("2020-02-29", "leap"), make_event("2021-02-28", "common")], "a", NOW
    )
    assert [e.title for e in await store.on_month_days([(2, 29)])] == ["leap"]
    both = await store.on_month_days([(2, 28), (2, 29)])
    assert [e.title for e in both] == ["leap", "common"]


async def test_a_period_gets_overlapping_days_and_only_the_coarse_events_it_covers(
    store: SqliteEventStore,
) -> None:
    await store.import_events(
        [make_event("2019-10", "october"), make_event("2019", "the year"),
         make_event("2019-10-05", "day inside"), make_event("2019-09-28", "range",
                                                            end="2019-10-02"),
         make_event("2019-11-01", "after"), make_event("2018", "year before"),
         make_event("2010", "decade", end="2020"),
         make_event("2019-10-04", "draft", status=Status.DRAFT)],
        "a", NOW,
    )
    week = await store.in_period(date(2019, 10, 3), date(2019, 10, 8))
    assert [e.title for e in week] == ["day inside"]  # October and 2019 are not answers
    october = await store.in_period(date(2019, 10, 1), date(2019, 10, 31))
    assert [e.title for e in october] == ["range", "october", "day inside"]
    year = (date(2019, 1, 1), date(2019, 12, 31))
    assert await store.count_in_period(*year) == 5
    page = await store.in_period(*year, limit=2, offset=1)
    assert [e.title for e in page] == ["range", "october"]
    with_drafts = await store.in_period(date(2019, 10, 4), date(2019, 10, 4),
                                        [Status.PUBLISHED, Status.DRAFT])
    assert "draft" in [e.title for e in with_drafts]
    assert await store.in_period(date(2019, 10, 8), date(2019, 10, 3)) == []
    assert await store.count_in_period(date(2019, 10, 8), date(2019, 10, 3)) == 0


async def test_a_period_near_the_start_of_the_calendar(store: SqliteEventStore) -> None:
    await store.add(make_event("0001", "year one"), "a", NOW)
    got = await store.in_period(date(1, 1, 1), date(1, 12, 31))
    assert [e.title for e in got] == ["year one"]


async def test_max_span_is_never_decreased_by_updates(store: SqliteEventStore) -> None:
    long = await store.add(make_event("1900-01-01", "long", end="1950-12-31"), "a", NOW)
    await store.update(replace(long, date=EventDate.parse("1900-01-01")), "a", NOW)
    other = await store.add(make_event("1901-01-01", "other", end="1960-12-31"), "a", NOW)
    assert [e.title for e in await store.in_period(date(1955, 1, 1), date(1955, 1, 1))] == [
        other.title
    ]


async def test_nearest_month_days_is_circular_and_published_only(store: SqliteEventStore) -> None:
    await store.import_events(
        [make_event("2000-01-02", "x"), make_event("2001-12-30", "y"),
         make_event("2003-01-05", "z"), make_event("2004-01-01", "d", status=Status.DRAFT),
         make_event("2005-01", "month"), make_event("2001-01-01", "asked")],
        "a", NOW,
    )
    assert await store.nearest_month_days(1, 1, limit=3) == [(1, 2), (12, 30), (1, 5)]
    assert await store.nearest_month_days(10, 1, limit=1) == [(12, 30)]


async def test_nearest_month_days_on_empty_store(store: SqliteEventStore) -> None:
    assert await store.nearest_month_days(1, 1) == []


async def test_nearest_dates(store: SqliteEventStore) -> None:
    await store.import_events(
        [make_event("2020-01-01"), make_event("2020-01-01"), make_event("2020-01-09"),
         make_event("2019-12-20"), make_event("2020-01-10"), make_event("2020-01", "month"),
         make_event("2020-01-06", status=Status.DRAFT)],
        "a", NOW,
    )
    got = await store.nearest_dates(date(2020, 1, 5), limit=3)
    assert got == [date(2020, 1, 1), date(2020, 1, 9), date(2020, 1, 10)]
    assert await store.nearest_dates(date(2020, 1, 5), limit=0) == []


async def test_topics_prefix_case_insensitive_most_used_first(store: SqliteEventStore) -> None:
    await store.import_events(
        [make_event("2020-01-01", tags=("Iran", "iraq")), make_event("2020-01-02", tags=("iran",)),
         make_event("2020-01-03", tags=("india",)),
         make_event("2020-01-04", tags=("iceland",), status=Status.DRAFT)],
        "a", NOW,
    )
    assert await store.topics("I") == ["Iran", "india", "iraq"]
    assert await store.topics("ira", limit=1) == ["Iran"]
    assert await store.topics("ice") == []


async def test_reopen_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    first = await SqliteEventStore.open(path)
    await first.add(make_event("2020-01-03"), "a", NOW)
    await first.close()
    again = await SqliteEventStore.open(path)
    try:
        assert await again.count() == 1
    finally:
        await again.close()


async def test_failed_import_leaves_nothing_behind(store: SqliteEventStore) -> None:
    bad = Event(date=EventDate.parse("2020-01-03"), title="x", status="nonsense")  # type: ignore[arg-type]
    with pytest.raises((AttributeError, ValueError)):
        await store.import_events([make_event("2020-01-01"), bad], "a", NOW)
    assert await store.count() == 0
    assert await store.changes() == []


async def test_sources_table_stays_the_normalised_record(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    store = await SqliteEventStore.open(path)
    try:
        added = await store.add(
            make_event("2020-01-03", sources=(Source("A", "a"), Source("B", "b"))), "x", NOW
        )
        await store.update(replace(added, sources=(Source("C", "c", "https://c"),)), "x", NOW)
    finally:
        await store.close()
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT event_id, position, publisher, url FROM sources").fetchall()
    assert rows == [(added.id, 0, "C", "https://c")]


async def test_concurrent_writes_and_reads_are_serialised(store: SqliteEventStore) -> None:
    adds = [store.add(make_event("2020-01-03", f"e{i}"), "a", NOW) for i in range(30)]
    reads = [store.on_month_days([(1, 3)]) for _ in range(10)]
    results = await asyncio.gather(*adds, *reads)
    ids = [e.id for e in results[:30]]  # type: ignore[union-attr]
    assert len(set(ids)) == 30
    assert await store.count() == 30
    assert len(await store.changes(limit=100)) == 30


async def test_topics_follow_updates_of_tags_and_status(store: SqliteEventStore) -> None:
    first = await store.add(make_event("2020-01-01", tags=("iran", "oil")), "a", NOW)
    await store.add(make_event("2020-01-02", tags=("oil",)), "a", NOW)
    assert await store.topics() == ["oil", "iran"]
    first = await store.update(replace(first, status=Status.DRAFT), "a", NOW)
    assert await store.topics() == ["oil"]
    await store.update(replace(first, tags=("Iraq",), status=Status.PUBLISHED), "a", NOW)
    assert await store.topics("i") == ["Iraq"]
    assert await store.topics() == ["Iraq", "oil"]
