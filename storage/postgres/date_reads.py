"""``PgEventStore``'s date reads: events on a (month, day) in any year, and events that
answer a question about a period, each also as a chat page with its true total.

The same answers as ``storage.date_reads`` gives on SQLite, in PostgreSQL's terms:
- a (month, day) question is one index lookup per (status, month, day) in
  ``events_month_day`` (precision, status, month, day, start, id), which yields the
  hits in page order and, being a covering index, counts them without the table;
- a period is the events that start in it (``events_period``), those up to
  ``SHORT_SPAN_DAYS`` long that start just before it, and the longer day events that
  reach into it from further back, found through the GiST index ``events_span`` on
  their covered days;
- a page is one statement: the hits' count and first and last start beside the page
  itself, so an answer makes one round trip and decodes only the events it shows.

Lists (statuses, months and days) are bound as arrays, so every statement is fixed text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import asyncpg

from bot.model import Event, Status
from bot.ports import PUBLISHED_ONLY, EventPage
from storage.postgres.database import PgDatabase
from storage.postgres.rows import E_EVENT_COLUMNS, event_from_record

#: A day event at most this many days longer than its first day is found by its start
#: (``events_period``); a longer one through ``events_span``, whose partial-index
#: predicate (migration 0001) spells the same number, so the planner can use it.
SHORT_SPAN_DAYS = 7

# Hits of a (month, day) question as (start, id): one lookup per (status, month, day)
# in events_month_day, whatever the planner guesses about the arrays' lengths.
# Parameters: statuses, months, days.
_MONTH_DAY_HITS = (
    "SELECT h.start, h.id FROM unnest($1::text[]) AS s (status) "
    "CROSS JOIN unnest($2::smallint[], $3::smallint[]) AS p (month, day) "
    "CROSS JOIN LATERAL (SELECT start, id FROM events WHERE precision = 'day' "
    "AND status = s.status AND month = p.month AND day = p.day) AS h"
)

# Hits of a period question as (start, id). Parameters: period start, period end,
# statuses. The first part reads events_period from a week before the period; the
# second, events_span (its WHERE repeats the index's predicate) for the long day events
# that start earlier still. No event is found by both: the second wants an earlier start.
_PERIOD_HITS = (
    "SELECT start, id FROM events "  # noqa: S608 - constant fragments only
    f"WHERE start BETWEEN $1::date - {SHORT_SPAN_DAYS} AND $2::date "
    "AND status = ANY($3::text[]) AND ("
    "(precision = 'day' AND last_day >= $1::date) OR "
    "(precision <> 'day' AND start >= $1::date AND last_day <= $2::date)) "
    "UNION ALL "
    "SELECT start, id FROM events "
    f"WHERE precision = 'day' AND last_day - start > {SHORT_SPAN_DAYS} "
    "AND daterange(start, last_day, '[]') && daterange($1::date, $2::date, '[]') "
    f"AND start < $1::date - {SHORT_SPAN_DAYS} AND status = ANY($3::text[])"
)

# The events of a run of hits, in order: the ids and their order are settled on the
# index entries alone, and only the page's rows are read from the table.
# Parameters: the hits', then limit and offset ({n}, {n}+1).
_LIST = (
    "WITH hits AS ({hits}), page AS (SELECT start, id FROM hits "  # noqa: S608 - constant fragments only
    "ORDER BY start {order}, id {order} LIMIT ${n} OFFSET ${m}) "
    f"SELECT {E_EVENT_COLUMNS} FROM page AS p JOIN events AS e ON e.id = p.id "
    "ORDER BY p.start {order}, p.id {order}"
)
# A page with its total and the first and last start of every hit: always one row at
# least, whose event columns are NULL when the page is empty (past the end, or none).
_PAGE = (
    "WITH hits AS MATERIALIZED ({hits}), "  # noqa: S608 - constant fragments only
    "t AS (SELECT count(*) AS total, min(start) AS first, max(start) AS last FROM hits), "
    "page AS (SELECT start, id FROM hits ORDER BY start {order}, id {order} "
    "LIMIT ${n} OFFSET ${m}) "
    f"SELECT t.total, t.first, t.last, {E_EVENT_COLUMNS} FROM t "
    "LEFT JOIN page AS p ON true LEFT JOIN events AS e ON e.id = p.id "
    "ORDER BY p.start {order}, p.id {order}"
)

# One (status, month, day), the usual question, with plain parameters: the same answer
# as MONTH_DAYS_PAGE from a plan simple enough for PostgreSQL to keep (a generic plan)
# rather than plan again on every call, which would cost more than running it.
# Parameters: status, month, day, limit, offset.
_DAY_WHERE = "precision = 'day' AND status = $1 AND month = $2 AND day = $3"
DAY_PAGE = (
    f"SELECT t.total, t.first, t.last, {E_EVENT_COLUMNS} FROM ("  # noqa: S608 - constant fragments only
    "SELECT count(*) AS total, min(start) AS first, max(start) AS last FROM events "
    f"WHERE {_DAY_WHERE}) AS t LEFT JOIN (SELECT start, id FROM events WHERE {_DAY_WHERE} "
    "ORDER BY start, id LIMIT $4 OFFSET $5) AS p ON true "
    "LEFT JOIN events AS e ON e.id = p.id ORDER BY p.start, p.id"
)
COUNT_DAY = f"SELECT count(*) FROM events WHERE {_DAY_WHERE}"  # noqa: S608 - constant fragments only
DAY_EVENTS = (
    f"SELECT {E_EVENT_COLUMNS} FROM (SELECT start, id FROM events WHERE {_DAY_WHERE} "  # noqa: S608 - constant fragments only
    "ORDER BY start, id LIMIT $4 OFFSET $5) AS p JOIN events AS e ON e.id = p.id "
    "ORDER BY p.start, p.id"
)

ON_MONTH_DAYS = _LIST.format(hits=_MONTH_DAY_HITS, order="ASC", n=4, m=5)
COUNT_ON_MONTH_DAYS = f"SELECT count(*) FROM ({_MONTH_DAY_HITS}) AS hits"  # noqa: S608 - constant fragments only
MONTH_DAYS_PAGE = _PAGE.format(hits=_MONTH_DAY_HITS, order="ASC", n=4, m=5)

IN_PERIOD = _LIST.format(hits=_PERIOD_HITS, order="ASC", n=4, m=5)
IN_PERIOD_NEWEST = _LIST.format(hits=_PERIOD_HITS, order="DESC", n=4, m=5)
COUNT_IN_PERIOD = f"SELECT count(*) FROM ({_PERIOD_HITS}) AS hits"  # noqa: S608 - constant fragments only
PERIOD_PAGE = _PAGE.format(hits=_PERIOD_HITS, order="ASC", n=4, m=5)
PERIOD_PAGE_NEWEST = _PAGE.format(hits=_PERIOD_HITS, order="DESC", n=4, m=5)


def status_values(statuses: Sequence[Status]) -> list[str]:
    """Statuses as the ``text[]`` the queries compare with ``events.status``, each once."""
    return list(dict.fromkeys(Status(s).value for s in statuses))


def month_day_arrays(month_days: Sequence[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The distinct (month, day) pairs as two parallel arrays, months and days."""
    pairs = list(dict.fromkeys((int(m), int(d)) for m, d in month_days))
    return [m for m, _ in pairs], [d for _, d in pairs]


def _month_day_query(
    month_days: Sequence[tuple[int, int]], statuses: Sequence[Status], one: str, many: str
) -> tuple[str, tuple[Any, ...]]:
    """``one`` with parameters status, month, day when the question is one (status,
    month, day), as it usually is; else ``many`` with statuses, months and days."""
    values = status_values(statuses)
    months, days = month_day_arrays(month_days)
    if len(values) == 1 and len(months) == 1:
        return one, (values[0], months[0], days[0])
    return many, (values, months, days)


def _page(rows: Sequence[asyncpg.Record], newest_first: bool = False) -> EventPage:
    """An ``EventPage`` from the rows of a ``_PAGE`` statement: the total and the lowest
    and highest start in the first three columns of every row, then the event (NULL on
    the one row of an empty page). First and last follow the page's order."""
    total, low, high = rows[0][0], rows[0][1], rows[0][2]
    events = [event_from_record(row[3:]) for row in rows if row[3] is not None]
    first, last = (high, low) if newest_first else (low, high)
    return EventPage(events, int(total), first, last)


class PgDateReads:
    """Mixed into ``PgEventStore``; needs its ``_db``."""

    _db: PgDatabase

    async def on_month_days(
        self,
        month_days: Sequence[tuple[int, int]],
        statuses: Sequence[Status] = PUBLISHED_ONLY,
        *,
        limit: int = 200,
        offset: int = 0,
    ) -> list[Event]:
        """Day-precision events starting on any of the (month, day) pairs, oldest first,
        skipping the first ``offset``."""
        if not month_days or not statuses or limit <= 0:
            return []
        sql, params = _month_day_query(month_days, statuses, DAY_EVENTS, ON_MONTH_DAYS)
        rows = await self._db.fetch(sql, *params, limit, max(offset, 0))
        return [event_from_record(row) for row in rows]

    async def count_on_month_days(
        self, month_days: Sequence[tuple[int, int]], statuses: Sequence[Status] = PUBLISHED_ONLY
    ) -> int:
        """How many events ``on_month_days`` would return without a limit."""
        if not month_days or not statuses:
            return 0
        sql, params = _month_day_query(month_days, statuses, COUNT_DAY, COUNT_ON_MONTH_DAYS)
        return int(await self._db.fetchval(sql, *params))

    async def on_month_days_page(
        self,
        month_days: Sequence[tuple[int, int]],
        statuses: Sequence[Status] = PUBLISHED_ONLY,
        *,
        limit: int = 25,
        offset: int = 0,
    ) -> EventPage:
        """A page of ``on_month_days`` with its total and the first and last start dates,
        in one query."""
        if not month_days or not statuses:
            return EventPage([], 0, None, None)
        sql, params = _month_day_query(month_days, statuses, DAY_PAGE, MONTH_DAYS_PAGE)
        rows = await self._db.fetch(sql, *params, max(limit, 0), max(offset, 0))
        return _page(rows)

    async def in_period(
        self,
        start: date,
        end: date,
        statuses: Sequence[Status] = PUBLISHED_ONLY,
        *,
        limit: int = 200,
        offset: int = 0,
        newest_first: bool = False,
    ) -> list[Event]:
        """The events that answer a question about ``start..end``, oldest first (or newest
        first): day events that overlap it, coarser events only when it covers them whole."""
        if end < start or not statuses or limit <= 0:
            return []
        sql = IN_PERIOD_NEWEST if newest_first else IN_PERIOD
        rows = await self._db.fetch(
            sql, start, end, status_values(statuses), limit, max(offset, 0)
        )
        return [event_from_record(row) for row in rows]

    async def count_in_period(
        self, start: date, end: date, statuses: Sequence[Status] = PUBLISHED_ONLY
    ) -> int:
        """How many events ``in_period`` would return without a limit."""
        if end < start or not statuses:
            return 0
        return int(await self._db.fetchval(COUNT_IN_PERIOD, start, end, status_values(statuses)))

    async def in_period_page(
        self,
        start: date,
        end: date,
        statuses: Sequence[Status] = PUBLISHED_ONLY,
        *,
        limit: int = 25,
        offset: int = 0,
        newest_first: bool = False,
    ) -> EventPage:
        """A page of ``in_period`` with its total and the first and last start dates (in
        the page's order), in one query."""
        if end < start or not statuses:
            return EventPage([], 0, None, None)
        sql = PERIOD_PAGE_NEWEST if newest_first else PERIOD_PAGE
        rows = await self._db.fetch(
            sql, start, end, status_values(statuses), max(limit, 0), max(offset, 0)
        )
        return _page(rows, newest_first)
