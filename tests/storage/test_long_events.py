"""Long events and the period reads (migration 0009): pages, counts and the first and last
dates stay true whatever an event's length, checked against the precision rule written
out in Python, on a real temporary database."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import aiosqlite
from storage_helpers import NOW, make_event

from bot.model import Event, EventDate, Precision, Status
from bot.ports import EventPage
from storage import queries
from storage.migrations import load_migrations, migrate
from storage.sqlite_store import SqliteEventStore

BOTH = (Status.PUBLISHED, Status.DRAFT)


def answers(event: Event, start: date, end: date, statuses: tuple[Status, ...]) -> bool:
    """The precision rule: day events overlapping the period, coarser ones it covers whole."""
    when = event.date
    if event.status not in statuses:
        return False
    if when.precision is Precision.DAY:
        return when.start <= end and when.last_day >= start
    return when.start >= start and when.last_day <= end


def random_events(rng: random.Random, count: int) -> list[Event]:
    first = date(1990, 1, 1)
    events = []
    for n in range(count):
        start = first + timedelta(days=rng.randrange(3000))
        roll = rng.random()
        status = Status.DRAFT if rng.random() < 0.2 else Status.PUBLISHED
        if roll < 0.6:  # spans around the short/long boundary, and some far longer
            span = rng.choice([0, 0, 1, queries.SHORT_SPAN_DAYS, queries.SHORT_SPAN_DAYS + 1,
                               30, 400, 3650])
            end = (start + timedelta(days=span)).isoformat() if span else None
            events.append(make_event(start.isoformat(), f"day {n}", end=end, status=status))
        elif roll < 0.85:
            month = start.strftime("%Y-%m")
            events.append(make_event(month, f"month {n}", status=status))
        else:
            end = str(start.year + rng.choice([0, 0, 1, 10])) if rng.random() < 0.5 else None
            end = None if end == str(start.year) else end
            events.append(make_event(str(start.year), f"year {n}", end=end, status=status))
    return events


def expected(
    events: list[Event], start: date, end: date, statuses: tuple[Status, ...], newest: bool
) -> list[Event]:
    found = [e for e in events if answers(e, start, end, statuses)]
    found.sort(key=lambda e: (e.date.start, e.id or 0), reverse=newest)
    return found


async def test_pages_and_counts_match_the_rule_with_events_of_every_length(
    store: SqliteEventStore,
) -> None:
    rng = random.Random(11)
    await store.import_events(random_events(rng, 400), "a", NOW)
    stored = await store.in_period(date.min, date.max, BOTH, limit=10_000)
    assert len(stored) == 400
    for _ in range(60):
        start = date(1989, 6, 1) + timedelta(days=rng.randrange(3400))
        end = start + timedelta(days=rng.choice([0, 6, 30, 365, 2000]))
        statuses = rng.choice([(Status.PUBLISHED,), BOTH])
        for newest in (False, True):
            want = expected(stored, start, end, statuses, newest)
            assert await store.count_in_period(start, end, statuses) == len(want)
            got = await store.in_period(start, end, statuses, limit=1000, newest_first=newest)
            assert got == want
            for offset in (0, 7, len(want)):
                page = await store.in_period_page(
                    start, end, statuses, limit=7, offset=offset, newest_first=newest
                )
                first = want[0].date.start if want else None
                last = want[-1].date.start if want else None
                assert page == EventPage(want[offset:offset + 7], len(want), first, last)


async def test_a_ten_year_day_event_answers_every_range_inside_it(
    store: SqliteEventStore,
) -> None:
    await store.import_events(
        [make_event("2010-01-01", "decade inquiry", end="2019-12-31"),
         make_event("2010", "decade by year", end="2019"),
         make_event("2015-06-03", "that day"),
         make_event("2015-06", "that month")],
        "a", NOW,
    )
    week = await store.in_period_page(date(2015, 6, 1), date(2015, 6, 7))
    # The day-precision decade overlaps the week; the year- and month-precision events
    # do not answer a question the week does not cover whole.
    assert [e.title for e in week.events] == ["decade inquiry", "that day"]
    assert (week.total, week.first, week.last) == (2, date(2010, 1, 1), date(2015, 6, 3))
    decade = await store.in_period(date(2010, 1, 1), date(2019, 12, 31))
    assert [e.title for e in decade] == [
        "decade inquiry", "decade by year", "that month", "that day"
    ]
    after = await store.in_period(date(2020, 1, 1), date(2020, 12, 31))
    assert after == []


async def test_edits_move_an_event_into_and_out_of_the_long_event_index(
    store: SqliteEventStore,
) -> None:
    event = await store.add(make_event("2000-01-01", "grows"), "a", NOW)
    inside = (date(2005, 5, 5), date(2005, 5, 6))
    assert await store.count_in_period(*inside) == 0
    longer = await store.update(
        replace(event, date=EventDate.parse("2000-01-01", "2009-12-31")), "a", NOW
    )
    assert [e.title for e in await store.in_period(*inside)] == ["grows"]
    coarse = await store.update(replace(longer, date=EventDate.parse("2000", "2009")), "a", NOW)
    assert await store.count_in_period(*inside) == 0
    await store.update(replace(coarse, date=EventDate.parse("2000-01-01", "2009-12-31")), "a",
                       NOW)
    assert await store.count_in_period(*inside) == 1


async def test_the_trigger_and_the_query_agree_on_what_is_long(tmp_path: Path) -> None:
    path = tmp_path / "spans.db"
    store = await SqliteEventStore.open(path)
    short_days = queries.SHORT_SPAN_DAYS
    try:
        start = date(2001, 3, 1)
        for span in (short_days, short_days + 1):
            end = (start + timedelta(days=span)).isoformat()
            await store.add(make_event(start.isoformat(), f"span {span}", end=end), "a", NOW)
        # Both answer the last day they cover: one through each index.
        for span in (short_days, short_days + 1):
            day = start + timedelta(days=span)
            titles = [e.title for e in await store.in_period(day, day)]
            assert f"span {span}" in titles
    finally:
        await store.close()
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT id, first_day, last_day FROM events_span").fetchall()
    assert rows == [(2, start.toordinal(), (start + timedelta(days=short_days + 1)).toordinal())]


async def test_0009_indexes_the_long_events_a_v8_database_holds(tmp_path: Path) -> None:
    conn = await aiosqlite.connect(str(tmp_path / "v8.db"), isolation_level=None)
    try:
        await migrate(conn, load_migrations()[:8])
        await conn.execute(
            "INSERT INTO events (id, start, last_day, precision, year, month, day, title, "
            "status, created_by, created_at, updated_by, updated_at) VALUES "
            "(1, '2010-01-01', '2019-12-31', 'day', 2010, 1, 1, 'long', 'published', "
            "'a', 'x', 'a', 'x'), "
            "(2, '2010-01-01', '2010-01-02', 'day', 2010, 1, 1, 'short', 'published', "
            "'a', 'x', 'a', 'x'), "
            "(3, '2010-01-01', '2019-12-31', 'year', 2010, 1, 1, 'years', 'published', "
            "'a', 'x', 'a', 'x')"
        )
        assert await migrate(conn) == len(load_migrations())
        rows = list(await conn.execute_fetchall("SELECT id, first_day, last_day FROM events_span"))
    finally:
        await conn.close()
    assert [tuple(r) for r in rows] == [(1, date(2010, 1, 1).toordinal(),
                                         date(2019, 12, 31).toordinal())]


async def test_month_day_pages_carry_the_total_and_the_first_and_last_years(
    store: SqliteEventStore,
) -> None:
    await store.import_events(
        [make_event(f"{year}-01-07", f"7 Jan {year}") for year in (1999, 1950, 2020)]
        + [make_event("2004-02-29", "leap"), make_event("2021-02-28", "common"),
           make_event("2010-01-07", "draft", status=Status.DRAFT)],
        "a", NOW,
    )
    page = await store.on_month_days_page([(1, 7)], limit=2)
    assert [e.title for e in page.events] == ["7 Jan 1950", "7 Jan 1999"]
    assert (page.total, page.first, page.last) == (3, date(1950, 1, 7), date(2020, 1, 7))
    beyond = await store.on_month_days_page([(1, 7)], limit=2, offset=4)
    assert beyond == EventPage([], 3, date(1950, 1, 7), date(2020, 1, 7))
    leap = await store.on_month_days_page([(2, 28), (2, 29)], limit=1, offset=1)
    assert [e.title for e in leap.events] == ["common"]
    assert (leap.total, leap.first, leap.last) == (2, date(2004, 2, 29), date(2021, 2, 28))
    assert await store.on_month_days_page([(3, 1)]) == EventPage([], 0, None, None)
    with_drafts = await store.on_month_days_page([(1, 7)], BOTH)
    assert with_drafts.total == 4
