"""The date questions are index lookups: ``EXPLAIN QUERY PLAN`` never shows a scan of events."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest

from storage import queries, reminder_queries
from storage.migrations import migrate

STATUSES = json.dumps(["published"])


@pytest.fixture
async def conn(tmp_path: Path) -> AsyncIterator[aiosqlite.Connection]:
    connection = await aiosqlite.connect(str(tmp_path / "plan.db"), isolation_level=None)
    await migrate(connection)
    await connection.execute("ANALYZE")
    yield connection
    await connection.close()


async def plan(conn: aiosqlite.Connection, sql: str, params: tuple[object, ...]) -> list[str]:
    rows = await conn.execute_fetchall("EXPLAIN QUERY PLAN " + sql, params)
    return [str(row[3]) for row in rows]


def assert_indexed(steps: list[str], index: str) -> None:
    """No full scan of a table, and a search of ``index`` (covering, for the date lookups)."""
    scans = [s for s in steps if s.startswith("SCAN") and "VIRTUAL TABLE" not in s]
    assert scans in ([], ["SCAN md"], ["SCAN CONSTANT ROW", "SCAN md", "SCAN md"]), steps
    kind = "COVERING INDEX" if index.startswith("events_") else "INDEX"
    using = "USING PRIMARY KEY (" if index == "PRIMARY KEY" else f"USING {kind} {index} ("
    assert any(s.startswith("SEARCH") and using in s for s in steps), steps


MONTH_DAYS = json.dumps([[1, 7], [2, 29]])
# Period parameters: lowest start, end, start, statuses, start and end as day numbers.
RANGE = ("2019-12-27", "2020-01-08", "2020-01-03", STATUSES, 737427, 737432)


@pytest.mark.parametrize(
    ("sql", "params", "index"),
    [
        (queries.ON_MONTH_DAYS, (STATUSES, MONTH_DAYS, 200, 0), "events_month_day"),
        (queries.MONTH_DAY_IDS, ("published", 1, 7, 200), "events_month_day"),
        (queries.MONTH_DAY_EVENTS, ("published", 1, 7, 200, 25), "events_month_day"),
        (queries.COUNT_ON_MONTH_DAYS, (STATUSES, MONTH_DAYS), "events_month_day"),
        (queries.MONTH_DAYS_SPAN, (STATUSES, MONTH_DAYS), "events_month_day"),
        (queries.PUBLISHED_MONTH_DAYS, ("published",), "events_month_day"),
        (queries.DATES_BEFORE, ("published", "2020-01-03", 3), "events_day_start"),
        (queries.DATES_AFTER, ("published", "2020-01-03", 3), "events_day_start"),
        (queries.TOPICS, ("ir", "ir\U0010ffff", 25), "PRIMARY KEY"),
        (queries.EVENT_CHANGES, (1, 20), "changes_event"),
    ],
)
async def test_query_uses_index(
    conn: aiosqlite.Connection, sql: str, params: tuple[object, ...], index: str
) -> None:
    assert_indexed(await plan(conn, sql, params), index)


async def test_single_month_day_lookup_needs_no_sort(conn: aiosqlite.Connection) -> None:
    steps = await plan(conn, queries.MONTH_DAY_IDS, ("published", 1, 7, 200))
    assert steps == [
        "SEARCH events USING COVERING INDEX events_month_day "
        "(precision=? AND status=? AND month=? AND day=?)"
    ]


async def test_a_day_page_reads_the_day_index_and_only_its_pages_rows(
    conn: aiosqlite.Connection,
) -> None:
    steps = await plan(conn, queries.MONTH_DAY_PAGE, ("published", 1, 7, 25, 0))
    day = ("SEARCH events USING COVERING INDEX events_month_day "
           "(precision=? AND status=? AND month=? AND day=?)")
    # the count, the first, the last and the page: four searches of the day's entries
    assert steps.count(day) == 4, steps
    assert "SEARCH events USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN" in steps, steps
    assert not [s for s in steps if s.startswith("SCAN events")], steps


async def test_a_day_page_reads_its_rows_in_index_order_without_a_sort(
    conn: aiosqlite.Connection,
) -> None:
    steps = await plan(conn, queries.DAY_PAGE, ("published", 1, 7, 25, 0))
    day = "(precision=? AND status=? AND month=? AND day=?)"
    # the page straight from the index, then the count, the first and the last
    assert steps[0] == f"SEARCH events USING INDEX events_month_day {day}", steps
    assert steps.count(f"SEARCH events USING COVERING INDEX events_month_day {day}") == 3
    assert not [s for s in steps if s.startswith(("SCAN", "USE TEMP"))], steps


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        (queries.IN_PERIOD, (*RANGE, 25, 0)),
        (queries.IN_PERIOD_NEWEST, (*RANGE, 25, 0)),
        (queries.COUNT_IN_PERIOD, RANGE),
        (queries.PERIOD_PAGE, (*RANGE, 25, 0)),
        (queries.PERIOD_PAGE_NEWEST, (*RANGE, 25, 0)),
    ],
)
async def test_period_reads_bound_both_ends_of_every_event(
    conn: aiosqlite.Connection, sql: str, params: tuple[object, ...]
) -> None:
    steps = await plan(conn, sql, params)
    window = "SEARCH events USING COVERING INDEX events_period (start>? AND start<?)"
    # The R*Tree is searched with both constraints (B0: first_day <= end, D1: last_day >=
    # start), then each long event it yields is read by its id; never a scan of events
    # from the start of the calendar (as a start < ? search of another index would be).
    spans = "SCAN s VIRTUAL TABLE INDEX 2:B0D1"
    assert window in steps and spans in steps, steps
    assert steps.count(window) == steps.count(spans), steps
    assert "SEARCH e USING INTEGER PRIMARY KEY (rowid=?)" in steps, steps
    assert not [s for s in steps if s.startswith(("SCAN events", "SCAN e "))], steps
    assert not [s for s in steps if "start<?" in s and "start>?" not in s], steps


OWN_KILL = '{title summary place tags_text} : ("kill")'


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        (queries.SEARCH_IDS, (OWN_KILL, STATUSES, '{title} : ("kill")', 20)),
        (queries.ANY_MATCH, (OWN_KILL, STATUSES)),
        (queries.TOPIC_IDS, (OWN_KILL, STATUSES, 25, 0)),
        (queries.COUNT_TOPIC, (OWN_KILL, STATUSES)),
    ],
)
async def test_word_searches_drive_from_fts_and_join_by_primary_key(
    conn: aiosqlite.Connection, sql: str, params: tuple[object, ...]
) -> None:
    steps = await plan(conn, sql, params)
    assert steps[0].startswith("SCAN events_fts VIRTUAL TABLE"), steps
    assert "SEARCH e USING INTEGER PRIMARY KEY (rowid=?)" in steps, steps
    assert not [s for s in steps if s.startswith(("SCAN e ", "SCAN events "))], steps


async def test_mentions_look_up_each_event_in_the_index(conn: aiosqlite.Connection) -> None:
    steps = await plan(conn, queries.MENTIONS, ('"kill"', "[1, 2, 3]"))
    # "=" in the index string: FTS5 seeks each listed rowid in the term's entries.
    assert steps[0].startswith("SCAN events_fts VIRTUAL TABLE INDEX 0:=M"), steps


async def test_close_spellings_drive_from_the_trigram_index(conn: aiosqlite.Connection) -> None:
    steps = await plan(conn, queries.SIMILAR_WORDS, ('{word} : ("sul")', 6, 12, 40))
    assert steps[0].startswith("SCAN t VIRTUAL TABLE"), steps
    assert "SEARCH w USING PRIMARY KEY (word=?)" in steps, steps


async def test_word_forms_read_a_range_of_the_vocabularys_key(
    conn: aiosqlite.Connection,
) -> None:
    steps = await plan(conn, queries.WORD_FORMS, ("lock", "locl", 12))
    expected = "SEARCH search_words USING PRIMARY KEY (word>? AND word<?)"
    assert any(expected in step for step in steps), steps


TAGS = json.dumps(["iran"])


@pytest.mark.parametrize(
    ("sql", "params", "search"),
    [
        (queries.RECURRING, ("day", MONTH_DAYS, "2026-01-03", TAGS, 25, 0),
         "events USING COVERING INDEX events_month_day (precision=? AND status=? AND month=? "
         "AND day=? AND start<?)"),
        (queries.REFS_RECURRING, ("day", MONTH_DAYS, "2026-01-03"),
         "events USING INDEX events_month_day (precision=? AND status=? AND month=? "
         "AND day=? AND start<?)"),
        (queries.REFS_ON_DATES, (json.dumps(["2020-01-03"]),),
         "events USING INDEX events_day_start (precision=? AND status=? AND start=?)"),
        (queries.COUNT_RECURRING, ("day", MONTH_DAYS, "2026-01-03", "[]"),
         "events USING COVERING INDEX events_month_day (precision=? AND status=? AND month=? "
         "AND day=? AND start<?)"),
        (queries.IN_PERIOD, (*RANGE, 25, 25),
         "events USING COVERING INDEX events_period (start>? AND start<?)"),
        (queries.COUNT_IN_PERIOD, RANGE,
         "events USING COVERING INDEX events_period (start>? AND start<?)"),
        (queries.YEARS_WITH_MONTH, (10, 2026, 3),
         "events USING COVERING INDEX events_month_day (precision=? AND status=? AND month=?)"),
        (queries.LAST_START_BEFORE, ("2015-01-01",), "events USING COVERING INDEX events_"),
        (queries.FIRST_START_AFTER, ("2015-12-31",), "events USING COVERING INDEX events_"),
        (reminder_queries.TAKE, ("o", "2026", "2027", json.dumps(["slack"]), 10),
         "deliveries USING INDEX deliveries_work (state=? AND next_attempt_at<?)"),
        (reminder_queries.NEXT_ATTEMPT, (json.dumps(["slack"]),),
         "deliveries USING COVERING INDEX deliveries_work (state=?)"),
        (reminder_queries.KNOWN, (1, json.dumps(["digest:2026-01-03"])),
         "deliveries USING PRIMARY KEY (subscription_id=? AND occasion=?)"),
    ],
)
async def test_scheduled_post_lookups_are_index_searches(
    conn: aiosqlite.Connection, sql: str, params: tuple[object, ...], search: str
) -> None:
    steps = await plan(conn, sql, params)
    tables = [
        s for s in steps if s.startswith("SCAN") and not ("VIRTUAL TABLE" in s or "subquery" in s)
    ]
    assert not tables, steps
    assert any(s.startswith(f"SEARCH {search}") for s in steps), steps
