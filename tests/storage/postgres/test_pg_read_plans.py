"""The PostgreSQL reads are written so that their indexes can serve them: a period's long
events through the partial GiST index ``events_span`` (the query must repeat its
predicate), a day through ``events_month_day``, words through the GIN indexes. A test
database is too small for the planner to prefer an index by itself, so sequential scans
are priced out here: what is checked is that the index is usable, not the planner's taste.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import asyncpg
import pytest

from storage.postgres import anniversary_reads, date_reads, search_reads
from storage.postgres.event_store import PgEventStore
from tests.storage.storage_helpers import NOW, make_event


@pytest.fixture
async def conn(pg_dsn: str) -> AsyncIterator[asyncpg.Connection[asyncpg.Record]]:
    store = await PgEventStore.open(pg_dsn)
    try:
        await store.import_events(
            [make_event("2010-01-01", "Decade-long Okafor inquiry", end="2019-12-31"),
             make_event("2015-06-03", "Okafor resigns", place="Lagos", tags=("politics",)),
             make_event("2015-06", "A month")],
            "a", NOW,
        )
    finally:
        await store.close()
    connection = await asyncpg.connect(pg_dsn)
    await connection.execute("ANALYZE")
    await connection.execute("SET enable_seqscan = off")
    try:
        yield connection
    finally:
        await connection.close()


async def indexes(conn: asyncpg.Connection[asyncpg.Record], sql: str, *args: Any) -> set[str]:
    """The indexes the plan of ``sql`` reads."""
    plan = json.loads(await conn.fetchval(f"EXPLAIN (FORMAT JSON) {sql}", *args))

    def walk(node: dict[str, Any]) -> set[str]:
        found = {node["Index Name"]} if "Index Name" in node else set()
        for child in node.get("Plans", []):
            found |= walk(child)
        return found

    return walk(plan[0]["Plan"])


async def test_a_period_reads_long_events_through_events_span(
    conn: asyncpg.Connection[asyncpg.Record],
) -> None:
    used = await indexes(conn, date_reads.COUNT_IN_PERIOD, date(2015, 6, 1), date(2015, 6, 7),
                         ["published"])
    assert {"events_period", "events_span"} <= used


async def test_a_day_reads_events_month_day(conn: asyncpg.Connection[asyncpg.Record]) -> None:
    assert "events_month_day" in await indexes(
        conn, date_reads.DAY_PAGE, "published", 6, 3, 25, 0
    )
    assert "events_month_day" in await indexes(
        conn, date_reads.MONTH_DAYS_PAGE, ["published"], [6, 6], [3, 4], 25, 0
    )
    assert "events_month_day" in await indexes(
        conn, anniversary_reads.RECURRING, "day", [6], [3], date(2020, 1, 1), [], 25, 0
    )


async def test_words_are_found_through_the_gin_indexes(
    conn: asyncpg.Connection[asyncpg.Record],
) -> None:
    terms = (["okafor", "resigns"], [0, 1], 2, [], [], 0, ["published"])
    # In so small a table the status column of the date indexes looks as good a filter
    # as the words; without them (dropped, then rolled back) only the words are left.
    dropping = conn.transaction()
    await dropping.start()
    try:
        for index in ("events_period", "events_day_start", "events_month_day"):
            await conn.execute(f"DROP INDEX {index}")
        searched = await indexes(conn, search_reads.SEARCH[False], *terms, [], 20)
        tagged = await indexes(conn, search_reads.TOPIC[True], *terms, 25, 0)
    finally:
        await dropping.rollback()
    assert searched == {"events_search"}
    assert tagged == {"events_names"}
    similar = await indexes(conn, search_reads.SIMILAR_WORDS, "okafro", "kfr", 3, 9, 40)
    assert similar == {"search_words_trigrams", "search_words_consonants"}
    forms = await indexes(conn, search_reads.WORD_FORMS, "oka", "okb", 12)
    assert forms == {"search_words_pkey"}
